use clinic_core::cases::{CaseRef, Refusal, UserId};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The domain said no; show `refusal.th()` to the user.
    #[error("refused: {0}")]
    Refused(#[from] Refusal),
    #[error("no case {0}")]
    NoCase(CaseRef),
    #[error("no user {0}")]
    NoUser(UserId),
    #[error("unknown agency {0}")]
    NoAgency(String),
    /// Someone else changed the case between our read and our write; retry the command.
    #[error("the case changed meanwhile; try again")]
    Conflict,
    #[error("invalid province prefix {0:?} (2–3 letters, e.g. KK)")]
    Province(String),
    #[error("DATABASE_URL must start with sqlite: or postgres://, not {0:?}")]
    UnknownUrl(String),
    #[error("ติดต่อ PostgreSQL ที่ {server} ไม่ได้ (cannot connect to PostgreSQL at {server}): {why}")]
    Unreachable { server: String, why: String },
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// A unit's transaction was used after its commit or rollback, or a unit was nested.
    #[error("the unit of work has ended (or was nested)")]
    UnitEnded,
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Unique-key violations on `case_events (case_id, seq)` mean a concurrent writer won.
    pub(crate) fn from_write(error: sqlx::Error) -> Self {
        match error.as_database_error() {
            Some(db) if db.is_unique_violation() => StoreError::Conflict,
            _ => StoreError::Sql(error),
        }
    }
}
