//! Storage: sqlx pool, migrations, and the repository the desk calls.
//!
//! atuin's pattern: one `Store` trait, one implementation per engine (`sqlite.rs`,
//! `postgres.rs`), each with its own `migrations/<engine>/`. The SQL text is the same on both
//! engines (`$1` placeholders, `ON CONFLICT`, `RETURNING`), so the implementation is written once
//! in `sql/` and compiled once per engine against that engine's concrete sqlx types; only
//! connecting, the write-transaction opener and row locking differ (`dialect` in each engine
//! file). This avoids both copy-pasted SQL and sqlx's unwieldy generic-over-`Database` bounds.
mod cases;
pub mod desk;
mod error;
pub mod learning;
mod model;
pub mod oversight;
pub mod personal;
pub mod postgres;
pub mod spending;
pub mod sqlite;

pub use cases::{MessagesFor, Store, no_messages};
pub use desk::{AgencyChats, ChatBinding, DeskStore, InboxUpdate, OutboxLease, Side, UserSettings};
pub use error::StoreError;
pub use learning::{CourseProgress, Learning, QuizAnswer, SavedPlan, SavedStep};
pub use model::{CaseFilter, NewOutbox, OutboxMessage, Question, RoutingChoice, User};
pub use oversight::{
    CaseLog, Erasure, LoggedQuestion, Metrics, Oversight, PersonalData, PrivacyLogEntry, Session,
};
pub use postgres::PgStore;
pub use spending::{Imported, NewSnapshot, NewVisit, Snapshot, Spending, UnitOfficer, VisitOpened};
pub use sqlite::SqliteStore;

use clinic_core::cases::Event;

type Res<T> = Result<T, StoreError>;

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
