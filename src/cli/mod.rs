//! One file per subcommand; binary-only, so `anyhow` is allowed here.
pub mod ask;
pub mod kb;
pub mod plan;
pub mod cases;
mod database;
pub mod migrate;
