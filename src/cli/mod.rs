//! One file per subcommand; binary-only, so `anyhow` is allowed here.
pub mod ask;
pub mod cases;
pub mod chat;
mod config;
mod database;
pub mod kb;
pub mod migrate;
pub mod plan;
pub mod privacy;
pub mod report;
pub mod run;
pub mod spending;
pub mod web;
