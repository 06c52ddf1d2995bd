//! The weekly summary for the coordinators (and the governor): per agency, cases opened,
//! resolved and still open at the end of the week, median working hours to claim and to resolve,
//! SLA breaches; ratings; the questions the knowledge base did not answer.
//!
//! Definitions (all from the case logs, Bangkok weeks Monday 00:00 to Monday 00:00):
//! - *opened* / *resolved* / *breaches* — `opened`, `resolved`, `sla_breached` events in the
//!   week, counted at the agency that held the case then;
//! - *open at end* — cases in `open`, `claimed` or `waiting` when the week ended;
//! - *time to claim* — working hours from routing to the claim, for claims in the week;
//! - *time to resolve* — the resolution clock: working hours from the claim (or reopening) to
//!   the resolution, minus the time spent waiting on the officer, for resolutions in the week;
//! - *top unanswered* — questions asked in the week that were not answered or got a 👎.
use super::text_message;
use crate::cases::labels::be_time;
use crate::cases::sla::{local_date, local_midnight_utc, working_secs};
use crate::cases::{Agency, Case, EventKind, Status, apply, start};
use crate::privacy::PLACEHOLDER;
use crate::store::{CaseLog, LoggedQuestion, Oversight, StoreError};
use crate::thai::normalize;
use crate::timeline::Calendar;
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

use super::GroupChats;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AgencyWeek {
    pub agency: String,
    pub opened: u32,
    pub resolved: u32,
    pub open_at_end: u32,
    pub breaches: u32,
    pub median_claim_hours: Option<f64>,
    pub median_resolve_hours: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ratings {
    pub count: u32,
    pub average: Option<f64>,
    /// How many 1, 2, 3, 4 and 5 stars.
    pub stars: [u32; 5],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionCount {
    pub text: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeeklySummary {
    /// Monday of the week (Bangkok).
    pub week_start: NaiveDate,
    pub agencies: Vec<AgencyWeek>,
    pub total: AgencyWeek,
    pub ratings: Ratings,
    pub top_unanswered: Vec<QuestionCount>,
}

/// The Monday of the week `date` falls in.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// `[start, end)` of a Bangkok week as UTC instants.
pub fn week_bounds(week_start: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let from = local_midnight_utc(week_start);
    (from, from + Duration::days(7))
}

fn median_hours(mut secs: Vec<i64>) -> Option<f64> {
    secs.sort_unstable();
    let n = secs.len();
    let mid = match n {
        0 => return None,
        _ if n % 2 == 1 => secs[n / 2] as f64,
        _ => (secs[n / 2 - 1] + secs[n / 2]) as f64 / 2.0,
    };
    Some((mid / 3600.0 * 100.0).round() / 100.0)
}

/// Working seconds of the current resolution cycle, waiting excluded.
fn resolution_secs(calendar: &Calendar, case: &Case, at: DateTime<Utc>) -> Option<i64> {
    let from = case.claimed_at?;
    let paused: i64 = case
        .pauses
        .iter()
        .map(|p| working_secs(calendar, p.from.max(from), p.until))
        .sum();
    Some((working_secs(calendar, from, at) - paused).max(0))
}

#[derive(Default)]
struct Tally {
    week: AgencyWeek,
    claim_secs: Vec<i64>,
    resolve_secs: Vec<i64>,
}

/// The summary, computed from case logs and the questions of the week. Pure.
pub fn summarise(
    logs: &[CaseLog],
    questions: &[LoggedQuestion],
    calendar: &Calendar,
    agencies: &[Agency],
    week_start: NaiveDate,
) -> WeeklySummary {
    let (from, until) = week_bounds(week_start);
    let mut tallies: BTreeMap<String, Tally> = agencies
        .iter()
        .map(|a| (a.code.to_string(), Tally::default()))
        .collect();
    let mut ratings = Ratings::default();
    for log in logs {
        let Some((first, _)) = log.events.split_first() else {
            continue;
        };
        let Some(mut case) = start(first) else {
            continue;
        };
        let mut at_end: Option<Case> = None;
        for (i, event) in log.events.iter().enumerate() {
            if event.at >= until && at_end.is_none() {
                at_end = Some(case.clone());
            }
            let before = case.clone();
            if i > 0 {
                apply(&mut case, event);
            }
            if event.at < from || event.at >= until {
                continue;
            }
            let tally = tallies.entry(before.agency.to_string()).or_default();
            match &event.what {
                EventKind::Opened { .. } => tally.week.opened += 1,
                EventKind::Claimed { .. } | EventKind::Reassigned { .. }
                    if before.status == Status::Open =>
                {
                    tally
                        .claim_secs
                        .push(working_secs(calendar, before.routed_at, event.at));
                }
                EventKind::Resolved { .. } => {
                    tally.week.resolved += 1;
                    tally
                        .resolve_secs
                        .extend(resolution_secs(calendar, &case, event.at));
                }
                EventKind::SlaBreached { .. } => tally.week.breaches += 1,
                EventKind::Rated { stars } if (1..=5).contains(stars) => {
                    ratings.count += 1;
                    ratings.stars[usize::from(*stars - 1)] += 1;
                }
                _ => {}
            }
        }
        let at_end = at_end.unwrap_or(case);
        let opened_before_end = first.at < until;
        if opened_before_end
            && matches!(
                at_end.status,
                Status::Open | Status::Claimed | Status::Waiting
            )
        {
            tallies
                .entry(at_end.agency.to_string())
                .or_default()
                .week
                .open_at_end += 1;
        }
    }
    let sum: u32 = (1..=5u32).zip(ratings.stars).map(|(s, n)| s * n).sum();
    ratings.average = (ratings.count > 0)
        .then(|| (f64::from(sum) / f64::from(ratings.count) * 100.0).round() / 100.0);

    let mut total = Tally::default();
    let agencies: Vec<AgencyWeek> = tallies
        .into_iter()
        .map(|(code, mut t)| {
            total.week.opened += t.week.opened;
            total.week.resolved += t.week.resolved;
            total.week.open_at_end += t.week.open_at_end;
            total.week.breaches += t.week.breaches;
            total.claim_secs.extend(&t.claim_secs);
            total.resolve_secs.extend(&t.resolve_secs);
            t.week.agency = code;
            t.week.median_claim_hours = median_hours(t.claim_secs);
            t.week.median_resolve_hours = median_hours(t.resolve_secs);
            t.week
        })
        .collect();
    total.week.agency = "all".into();
    total.week.median_claim_hours = median_hours(total.claim_secs);
    total.week.median_resolve_hours = median_hours(total.resolve_secs);
    WeeklySummary {
        week_start,
        agencies,
        total: total.week,
        ratings,
        top_unanswered: top_unanswered(questions, from, until, 5),
    }
}

/// Unanswered or 👎 questions of the week, grouped by their normalised text.
fn top_unanswered(
    questions: &[LoggedQuestion],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    n: usize,
) -> Vec<QuestionCount> {
    let mut groups: Vec<(String, QuestionCount)> = Vec::new();
    for q in questions {
        let missed = !q.answered || q.feedback.as_deref() == Some("down");
        if !missed || q.asked_at < from || q.asked_at >= until || q.text == PLACEHOLDER {
            continue;
        }
        let key = normalize(q.text.trim());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => group.count += 1,
            None => groups.push((
                key,
                QuestionCount {
                    text: q.text.trim().to_owned(),
                    count: 1,
                },
            )),
        }
    }
    // Stable sort: equal counts keep the order they were first asked in.
    groups.sort_by_key(|g| std::cmp::Reverse(g.1.count));
    groups.into_iter().take(n).map(|(_, g)| g).collect()
}

/// The summary of the week starting `week_start` (a Monday), read from the store.
pub async fn weekly_summary<S: Oversight>(
    store: &S,
    calendar: &Calendar,
    week_start: NaiveDate,
) -> Result<WeeklySummary, StoreError> {
    let (from, until) = week_bounds(week_start);
    let logs = store.case_logs(Some(from)).await?;
    let questions = store.questions_between(from, until).await?;
    let agencies = store.agencies().await?;
    Ok(summarise(
        &logs, &questions, calendar, &agencies, week_start,
    ))
}

/// From Monday 08:30 (Bangkok) on, send last week's summary to the coordinators' group, once
/// per week whatever the number of instances. Returns the summary when this call sent it.
pub async fn weekly_summary_tick<S: Oversight>(
    store: &S,
    calendar: &Calendar,
    chats: &GroupChats,
    now: DateTime<Utc>,
) -> Result<Option<WeeklySummary>, StoreError> {
    let Some(chat) = chats.coordinators else {
        return Ok(None);
    };
    let this_monday = monday_of(local_date(now));
    if now < local_midnight_utc(this_monday) + Duration::minutes(8 * 60 + 30) {
        return Ok(None);
    }
    let last_week = this_monday - Days::new(7);
    let summary = weekly_summary(store, calendar, last_week).await?;
    let agencies = store.agencies().await?;
    let message = text_message(chat, render_th(&summary, &agencies), None);
    let key = format!("weekly:{last_week}");
    let sent = store.report_once(&key, message, now).await?;
    Ok(sent.then_some(summary))
}

fn hours(h: Option<f64>) -> String {
    h.map(|h| format!("{h:.1} ชม."))
        .unwrap_or_else(|| "-".into())
}

/// The summary as the coordinators read it in chat, Thai, Buddhist-era dates.
pub fn render_th(summary: &WeeklySummary, agencies: &[Agency]) -> String {
    let (from, until) = week_bounds(summary.week_start);
    let last_day = be_time(until - Duration::days(1));
    let first_day = be_time(from);
    let date = |t: &str| {
        t.rsplit_once(' ')
            .map(|(d, _)| d.to_owned())
            .unwrap_or_default()
    };
    let mut text = format!(
        "📊 สรุปประจำสัปดาห์ {} – {}\n",
        date(&first_day),
        date(&last_day)
    );
    let line = |w: &AgencyWeek, name: &str| {
        format!(
            "• {name}: เปิด {} · ตอบแล้ว {} · ค้าง {} · เกินกำหนด {} · รับเรื่องเฉลี่ย(มัธยฐาน) {} · ตอบข้อหารือ {}\n",
            w.opened,
            w.resolved,
            w.open_at_end,
            w.breaches,
            hours(w.median_claim_hours),
            hours(w.median_resolve_hours),
        )
    };
    for w in &summary.agencies {
        let name = agencies
            .iter()
            .find(|a| a.code.as_str() == w.agency)
            .map(|a| a.name_th.as_str())
            .unwrap_or(&w.agency);
        text += &line(w, name);
    }
    text += &line(&summary.total, "รวมทุกหน่วยงาน");
    let r = &summary.ratings;
    text += &match r.average {
        Some(avg) => format!("⭐ ความพึงพอใจ {avg:.2}/5 จาก {} ครั้ง\n", r.count),
        None => "⭐ ยังไม่มีการให้คะแนนในสัปดาห์นี้\n".into(),
    };
    if !summary.top_unanswered.is_empty() {
        text += "❓ คำถามที่ยังตอบไม่ได้บ่อยที่สุด:\n";
        for (i, q) in summary.top_unanswered.iter().enumerate() {
            text += &format!("{}. {} ({} ครั้ง)\n", i + 1, q.text, q.count);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median_hours(vec![]), None);
        assert_eq!(median_hours(vec![3600, 7200 * 5, 7200]), Some(2.0));
        assert_eq!(median_hours(vec![3600, 7200]), Some(1.5));
    }

    #[test]
    fn weeks_start_on_monday() {
        let sunday = NaiveDate::from_ymd_opt(2026, 1, 11).expect("date");
        assert_eq!(monday_of(sunday).to_string(), "2026-01-05");
    }
}
