//! `/calendar/<token>.ics`: a person's deadlines as a calendar feed that phone calendars
//! subscribe to. The token (`sessions::issue_calendar_token`) is the only credential; an
//! unknown, revoked or malformed token gets the same 404, telling a guesser nothing.
//!
//! What the feed holds depends on who owns it: an officer's saved `/plan`s (every step), an
//! expert's claimed cases with their SLA due times, a coordinator's quarter-end disbursement
//! targets and the latest snapshot's lagging units. Every event carries its legal basis (or
//! the rule it comes from) and a link back.
use super::WebState;
use super::feed_words as words;
use crate::cases::sla;
use crate::cases::{Case, Role, Status};
use crate::sessions::calendar_token_hash;
use crate::store::{CaseFilter, Learning, Oversight, SavedPlan, Spending, StoreError, User};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

/// Tokens are 64 hex digits; anything else is not looked up.
fn token_of(file: &str) -> Option<&str> {
    let token = file.strip_suffix(".ics")?;
    (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())).then_some(token)
}

pub(super) async fn calendar_feed<S: Oversight + Spending + Learning>(
    State(state): State<WebState<S>>,
    Path(file): Path<String>,
) -> Response {
    let Some(token) = token_of(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let owner = match state
        .store
        .calendar_owner(&calendar_token_hash(token))
        .await
    {
        Ok(Some(owner)) => owner,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return super::WebError::Store(e).into_response(),
    };
    match feed(&state, &owner, Utc::now()).await {
        Ok(calendar) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            calendar.to_string(),
        )
            .into_response(),
        Err(e) => super::WebError::Store(e).into_response(),
    }
}

/// The owner's calendar as of `now`.
pub async fn feed<S: Oversight + Spending + Learning>(
    state: &WebState<S>,
    owner: &User,
    now: DateTime<Utc>,
) -> Result<Calendar, StoreError> {
    let mut calendar = Calendar::new();
    calendar.name(&words::calendar_name(&owner.name));
    for plan in state.store.saved_plans(owner.id).await? {
        plan_events(&mut calendar, &plan, &state.web_url, now);
    }
    if owner.role == Role::Expert {
        case_events(state, &mut calendar, owner, now).await?;
    }
    if owner.role.supervises() {
        spending_events(state, &mut calendar, now).await?;
    }
    Ok(calendar.done())
}

fn all_day(uid: &str, day: NaiveDate, until: NaiveDate, now: DateTime<Utc>) -> Event {
    let mut event = Event::new();
    event
        .uid(uid)
        .timestamp(now)
        .starts(day)
        .ends(until.succ_opt().unwrap_or(until));
    event
}

fn plan_events(calendar: &mut Calendar, plan: &SavedPlan, web_url: &str, now: DateTime<Utc>) {
    for step in &plan.steps {
        let uid = format!("plan-{}-{}-{}@clinic", plan.method, step.id, step.start);
        let event = all_day(&uid, step.start, step.end, now)
            .summary(&format!("{} ({})", step.name, plan.method_name))
            .description(&words::plan_step(&step.basis, plan.amount))
            .url(web_url)
            .done();
        calendar.push(event);
    }
}

async fn case_events<S: Oversight + Spending + Learning>(
    state: &WebState<S>,
    calendar: &mut Calendar,
    owner: &User,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let agencies = state.store.agencies().await?;
    let cases = state
        .store
        .cases(&owner.actor(), &CaseFilter::default())
        .await?;
    let mine = cases.iter().filter(|c| {
        c.owner == Some(owner.id) && matches!(c.status, Status::Claimed | Status::Waiting)
    });
    for case in mine {
        let Some(agency) = agencies.iter().find(|a| a.code == case.agency) else {
            continue;
        };
        let link = format!("{}/cases/{}", state.web_url, case.case_ref);
        let readings = sla::readings(case, agency, &state.calendar, now);
        if readings.is_empty() {
            // Waiting for the officer: the clock is stopped, the case is still on the desk.
            calendar.push(case_event(
                case,
                "waiting",
                now,
                now,
                &words::case_waiting(case),
                &link,
            ));
        }
        for reading in readings {
            let summary = words::case_due(case, reading.clock.label_th());
            let uid_part = reading.clock.as_str();
            calendar.push(case_event(
                case,
                uid_part,
                reading.due,
                now,
                &summary,
                &link,
            ));
        }
    }
    Ok(())
}

fn case_event(
    case: &Case,
    clock: &str,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
    summary: &str,
    link: &str,
) -> Event {
    Event::new()
        .uid(&format!("case-{}-{clock}@clinic", case.case_ref))
        .timestamp(now)
        .starts(due)
        .ends(due + chrono::Duration::minutes(30))
        .summary(summary)
        .description(&words::case_description(case, link))
        .url(link)
        .done()
}

/// The four quarter ends of a fiscal year (Buddhist era).
fn quarter_ends(fiscal_year_be: i32) -> [Option<NaiveDate>; 4] {
    let ce = fiscal_year_be - 543;
    [
        NaiveDate::from_ymd_opt(ce - 1, 12, 31),
        NaiveDate::from_ymd_opt(ce, 3, 31),
        NaiveDate::from_ymd_opt(ce, 6, 30),
        NaiveDate::from_ymd_opt(ce, 9, 30),
    ]
}

async fn spending_events<S: Oversight + Spending + Learning>(
    state: &WebState<S>,
    calendar: &mut Calendar,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let link = format!("{}/spending", state.web_url);
    let year = crate::spending::fiscal_year_be(sla::local_date(now));
    if let Some(targets) = state.targets.year(year) {
        for (quarter, end) in quarter_ends(year).into_iter().enumerate() {
            let Some(end) = end else { continue };
            let target = targets.at(end);
            let event = all_day(
                &format!("target-{year}-q{}@clinic", quarter + 1),
                end,
                end,
                now,
            )
            .summary(&words::quarter_target(quarter + 1, year, target.overall))
            .description(&words::quarter_target_description(
                target.recurrent,
                target.investment,
                &targets.source,
                &link,
            ))
            .url(&link)
            .done();
            calendar.push(event);
        }
    }
    if let Some(brief) = crate::jobs::latest_brief(&state.store).await? {
        let day = brief.as_of;
        for unit in brief.behind.iter().filter(|u| u.lags()) {
            let uid = format!("lagging-{}-{}@clinic", day, unit.unit_key);
            let event = all_day(&uid, day, day, now)
                .summary(&words::lagging_unit(&unit.unit))
                .description(&words::lagging_description(unit, &link))
                .url(&link)
                .done();
            calendar.push(event);
        }
    }
    Ok(())
}
