//! `Spending`, written once and compiled per engine (see `mod.rs`).
use super::cases::{UserRow, insert_opened, known_agency, next_ref, send_once, user_from_row};
use super::dialect;
use super::{EngineStore, instant};
use crate::spending::{
    Imported, NewSnapshot, NewVisit, Snapshot, Spending, UnitOfficer, VisitOpened,
};
use crate::{MessagesFor, NewOutbox, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use clinic_core::cases::{Actor, CaseRef, decide_open_visit};
use clinic_core::spending::{BudgetType, Percent, ReportRow, SnapshotTargets};
use clinic_core::thai::Baht;
use sqlx::QueryBuilder;

type Res<T> = Result<T, StoreError>;

/// Rows a statement when importing: 8 parameters each stays under SQLite's 32,766 and
/// PostgreSQL's 65,535 parameters a statement.
const ROWS_PER_INSERT: usize = 2_000;

/// A user row plus their language (`user_settings.lang`, absent before any setting).
#[derive(sqlx::FromRow)]
struct OfficerRow {
    #[sqlx(flatten)]
    user: UserRow,
    lang: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SnapshotRow {
    id: i64,
    fiscal_year: i64,
    as_of: NaiveDate,
    imported_at: DateTime<Utc>,
    source_name: String,
    checksum: String,
    target_overall: i64,
    target_recurrent: i64,
    target_investment: i64,
}

const SELECT_SNAPSHOT: &str = "SELECT id, fiscal_year, as_of, imported_at, source_name, \
     checksum, target_overall, target_recurrent, target_investment FROM spending_snapshots";

/// Not closed yet: the statuses in which a visit still counts as open.
const NOT_FINAL: &str = "('open', 'claimed', 'waiting', 'resolved')";

fn snapshot_from_row(row: SnapshotRow) -> Res<Snapshot> {
    let year = row.fiscal_year;
    Ok(Snapshot {
        id: row.id,
        fiscal_year_be: i32::try_from(year)
            .map_err(|_| StoreError::Corrupt(format!("fiscal year {year}")))?,
        as_of: row.as_of,
        imported_at: row.imported_at,
        source_name: row.source_name,
        checksum: row.checksum,
        targets: SnapshotTargets {
            overall: Percent(row.target_overall),
            recurrent: Percent(row.target_recurrent),
            investment: Percent(row.target_investment),
        },
    })
}

async fn open_visit_ref(
    ex: impl sqlx::Executor<'_, Database = dialect::Db>,
    unit_key: &str,
) -> Res<Option<CaseRef>> {
    let row: Option<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT ref FROM cases WHERE kind = 'visit' AND visit_unit = $1 AND status IN {NOT_FINAL}"
    )))
    .bind(unit_key)
    .fetch_optional(ex)
    .await?;
    row.map(|(r,)| CaseRef::parse(&r).map_err(|e| StoreError::Corrupt(e.to_string())))
        .transpose()
}

impl Spending for EngineStore {
    async fn import_snapshot(
        &self,
        snapshot: &NewSnapshot,
        rows: &[ReportRow],
        now: DateTime<Utc>,
    ) -> Res<Imported> {
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        let known: Option<SnapshotRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_SNAPSHOT} WHERE checksum = $1"
        )))
        .bind(&snapshot.checksum)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = known {
            return Ok(Imported::Duplicate(snapshot_from_row(row)?));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO spending_snapshots (fiscal_year, as_of, imported_at, source_name, \
             checksum, target_overall, target_recurrent, target_investment) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(i64::from(snapshot.fiscal_year_be))
        .bind(snapshot.as_of)
        .bind(instant(now))
        .bind(&snapshot.source_name)
        .bind(&snapshot.checksum)
        .bind(snapshot.targets.overall.0)
        .bind(snapshot.targets.recurrent.0)
        .bind(snapshot.targets.investment.0)
        .fetch_one(&mut *tx)
        .await?;
        // Many rows a statement: a statement per row made a 400,000-row file take minutes.
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let mut insert = QueryBuilder::<dialect::Db>::new(
                "INSERT INTO spending_rows (snapshot_id, line, unit, unit_key, budget_type, \
                 allocated, disbursed, committed) ",
            );
            insert.push_values(chunk, |mut values, row| {
                values
                    .push_bind(id)
                    .push_bind(i64::try_from(row.line).unwrap_or(i64::MAX))
                    .push_bind(row.unit.clone())
                    .push_bind(row.unit_key())
                    .push_bind(row.budget_type.as_str())
                    .push_bind(row.allocated.satang())
                    .push_bind(row.disbursed.satang())
                    .push_bind(row.committed.satang());
            });
            insert.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(Imported::New(Snapshot {
            id,
            fiscal_year_be: snapshot.fiscal_year_be,
            as_of: snapshot.as_of,
            imported_at: instant(now),
            source_name: snapshot.source_name.clone(),
            checksum: snapshot.checksum.clone(),
            targets: snapshot.targets,
        }))
    }

    async fn snapshots(&self, limit: i64) -> Res<Vec<Snapshot>> {
        let rows: Vec<SnapshotRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_SNAPSHOT} ORDER BY as_of DESC, id DESC LIMIT $1"
        )))
        .bind(limit)
        .fetch_all(&mut *self.conn().await?)
        .await?;
        rows.into_iter().map(snapshot_from_row).collect()
    }

    async fn snapshot_rows(&self, snapshot: i64) -> Res<Vec<ReportRow>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            line: i64,
            unit: String,
            budget_type: String,
            allocated: i64,
            disbursed: i64,
            committed: i64,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT line, unit, budget_type, allocated, disbursed, committed \
             FROM spending_rows WHERE snapshot_id = $1 ORDER BY line",
        )
        .bind(snapshot)
        .fetch_all(&mut *self.conn().await?)
        .await?;
        rows.into_iter()
            .map(|row| {
                let (line, kind) = (row.line, row.budget_type);
                Ok(ReportRow {
                    line: usize::try_from(line)
                        .map_err(|_| StoreError::Corrupt(format!("line {line}")))?,
                    unit: row.unit,
                    budget_type: BudgetType::parse(&kind)
                        .ok_or_else(|| StoreError::Corrupt(format!("budget type {kind}")))?,
                    allocated: Baht::from_satang(row.allocated),
                    disbursed: Baht::from_satang(row.disbursed),
                    committed: Baht::from_satang(row.committed),
                })
            })
            .collect()
    }

    async fn unit_officers(&self) -> Res<Vec<UnitOfficer>> {
        let rows: Vec<OfficerRow> = sqlx::query_as(
            "SELECT u.id, u.name, u.unit, u.role, u.agency, u.created_at, s.lang \
                 FROM users u LEFT JOIN user_settings s ON s.user_id = u.id \
                 WHERE u.role = 'officer' AND u.unit <> '' ORDER BY u.id",
        )
        .fetch_all(&mut *self.conn().await?)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(UnitOfficer {
                    user: user_from_row(row.user)?,
                    lang: row.lang.unwrap_or_else(|| "th".into()),
                })
            })
            .collect()
    }

    async fn alert_unit_once(
        &self,
        snapshot: i64,
        unit_key: &str,
        messages: Vec<NewOutbox>,
        now: DateTime<Utc>,
    ) -> Res<bool> {
        let claim = sqlx::query(
            "INSERT INTO spending_alerts (snapshot_id, unit_key, sent_at) VALUES ($1, $2, $3) \
             ON CONFLICT (snapshot_id, unit_key) DO NOTHING",
        )
        .bind(snapshot)
        .bind(unit_key.to_owned())
        .bind(instant(now));
        send_once(self, claim, messages, now).await
    }

    async fn open_visit(
        &self,
        visit: NewVisit,
        now: DateTime<Utc>,
        messages_for: impl MessagesFor,
    ) -> Res<VisitOpened> {
        let now = instant(now);
        let unit_key = visit.visit.unit_key.clone();
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        if let Some(open) = open_visit_ref(&mut *tx, &unit_key).await? {
            return Ok(VisitOpened::AlreadyOpen(open));
        }
        known_agency(&mut tx, &visit.agency).await?;
        let case_ref = next_ref(&mut tx, self.province(), now).await?;
        let events = decide_open_visit(
            &Actor::system(),
            case_ref,
            visit.officer,
            visit.agency,
            visit.subject,
            visit.visit,
            now,
        )?;
        match insert_opened(&mut tx, &events, now, messages_for, self.origin()).await {
            Ok(case) => {
                tx.commit().await?;
                Ok(VisitOpened::Opened(Box::new(case)))
            }
            // Another instance opened this unit's visit meanwhile (the unique index said so).
            Err(StoreError::Conflict) => {
                drop(tx);
                match open_visit_ref(&mut *conn, &unit_key).await? {
                    Some(open) => Ok(VisitOpened::AlreadyOpen(open)),
                    None => Err(StoreError::Conflict),
                }
            }
            Err(e) => Err(e),
        }
    }

    async fn open_case_counts(&self) -> Res<(usize, usize)> {
        #[derive(sqlx::FromRow)]
        struct Counts {
            cases: i64,
            visits: i64,
        }
        let counts: Counts = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS cases, \
             COALESCE(SUM(CASE WHEN kind = 'visit' THEN 1 ELSE 0 END), 0) AS visits \
             FROM cases WHERE status IN {NOT_FINAL}"
        )))
        .fetch_one(&mut *self.conn().await?)
        .await?;
        Ok((
            usize::try_from(counts.cases).unwrap_or(0),
            usize::try_from(counts.visits).unwrap_or(0),
        ))
    }
}
