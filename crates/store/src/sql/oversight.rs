//! `Oversight`, written once and compiled per engine (see `mod.rs`).
use super::cases::{CaseRow, lock_case, send_once};
use super::dialect;
use super::personal::{self, Whose};
use super::{EngineStore, Tx, instant};
use crate::oversight::{
    CaseLog, Erasure, LoggedQuestion, Metrics, Oversight, PersonalData, PrivacyLogEntry, Session,
};
use crate::{NewOutbox, RoutingChoice, Store, StoreError};
use chrono::{DateTime, Utc};
use clinic_core::cases::{CaseRef, Event, UserId};
use sqlx::types::Json;

type Res<T> = Result<T, StoreError>;

/// A row of `questions_log` (`SELECT_QUESTIONS`).
#[derive(sqlx::FromRow)]
pub(super) struct QuestionRow {
    pub id: i64,
    pub user_id: Option<i64>,
    pub asked_at: DateTime<Utc>,
    pub text: String,
    pub entry_id: Option<String>,
    pub confidence: f64,
    pub answered: bool,
    pub feedback: Option<String>,
    pub agency: Option<String>,
}

pub(super) const SELECT_QUESTIONS: &str = "SELECT id, user_id, asked_at, text, entry_id, \
     confidence, answered, feedback, agency FROM questions_log";

fn question_from_row(row: QuestionRow) -> LoggedQuestion {
    LoggedQuestion {
        id: row.id,
        user: row.user_id.map(UserId),
        asked_at: row.asked_at,
        text: row.text,
        entry_id: row.entry_id,
        confidence: row.confidence,
        answered: row.answered,
        feedback: row.feedback,
        agency: row.agency,
    }
}

/// A case for a log: its key, its snapshot, and whether it has been anonymised.
#[derive(sqlx::FromRow)]
struct LoggedCaseRow {
    #[sqlx(flatten)]
    case: CaseRow,
    anonymised: bool,
}

/// The cases with their events.
async fn logs_of(store: &EngineStore, cases: Vec<LoggedCaseRow>) -> Res<Vec<CaseLog>> {
    let mut logs = Vec::with_capacity(cases.len());
    for row in cases {
        let rows: Vec<(Json<Event>,)> =
            sqlx::query_as("SELECT payload FROM case_events WHERE case_id = $1 ORDER BY seq")
                .bind(row.case.id)
                .fetch_all(&mut *store.conn().await?)
                .await?;
        logs.push(CaseLog {
            case: row.case.snapshot,
            events: rows.into_iter().map(|(Json(e),)| e).collect(),
            anonymised: row.anonymised,
        });
    }
    Ok(logs)
}

async fn log_privacy(
    tx: &mut Tx<'_>,
    action: &str,
    user: Option<UserId>,
    case_id: Option<i64>,
    requested_by: UserId,
    detail: &str,
    now: DateTime<Utc>,
) -> Res<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO privacy_log (at, action, user_id, case_id, requested_by, detail, redacting) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(instant(now))
    .bind(action)
    .bind(user.map(|u| u.0))
    .bind(case_id)
    .bind(requested_by.0)
    .bind(detail)
    .bind(case_id.is_some() && action != "export")
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Inside the caller's transaction: the redaction window opens with the `privacy_log` row and
/// closes before commit (see the migration `20260301000000_coordinators.sql`).
async fn redact_case(
    tx: &mut Tx<'_>,
    case_ref: &CaseRef,
    why: Erasure,
    requested_by: UserId,
    placeholder: &str,
    now: DateTime<Utc>,
) -> Res<()> {
    let (case_id, mut case) = lock_case(tx, case_ref).await?;
    let user = Some(case.officer);
    let log_id = log_privacy(
        tx,
        why.as_str(),
        user,
        Some(case_id),
        requested_by,
        &case_ref.to_string(),
        now,
    )
    .await?;
    #[derive(sqlx::FromRow)]
    struct EventRow {
        id: i64,
        #[sqlx(json)]
        payload: Event,
    }
    let events: Vec<EventRow> =
        sqlx::query_as("SELECT id, payload FROM case_events WHERE case_id = $1 ORDER BY seq")
            .bind(case_id)
            .fetch_all(&mut **tx)
            .await?;
    for EventRow {
        id,
        payload: mut event,
    } in events
    {
        event.what.redact(placeholder);
        sqlx::query("UPDATE case_events SET payload = $1 WHERE id = $2")
            .bind(Json(&event))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    placeholder.clone_into(&mut case.subject);
    sqlx::query("UPDATE cases SET subject = $1, snapshot = $2, anonymised_at = $3 WHERE id = $4")
        .bind(placeholder)
        .bind(Json(&case))
        .bind(instant(now))
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    for table in ["questions_log", "routing_choices"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET text = $1 WHERE case_id = $2"
        )))
        .bind(placeholder)
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("UPDATE privacy_log SET redacting = $1 WHERE id = $2")
        .bind(false)
        .bind(log_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Oversight for EngineStore {
    async fn case_logs(&self, since: Option<DateTime<Utc>>) -> Res<Vec<CaseLog>> {
        let cases: Vec<LoggedCaseRow> = sqlx::query_as(
            "SELECT id, snapshot, anonymised_at IS NOT NULL AS anonymised FROM cases \
             WHERE $1 IS NULL OR updated_at >= $1 \
             OR status NOT IN ('closed', 'cancelled', 'merged') ORDER BY id",
        )
        .bind(since.map(instant))
        .fetch_all(&mut *self.conn().await?)
        .await?;
        logs_of(self, cases).await
    }

    async fn questions_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Res<Vec<LoggedQuestion>> {
        let rows: Vec<QuestionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_QUESTIONS} WHERE asked_at >= $1 AND asked_at < $2 ORDER BY id"
        )))
        .bind(instant(from))
        .bind(instant(until))
        .fetch_all(&mut *self.conn().await?)
        .await?;
        Ok(rows.into_iter().map(question_from_row).collect())
    }

    async fn routing_choices_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Res<Vec<RoutingChoice>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            user_id: Option<i64>,
            chosen_at: DateTime<Utc>,
            text: String,
            proposed: Option<String>,
            runner_up: Option<String>,
            unsure: bool,
            chosen: String,
            case_ref: Option<String>,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT r.user_id, r.chosen_at, r.text, r.proposed, r.runner_up, r.unsure, r.chosen, \
             c.ref AS case_ref FROM routing_choices r LEFT JOIN cases c ON c.id = r.case_id \
             WHERE r.chosen_at >= $1 AND r.chosen_at < $2 ORDER BY r.id",
        )
        .bind(instant(from))
        .bind(instant(until))
        .fetch_all(&mut *self.conn().await?)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| RoutingChoice {
                user: row.user_id.map(UserId),
                chosen_at: row.chosen_at,
                text: row.text,
                proposed: row.proposed,
                runner_up: row.runner_up,
                unsure: row.unsure,
                chosen: row.chosen,
                case_ref: row.case_ref,
            })
            .collect())
    }

    async fn setting_or_init(&self, key: &str, initial: &str) -> Res<String> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(initial)
        .execute(&mut *self.conn().await?)
        .await?;
        let (value,): (String,) = sqlx::query_as("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_one(&mut *self.conn().await?)
            .await?;
        Ok(value)
    }

    async fn issue_link(
        &self,
        nonce: &str,
        user: UserId,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Res<()> {
        sqlx::query(
            "INSERT INTO dashboard_links (nonce, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(nonce)
        .bind(user.0)
        .bind(instant(now))
        .bind(instant(expires_at))
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    async fn redeem_link(&self, nonce: &str, now: DateTime<Utc>) -> Res<Option<UserId>> {
        // The `used_at IS NULL` guard makes a link single-use even when two requests race.
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE dashboard_links SET used_at = $1 \
             WHERE nonce = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
        )
        .bind(instant(now))
        .bind(nonce)
        .fetch_optional(&mut *self.conn().await?)
        .await?;
        Ok(row.map(|(id,)| UserId(id)))
    }

    async fn create_session(
        &self,
        id: &str,
        user: UserId,
        csrf: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Res<()> {
        sqlx::query(
            "INSERT INTO web_sessions (id, user_id, csrf, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(user.0)
        .bind(csrf)
        .bind(instant(now))
        .bind(instant(expires_at))
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    async fn session(&self, id: &str, now: DateTime<Utc>) -> Res<Option<Session>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            user_id: i64,
            csrf: String,
            expires_at: DateTime<Utc>,
        }
        let row: Option<Row> = sqlx::query_as(
            "SELECT user_id, csrf, expires_at FROM web_sessions WHERE id = $1 AND expires_at > $2",
        )
        .bind(id)
        .bind(instant(now))
        .fetch_optional(&mut *self.conn().await?)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(self.user(UserId(row.user_id)).await?.map(|user| Session {
            user,
            csrf: row.csrf,
            expires_at: row.expires_at,
        }))
    }

    async fn end_session(&self, id: &str) -> Res<()> {
        sqlx::query("DELETE FROM web_sessions WHERE id = $1")
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    async fn metrics(&self) -> Res<Metrics> {
        let count = async |sql: &'static str| -> Res<i64> {
            let (n,): (i64,) = sqlx::query_as(sql)
                .fetch_one(&mut *self.conn().await?)
                .await?;
            Ok(n)
        };
        #[derive(sqlx::FromRow)]
        struct StatusCount {
            status: String,
            cases: i64,
        }
        let by_status: Vec<StatusCount> = sqlx::query_as(
            "SELECT status, COUNT(*) AS cases FROM cases GROUP BY status ORDER BY status",
        )
        .fetch_all(&mut *self.conn().await?)
        .await?;
        let cases_by_status = by_status.into_iter().map(|s| (s.status, s.cases)).collect();
        Ok(Metrics {
            outbox_pending: count("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").await?,
            outbox_failed: count("SELECT COUNT(*) FROM outbox WHERE state = 'failed'").await?,
            cases_by_status,
        })
    }

    async fn ping(&self) -> Res<()> {
        sqlx::query("SELECT 1")
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    async fn report_once(
        &self,
        key: &str,
        messages: Vec<NewOutbox>,
        now: DateTime<Utc>,
    ) -> Res<bool> {
        let claim = sqlx::query(
            "INSERT INTO reports_sent (key, sent_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(instant(now));
        send_once(self, claim, messages, now).await
    }

    async fn retention_due(&self, cutoff: DateTime<Utc>) -> Res<Vec<CaseRef>> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT ref FROM cases WHERE status IN ('closed', 'cancelled', 'merged') \
             AND updated_at < $1 AND anonymised_at IS NULL ORDER BY id",
        )
        .bind(instant(cutoff))
        .fetch_all(&mut *self.conn().await?)
        .await?;
        rows.into_iter()
            .map(|(r,)| CaseRef::parse(&r).map_err(|e| StoreError::Corrupt(e.to_string())))
            .collect()
    }

    async fn anonymise_case(
        &self,
        case_ref: &CaseRef,
        why: Erasure,
        requested_by: UserId,
        placeholder: &str,
        now: DateTime<Utc>,
    ) -> Res<()> {
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        let case_key = case_ref.to_string();
        let whose = Whose::Case(&case_key);
        let forget = personal::strings_to_forget(&mut tx, whose, placeholder).await?;
        redact_case(&mut tx, case_ref, why, requested_by, placeholder, now).await?;
        personal::clear_rows(&mut tx, whose, placeholder).await?;
        personal::scrub_everywhere(&mut tx, &forget, placeholder).await?;
        Ok(tx.commit().await?)
    }

    async fn personal_data(
        &self,
        user: UserId,
        requested_by: UserId,
        now: DateTime<Utc>,
    ) -> Res<PersonalData> {
        let cases: Vec<LoggedCaseRow> = sqlx::query_as(
            "SELECT id, snapshot, anonymised_at IS NOT NULL AS anonymised FROM cases \
             WHERE officer_id = $1 ORDER BY id",
        )
        .bind(user.0)
        .fetch_all(&mut *self.conn().await?)
        .await?;
        let questions: Vec<QuestionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_QUESTIONS} WHERE user_id = $1 ORDER BY id"
        )))
        .bind(user.0)
        .fetch_all(&mut *self.conn().await?)
        .await?;
        let data = PersonalData {
            user: self.user(user).await?,
            cases: logs_of(self, cases).await?,
            questions: questions.into_iter().map(question_from_row).collect(),
            records: personal::records_of(&mut *self.conn().await?, user).await?,
        };
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        let detail = format!(
            "{} cases, {} questions",
            data.cases.len(),
            data.questions.len()
        );
        log_privacy(
            &mut tx,
            "export",
            Some(user),
            None,
            requested_by,
            &detail,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(data)
    }

    async fn forget_user(
        &self,
        user: UserId,
        requested_by: UserId,
        placeholder: &str,
        now: DateTime<Utc>,
    ) -> Res<usize> {
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        let whose = Whose::Person(user);
        let forget = personal::strings_to_forget(&mut tx, whose, placeholder).await?;
        let refs: Vec<(String,)> = sqlx::query_as(
            "SELECT ref FROM cases WHERE officer_id = $1 AND anonymised_at IS NULL ORDER BY id",
        )
        .bind(user.0)
        .fetch_all(&mut *tx)
        .await?;
        for (r,) in &refs {
            let case_ref = CaseRef::parse(r).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            redact_case(
                &mut tx,
                &case_ref,
                Erasure::Forget,
                requested_by,
                placeholder,
                now,
            )
            .await?;
        }
        personal::clear_rows(&mut tx, whose, placeholder).await?;
        personal::scrub_everywhere(&mut tx, &forget, placeholder).await?;
        for table in crate::personal::ERASED_WITH_PERSON {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE user_id = $1"
            )))
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        }
        let detail = format!("{} cases", refs.len());
        log_privacy(
            &mut tx,
            "forget",
            Some(user),
            None,
            requested_by,
            &detail,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(refs.len())
    }

    async fn privacy_log(&self) -> Res<Vec<PrivacyLogEntry>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            at: DateTime<Utc>,
            action: String,
            user_id: Option<i64>,
            case_ref: Option<String>,
            requested_by: i64,
            detail: String,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT p.at, p.action, p.user_id, c.ref AS case_ref, p.requested_by, p.detail \
                 FROM privacy_log p LEFT JOIN cases c ON c.id = p.case_id ORDER BY p.id",
        )
        .fetch_all(&mut *self.conn().await?)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| PrivacyLogEntry {
                at: row.at,
                action: row.action,
                user: row.user_id.map(UserId),
                case_ref: row.case_ref,
                requested_by: UserId(row.requested_by),
                detail: row.detail,
            })
            .collect())
    }
}
