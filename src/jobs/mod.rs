//! The background jobs of `clinic run`, on one timer, each safe to run on any number of
//! instances at once (so no leader is needed):
//!
//! - [`sla_tick`]`(store, calendar, chats, now)` — reminders, escalations and releases of case clocks;
//! - [`weekly_summary_tick`]`(store, calendar, chats, now)` — last week's summary to the
//!   coordinators, once, from Monday 08:30;
//! - [`spending_alerts`]`(store, book, chats, now)` — alerts for the latest spending snapshot;
//! - `privacy::anonymise_tick` — erases personal data of old closed cases.
//!
//! Chat ids of the agency groups and the coordinators' group come from the desk's tables; the
//! caller passes them as [`GroupChats`]. Outbox payloads are `{"text": …}` (plain Thai text).
pub mod sla_alerts;
pub mod sla_clock;
pub mod spending_alerts;
pub mod weekly_summary;

pub use sla_clock::sla_tick;
pub use spending_alerts::{AlertRun, latest_brief, spending_alerts};
pub use weekly_summary::{WeeklySummary, weekly_summary, weekly_summary_tick};

use crate::cases::{AgencyCode, CaseRef};
use crate::store::NewOutbox;
use std::collections::HashMap;

/// Where alerts go: each agency's Telegram group and the coordinators' group (from the desk's
/// `/bind` table). An alert for a group that is not bound is still logged, just not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupChats {
    pub agencies: HashMap<AgencyCode, i64>,
    pub coordinators: Option<i64>,
}

/// A plain-text message for the outbox (the desk's sender reads `text`); several rows when the
/// text is longer than one chat message (see `conversation::length`).
pub fn text_message(chat_id: i64, text: String, case_ref: Option<&CaseRef>) -> Vec<NewOutbox> {
    let mut message = crate::conversation::Outgoing::text(chat_id, text);
    message.case_ref = case_ref.cloned();
    NewOutbox::for_message(message)
}
