//! The SQL, written once: `sqlite.rs` and `postgres.rs` each compile this folder against their
//! own `dialect` (the concrete sqlx `Db`, how to connect, open a write transaction, lock a case).
//! One file per storage trait, named like the trait's own file one level up: `cases.rs` holds
//! `Store`, `desk.rs` `DeskStore`, `oversight.rs` `Oversight`, `spending.rs` `Spending`, and
//! `personal.rs` the PDPA work on the map of personal data in `../personal.rs`.
//!
//! Rows are read into `sqlx::FromRow` structs whose fields are named like the columns (aliased
//! in the SQL where a column is computed), so a reordered SELECT still reads each value into
//! its own field.
use super::dialect::{self, Db};
use crate::StoreError;
use chrono::{DateTime, SubsecRound, Utc};
use clinic_core::cases::CaseRef;
use sqlx::pool::PoolConnection;
use sqlx::{Pool, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

mod cases;
mod desk;
mod learning;
mod oversight;
mod personal;
mod spending;

type Res<T> = Result<T, StoreError>;
pub(super) type Tx<'c> = Transaction<'c, Db>;
type Connection = <Db as sqlx::Database>::Connection;
/// The open transaction of a unit (see `begin_unit`); `None` once committed or rolled back.
type Unit = Arc<Mutex<Option<Tx<'static>>>>;

#[derive(Clone)]
pub struct EngineStore {
    pool: Pool<Db>,
    province: String,
    /// Set on the handle `begin_unit` returns: every statement then runs in that transaction.
    unit: Option<Unit>,
    /// Set by `for_update`: the messages this handle writes belong to that update's turn.
    origin: Option<Origin>,
}

/// The update whose turn writes outbox rows, and how long its worker has to send them before
/// the background sender may (see `DeskStore::for_update`).
#[derive(Clone, Copy, Debug)]
pub(super) struct Origin {
    pub update_id: i64,
    pub handover: chrono::Duration,
}

/// Where one statement (or one write transaction) runs: a pooled connection, or the unit's
/// transaction — held for the statement, so a unit's statements never interleave.
pub(super) enum Conn<'a> {
    Pooled(PoolConnection<Db>),
    Unit(MappedMutexGuard<'a, Tx<'static>>),
}

impl Deref for Conn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Conn::Pooled(c) => c,
            Conn::Unit(tx) => tx,
        }
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        match self {
            Conn::Pooled(c) => c,
            Conn::Unit(tx) => tx,
        }
    }
}

impl EngineStore {
    /// Connect (creating an SQLite file on first run) and apply pending migrations.
    pub async fn connect(url: &str, province: &str) -> Res<Self> {
        let province = province.trim().to_ascii_uppercase();
        if CaseRef::from_parts(&province, 2569, 1).is_err() {
            return Err(StoreError::Province(province));
        }
        let pool = dialect::pool(url).await?;
        dialect::MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            province,
            unit: None,
            origin: None,
        })
    }

    /// Raw access for tests and one-off tools; application code goes through `Store`.
    pub fn pool(&self) -> &Pool<Db> {
        &self.pool
    }

    /// Prefix of case references.
    pub(super) fn province(&self) -> &str {
        &self.province
    }

    pub(super) fn origin(&self) -> Option<Origin> {
        self.origin
    }

    pub(super) fn with_origin(&self, origin: Origin) -> Self {
        Self {
            origin: Some(origin),
            ..self.clone()
        }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(super) async fn conn(&self) -> Res<Conn<'_>> {
        match &self.unit {
            None => Ok(Conn::Pooled(self.pool.acquire().await?)),
            Some(unit) => MutexGuard::try_map(unit.lock().await, Option::as_mut)
                .map(Conn::Unit)
                .map_err(|_| StoreError::UnitEnded),
        }
    }

    /// A handle whose statements all run in one new write transaction until
    /// `commit_unit`; dropping every clone without committing rolls it back.
    pub(super) async fn unit(&self) -> Res<Self> {
        if self.unit.is_some() {
            return Err(StoreError::UnitEnded);
        }
        let tx = dialect::begin_unit(&self.pool).await?;
        Ok(Self {
            unit: Some(Arc::new(Mutex::new(Some(tx)))),
            ..self.clone()
        })
    }

    async fn end_unit(&self, commit: bool) -> Res<()> {
        let Some(unit) = &self.unit else {
            return Ok(());
        };
        let Some(tx) = unit.lock().await.take() else {
            return Err(StoreError::UnitEnded);
        };
        if commit {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(())
    }

    pub(super) async fn commit(&self) -> Res<()> {
        self.end_unit(true).await
    }

    pub(super) async fn rollback(&self) -> Res<()> {
        self.end_unit(false).await
    }
}

/// PostgreSQL keeps microseconds; cutting `now` here makes both engines store the same instant.
pub(super) fn instant(now: DateTime<Utc>) -> DateTime<Utc> {
    now.trunc_subsecs(6)
}
