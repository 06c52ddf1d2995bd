//! One integration-test binary (one link step): scenario, end-to-end and evaluation tests.

mod eval;
