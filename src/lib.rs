//! `clinic` — the procurement mobile-clinic help desk: the application around the domain.
//!
//! The domain (`clinic_core`: `thai`, `knowledge`, `routing`, `timeline`, `cases`, `spending`) and
//! the storage (`clinic_store`) are crates of their own, re-exported here under their names, so
//! the compiler keeps them free of what sits above them. `desk` orchestrates; `bot`, `web` and
//! `cli` translate Telegram, HTTP and the terminal into it. See README.md, "Design".
#![forbid(unsafe_code)]

pub mod bot;
pub mod case_export;
pub mod course_progress;
pub mod desk;
pub mod jobs;
pub mod knowledge_gaps;
pub mod privacy;
pub mod sessions;
pub mod telemetry;
pub mod web;

pub use clinic_core::{
    cases, conversation, knowledge, lang, routing, sheet, spending, thai, timeline,
};
pub use clinic_store as store;
