//! What the coordinators' side needs from storage beyond [`Store`]: whole case logs for reports,
//! the questions log, dashboard links and sessions, metrics, reports sent once, and the PDPA
//! anonymiser. Written once in `sql/oversight.rs`, compiled per engine like the rest of `sql/`.
use super::{NewOutbox, RoutingChoice, Store, StoreError, User};
use chrono::{DateTime, Utc};
use clinic_core::cases::{Case, CaseRef, Event, UserId};
use serde::Serialize;
use std::future::Future;

type Res<T> = Result<T, StoreError>;

/// A case and its whole log, oldest event first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseLog {
    pub case: Case,
    pub events: Vec<Event>,
    pub anonymised: bool,
}

/// A row of `questions_log` as reports read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoggedQuestion {
    pub id: i64,
    pub user: Option<UserId>,
    pub asked_at: DateTime<Utc>,
    pub text: String,
    pub entry_id: Option<String>,
    pub confidence: f64,
    pub answered: bool,
    /// `up` or `down` (👍 / 👎), if the officer said.
    pub feedback: Option<String>,
    /// The agency of the answering entry, or the routed one.
    pub agency: Option<String>,
}

/// A dashboard session: who, and the CSRF token every form of theirs must carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
}

/// The desk's state as the database holds it, for the gauges of `/metrics`: the same on every
/// instance, unlike the counters, which each instance keeps in memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    pub outbox_pending: i64,
    pub outbox_failed: i64,
    pub cases_by_status: Vec<(String, i64)>,
}

/// Everything kept about one person (PDPA data-subject access).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonalData {
    pub user: Option<User>,
    pub cases: Vec<CaseLog>,
    pub questions: Vec<LoggedQuestion>,
    /// The person's rows in every table holding personal data (`store::personal::MAP`),
    /// raw Telegram updates (`inbox`) and messages sent to them (`outbox`) included.
    pub records: std::collections::BTreeMap<String, Vec<serde_json::Value>>,
}

/// One line of the PDPA log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrivacyLogEntry {
    pub at: DateTime<Utc>,
    pub action: String,
    pub user: Option<UserId>,
    pub case_ref: Option<String>,
    pub requested_by: UserId,
    pub detail: String,
}

/// Why a case's personal data are being erased (the `privacy_log.action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erasure {
    /// The retention period of a closed case has passed.
    Retention,
    /// The data subject asked to be forgotten.
    Forget,
}

impl Erasure {
    pub fn as_str(self) -> &'static str {
        match self {
            Erasure::Retention => "retention",
            Erasure::Forget => "forget",
        }
    }
}

pub trait Oversight: Store {
    /// Cases changed since `since` plus every case not yet final, with their logs.
    fn case_logs(
        &self,
        since: Option<DateTime<Utc>>,
    ) -> impl Future<Output = Res<Vec<CaseLog>>> + Send;
    /// Questions asked in `[from, until)`, oldest first.
    fn questions_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> impl Future<Output = Res<Vec<LoggedQuestion>>> + Send;

    /// Officers' routing choices made in `[from, until)`, oldest first.
    fn routing_choices_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> impl Future<Output = Res<Vec<RoutingChoice>>> + Send;

    /// A shared setting, created with `initial` by whichever instance asks first.
    fn setting_or_init(&self, key: &str, initial: &str)
    -> impl Future<Output = Res<String>> + Send;
    /// Remember a login link's nonce (the token itself is signed by the application's `sessions`).
    fn issue_link(
        &self,
        nonce: &str,
        user: UserId,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> impl Future<Output = Res<()>> + Send;
    /// Use a nonce once: the user it was issued to, if it is known, unexpired and unused.
    fn redeem_link(
        &self,
        nonce: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<Option<UserId>>> + Send;
    fn create_session(
        &self,
        id: &str,
        user: UserId,
        csrf: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> impl Future<Output = Res<()>> + Send;
    fn session(
        &self,
        id: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<Option<Session>>> + Send;
    fn end_session(&self, id: &str) -> impl Future<Output = Res<()>> + Send;

    /// The state gauges: outbox rows waiting and given up on, cases by status.
    fn metrics(&self) -> impl Future<Output = Res<Metrics>> + Send;
    /// One round trip to the database (`/healthz`).
    fn ping(&self) -> impl Future<Output = Res<()>> + Send;
    /// Enqueue `messages` only if the report `key` was never sent; true if this call sent it.
    fn report_once(
        &self,
        key: &str,
        messages: Vec<NewOutbox>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<bool>> + Send;

    /// Final cases (closed, cancelled, merged) last changed before `cutoff`, not yet anonymised.
    fn retention_due(
        &self,
        cutoff: DateTime<Utc>,
    ) -> impl Future<Output = Res<Vec<CaseRef>>> + Send;
    /// Replace every free text of a case (log, subject, its questions) with `placeholder`,
    /// logged in `privacy_log`; the only writer allowed to touch `case_events` payloads.
    fn anonymise_case(
        &self,
        case_ref: &CaseRef,
        why: Erasure,
        requested_by: UserId,
        placeholder: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<()>> + Send;
    /// Everything about `user`, logged as an `export` request.
    fn personal_data(
        &self,
        user: UserId,
        requested_by: UserId,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<PersonalData>> + Send;
    /// Erase `user`: their cases' texts, their questions, their name and unit; logged.
    /// Returns how many cases were anonymised.
    fn forget_user(
        &self,
        user: UserId,
        requested_by: UserId,
        placeholder: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<usize>> + Send;
    fn privacy_log(&self) -> impl Future<Output = Res<Vec<PrivacyLogEntry>>> + Send;
}
