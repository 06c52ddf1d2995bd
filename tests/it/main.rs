//! One integration-test binary (one link step); each module is a story.
#![allow(clippy::unwrap_used)]
mod plan;
