//! One file per subcommand; binary-only, so `anyhow` is allowed here.
pub mod ask;
pub mod kb;
pub mod plan;
