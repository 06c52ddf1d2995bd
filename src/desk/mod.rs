//! The desk: the application between the chat adapters and the core. It turns an `Incoming`
//! (who, which chat, text / command / button) into state changes through the `Store` and
//! `Outgoing` messages in the outbox. No Telegram types, no SQL text.

mod advisor;
mod buttons;
pub mod commands;
mod computed;
mod computed_messages;
pub mod date_question;
pub mod deadline_question;
pub mod dialogue;
pub mod flood;
mod gate;
pub mod incoming;
mod knowledge_check;
mod learn;
mod learn_messages;
pub mod local;
pub mod messages;
pub mod method_question;
pub mod notify;
mod officer;
mod plan;
mod service;
pub mod small_talk;
pub mod sum_question;
pub mod working_day_question;

pub use crate::conversation::{Attachment, Button, Outgoing};
pub use crate::conversation::{Entity, EntityKind, Menu, PRESS_ANSWERS};
pub use advisor::{Advisor, AdvisorError, Planner};
pub use gate::{MAX_INPUT_CHARS, Unfit, unfit};
pub use incoming::{Body, Chat, ChatKind, Incoming, Sender};
pub use knowledge_check::knowledge_faults;
pub use messages::{Lang, Say};
pub use service::{Desk, DeskConfig, DeskError, InboxMark, SYSTEM};
