//! One integration-test binary (one link step): scenario, end-to-end and evaluation tests;
//! each module is a story.
#![allow(clippy::unwrap_used)]

mod eval;
mod plan;
