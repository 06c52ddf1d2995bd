//! Forward plans (start → every step → contract date), backward plans (contract date → latest
//! start) and plans from a known step (the chat desk's date questions).
use super::calendar::YearStatus;
use super::period::{end_of, latest_previous_end, latest_start, start_after};
use super::rules::{DayKind, Exception, MinSource, StepRule, Tier};
use super::{Baht, Calendar, Method, Rules, Shortening, TimelineError, messages};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// What the officer asks for: method code, estimate, and steps made longer (`--days ID=N`).
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub method: String,
    pub amount: Baht,
    pub overrides: BTreeMap<String, u32>,
    /// Exceptions (ids in `timelines.toml`) the officer invokes to go below a minimum.
    pub exceptions: Vec<String>,
}

impl PlanRequest {
    pub fn new(method: &str, amount: Baht) -> Self {
        PlanRequest {
            method: method.to_string(),
            amount,
            overrides: BTreeMap::new(),
            exceptions: Vec::new(),
        }
    }

    pub fn under_exception(mut self, id: &str) -> Self {
        self.exceptions.push(id.to_string());
        self
    }

    pub fn with_days(mut self, step: &str, days: u32) -> Self {
        self.overrides.insert(step.to_string(), days);
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Forward,
    Backward,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedHoliday {
    pub date: NaiveDate,
    pub name: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanStep {
    pub id: String,
    /// Thai name (the design contract's `name`).
    pub name: String,
    pub name_en: String,
    pub days: u32,
    pub day_kind: DayKind,
    pub min_days: u32,
    pub min_source: MinSource,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub basis: String,
    pub basis_en: String,
    pub verified: bool,
    /// True when the officer set the days with `--days`.
    pub overridden: bool,
    /// The exception under which the step is shorter than its minimum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
    /// "practice, not law" for steps whose days come from practice, Thai first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practice_note: Option<String>,
    /// Weekday holidays passed over between the previous step's end and this step's end.
    pub holidays_skipped: Vec<SkippedHoliday>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub method: String,
    pub method_name: String,
    pub method_name_en: String,
    pub amount: Baht,
    pub tier: String,
    pub tier_name: String,
    pub direction: Direction,
    pub start_date: NaiveDate,
    pub contract_date: NaiveDate,
    /// The contract date the officer asked for (backward plans only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_contract_date: Option<NaiveDate>,
    pub steps: Vec<PlanStep>,
    /// Thai first, then English; every export shows them.
    pub warnings: Vec<String>,
}

impl Plan {
    pub fn step(&self, id: &str) -> Option<&PlanStep> {
        self.steps.iter().find(|s| s.id == id)
    }
}

/// The steps of a method with the days each will take, overrides checked against the minimum.
struct Resolved<'a> {
    method: &'a Method,
    tier: &'a Tier,
    days: Vec<(&'a StepRule, u32, bool)>,
    /// Steps shortened under an exception: step id → the exception.
    shortened: BTreeMap<String, &'a Exception>,
}

fn resolve<'a>(rules: &'a Rules, request: &PlanRequest) -> Result<Resolved<'a>, TimelineError> {
    let method = rules.method(&request.method)?;
    let tier = method.tier_for(request.amount)?;
    for id in request.overrides.keys() {
        method.step(id)?;
    }
    let mut invoked = Vec::with_capacity(request.exceptions.len());
    for id in &request.exceptions {
        invoked.push(rules.exception(id).ok_or_else(|| {
            TimelineError::UnknownException {
                id: id.clone(),
                known: rules
                    .exceptions()
                    .iter()
                    .map(|e| e.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })?);
    }
    let mut days = Vec::with_capacity(method.steps.len());
    let mut shortened = BTreeMap::new();
    for rule in &method.steps {
        let min = rule.min_days(tier);
        let exception = invoked
            .iter()
            .copied()
            .find(|e| e.covers(&method.code, &rule.id));
        let (n, overridden) = match request.overrides.get(&rule.id) {
            Some(&n) if n < min && exception.is_some_and(|e| n >= e.min_days.unwrap_or(1)) => {
                if let Some(e) = exception {
                    shortened.insert(rule.id.clone(), e);
                }
                (n, true)
            }
            Some(&n) if n < min => {
                return Err(TimelineError::BelowMinimum(Box::new(Shortening {
                    step: rule.id.clone(),
                    name_th: rule.name_th.clone(),
                    days: n,
                    min_days: min,
                    unit_th: rule.day_kind.unit_th(),
                    unit_en: rule.day_kind.unit_en(),
                    basis: rule.basis.clone(),
                    basis_en: rule.basis_en.clone(),
                    exceptions: rules
                        .exceptions()
                        .iter()
                        .filter(|e| e.covers(&method.code, &rule.id))
                        .map(|e| e.id.clone())
                        .collect(),
                })));
            }
            Some(&n) => (n, true),
            None => (rule.default_days(tier), false),
        };
        days.push((rule, n, overridden));
    }
    Ok(Resolved {
        method,
        tier,
        days,
        shortened,
    })
}

/// Start on `start` (moved to the next working day if it is not one) and walk every step.
pub fn plan_forward(
    rules: &Rules,
    calendar: &Calendar,
    request: &PlanRequest,
    start: NaiveDate,
) -> Result<Plan, TimelineError> {
    let resolved = resolve(rules, request)?;
    let first = calendar.working_day_on_or_after(start)?;
    let mut plan = walk(calendar, request, &resolved, 0, first, Direction::Forward)?;
    if first != start {
        plan.warnings.insert(0, messages::start_moved(start, first));
    }
    Ok(plan)
}

/// The latest working-day start whose plan signs on or before `contract`. For a working-day
/// start S, `plan_backward(plan_forward(S).contract_date).start_date == S`.
pub fn plan_backward(
    rules: &Rules,
    calendar: &Calendar,
    request: &PlanRequest,
    contract: NaiveDate,
) -> Result<Plan, TimelineError> {
    let resolved = resolve(rules, request)?;
    let mut end = contract;
    for (index, (rule, days, _)) in resolved.days.iter().enumerate().rev() {
        let start = latest_start(calendar, rule.count, rule.day_kind, end, *days)?;
        end = if index == 0 {
            start
        } else {
            latest_previous_end(calendar, rule.starts, start)?
        };
    }
    // The forward walk moves a start to the next working day, so the latest start is the last
    // working day on or before the inverse of the whole chain.
    let latest = calendar.working_day_on_or_before(end)?;
    let mut plan = walk(calendar, request, &resolved, 0, latest, Direction::Backward)?;
    plan.requested_contract_date = Some(contract);
    if plan.contract_date != contract {
        plan.warnings
            .insert(0, messages::contract_moved(contract, plan.contract_date));
    }
    Ok(plan)
}

/// A plan that begins at a step whose start is known ("winner announced on 24 Apr").
pub fn plan_from_step(
    rules: &Rules,
    calendar: &Calendar,
    request: &PlanRequest,
    step: &str,
    date: NaiveDate,
) -> Result<Plan, TimelineError> {
    let resolved = resolve(rules, request)?;
    resolved.method.step(step)?;
    let index = resolved
        .days
        .iter()
        .position(|(rule, _, _)| rule.id == step)
        .unwrap_or_default();
    walk(
        calendar,
        request,
        &resolved,
        index,
        date,
        Direction::Forward,
    )
}

fn walk(
    calendar: &Calendar,
    request: &PlanRequest,
    resolved: &Resolved<'_>,
    from: usize,
    first_start: NaiveDate,
    direction: Direction,
) -> Result<Plan, TimelineError> {
    let mut steps = Vec::new();
    let mut previous_end: Option<NaiveDate> = None;
    for (rule, days, overridden) in resolved.days.iter().skip(from) {
        let start = match previous_end {
            None => first_start,
            Some(end) => start_after(calendar, rule.starts, end)?,
        };
        let end = end_of(calendar, rule.count, rule.day_kind, start, *days)?;
        let skipped_from = previous_end.unwrap_or(start);
        let holidays_skipped = calendar
            .holidays_between(skipped_from, end)
            .into_iter()
            .map(|h| SkippedHoliday {
                date: h.date,
                name: h.name_th.clone(),
                name_en: h.name_en.clone(),
            })
            .collect();
        steps.push(PlanStep {
            id: rule.id.clone(),
            name: rule.name_th.clone(),
            name_en: rule.name_en.clone(),
            days: *days,
            day_kind: rule.day_kind,
            min_days: rule.min_days(resolved.tier),
            min_source: rule.min_source,
            start,
            end,
            basis: rule.basis.clone(),
            basis_en: rule.basis_en.clone(),
            verified: rule.verified,
            overridden: *overridden,
            exception: resolved.shortened.get(&rule.id).map(|e| e.id.clone()),
            practice_note: (rule.min_source == MinSource::Practice)
                .then(|| messages::practice_not_law(&rule.id, *days, rule.day_kind)),
            holidays_skipped,
        });
        previous_end = Some(end);
    }
    let contract_date = previous_end.unwrap_or(first_start);
    let mut plan = Plan {
        method: resolved.method.code.clone(),
        method_name: resolved.method.name_th.clone(),
        method_name_en: resolved.method.name_en.clone(),
        amount: request.amount,
        tier: resolved.tier.id.clone(),
        tier_name: resolved.tier.name_th.clone(),
        direction,
        start_date: first_start,
        contract_date,
        requested_contract_date: None,
        steps,
        warnings: Vec::new(),
    };
    plan.warnings = warnings(calendar, resolved, &plan);
    Ok(plan)
}

fn warnings(calendar: &Calendar, resolved: &Resolved<'_>, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for (step, exception) in &resolved.shortened {
        out.push(messages::shortened_under_exception(step, exception));
    }
    if let (Some(th), Some(en)) = (&resolved.tier.note_th, &resolved.tier.note_en) {
        out.push(format!("{th} / {en}"));
    }
    for year in plan.start_date.year()..=plan.contract_date.year() {
        match calendar.year_status(year) {
            YearStatus::Announced => {}
            YearStatus::Provisional => out.push(messages::provisional_year(year)),
            YearStatus::Missing => out.push(messages::missing_year(year)),
        }
    }
    for day in plan
        .start_date
        .iter_days()
        .take_while(|d| *d <= plan.contract_date)
    {
        if let Some(h) = calendar.holiday(day).filter(|h| !h.verified) {
            out.push(messages::unverified_holiday(h));
        }
    }
    let unverified: Vec<&str> = plan
        .steps
        .iter()
        .filter(|s| !s.verified)
        .map(|s| s.id.as_str())
        .collect();
    if !unverified.is_empty() {
        out.push(messages::unverified_steps(&unverified));
    }
    out
}

/// The answer to a date question: the date, how many working days lie between, what was skipped.
#[derive(Debug, Clone, Serialize)]
pub struct DateAnswer {
    pub method: String,
    pub known_step: String,
    pub known_date: NaiveDate,
    pub asked_step: String,
    /// The end of the asked step: the last day of a period, or the day of a one-day step.
    pub date: NaiveDate,
    /// Working days in `(known_date, date]`.
    pub working_days: u32,
    pub holidays_skipped: Vec<SkippedHoliday>,
    /// The steps walked, from the known one to the asked one, each with its basis.
    pub steps: Vec<PlanStep>,
    pub warnings: Vec<String>,
}

/// "Winner announced 24 Apr 2026 → when does the appeal period end?" is
/// `date_after(.., &PlanRequest::new("e-bidding", amount), "award", 24 Apr, "appeal")`.
pub fn date_after(
    rules: &Rules,
    calendar: &Calendar,
    request: &PlanRequest,
    known_step: &str,
    known_date: NaiveDate,
    asked_step: &str,
) -> Result<DateAnswer, TimelineError> {
    let plan = plan_from_step(rules, calendar, request, known_step, known_date)?;
    let position = plan.steps.iter().position(|s| s.id == asked_step);
    let Some(position) = position else {
        // Either the method has no such step, or it comes before the known one.
        let method = rules.method(&request.method)?;
        method.step(asked_step)?;
        return Err(TimelineError::UnknownStep {
            method: format!("{} (after {known_step})", method.code),
            step: asked_step.to_string(),
            known: plan
                .steps
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let steps: Vec<PlanStep> = plan.steps[..=position].to_vec();
    let date = steps[position].end;
    Ok(DateAnswer {
        method: plan.method.clone(),
        known_step: known_step.to_string(),
        known_date,
        asked_step: asked_step.to_string(),
        date,
        working_days: calendar.working_days_between(known_date, date),
        holidays_skipped: steps
            .iter()
            .flat_map(|s| s.holidays_skipped.clone())
            .collect(),
        steps,
        warnings: plan.warnings,
    })
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
