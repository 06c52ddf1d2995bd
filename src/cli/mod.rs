//! One file per subcommand; binary-only, so `anyhow` is allowed here.
pub mod ask;
pub mod cases;
mod database;
pub mod kb;
pub mod migrate;
pub mod plan;
