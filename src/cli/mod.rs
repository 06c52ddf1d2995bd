//! One file per subcommand; binary-only, so `anyhow` is allowed here.
pub mod ask;
pub mod plan;
