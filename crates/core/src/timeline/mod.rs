//! `timeline`: procurement methods, steps and their minimum durations
//! (`knowledge/timelines.toml`), the government working calendar (`knowledge/holidays/`),
//! forward and backward plans, and exports (table, CSV, ICS, XLSX; JSON through `serde`).
//! Pure and synchronous: no chat, no SQL, no async.
//!
//! The API the desk and the CLI call:
//! - [`Rules::load`]`(knowledge_dir)` and [`Calendar::load`]`(knowledge_dir)` read the data once.
//! - [`plan_forward`]`(&rules, &calendar, &PlanRequest, start)` → [`Plan`]: every step's start and
//!   end, the contract date, the legal basis, holidays skipped and warnings.
//! - [`plan_backward`]`(.., contract)` → the plan with the latest working-day start; for a
//!   working-day start S, `plan_backward(plan_forward(S).contract_date).start_date == S`.
//! - [`date_after`]`(.., known_step, known_date, asked_step)` → [`DateAnswer`], for chat questions
//!   such as "winner announced 24 Apr 2026, when does the appeal period end?".
//! - [`check`]`(knowledge_dir)` → `Vec<String>` of `file:line: message` faults, for `clinic kb check`.
//! - [`export`]: `table`, `csv`, `ics`, `xlsx`.
//!
//! Counting (fact sheet B.0): a period "N days from X" starts the day after X; working days are
//! Monday–Friday minus government holidays; a calendar-day period ending on a holiday ends on the
//! next working day. A minimum is shortened only under an exception of `timelines.toml` the
//! officer names (a cited ruling); otherwise an override below `min_days` is refused with the
//! legal basis and the exceptions that would allow it ([`TimelineError::BelowMinimum`]).
mod amount;
mod calendar;
mod check;
mod error;
pub mod export;
pub mod messages;
mod period;
mod plan;
mod rules;
mod source;

pub use amount::Baht;
pub use calendar::{Calendar, Holiday, YearList, YearStatus};
pub use check::check;
pub use error::{Fault, Shortening, TimelineError};
pub use plan::{
    DateAnswer, Direction, Plan, PlanRequest, PlanStep, SkippedHoliday, date_after, plan_backward,
    plan_forward, plan_from_step,
};
pub use rules::{
    Counting, DayKind, Exception, Method, MinSource, Rules, STEP_IDS, Starts, StepRule, Tier,
};
