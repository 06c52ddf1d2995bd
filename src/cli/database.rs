//! Where the database is, and running a store command on whichever engine it names.
pub use super::config::DatabaseArgs;
use clinic::cases::{Actor, UserId, parse_admin_ids, parse_agencies};
use clinic::store::{self, Engine, Store};
use std::path::Path;

/// The CLI is run by the server's operator, who sees every case.
pub fn operator() -> Actor {
    Actor::admin(UserId(0))
}

pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

pub async fn connect(args: &DatabaseArgs) -> anyhow::Result<Engine> {
    Ok(store::connect(&args.database_url, &args.province).await?)
}

/// Copy `agencies.toml` into the database and make `CLINIC_ADMINS` admins.
pub async fn sync<S: Store>(store: &S, knowledge: &Path, db: &DatabaseArgs) -> anyhow::Result<()> {
    let path = knowledge.join("agencies.toml");
    let text =
        std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    store.sync_agencies(&parse_agencies(&text)?).await?;
    let admins = parse_admin_ids(&db.admins)?;
    store.bootstrap_admins(&admins, chrono::Utc::now()).await?;
    Ok(())
}

/// Run `$body` with `$store` bound to whichever engine `$engine` is (each arm is monomorphic).
macro_rules! on_engine {
    ($engine:expr, $store:ident => $body:expr) => {
        match $engine {
            clinic::store::Engine::Sqlite($store) => $body,
            clinic::store::Engine::Postgres($store) => $body,
        }
    };
}
pub(crate) use on_engine;

/// Holidays for working-hour SLA figures.
pub fn calendar(knowledge: &Path) -> anyhow::Result<clinic::timeline::Calendar> {
    Ok(clinic::timeline::Calendar::load(knowledge)?)
}
