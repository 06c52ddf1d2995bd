//! The desk: the application between the chat adapters and the core. This part answers and
//! routes without touching any state; the case desk builds on it.

mod advisor;
pub mod date_question;

pub use advisor::{Advisor, AdvisorError};
