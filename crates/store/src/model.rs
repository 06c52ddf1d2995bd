//! Records the store hands out or takes in, besides the domain types of `cases`.
use chrono::{DateTime, Utc};
use clinic_core::cases::{Actor, AgencyCode, CaseRef, Role, Status, UserId};
use clinic_core::conversation::{Outgoing, length};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub unit: String,
    pub role: Role,
    pub agency: Option<AgencyCode>,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn actor(&self) -> Actor {
        Actor {
            user: self.id,
            role: self.role,
            agency: self.agency.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub status: Option<Status>,
    pub agency: Option<AgencyCode>,
    /// Opened at or after.
    pub opened_from: Option<DateTime<Utc>>,
    /// Opened before.
    pub opened_until: Option<DateTime<Utc>>,
}

/// A message to write to the outbox; `payload` is whatever the sender needs (text, buttons…).
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutbox {
    pub chat_id: i64,
    pub payload: serde_json::Value,
    pub case_ref: Option<CaseRef>,
}

impl NewOutbox {
    /// The outbox rows for a message: one, or several when it is longer than a chat message may
    /// be (see `conversation::length`). Everything the desk sends goes through here.
    pub fn for_message(message: Outgoing) -> Vec<NewOutbox> {
        length::fit(message)
            .into_iter()
            .map(NewOutbox::from)
            .collect()
    }
}

impl From<Outgoing> for NewOutbox {
    fn from(message: Outgoing) -> Self {
        let queue = match message.callback_answer {
            Some(_) => clinic_core::conversation::PRESS_ANSWERS,
            None => message.chat_id,
        };
        NewOutbox {
            chat_id: queue,
            case_ref: message.case_ref.clone(),
            payload: serde_json::to_value(&message).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// Read straight from an `outbox` row (or a `RETURNING` list) by column name.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub chat_id: i64,
    #[sqlx(json)]
    pub payload: serde_json::Value,
    pub case_ref: Option<String>,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
}

/// What an officer picked when routing proposed an agency for a case.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RoutingChoice {
    pub user: Option<UserId>,
    pub chosen_at: DateTime<Utc>,
    pub text: String,
    /// The agency routing put first (`None`: it proposed none).
    pub proposed: Option<String>,
    pub runner_up: Option<String>,
    /// The desk asked because the two best were close.
    pub unsure: bool,
    pub chosen: String,
    /// The case that opened, by its reference.
    pub case_ref: Option<String>,
}

/// One question asked, whatever happened to it (knowledge-gap reports read these).
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub user: Option<UserId>,
    pub asked_at: DateTime<Utc>,
    pub text: String,
    pub entry_id: Option<String>,
    pub confidence: f64,
    pub answered: bool,
    /// The agency of the answering entry, or the routed one when not answered.
    pub agency: Option<String>,
}
