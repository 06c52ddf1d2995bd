//! One file per subcommand; binary-only, so `anyhow` is allowed here.
pub mod ask;
pub mod cases;
pub mod chat;
pub mod config;
mod database;
pub mod kb;
pub mod log;
pub mod migrate;
pub mod plan;
pub mod privacy;
pub mod report;
pub mod run;
pub mod spending;
pub mod web;
