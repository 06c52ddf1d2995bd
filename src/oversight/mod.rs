//! The coordinators' side: the SLA clock worker, the weekly summary, knowledge gaps, draft
//! entries from resolved cases, exports and PDPA privacy. Library functions over the store;
//! `clinic run` (and the CLI) call the hooks:
//!
//! - [`sla_tick`]`(store, calendar, chats, now)` — every minute or so, on any number of instances;
//! - [`weekly_summary_tick`]`(store, calendar, chats, now)` — sends last week's summary to the
//!   coordinators once, from Monday 08:30;
//! - [`spending_alerts`]`(store, book, chats, now)` — spending alerts for the latest snapshot;
//! - [`anonymise_tick`]`(store, retention, now)` — erases personal data of old closed cases.
//!
//! Chat ids of the agency groups and the coordinators' group come from the desk's tables; the
//! caller passes them as [`GroupChats`]. Outbox payloads are `{"text": …}` (plain Thai text).
pub mod draft;
pub mod export;
pub mod gaps;
pub mod messages;
pub mod privacy;
pub mod routing_gaps;
pub mod sla_clock;
pub mod spending;
pub mod weekly;

pub use draft::{DraftError, draft_entry};
pub use gaps::{GapCluster, gap_clusters};
pub use privacy::{PLACEHOLDER, anonymise_tick};
pub use routing_gaps::{RoutingGap, routing_gaps};
pub use sla_clock::{GroupChats, sla_tick};
pub use spending::{AlertRun, latest_brief, spending_alerts};
pub use weekly::{WeeklySummary, weekly_summary, weekly_summary_tick};

use crate::cases::CaseRef;
use crate::store::NewOutbox;

/// A plain-text message for the outbox (the desk's sender reads `text`); several rows when the
/// text is longer than one chat message (see `desk/length.rs`).
pub fn text_message(chat_id: i64, text: String, case_ref: Option<&CaseRef>) -> Vec<NewOutbox> {
    let mut message = crate::conversation::outgoing::Outgoing::text(chat_id, text);
    message.case_ref = case_ref.cloned();
    NewOutbox::for_message(message)
}
