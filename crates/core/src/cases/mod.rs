//! Cases: the model, its state machine, roles and simple SLA deadlines.
//!
//! Pure: no SQL, no Telegram, no tokio. `decide` judges a command; `apply`/`replay` fold the
//! resulting events into a `Case`; the store persists both in one transaction.
mod actor;
mod agency;
mod agency_code;
mod apply;
mod case;
mod case_ref;
mod command;
mod decide;
mod event;
pub mod invite;
pub mod labels;
mod refusal;
pub mod sla;
mod status;
mod visit;

#[cfg(test)]
mod properties;

pub use actor::{Actor, Role, UserId, parse_admin_ids};
pub use agency::{Agency, AgencyFileError, parse_agencies};
pub use agency_code::{AgencyCode, AgencyCodeError};
pub use apply::{ReplayError, apply, replay, start};
pub use case::Case;
pub use case_ref::{CaseRef, CaseRefError};
pub use command::Command;
pub use decide::{
    decide, decide_link_duplicate, decide_open, decide_open_visit, may_see, may_see_or_refuse,
};
pub use event::{Event, EventKind};
pub use invite::Invite;
pub use refusal::Refusal;
pub use status::Status;
pub use visit::{CaseKind, Visit};
