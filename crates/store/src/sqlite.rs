//! SQLite: the default, one file per office (WAL, busy timeout, foreign keys on).
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;

mod dialect {
    use super::*;
    use crate::StoreError;

    pub type Db = sqlx::Sqlite;
    pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

    pub async fn pool(url: &str) -> Result<sqlx::Pool<Db>, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(std::time::Duration::from_secs(15))
            .foreign_keys(true);
        // One connection: SQLite has one writer anyway, and writers queued here wait in
        // order, while writers racing on the file's lock sleep in SQLite's busy handler
        // (up to 100 ms a try), which under load made replies take half a second.
        // No ping before each acquire: the connection is a file handle in this process, so a
        // ping tests nothing and only costs a round trip to sqlx's worker thread — one per
        // statement outside a unit, the most frequent cost under load.
        Ok(SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options)
            .await?)
    }

    /// `BEGIN IMMEDIATE` takes the write lock before we read the case, so two writers never
    /// both read version N (a deferred transaction would fail on upgrade with SQLITE_BUSY).
    /// Inside a unit the lock is already held and the write becomes a savepoint.
    pub async fn begin_write(
        conn: &mut sqlx::SqliteConnection,
    ) -> Result<sqlx::Transaction<'_, Db>, sqlx::Error> {
        if conn.is_in_transaction() {
            conn.begin().await
        } else {
            conn.begin_with("BEGIN IMMEDIATE").await
        }
    }

    pub async fn begin_unit(
        pool: &sqlx::Pool<Db>,
    ) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
        pool.begin_with("BEGIN IMMEDIATE").await
    }

    /// The write lock is already ours; no row locking in SQLite.
    pub const CASE_FOR_WRITE: &str = "SELECT id, snapshot FROM cases WHERE ref = $1";

    /// No row locks: the unit holding the write lock is the only one running.
    pub const SKIP_LOCKED: &str = "";

    /// One process per SQLite file: nothing to hold, and any other sender is a previous run
    /// of this process that is gone.
    pub async fn hold_lease(
        _pool: &sqlx::Pool<Db>,
        _sender: i64,
    ) -> Result<Box<dyn std::any::Any + Send + Sync>, StoreError> {
        Ok(Box::new(()))
    }

    pub async fn lease_alive(_pool: &sqlx::Pool<Db>, _sender: i64) -> Result<bool, StoreError> {
        Ok(false)
    }
}

#[path = "sql/mod.rs"]
#[allow(clippy::duplicate_mod)] // compiled once per engine on purpose: see sql/mod.rs
mod sql;

pub use sql::EngineStore as SqliteStore;
