//! What an operator sees of a running desk: spans in the log (`tracing`) and in-memory
//! counters for `/metrics` (the `metrics` crate, rendered in Prometheus' text format).
//!
//! - [`series`] — every `clinic_*` series, and the functions that move them where the event
//!   happens;
//! - [`recorder`] — the process's one recorder, installed on first use, and its rendering;
//! - [`sampler`] — the state gauges (cases by status, outbox), read from the database on a
//!   timer rather than on every scrape;
//! - [`http`] — a span and a counted status class for each request our HTTP servers answer;
//! - [`spans`] — the span of a case change;
//! - [`tally`] — what a turn of the desk counts, recorded once its changes are committed.
//!
//! Counters belong to the process: they start at zero, and Prometheus sums the instances.
pub mod http;
pub mod recorder;
pub mod sampler;
pub mod series;
pub mod spans;
pub mod tally;
