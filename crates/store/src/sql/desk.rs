//! `DeskStore`, written once and compiled per engine (see `mod.rs`).
use super::EngineStore;
use super::cases::{AgencyRow, UserRow, agency_from_row, user_from_row};
use super::dialect;
use super::oversight::{QuestionRow, SELECT_QUESTIONS};
use super::{Origin, instant};
use crate::desk::{
    AgencyChats, ChatBinding, DeskStore, InboxUpdate, OutboxLease, Side, UserSettings,
};
use crate::{OutboxMessage, Question, StoreError, User};
use chrono::{DateTime, Utc};
use clinic_core::cases::{AgencyCode, CaseRef, UserId};
use clinic_core::conversation::PRESS_ANSWERS;
use sqlx::QueryBuilder;
use sqlx::types::Json;

type Res<T> = Result<T, StoreError>;

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

#[derive(sqlx::FromRow)]
struct BindingRow {
    chat_id: i64,
    kind: String,
    agency: Option<String>,
}

fn binding_from_row(row: BindingRow) -> Res<ChatBinding> {
    match (row.kind.as_str(), row.agency) {
        ("coordinators", _) => Ok(ChatBinding::Coordinators),
        ("agency", Some(code)) => Ok(ChatBinding::Agency(
            AgencyCode::parse(&code).map_err(corrupt)?,
        )),
        (kind, _) => Err(corrupt(format!("chat binding {kind}"))),
    }
}

impl DeskStore for EngineStore {
    async fn begin_unit(&self) -> Res<Self> {
        self.unit().await
    }

    async fn commit_unit(&self) -> Res<()> {
        self.commit().await
    }

    async fn rollback_unit(&self) -> Res<()> {
        self.rollback().await
    }

    fn for_update(&self, update_id: i64, handover: chrono::Duration) -> Self {
        self.with_origin(Origin {
            update_id,
            handover,
        })
    }

    async fn bind_chat(
        &self,
        chat_id: i64,
        binding: &ChatBinding,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Res<()> {
        let (kind, agency) = match binding {
            ChatBinding::Agency(code) => ("agency", Some(code.as_str())),
            ChatBinding::Coordinators => ("coordinators", None),
        };
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        // One chat per agency and one coordinators' chat: binding again moves the binding.
        sqlx::query(
            "DELETE FROM chat_bindings WHERE chat_id = $1 OR (kind = $2 AND \
             ($3 IS NULL OR agency = $3))",
        )
        .bind(chat_id)
        .bind(kind)
        .bind(agency)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO chat_bindings (chat_id, kind, agency, bound_by, bound_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(chat_id)
        .bind(kind)
        .bind(agency)
        .bind(by.0)
        .bind(instant(now))
        .execute(&mut *tx)
        .await
        .map_err(|e| match e.as_database_error() {
            Some(db) if db.is_foreign_key_violation() => {
                StoreError::NoAgency(agency.unwrap_or_default().to_owned())
            }
            _ => StoreError::Sql(e),
        })?;
        Ok(tx.commit().await?)
    }

    async fn chat_binding(&self, chat_id: i64) -> Res<Option<ChatBinding>> {
        let row: Option<BindingRow> =
            sqlx::query_as("SELECT chat_id, kind, agency FROM chat_bindings WHERE chat_id = $1")
                .bind(chat_id)
                .fetch_optional(&mut *self.conn().await?)
                .await?;
        row.map(binding_from_row).transpose()
    }

    async fn chat_bindings(&self) -> Res<Vec<(i64, ChatBinding)>> {
        let rows: Vec<BindingRow> =
            sqlx::query_as("SELECT chat_id, kind, agency FROM chat_bindings ORDER BY chat_id")
                .fetch_all(&mut *self.conn().await?)
                .await?;
        rows.into_iter()
            .map(|row| Ok((row.chat_id, binding_from_row(row)?)))
            .collect()
    }

    async fn agency_chats(&self) -> Res<AgencyChats> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            agency: AgencyRow,
            group_chat: Option<i64>,
            coordinators_chat: Option<i64>,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT a.code, a.name_th, a.name_en, a.handles, a.handles_en, a.sla_claim_hours, \
             a.sla_first_reply_hours, a.sla_resolve_hours, \
             (SELECT MAX(b.chat_id) FROM chat_bindings b \
              WHERE b.kind = 'agency' AND b.agency = a.code) AS group_chat, \
             (SELECT MAX(c.chat_id) FROM chat_bindings c WHERE c.kind = 'coordinators') \
             AS coordinators_chat \
             FROM agencies a ORDER BY a.code",
        )
        .fetch_all(&mut *self.conn().await?)
        .await?;
        // With no agency there is no row, and no case whose news could go anywhere either:
        // a case's agency is a foreign key.
        let mut chats = AgencyChats::default();
        for row in rows {
            let agency = agency_from_row(row.agency)?;
            if let Some(chat) = row.group_chat {
                chats.groups.insert(agency.code.clone(), chat);
            }
            chats.coordinators = row.coordinators_chat;
            chats.agencies.push(agency);
        }
        Ok(chats)
    }

    async fn settings(&self, user: UserId) -> Res<UserSettings> {
        #[derive(sqlx::FromRow)]
        struct Row {
            lang: String,
            #[sqlx(json(nullable))]
            dialogue: Option<serde_json::Value>,
        }
        let row: Option<Row> =
            sqlx::query_as("SELECT lang, dialogue FROM user_settings WHERE user_id = $1")
                .bind(user.0)
                .fetch_optional(&mut *self.conn().await?)
                .await?;
        Ok(row.map_or_else(UserSettings::default, |row| UserSettings {
            lang: Some(row.lang),
            dialogue: row.dialogue,
        }))
    }

    async fn user_and_settings(&self, user: UserId) -> Res<(Option<User>, UserSettings)> {
        /// Every column may be NULL: either row may be missing.
        #[derive(sqlx::FromRow)]
        struct Row {
            id: Option<i64>,
            name: Option<String>,
            unit: Option<String>,
            role: Option<String>,
            agency: Option<String>,
            created_at: Option<DateTime<Utc>>,
            lang: Option<String>,
            #[sqlx(json(nullable))]
            dialogue: Option<serde_json::Value>,
        }
        // One row whether or not either exists: the id drives two outer joins.
        let row: Row = sqlx::query_as(
            "SELECT u.id, u.name, u.unit, u.role, u.agency, u.created_at, s.lang, s.dialogue \
             FROM (SELECT CAST($1 AS BIGINT) AS id) k \
             LEFT JOIN users u ON u.id = k.id LEFT JOIN user_settings s ON s.user_id = k.id",
        )
        .bind(user.0)
        .fetch_one(&mut *self.conn().await?)
        .await?;
        let found = match (row.id, row.name, row.unit, row.role, row.created_at) {
            (Some(id), Some(name), Some(unit), Some(role), Some(created_at)) => {
                Some(user_from_row(UserRow {
                    id,
                    name,
                    unit,
                    role,
                    agency: row.agency,
                    created_at,
                })?)
            }
            _ => None,
        };
        // `lang` is NOT NULL: present exactly when the settings row is.
        let settings = match row.lang {
            Some(lang) => UserSettings {
                lang: Some(lang),
                dialogue: row.dialogue,
            },
            None => UserSettings::default(),
        };
        Ok((found, settings))
    }

    async fn set_lang(&self, user: UserId, lang: &str, now: DateTime<Utc>) -> Res<()> {
        sqlx::query(
            "INSERT INTO user_settings (user_id, lang, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, \
             updated_at = excluded.updated_at",
        )
        .bind(user.0)
        .bind(lang)
        .bind(instant(now))
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    async fn set_dialogue(
        &self,
        user: UserId,
        dialogue: Option<serde_json::Value>,
        now: DateTime<Utc>,
    ) -> Res<()> {
        sqlx::query(
            "INSERT INTO user_settings (user_id, dialogue, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET dialogue = excluded.dialogue, \
             updated_at = excluded.updated_at",
        )
        .bind(user.0)
        .bind(dialogue.map(Json))
        .bind(instant(now))
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    async fn question(&self, id: i64) -> Res<Option<Question>> {
        let row: Option<QuestionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_QUESTIONS} WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *self.conn().await?)
        .await?;
        Ok(row.map(|row| Question {
            user: row.user_id.map(UserId),
            asked_at: row.asked_at,
            text: row.text,
            entry_id: row.entry_id,
            confidence: row.confidence,
            answered: row.answered,
            agency: row.agency,
        }))
    }

    async fn relay_link(&self, chat_id: i64, message_id: i64) -> Res<Option<(CaseRef, Side)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            case_ref: String,
            side: String,
        }
        let row: Option<Row> = sqlx::query_as(
            "SELECT case_ref, side FROM relay_links WHERE chat_id = $1 AND message_id = $2",
        )
        .bind(chat_id)
        .bind(message_id)
        .fetch_optional(&mut *self.conn().await?)
        .await?;
        row.map(|row| {
            Ok((
                CaseRef::parse(&row.case_ref).map_err(corrupt)?,
                Side::parse(&row.side).ok_or_else(|| corrupt(row.side))?,
            ))
        })
        .transpose()
    }

    async fn inbox_put(
        &self,
        updates: &[(i64, serde_json::Value)],
        now: DateTime<Utc>,
    ) -> Res<u64> {
        if updates.is_empty() {
            return Ok(0);
        }
        let now = instant(now);
        let mut insert = QueryBuilder::<dialect::Db>::new(
            "INSERT INTO inbox (update_id, payload, received_at, user_id, chat_id) ",
        );
        insert.push_values(updates, |mut row, (id, payload)| {
            row.push_bind(*id)
                .push_bind(Json(payload))
                .push_bind(now)
                .push_bind(sender_of(payload))
                .push_bind(chat_of(payload));
        });
        insert.push(" ON CONFLICT (update_id) DO NOTHING");
        let done = insert.build().execute(&mut *self.conn().await?).await?;
        Ok(done.rows_affected())
    }

    async fn inbox_pending(&self, limit: i64) -> Res<Vec<InboxUpdate>> {
        let updates: Vec<InboxUpdate> = sqlx::query_as(
            "SELECT update_id, payload FROM inbox WHERE processed_at IS NULL \
             ORDER BY update_id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&mut *self.conn().await?)
        .await?;
        Ok(updates)
    }

    async fn inbox_next(&self) -> Res<Option<InboxUpdate>> {
        // A row another unit holds is skipped, and so, by the NOT EXISTS, is every later
        // update of its chat: that chat waits while the others go on.
        let next: Option<InboxUpdate> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT update_id, payload FROM inbox i WHERE processed_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM inbox e WHERE e.chat_id = i.chat_id \
                             AND e.processed_at IS NULL AND e.update_id < i.update_id) \
             ORDER BY update_id LIMIT 1{}",
            dialect::SKIP_LOCKED
        )))
        .fetch_optional(&mut *self.conn().await?)
        .await?;
        Ok(next)
    }

    async fn inbox_claim(
        &self,
        update_id: i64,
        at: DateTime<Utc>,
        error: Option<&str>,
    ) -> Res<bool> {
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE inbox SET processed_at = $2, error = $3 \
             WHERE update_id = $1 AND processed_at IS NULL RETURNING update_id",
        )
        .bind(update_id)
        .bind(instant(at))
        .bind(error)
        .fetch_optional(&mut *self.conn().await?)
        .await?;
        Ok(row.is_some())
    }

    async fn inbox_last_id(&self) -> Res<Option<i64>> {
        let (id,): (Option<i64>,) = sqlx::query_as("SELECT MAX(update_id) FROM inbox")
            .fetch_one(&mut *self.conn().await?)
            .await?;
        Ok(id)
    }

    async fn outbox_lease(&self) -> Res<OutboxLease> {
        // Positive, so it never equals the 0 that stands for rows from before leases.
        let sender = rand::random::<i64>().checked_abs().unwrap_or(1).max(1);
        let held = dialect::hold_lease(self.pool(), sender).await?;
        Ok(OutboxLease {
            sender,
            _held: held,
        })
    }

    async fn outbox_recover(&self, lease: &OutboxLease) -> Res<u64> {
        let senders: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT COALESCE(sending_by, 0) FROM outbox WHERE state = 'sending'",
        )
        .fetch_all(&mut *self.conn().await?)
        .await?;
        let mut recovered = 0;
        for (sender,) in senders {
            if sender == lease.sender || dialect::lease_alive(self.pool(), sender).await? {
                continue;
            }
            let done = sqlx::query(
                "UPDATE outbox SET state = 'pending', sending_by = NULL \
                 WHERE state = 'sending' AND COALESCE(sending_by, 0) = $1",
            )
            .bind(sender)
            .execute(&mut *self.conn().await?)
            .await?;
            recovered += done.rows_affected();
        }
        Ok(recovered)
    }

    async fn outbox_claim(
        &self,
        now: DateTime<Utc>,
        limit: i64,
        lease: &OutboxLease,
    ) -> Res<Vec<OutboxMessage>> {
        // The outer `state = 'pending'` is checked again on the row an instance racing us has
        // just taken (PostgreSQL re-reads it after the lock), so a row is taken once.
        let mut taken: Vec<OutboxMessage> = sqlx::query_as(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, sending_by = $3 \
             WHERE state = 'pending' AND id IN ( \
                 SELECT o.id FROM outbox o WHERE o.state = 'pending' AND o.next_attempt_at <= $1 \
                 AND (o.chat_id = $4 OR o.id = (SELECT MIN(p.id) FROM outbox p \
                      WHERE p.chat_id = o.chat_id AND p.state IN ('pending', 'sending'))) \
                 ORDER BY o.id LIMIT $2) \
             RETURNING id, chat_id, payload, case_ref, attempts - 1 AS attempts, \
             next_attempt_at",
        )
        .bind(instant(now))
        .bind(limit)
        .bind(lease.sender)
        .bind(PRESS_ANSWERS)
        .fetch_all(&mut *self.conn().await?)
        .await?;
        taken.sort_by_key(|m| m.id);
        Ok(taken)
    }

    async fn outbox_deliver(
        &self,
        update_id: i64,
        limit: i64,
        lease: &OutboxLease,
    ) -> Res<Vec<OutboxMessage>> {
        // As `outbox_claim`, without the due time and only for never tried rows of one turn:
        // a retry's time is the background sender's to keep.
        let mut taken: Vec<OutboxMessage> = sqlx::query_as(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, sending_by = $3 \
             WHERE state = 'pending' AND attempts = 0 AND id IN ( \
                 SELECT o.id FROM outbox o WHERE o.update_id = $1 AND o.state = 'pending' \
                 AND o.attempts = 0 \
                 AND (o.chat_id = $4 OR o.id = (SELECT MIN(p.id) FROM outbox p \
                      WHERE p.chat_id = o.chat_id AND p.state IN ('pending', 'sending'))) \
                 ORDER BY o.id LIMIT $2) \
             RETURNING id, chat_id, payload, case_ref, attempts - 1 AS attempts, \
             next_attempt_at",
        )
        .bind(update_id)
        .bind(limit)
        .bind(lease.sender)
        .bind(PRESS_ANSWERS)
        .fetch_all(&mut *self.conn().await?)
        .await?;
        taken.sort_by_key(|m| m.id);
        Ok(taken)
    }

    async fn outbox_undelivered(&self, update_id: i64) -> Res<i64> {
        let (left,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM outbox o WHERE o.update_id = $1 AND o.state = 'pending' \
             AND o.attempts = 0 AND NOT EXISTS (SELECT 1 FROM outbox p \
                 WHERE p.chat_id = o.chat_id AND p.id < o.id AND p.state = 'pending' \
                 AND p.attempts > 0)",
        )
        .bind(update_id)
        .fetch_one(&mut *self.conn().await?)
        .await?;
        Ok(left)
    }

    async fn outbox_sent(
        &self,
        id: i64,
        now: DateTime<Utc>,
        message_id: Option<i64>,
        link: Option<Side>,
    ) -> Res<()> {
        let now = instant(now);
        let mut conn = self.conn().await?;
        let (Some(_), Some(_)) = (message_id, link) else {
            // No relay link to record: one statement, no transaction around it.
            sqlx::query(
                "UPDATE outbox SET state = 'sent', sent_at = $1, message_id = $2 WHERE id = $3",
            )
            .bind(now)
            .bind(message_id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            return Ok(());
        };
        let mut tx = dialect::begin_write(&mut conn).await?;
        #[derive(sqlx::FromRow)]
        struct Sent {
            chat_id: i64,
            case_ref: Option<String>,
        }
        let row: Option<Sent> = sqlx::query_as(
            "UPDATE outbox SET state = 'sent', sent_at = $1, message_id = $2 WHERE id = $3 \
             RETURNING chat_id, case_ref",
        )
        .bind(now)
        .bind(message_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if let (
            Some(Sent {
                chat_id,
                case_ref: Some(case_ref),
            }),
            Some(message_id),
            Some(side),
        ) = (row, message_id, link)
        {
            sqlx::query(
                "INSERT INTO relay_links (chat_id, message_id, case_ref, side, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (chat_id, message_id) DO NOTHING",
            )
            .bind(chat_id)
            .bind(message_id)
            .bind(case_ref)
            .bind(side.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        Ok(tx.commit().await?)
    }

    async fn outbox_retry(&self, id: i64, at: DateTime<Utc>, error: &str) -> Res<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'pending', next_attempt_at = $1, last_error = $2 \
             WHERE id = $3",
        )
        .bind(instant(at))
        .bind(error)
        .bind(id)
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    async fn outbox_dropped(&self, id: i64, why: &str) -> Res<()> {
        sqlx::query("UPDATE outbox SET state = 'sent', last_error = $1 WHERE id = $2")
            .bind(format!("dropped: {why}"))
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    async fn outbox_failed(&self, id: i64, error: &str) -> Res<()> {
        sqlx::query("UPDATE outbox SET state = 'failed', last_error = $1 WHERE id = $2")
            .bind(error)
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }
}

/// The chat a raw Telegram update belongs to: its message's, or, for a press on a message
/// Telegram no longer sends along, the presser's private chat (as `bot::incoming` reads it).
fn chat_of(update: &serde_json::Value) -> Option<i64> {
    [
        &["message", "chat", "id"][..],
        &["edited_message", "chat", "id"],
        &["callback_query", "message", "chat", "id"],
        &["callback_query", "from", "id"],
    ]
    .iter()
    .find_map(|path| {
        path.iter()
            .try_fold(update, |value, key| value.get(key))?
            .as_i64()
    })
}

/// Who sent a raw Telegram update (a message, an edit, a button press), if anyone.
fn sender_of(update: &serde_json::Value) -> Option<i64> {
    ["message", "edited_message", "callback_query"]
        .iter()
        .find_map(|kind| update.get(kind)?.get("from")?.get("id")?.as_i64())
}
