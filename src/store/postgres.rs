//! PostgreSQL: for a region or the whole country, several instances behind webhooks.
use sqlx::Connection;
use sqlx::postgres::PgPoolOptions;

mod dialect {
    use super::*;
    use crate::store::StoreError;

    pub type Db = sqlx::Postgres;
    pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

    pub async fn pool(url: &str) -> Result<sqlx::Pool<Db>, StoreError> {
        Ok(PgPoolOptions::new()
            .max_connections(10)
            .connect(url)
            .await?)
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
}

#[path = "engine.rs"]
#[allow(clippy::duplicate_mod)] // compiled once per engine on purpose: see store/mod.rs
mod engine;

#[path = "desk_engine.rs"]
#[allow(clippy::duplicate_mod)] // compiled once per engine on purpose: see store/mod.rs
mod desk_engine;
#[path = "engine_oversight.rs"]
#[allow(clippy::duplicate_mod)] // compiled once per engine on purpose: see store/mod.rs
mod engine_oversight;
#[path = "engine_spending.rs"]
#[allow(clippy::duplicate_mod)] // compiled once per engine on purpose: see store/mod.rs
mod engine_spending;

pub use engine::EngineStore as PgStore;
