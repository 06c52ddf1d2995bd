//! Every series `/metrics` shows, named once, and the functions that move them. All are
//! `clinic_*`; the names are a public contract (dashboards and alerts are built on them).
use crate::cases::{Event, EventKind, Status};
use crate::store::Metrics;
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};

pub const UPDATES_HANDLED: &str = "clinic_updates_handled_total";
pub const UPDATE_SECONDS: &str = "clinic_update_duration_seconds";
pub const QUESTIONS: &str = "clinic_questions_total";
pub const ANSWERS: &str = "clinic_answers_total";
pub const ANSWERS_DECLINED: &str = "clinic_answers_declined_total";
pub const HANDOFFS: &str = "clinic_handoffs_total";
pub const CASE_CHANGES: &str = "clinic_case_changes_total";
pub const SLA_REMINDERS: &str = "clinic_sla_reminders_total";
pub const SLA_BREACHES: &str = "clinic_sla_breaches_total";
pub const OUTBOX_SENDS: &str = "clinic_outbox_sends_total";
pub const OUTBOX_DEPTH: &str = "clinic_outbox_depth";
pub const OUTBOX_FAILED: &str = "clinic_outbox_failed";
pub const CASES: &str = "clinic_cases";
pub const HTTP_REQUESTS: &str = "clinic_http_requests_total";

/// Seconds; an update is a few database round trips and a search, a slow one a second or more.
pub const UPDATE_BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// What became of one attempt to send an outbox row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendResult {
    Sent,
    /// Failed for now; tried again later.
    Retry,
    /// Given up on (Telegram refused it for good, or it could not be read).
    Failed,
    /// Nothing left to send (an expired button answer).
    Dropped,
}

impl SendResult {
    pub const ALL: [SendResult; 4] = [
        SendResult::Sent,
        SendResult::Retry,
        SendResult::Failed,
        SendResult::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SendResult::Sent => "sent",
            SendResult::Retry => "retry",
            SendResult::Failed => "failed",
            SendResult::Dropped => "dropped",
        }
    }
}

/// Help texts, and every series registered at zero.
pub(super) fn describe() {
    let counters = [
        (
            UPDATES_HANDLED,
            "Telegram updates handled by this instance.",
        ),
        (QUESTIONS, "Questions asked."),
        (ANSWERS, "Questions answered from the knowledge base."),
        (
            ANSWERS_DECLINED,
            "Questions the knowledge base did not answer (closest entries offered).",
        ),
        (HANDOFFS, "Cases handed off to an agency."),
        (CASE_CHANGES, "Changes to cases, by action."),
        (SLA_REMINDERS, "SLA reminders sent."),
        (SLA_BREACHES, "SLA targets missed (escalated)."),
        (
            OUTBOX_SENDS,
            "Attempts to send an outbox message, by result.",
        ),
        (HTTP_REQUESTS, "HTTP requests answered, by status class."),
    ];
    for (name, help) in counters {
        describe_counter!(name, help);
    }
    for name in [
        UPDATES_HANDLED,
        QUESTIONS,
        ANSWERS,
        ANSWERS_DECLINED,
        HANDOFFS,
        SLA_REMINDERS,
        SLA_BREACHES,
    ] {
        counter!(name).absolute(0);
    }
    for result in SendResult::ALL {
        counter!(OUTBOX_SENDS, "result" => result.as_str()).absolute(0);
    }
    describe_gauge!(OUTBOX_DEPTH, "Messages waiting to be sent.");
    describe_gauge!(OUTBOX_FAILED, "Messages given up on.");
    describe_gauge!(CASES, "Cases by status.");
    set_state(&Metrics::default());
    describe_histogram!(
        UPDATE_SECONDS,
        metrics::Unit::Seconds,
        "Time to handle one Telegram update."
    );
}

/// One update handled (its changes and replies committed), in `seconds`.
pub fn update_handled(seconds: f64) {
    counter!(UPDATES_HANDLED).increment(1);
    histogram!(UPDATE_SECONDS).record(seconds);
}

/// An update the desk had no turn for (not a kind it handles, or unreadable), marked done.
pub fn update_passed_over() {
    counter!(UPDATES_HANDLED).increment(1);
}

/// A question asked: answered from the knowledge base, or declined.
pub fn question(answered: bool) {
    counter!(QUESTIONS).increment(1);
    let outcome = if answered { ANSWERS } else { ANSWERS_DECLINED };
    counter!(outcome).increment(1);
}

pub fn handoff() {
    counter!(HANDOFFS).increment(1);
}

/// A case changed by `action` (a command's name, `open` for a handoff).
pub fn case_changed(action: &'static str) {
    counter!(CASE_CHANGES, "action" => action).increment(1);
}

/// What the SLA clock logged.
pub fn sla_events(events: &[Event]) {
    for event in events {
        match event.what {
            EventKind::SlaReminder { .. } => counter!(SLA_REMINDERS).increment(1),
            EventKind::SlaBreached { .. } => counter!(SLA_BREACHES).increment(1),
            _ => {}
        }
    }
}

pub fn outbox_send(result: SendResult) {
    counter!(OUTBOX_SENDS, "result" => result.as_str()).increment(1);
}

/// One HTTP response, by its status class (`2xx`…): paths are not labels, they are unbounded.
pub fn http_response(status: u16) {
    let class = match status / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    };
    counter!(HTTP_REQUESTS, "class" => class).increment(1);
}

/// The state gauges from the database's counts; a status with no case reads zero.
pub fn set_state(state: &Metrics) {
    gauge!(OUTBOX_DEPTH).set(state.outbox_pending as f64);
    gauge!(OUTBOX_FAILED).set(state.outbox_failed as f64);
    for status in Status::ALL {
        let n = state
            .cases_by_status
            .iter()
            .find(|(s, _)| s == status.as_str())
            .map_or(0, |(_, n)| *n);
        gauge!(CASES, "status" => status.as_str()).set(n as f64);
    }
}
