//! Storage: sqlx pool, migrations, and the repository the desk calls.
//!
//! atuin's pattern: one `Store` trait, one implementation per engine (`sqlite.rs`,
//! `postgres.rs`), each with its own `migrations/<engine>/`. The SQL text is the same on both
//! engines (`$1` placeholders, `ON CONFLICT`, `RETURNING`), so the implementation is written once
//! in `engine.rs` and compiled once per engine against that engine's concrete sqlx types; only
//! connecting, the write-transaction opener and row locking differ (`dialect` in each engine
//! file). This avoids both copy-pasted SQL and sqlx's unwieldy generic-over-`Database` bounds.
pub mod desk;
mod error;
mod model;
pub mod oversight;
pub mod personal;
pub mod postgres;
pub mod spending;
pub mod sqlite;

pub use desk::{AgencyChats, ChatBinding, DeskStore, InboxUpdate, OutboxLease, Side, UserSettings};
pub use error::StoreError;
pub use model::{CaseFilter, NewOutbox, OutboxMessage, Question, RoutingChoice, User};
pub use oversight::{
    CaseLog, Erasure, LoggedQuestion, Metrics, Oversight, PersonalData, PrivacyLogEntry, Session,
};
pub use postgres::PgStore;
pub use spending::{Imported, NewSnapshot, NewVisit, Snapshot, Spending, UnitOfficer, VisitOpened};
pub use sqlite::SqliteStore;

use chrono::{DateTime, Duration, Utc};
use clinic_core::cases::{
    Actor, Agency, AgencyCode, Case, CaseRef, Command, Event, Invite, Role, UserId,
};
use std::future::Future;

/// Turns the events a command produced (and the case after them) into messages to send;
/// they are written to `outbox` in the same transaction as the events.
pub trait Outgoing: FnOnce(&Case, &[Event]) -> Vec<NewOutbox> + Send {}
impl<F: FnOnce(&Case, &[Event]) -> Vec<NewOutbox> + Send> Outgoing for F {}

/// For callers with nothing to send.
pub fn no_messages(_: &Case, _: &[Event]) -> Vec<NewOutbox> {
    Vec::new()
}

type Res<T> = Result<T, StoreError>;

/// What the desk, the workers and the CLI need from storage. Every case change goes through
/// `open_case` or `act`: `cases::decide` judges, then events + case row + outbox rows are
/// written in one transaction.
pub trait Store: Clone + Send + Sync + 'static {
    /// Apply pending migrations (also done by `connect`).
    fn migrate(&self) -> impl Future<Output = Res<()>> + Send;
    /// Upsert the agencies of `agencies.toml`; agencies no longer listed are kept (cases
    /// refer to them).
    fn sync_agencies(&self, agencies: &[Agency]) -> impl Future<Output = Res<()>> + Send;
    fn agencies(&self) -> impl Future<Output = Res<Vec<Agency>>> + Send;

    /// First contact: an officer registers (again: name and unit are updated, role kept).
    fn register_officer(
        &self,
        id: UserId,
        name: &str,
        unit: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<User>> + Send;
    /// `CLINIC_ADMINS` at start: these users are admins, whatever they were.
    fn bootstrap_admins(
        &self,
        ids: &[UserId],
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<()>> + Send;
    /// An admin makes someone officer, coordinator or admin (experts join by invite).
    fn set_role(
        &self,
        admin: &Actor,
        user: UserId,
        role: Role,
    ) -> impl Future<Output = Res<User>> + Send;
    fn user(&self, id: UserId) -> impl Future<Output = Res<Option<User>>> + Send;

    fn create_invite(
        &self,
        issuer: &Actor,
        agency: &AgencyCode,
        now: DateTime<Utc>,
        valid_for: Duration,
    ) -> impl Future<Output = Res<Invite>> + Send;
    /// `/join CODE`: the user (created if new) becomes an expert of the code's agency.
    fn redeem_invite(
        &self,
        user: UserId,
        name: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<User>> + Send;

    /// Reserve the next reference and open a case, in one transaction.
    fn open_case(
        &self,
        officer: &Actor,
        agency: &AgencyCode,
        subject: &str,
        now: DateTime<Utc>,
        outgoing: impl Outgoing,
    ) -> impl Future<Output = Res<Case>> + Send;
    /// Any other command on a case (merge also links the surviving case).
    fn act(
        &self,
        actor: &Actor,
        case_ref: &CaseRef,
        command: Command,
        now: DateTime<Utc>,
        outgoing: impl Outgoing,
    ) -> impl Future<Output = Res<Case>> + Send;
    /// A case the actor may see (else `Refused`).
    fn case(&self, actor: &Actor, case_ref: &CaseRef) -> impl Future<Output = Res<Case>> + Send;
    /// Its full log, oldest first (internal notes included: the desk hides them from officers).
    fn events(
        &self,
        actor: &Actor,
        case_ref: &CaseRef,
    ) -> impl Future<Output = Res<Vec<Event>>> + Send;
    /// The cases the actor may see, filtered, oldest first.
    fn cases(
        &self,
        actor: &Actor,
        filter: &CaseFilter,
    ) -> impl Future<Output = Res<Vec<Case>>> + Send;

    fn log_question(&self, question: &Question) -> impl Future<Output = Res<i64>> + Send;
    /// What the officer picked for a case routing proposed an agency for.
    fn log_routing_choice(&self, choice: &RoutingChoice) -> impl Future<Output = Res<()>> + Send;
    /// 👍 / 👎 on an answer: `helpful` true or false.
    fn question_feedback(&self, id: i64, helpful: bool) -> impl Future<Output = Res<()>> + Send;

    /// True the first time an `update_id` is seen; store it before acknowledging the update.
    fn remember_update(
        &self,
        update_id: i64,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<bool>> + Send;

    /// Messages not caused by a case change (e.g. answers) go in on their own.
    fn enqueue(
        &self,
        messages: Vec<NewOutbox>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<()>> + Send;
    /// The oldest pending message of each chat whose attempt time has come (per-chat order).
    fn due_messages(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> impl Future<Output = Res<Vec<OutboxMessage>>> + Send;
    fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> impl Future<Output = Res<()>> + Send;
    fn mark_retry(
        &self,
        id: i64,
        next_attempt_at: DateTime<Utc>,
        error: &str,
    ) -> impl Future<Output = Res<()>> + Send;
}

/// The engine named by `DATABASE_URL`'s scheme; callers match once and stay generic.
#[derive(Clone)]
pub enum Engine {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

/// Connect and migrate. `province` prefixes case references (`CLINIC_PROVINCE`, e.g. `KK`).
pub async fn connect(url: &str, province: &str) -> Res<Engine> {
    if url.starts_with("sqlite:") {
        Ok(Engine::Sqlite(SqliteStore::connect(url, province).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Engine::Postgres(PgStore::connect(url, province).await?))
    } else {
        Err(StoreError::UnknownUrl(url.to_owned()))
    }
}

/// The names of the agencies and of everyone `events` mention, for logs that people read.
pub async fn names_in<S: Store>(
    store: &S,
    events: &[Event],
) -> Result<clinic_core::cases::labels::Names, StoreError> {
    let mut names = clinic_core::cases::labels::Names::with_agencies(&store.agencies().await?);
    for id in events
        .iter()
        .flat_map(clinic_core::cases::labels::Names::people_in)
    {
        if names.people.contains_key(&id) {
            continue;
        }
        if let Some(user) = store.user(id).await? {
            names.people.insert(id, user.name);
        }
    }
    Ok(names)
}
