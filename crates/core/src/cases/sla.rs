//! The SLA clock, computed: service targets in *working hours* (Mon–Fri 08:30–16:30
//! Asia/Bangkok, government holidays from `knowledge/holidays/` via [`Calendar`]).
//!
//! Three clocks per agency (`agencies.toml`):
//! - **claim** — from `routed_at` (opening, transfer, or release back to the agency) while `open`;
//! - **first reply** — from `claimed_at` until the owner's first reply or question;
//! - **resolution** — from `claimed_at` until `resolved`, minus the working hours spent
//!   `waiting` on the officer (`Case::pauses`). A reopened case starts a fresh cycle.
//!
//! Each running clock yields a [`Reading`]; [`due_alarms`] turns readings into the commands
//! the SLA clock worker sends through `decide`: a reminder at 75 %, a breach at 100 % (for the
//! first reply: `release`, the case goes back to the agency). Pure: the worker lives in
//! `oversight::sla_clock`.
use super::{Agency, Case, Command, Status};
use crate::timeline::Calendar;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// Thailand keeps +07:00 all year (no daylight saving), so a fixed offset is exact.
const BANGKOK_OFFSET_HOURS: i64 = 7;
/// 08:30 and 16:30, in seconds after local midnight.
const DAY_OPENS: i64 = 8 * 3600 + 30 * 60;
const DAY_CLOSES: i64 = 16 * 3600 + 30 * 60;
/// A walk over days stops after this many (ten years): far beyond any target.
const MAX_DAYS: i64 = 3660;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaClock {
    Claim,
    FirstReply,
    Resolve,
}

impl SlaClock {
    pub const ALL: [SlaClock; 3] = [SlaClock::Claim, SlaClock::FirstReply, SlaClock::Resolve];

    pub fn as_str(self) -> &'static str {
        match self {
            SlaClock::Claim => "claim",
            SlaClock::FirstReply => "first_reply",
            SlaClock::Resolve => "resolve",
        }
    }

    pub fn label_th(self) -> &'static str {
        match self {
            SlaClock::Claim => "รับเรื่อง",
            SlaClock::FirstReply => "ตอบครั้งแรก",
            SlaClock::Resolve => "ตอบข้อหารือ",
        }
    }

    pub fn target_hours(self, agency: &Agency) -> i64 {
        match self {
            SlaClock::Claim => agency.sla_claim_hours,
            SlaClock::FirstReply => agency.sla_first_reply_hours,
            SlaClock::Resolve => agency.sla_resolve_hours,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaStage {
    Reminder,
    Breach,
}

/// A reminder or escalation already logged for one cycle of one clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SlaMark {
    pub stage: SlaStage,
    pub clock: SlaClock,
    pub cycle: DateTime<Utc>,
}

/// What the SLA clock asks `decide` to log: which clock, which cycle, and its due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaAlarm {
    pub clock: SlaClock,
    pub cycle: DateTime<Utc>,
    pub due: DateTime<Utc>,
}

/// A closed waiting interval (the clock was stopped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

/// One running clock of a case, now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reading {
    pub clock: SlaClock,
    pub cycle: DateTime<Utc>,
    /// Working seconds used (pauses excluded).
    pub elapsed_secs: i64,
    pub target_secs: i64,
    pub due: DateTime<Utc>,
}

impl Reading {
    pub fn is_breached(&self) -> bool {
        self.elapsed_secs >= self.target_secs
    }
    /// 75 % of the target used.
    pub fn needs_reminder(&self) -> bool {
        self.elapsed_secs * 4 >= self.target_secs * 3
    }
}

/// Midnight of a Bangkok date, as a UTC instant.
pub fn local_midnight_utc(date: NaiveDate) -> DateTime<Utc> {
    (date.and_time(NaiveTime::MIN) - Duration::hours(BANGKOK_OFFSET_HOURS)).and_utc()
}

/// The Bangkok date of an instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    (at.naive_utc() + Duration::hours(BANGKOK_OFFSET_HOURS)).date()
}

/// The working window of a day, as UTC instants; `None` on weekends and holidays.
fn window(calendar: &Calendar, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    calendar.is_working_day(date).then(|| {
        let midnight = local_midnight_utc(date);
        (
            midnight + Duration::seconds(DAY_OPENS),
            midnight + Duration::seconds(DAY_CLOSES),
        )
    })
}

/// Working seconds in `[from, to)`.
pub fn working_secs(calendar: &Calendar, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let mut total = 0;
    let mut date = local_date(from);
    let last = local_date(to);
    for _ in 0..MAX_DAYS {
        if date > last {
            break;
        }
        if let Some((opens, closes)) = window(calendar, date) {
            let (start, end) = (opens.max(from), closes.min(to));
            total += (end - start).num_seconds().max(0);
        }
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    total
}

/// The instant when `secs` working seconds have passed after `from`.
pub fn add_working_secs(calendar: &Calendar, from: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
    let mut left = secs.max(0);
    let mut date = local_date(from);
    for _ in 0..MAX_DAYS {
        if let Some((opens, closes)) = window(calendar, date) {
            let start = opens.max(from);
            let available = (closes - start).num_seconds().max(0);
            if left <= available && start < closes {
                return start + Duration::seconds(left);
            }
            left -= available;
        }
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    from + Duration::days(MAX_DAYS)
}

/// When the given clock's current cycle started, if that clock is running now.
pub fn running_cycle(case: &Case, clock: SlaClock) -> Option<DateTime<Utc>> {
    match (clock, case.status) {
        (SlaClock::Claim, Status::Open) => Some(case.routed_at),
        (SlaClock::FirstReply, Status::Claimed) if case.first_reply_at.is_none() => case.claimed_at,
        (SlaClock::Resolve, Status::Claimed) => case.claimed_at,
        _ => None,
    }
}

/// The running clocks of a case. A `waiting` case has none: its clock is stopped.
pub fn readings(
    case: &Case,
    agency: &Agency,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Vec<Reading> {
    SlaClock::ALL
        .into_iter()
        .filter_map(|clock| {
            let cycle = running_cycle(case, clock)?;
            let paused: i64 = match clock {
                SlaClock::Claim => 0,
                _ => case
                    .pauses
                    .iter()
                    .map(|p| working_secs(calendar, p.from.max(cycle), p.until))
                    .sum(),
            };
            let target_secs = clock.target_hours(agency) * 3600;
            Some(Reading {
                clock,
                cycle,
                elapsed_secs: (working_secs(calendar, cycle, now) - paused).max(0),
                target_secs,
                due: add_working_secs(calendar, cycle, target_secs + paused),
            })
        })
        .collect()
}

/// Past a target now (the `--overdue` filter and the dashboard).
pub fn is_overdue(case: &Case, agency: &Agency, calendar: &Calendar, now: DateTime<Utc>) -> bool {
    readings(case, agency, calendar, now)
        .iter()
        .any(Reading::is_breached)
}

fn marked(case: &Case, stage: SlaStage, reading: &Reading) -> bool {
    case.sla_marks.contains(&SlaMark {
        stage,
        clock: reading.clock,
        cycle: reading.cycle,
    })
}

/// The commands the SLA clock should send now: at most one per running clock, never one
/// already logged. A breach found late goes without its (now pointless) reminder.
pub fn due_alarms(
    case: &Case,
    agency: &Agency,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    for reading in readings(case, agency, calendar, now) {
        let alarm = SlaAlarm {
            clock: reading.clock,
            cycle: reading.cycle,
            due: reading.due,
        };
        if reading.is_breached() {
            if !marked(case, SlaStage::Breach, &reading) {
                commands.push(match reading.clock {
                    SlaClock::FirstReply => Command::Release { alarm },
                    _ => Command::SlaBreach { alarm },
                });
                if reading.clock == SlaClock::FirstReply {
                    // Released: the resolution clock of this cycle is over too.
                    break;
                }
            }
        } else if reading.needs_reminder() && !marked(case, SlaStage::Reminder, &reading) {
            commands.push(Command::SlaRemind { alarm });
        }
    }
    commands
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cases::{AgencyCode, CaseRef, Event, EventKind, Role, UserId};
    use crate::timeline::YearList;
    use chrono::TimeZone;
    use std::path::Path;

    /// Bangkok wall time as UTC.
    fn bkk(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap() - Duration::hours(7)
    }

    fn calendar() -> Calendar {
        let text = "year = 2026\nprovisional = false\n[[holidays]]\ndate = 2026-04-13\nname_th = \"สงกรานต์\"\nname_en = \"Songkran\"\n";
        let mut cal = Calendar::default();
        cal.add_year(YearList::parse(text, Path::new("2026.toml")).unwrap());
        cal
    }

    #[test]
    fn a_friday_afternoon_case_counts_on_monday_morning() {
        let cal = calendar();
        // Fri 9 Jan 2026 15:30 → Mon 12 Jan 10:30: 1 h Friday + 2 h Monday.
        let secs = working_secs(&cal, bkk(2026, 1, 9, 15, 30), bkk(2026, 1, 12, 10, 30));
        assert_eq!(secs, 3 * 3600);
        // Four working hours from Friday 15:30 end at Monday 11:30.
        assert_eq!(
            add_working_secs(&cal, bkk(2026, 1, 9, 15, 30), 4 * 3600),
            bkk(2026, 1, 12, 11, 30)
        );
    }

    fn story(steps: &[(EventKind, DateTime<Utc>)]) -> Case {
        let events: Vec<Event> = steps
            .iter()
            .map(|(what, at)| Event {
                at: *at,
                by: UserId(1),
                role: Role::Expert,
                what: what.clone(),
            })
            .collect();
        crate::cases::replay(&events).unwrap()
    }

    fn treasury() -> Agency {
        crate::cases::parse_agencies(include_str!("../../../../knowledge/agencies.toml")).unwrap()
            [0]
        .clone()
    }

    #[test]
    fn waiting_stops_the_resolution_clock_and_reopening_starts_a_fresh_one() {
        let cal = calendar();
        let opened = EventKind::Opened {
            case_ref: CaseRef::parse("KK-2569-000001").unwrap(),
            officer: UserId(9),
            agency: AgencyCode::parse("treasury").unwrap(),
            subject: "x".into(),
            visit: None,
        };
        let mut steps = vec![
            (opened, bkk(2026, 1, 5, 9, 0)),
            (
                EventKind::Claimed { expert: UserId(1) },
                bkk(2026, 1, 5, 9, 0),
            ),
            (
                EventKind::AskedOfficer { text: "x".into() },
                bkk(2026, 1, 5, 10, 0),
            ),
            (
                EventKind::OfficerReplied { text: "y".into() },
                bkk(2026, 1, 7, 10, 0),
            ),
        ];
        let case = story(&steps);
        let resolve = |case: &Case, now| {
            readings(case, &treasury(), &cal, now)
                .into_iter()
                .find(|r| r.clock == SlaClock::Resolve)
                .unwrap()
        };
        // 1 h before the question, 1 h after the answer: two days of waiting do not count.
        assert_eq!(
            resolve(&case, bkk(2026, 1, 7, 11, 0)).elapsed_secs,
            2 * 3600
        );
        steps.push((
            EventKind::Resolved {
                summary: "z".into(),
            },
            bkk(2026, 1, 7, 11, 0),
        ));
        steps.push((
            EventKind::Reopened { reason: "r".into() },
            bkk(2026, 1, 8, 9, 0),
        ));
        let case = story(&steps);
        let fresh = resolve(&case, bkk(2026, 1, 8, 10, 0));
        assert_eq!(
            (fresh.cycle, fresh.elapsed_secs),
            (bkk(2026, 1, 8, 9, 0), 3600)
        );
        assert_eq!(fresh.target_secs, 40 * 3600);
    }

    #[test]
    fn nights_and_holidays_do_not_count() {
        let cal = calendar();
        // Fri 10 Apr 20:00 → Tue 14 Apr 09:30 (Mon 13 Apr is Songkran): one hour.
        let secs = working_secs(&cal, bkk(2026, 4, 10, 20, 0), bkk(2026, 4, 14, 9, 30));
        assert_eq!(secs, 3600);
        // Opened at 07:00: the clock starts at 08:30.
        assert_eq!(
            add_working_secs(&cal, bkk(2026, 4, 14, 7, 0), 3600),
            bkk(2026, 4, 14, 9, 30)
        );
        // A target ending exactly at closing time ends that day, not the next morning.
        assert_eq!(
            add_working_secs(&cal, bkk(2026, 4, 14, 8, 30), 8 * 3600),
            bkk(2026, 4, 14, 16, 30)
        );
    }
}
