//! The case: an officer's problem that the knowledge base could not close, owned by one agency.
use super::sla::{Pause, SlaMark};
use super::{AgencyCode, CaseKind, CaseRef, Status, UserId, Visit};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A case is never edited directly: it is the fold of its events (`apply`, `replay`).
/// The store keeps this struct as the case row's snapshot so loading needs no replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub case_ref: CaseRef,
    pub status: Status,
    /// The officer who asked; only they act for the officer side.
    pub officer: UserId,
    pub agency: AgencyCode,
    /// The expert who owns it while `claimed` or `waiting` (kept after resolution for reopen).
    pub owner: Option<UserId>,
    pub subject: String,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// SLA timestamps: the clock for claiming starts at `routed_at` (opening or last transfer).
    pub routed_at: DateTime<Utc>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub first_reply_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Set while `waiting`: the SLA clock is stopped since then.
    pub waiting_since: Option<DateTime<Utc>>,
    /// Calendar seconds spent `waiting` so far. The SLA module recomputes working
    /// hours from the `AskedOfficer`/`OfficerReplied` events; this figure is the simple one.
    pub paused_secs: i64,
    /// The waiting intervals of the current claim cycle (since `claimed_at`): the SLA clock
    /// subtracts their working hours. Cleared whenever a new cycle starts.
    #[serde(default)]
    pub pauses: Vec<Pause>,
    /// The SLA reminders and escalations already logged, so each is issued once.
    #[serde(default)]
    pub sla_marks: Vec<SlaMark>,
    pub escalations: u32,
    pub rating: Option<u8>,
    pub merged_into: Option<CaseRef>,
    /// Duplicates folded into this case (the other half of the merge link).
    pub merged_from: Vec<CaseRef>,
    /// Number of events applied; the store checks it when it writes (optimistic locking).
    pub version: i64,
    /// Set on a mobile-clinic visit (then `officer` is one of the unit's officers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<Visit>,
}

impl Case {
    pub fn kind(&self) -> CaseKind {
        match self.visit {
            Some(_) => CaseKind::Visit,
            None => CaseKind::Question,
        }
    }

    /// What must hold in every state; the property tests check it after every step.
    pub fn check(&self) -> Result<(), String> {
        let owner_needed = self.status.is_in_hand() || self.status == Status::Resolved;
        let rules: [(bool, &str); 9] = [
            (
                self.status != Status::Open || self.owner.is_none(),
                "open case has an owner",
            ),
            (
                !owner_needed || self.owner.is_some(),
                "case in hand has no owner",
            ),
            (
                !self.status.is_in_hand() || self.claimed_at.is_some(),
                "in hand but never claimed",
            ),
            (
                (self.status == Status::Waiting) == self.waiting_since.is_some(),
                "waiting clock",
            ),
            (
                self.status != Status::Resolved || self.resolved_at.is_some(),
                "resolved_at",
            ),
            (
                (self.status == Status::Merged) == self.merged_into.is_some(),
                "merge link",
            ),
            (
                (self.status == Status::Closed) == self.closed_at.is_some(),
                "closed_at",
            ),
            (
                self.rating.is_none() || self.status == Status::Closed,
                "rated but not closed",
            ),
            (
                self.rating.is_none_or(|r| (1..=5).contains(&r)) && self.paused_secs >= 0,
                "range",
            ),
        ];
        match rules.iter().find(|(ok, _)| !ok) {
            Some((_, broken)) => Err(format!("{}: {broken}", self.case_ref)),
            None => Ok(()),
        }
    }
}
