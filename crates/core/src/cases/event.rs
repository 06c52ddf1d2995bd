//! What happened to a case. Events are stored as JSON in `case_events`, append-only.
use super::sla::SlaClock;
use super::{AgencyCode, CaseRef, Role, UserId, Visit};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One entry of a case's log: when, by whom, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub by: UserId,
    pub role: Role,
    pub what: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    Opened {
        case_ref: CaseRef,
        officer: UserId,
        agency: AgencyCode,
        subject: String,
        /// A mobile-clinic visit opened by the system (absent on an officer's question).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        visit: Option<Visit>,
    },
    Claimed {
        expert: UserId,
    },
    ExpertReplied {
        text: String,
    },
    /// From the officer; while `waiting` it also restarts the SLA clock.
    OfficerReplied {
        text: String,
    },
    AskedOfficer {
        text: String,
    },
    Noted {
        text: String,
    },
    Transferred {
        from: AgencyCode,
        to: AgencyCode,
        reason: String,
    },
    Resolved {
        summary: String,
    },
    Reopened {
        reason: String,
    },
    Confirmed,
    Cancelled {
        reason: String,
    },
    Rated {
        stars: u8,
    },
    Reassigned {
        from: Option<UserId>,
        to: UserId,
    },
    Escalated {
        reason: String,
    },
    Closed {
        reason: String,
    },
    MergedInto {
        into: CaseRef,
    },
    DuplicateLinked {
        from: CaseRef,
    },
    /// The SLA clock (role `system`): 75 % of a target used; the agency group is reminded.
    /// `cycle` is when that clock started, so each clock cycle is reminded once.
    SlaReminder {
        clock: SlaClock,
        cycle: DateTime<Utc>,
        due: DateTime<Utc>,
    },
    /// The SLA clock: a target was missed; the coordinators are told.
    SlaBreached {
        clock: SlaClock,
        cycle: DateTime<Utc>,
        due: DateTime<Utc>,
    },
    /// The SLA clock: the owner stayed silent past the first-reply target, so the case goes
    /// back to the agency for anyone to claim (always right after `SlaBreached{first_reply}`).
    Released {
        owner: UserId,
        cycle: DateTime<Utc>,
    },
}

impl EventKind {
    /// The `kind` column of `case_events`, so SQL (SLA clock, reports) can filter without JSON.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Opened { .. } => "opened",
            EventKind::Claimed { .. } => "claimed",
            EventKind::ExpertReplied { .. } => "expert_replied",
            EventKind::OfficerReplied { .. } => "officer_replied",
            EventKind::AskedOfficer { .. } => "asked_officer",
            EventKind::Noted { .. } => "noted",
            EventKind::Transferred { .. } => "transferred",
            EventKind::Resolved { .. } => "resolved",
            EventKind::Reopened { .. } => "reopened",
            EventKind::Confirmed => "confirmed",
            EventKind::Cancelled { .. } => "cancelled",
            EventKind::Rated { .. } => "rated",
            EventKind::Reassigned { .. } => "reassigned",
            EventKind::Escalated { .. } => "escalated",
            EventKind::Closed { .. } => "closed",
            EventKind::MergedInto { .. } => "merged_into",
            EventKind::DuplicateLinked { .. } => "duplicate_linked",
            EventKind::SlaReminder { .. } => "sla_reminder",
            EventKind::SlaBreached { .. } => "sla_breached",
            EventKind::Released { .. } => "released",
        }
    }

    /// PDPA: replace every free text (subject, messages, notes, reasons, resolution) with
    /// `placeholder`, keeping kinds, times and people's ids, so every figure stays the same.
    pub fn redact(&mut self, placeholder: &str) {
        for text in self.texts_mut() {
            placeholder.clone_into(text);
        }
    }

    /// The free texts [`EventKind::redact`] replaces, as they are now.
    pub fn texts(&self) -> Vec<String> {
        self.clone()
            .texts_mut()
            .into_iter()
            .map(|t| t.clone())
            .collect()
    }

    fn texts_mut(&mut self) -> Vec<&mut String> {
        match self {
            EventKind::Opened { subject, .. } => vec![subject],
            EventKind::ExpertReplied { text }
            | EventKind::OfficerReplied { text }
            | EventKind::AskedOfficer { text }
            | EventKind::Noted { text } => vec![text],
            EventKind::Resolved { summary } => vec![summary],
            EventKind::Transferred { reason, .. }
            | EventKind::Reopened { reason }
            | EventKind::Cancelled { reason }
            | EventKind::Escalated { reason }
            | EventKind::Closed { reason } => vec![reason],
            _ => Vec::new(),
        }
    }
}
