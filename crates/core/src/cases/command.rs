//! What an actor asks to do to a case.
use super::sla::SlaAlarm;
use super::{Actor, AgencyCode, CaseRef};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Only through `decide_open`: a case that exists cannot be opened again.
    Open {
        agency: AgencyCode,
        subject: String,
    },
    Claim,
    /// A message to the other side (officer ⇄ owning expert).
    Reply {
        text: String,
    },
    /// The expert needs something from the officer: the case waits, the SLA clock stops.
    AskOfficer {
        text: String,
    },
    /// Internal note, never shown to the officer.
    Note {
        text: String,
    },
    Transfer {
        to: AgencyCode,
        reason: String,
    },
    Resolve {
        summary: String,
    },
    Reopen {
        reason: String,
    },
    Confirm,
    Cancel {
        reason: String,
    },
    Rate {
        stars: u8,
    },
    /// The store loads the new owner as an `Actor` so `decide` can check their agency.
    Reassign {
        to: Actor,
    },
    Escalate {
        reason: String,
    },
    Close {
        reason: String,
    },
    /// Fold this (duplicate) case into another; the store links the other side.
    Merge {
        into: CaseRef,
    },
    /// The SLA clock only (role `system`): remind the agency at 75 % of a target.
    SlaRemind {
        alarm: SlaAlarm,
    },
    /// The SLA clock only: a target was missed; escalate to the coordinators.
    SlaBreach {
        alarm: SlaAlarm,
    },
    /// The SLA clock only: the owner missed the first-reply target; back to the agency.
    Release {
        alarm: SlaAlarm,
    },
}

impl Command {
    /// A stable name for logs and refusals.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Open { .. } => "open",
            Command::Claim => "claim",
            Command::Reply { .. } => "reply",
            Command::AskOfficer { .. } => "ask_officer",
            Command::Note { .. } => "note",
            Command::Transfer { .. } => "transfer",
            Command::Resolve { .. } => "resolve",
            Command::Reopen { .. } => "reopen",
            Command::Confirm => "confirm",
            Command::Cancel { .. } => "cancel",
            Command::Rate { .. } => "rate",
            Command::Reassign { .. } => "reassign",
            Command::Escalate { .. } => "escalate",
            Command::Close { .. } => "close",
            Command::Merge { .. } => "merge",
            Command::SlaRemind { .. } => "sla_remind",
            Command::SlaBreach { .. } => "sla_breach",
            Command::Release { .. } => "release",
        }
    }
}
