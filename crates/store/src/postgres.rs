//! PostgreSQL: for a region or the whole country, several instances behind webhooks.
use sqlx::Connection;
use sqlx::postgres::PgPoolOptions;

mod dialect {
    use super::*;
    use crate::StoreError;

    pub type Db = sqlx::Postgres;
    pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

    /// How long connecting may take before the service gives up with a message (sqlx waits
    /// 30 s by default, then names nothing).
    const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

    /// A unit idle this long in its transaction is ended by the server: the updates it held
    /// (`inbox_next`) go back to the others. A turn takes milliseconds; only a hung instance
    /// waits this long.
    const HELD_AT_MOST: &str = "60s";

    pub async fn pool(url: &str) -> Result<sqlx::Pool<Db>, StoreError> {
        let options: sqlx::postgres::PgConnectOptions = url.parse()?;
        let options = options.options([("idle_in_transaction_session_timeout", HELD_AT_MOST)]);
        // host:port only: the URL may carry a password.
        let server = format!("{}:{}", options.get_host(), options.get_port());
        PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Unreachable {
                server,
                why: match e {
                    sqlx::Error::PoolTimedOut => format!("no answer within {CONNECT_TIMEOUT:?}"),
                    other => other.to_string(),
                },
            })
    }

    /// A transaction, or a savepoint inside a unit.
    pub async fn begin_write(
        conn: &mut sqlx::PgConnection,
    ) -> Result<sqlx::Transaction<'_, Db>, sqlx::Error> {
        conn.begin().await
    }

    pub async fn begin_unit(
        pool: &sqlx::Pool<Db>,
    ) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
        pool.begin().await
    }

    /// Row lock: a second claimer waits here, then reads the claimed case and is refused.
    pub const CASE_FOR_WRITE: &str = "SELECT id, snapshot FROM cases WHERE ref = $1 FOR UPDATE";

    /// `inbox_next` passes over rows other units hold instead of waiting for them.
    pub const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";

    /// A session advisory lock keyed by the sender id, on a connection taken out of the pool
    /// for the lifetime of the lease: the server frees it when the process (or connection)
    /// dies, which is how other instances learn the sender is gone.
    pub async fn hold_lease(
        pool: &sqlx::Pool<Db>,
        sender: i64,
    ) -> Result<Box<dyn std::any::Any + Send + Sync>, StoreError> {
        let mut conn = pool.acquire().await?.detach();
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(sender)
            .execute(&mut conn)
            .await?;
        // In a mutex only to be `Sync`; nobody uses the connection again.
        Ok(Box::new(std::sync::Mutex::new(conn)))
    }

    /// Alive while someone holds the sender's lock; a lock we get is released at once.
    pub async fn lease_alive(pool: &sqlx::Pool<Db>, sender: i64) -> Result<bool, StoreError> {
        let mut conn = pool.acquire().await?;
        let (free,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
            .bind(sender)
            .fetch_one(&mut *conn)
            .await?;
        if free {
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(sender)
                .execute(&mut *conn)
                .await?;
        }
        Ok(!free)
    }
}

#[path = "sql/mod.rs"]
#[allow(clippy::duplicate_mod)] // compiled once per engine on purpose: see sql/mod.rs
mod sql;

pub use sql::EngineStore as PgStore;
