//! Deadlines for claiming and resolving, computed simply.
//!
//! Simplification until the SLA clock (issue 7): targets are counted in *calendar* hours from
//! `routed_at` (claim) and `claimed_at` (resolution), plus the time spent `waiting`. Working hours
//! and holidays come with issue 7, which will read the event log for exact pause intervals.
use super::{Agency, Case, Status};
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub claim_by: DateTime<Utc>,
    /// `None` until someone owns the case.
    pub resolve_by: Option<DateTime<Utc>>,
}

pub fn deadlines(case: &Case, agency: &Agency) -> Deadlines {
    let paused = Duration::seconds(case.paused_secs);
    Deadlines {
        claim_by: case.routed_at + Duration::hours(agency.sla_claim_hours),
        resolve_by: case
            .claimed_at
            .map(|from| from + Duration::hours(agency.sla_resolve_hours) + paused),
    }
}

/// Open past the claim target, or in hand past the resolution target. A `waiting` case is never
/// overdue: its clock is stopped.
pub fn is_overdue(case: &Case, agency: &Agency, now: DateTime<Utc>) -> bool {
    let due = deadlines(case, agency);
    match case.status {
        Status::Open => now > due.claim_by,
        Status::Claimed => due.resolve_by.is_some_and(|by| now > by),
        _ => false,
    }
}
