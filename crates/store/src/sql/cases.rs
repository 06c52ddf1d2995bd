//! `Store`: agencies, users and invites, cases with their events, the questions log and the
//! outbox. Written once, compiled per engine (see `mod.rs`).
use super::dialect::{self, Db};
use super::{EngineStore, Origin, Tx, instant};
use crate::{
    CaseFilter, MessagesFor, NewOutbox, OutboxMessage, Question, RoutingChoice, Store, StoreError,
    User,
};
use chrono::{DateTime, Datelike, Duration, Utc};
use clinic_core::cases::{
    Actor, Agency, AgencyCode, Case, CaseRef, Command, Event, Invite, Role, UserId, apply, decide,
    decide_link_duplicate, decide_open, invite, may_see_or_refuse, replay,
};
use sqlx::Executor;
use sqlx::types::Json;

type Res<T> = Result<T, StoreError>;
type Connection = <Db as sqlx::Database>::Connection;

#[derive(sqlx::FromRow)]
pub(super) struct UserRow {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub role: String,
    pub agency: Option<String>,
    pub created_at: DateTime<Utc>,
}

const SELECT_USER: &str =
    "SELECT id, name, unit, role, agency, created_at FROM users WHERE id = $1";

pub(super) fn user_from_row(row: UserRow) -> Res<User> {
    let role =
        Role::parse(&row.role).ok_or_else(|| StoreError::Corrupt(format!("role {}", row.role)))?;
    let agency = row
        .agency
        .map(|a| AgencyCode::parse(&a))
        .transpose()
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(User {
        id: UserId(row.id),
        name: row.name,
        unit: row.unit,
        role,
        agency,
        created_at: row.created_at,
    })
}

async fn load_user<'e>(ex: impl Executor<'e, Database = Db>, id: UserId) -> Res<Option<User>> {
    let row: Option<UserRow> = sqlx::query_as(SELECT_USER)
        .bind(id.0)
        .fetch_optional(ex)
        .await?;
    row.map(user_from_row).transpose()
}

#[derive(sqlx::FromRow)]
pub(super) struct AgencyRow {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub handles: String,
    pub handles_en: String,
    pub sla_claim_hours: i64,
    pub sla_first_reply_hours: i64,
    pub sla_resolve_hours: i64,
}

pub(super) fn agency_from_row(row: AgencyRow) -> Res<Agency> {
    Ok(Agency {
        code: AgencyCode::parse(&row.code).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        name_th: row.name_th,
        name_en: row.name_en,
        handles: row.handles,
        handles_en: row.handles_en,
        sla_claim_hours: row.sla_claim_hours,
        sla_first_reply_hours: row.sla_first_reply_hours,
        sla_resolve_hours: row.sla_resolve_hours,
    })
}

#[derive(sqlx::FromRow)]
struct InviteRow {
    code: String,
    agency: String,
    created_by: i64,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    used_by: Option<i64>,
    used_at: Option<DateTime<Utc>>,
}

fn invite_from_row(row: InviteRow) -> Res<Invite> {
    Ok(Invite {
        code: row.code,
        agency: AgencyCode::parse(&row.agency).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        created_by: UserId(row.created_by),
        created_at: row.created_at,
        expires_at: row.expires_at,
        used_by: row.used_by.map(UserId),
        used_at: row.used_at,
    })
}

/// A case row read for writing: its key and its snapshot (`dialect::CASE_FOR_WRITE`).
#[derive(sqlx::FromRow)]
pub(super) struct CaseRow {
    pub id: i64,
    #[sqlx(json)]
    pub snapshot: Case,
}

/// Load a case for writing (locked on PostgreSQL; SQLite's write lock is already held).
pub(super) async fn lock_case(tx: &mut Tx<'_>, case_ref: &CaseRef) -> Res<(i64, Case)> {
    let row: Option<CaseRow> = sqlx::query_as(dialect::CASE_FOR_WRITE)
        .bind(case_ref.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|row| (row.id, row.snapshot))
        .ok_or_else(|| StoreError::NoCase(case_ref.clone()))
}

/// Lock two cases in ascending id order, whichever is named first: every transaction that
/// holds several case rows takes them in that one order (and outbox rows only after them), so
/// two turns on the same cases wait for each other instead of deadlocking.
pub(super) async fn lock_two_cases(
    tx: &mut Tx<'_>,
    first: &CaseRef,
    second: &CaseRef,
) -> Res<((i64, Case), (i64, Case))> {
    let id_of = |case_ref: &CaseRef| {
        sqlx::query_scalar::<_, i64>("SELECT id FROM cases WHERE ref = $1")
            .bind(case_ref.to_string())
    };
    let first_id = id_of(first).fetch_optional(&mut **tx).await?;
    let second_id = id_of(second).fetch_optional(&mut **tx).await?;
    match (first_id, second_id) {
        (Some(a), Some(b)) if b < a => {
            let locked_second = lock_case(tx, second).await?;
            Ok((lock_case(tx, first).await?, locked_second))
        }
        _ => {
            let locked_first = lock_case(tx, first).await?;
            Ok((locked_first, lock_case(tx, second).await?))
        }
    }
}

/// Append events after `from_version`; each event's `seq` is the version it produces.
async fn append(tx: &mut Tx<'_>, case_id: i64, case: &mut Case, events: &[Event]) -> Res<()> {
    for event in events {
        apply(case, event);
        sqlx::query(
            "INSERT INTO case_events (case_id, seq, at, actor_id, kind, payload) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(case_id)
        .bind(case.version)
        .bind(event.at)
        .bind(event.by.0)
        .bind(event.what.name())
        .bind(Json(event))
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from_write)?;
    }
    Ok(())
}

/// Rewrite the case row from the case, only if nobody wrote since we read `read_version`.
async fn write_case(tx: &mut Tx<'_>, case_id: i64, case: &Case, read_version: i64) -> Res<()> {
    let done = sqlx::query(
        "UPDATE cases SET status = $1, agency = $2, owner_id = $3, updated_at = $4, \
         routed_at = $5, claimed_at = $6, resolved_at = $7, closed_at = $8, waiting_since = $9, \
         rating = $10, merged_into = $11, version = $12, snapshot = $13 \
         WHERE id = $14 AND version = $15",
    )
    .bind(case.status.as_str())
    .bind(case.agency.as_str())
    .bind(case.owner.map(|u| u.0))
    .bind(case.updated_at)
    .bind(case.routed_at)
    .bind(case.claimed_at)
    .bind(case.resolved_at)
    .bind(case.closed_at)
    .bind(case.waiting_since)
    .bind(case.rating.map(i64::from))
    .bind(case.merged_into.as_ref().map(CaseRef::to_string))
    .bind(case.version)
    .bind(Json(case))
    .bind(case_id)
    .bind(read_version)
    .execute(&mut **tx)
    .await?;
    match done.rows_affected() {
        1 => Ok(()),
        _ => Err(StoreError::Conflict),
    }
}

/// Rows a single `INSERT INTO outbox` carries (4 parameters each, far below either engine's
/// limit); one statement for all of a change's messages instead of one per message.
const OUTBOX_ROWS_PER_INSERT: usize = 64;

/// Insert the rows in order (their ids keep each chat's order), as few statements as possible.
/// Rows of an update's turn (`origin`) carry its id and fall due to the background sender
/// only after the hand-over: the worker that committed the turn sends them at once.
pub(super) async fn write_outbox(
    conn: &mut Connection,
    messages: Vec<NewOutbox>,
    now: DateTime<Utc>,
    origin: Option<Origin>,
) -> Res<()> {
    let due = origin.map_or(now, |o| now + o.handover);
    let update_id = origin.map(|o| o.update_id);
    for chunk in messages.chunks(OUTBOX_ROWS_PER_INSERT) {
        // `$1` is the time, `$2` when due, `$3` the update; each row has its own three after.
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = 4 + 3 * i;
                format!("(${}, ${}, ${}, $2, $1, $3)", p, p + 1, p + 2)
            })
            .collect();
        let sql = format!(
            "INSERT INTO outbox (chat_id, payload, case_ref, next_attempt_at, created_at, \
             update_id) VALUES {}",
            rows.join(", ")
        );
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .bind(due)
            .bind(update_id);
        for message in chunk {
            insert = insert
                .bind(message.chat_id)
                .bind(Json(&message.payload))
                .bind(message.case_ref.as_ref().map(CaseRef::to_string));
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

pub(super) async fn known_agency(tx: &mut Tx<'_>, agency: &AgencyCode) -> Res<()> {
    let known: Option<(String,)> = sqlx::query_as("SELECT code FROM agencies WHERE code = $1")
        .bind(agency.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    match known {
        Some(_) => Ok(()),
        None => Err(StoreError::NoAgency(agency.to_string())),
    }
}

/// Insert a new case from its `opened` event and write the log and the messages, in the
/// caller's transaction (which reserved the reference).
pub(super) async fn insert_opened(
    tx: &mut Tx<'_>,
    events: &[Event],
    now: DateTime<Utc>,
    messages_for: impl MessagesFor,
    origin: Option<Origin>,
) -> Res<Case> {
    // The row starts at version 0 and the log brings it to 1, like any other change.
    let mut case = replay(events).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    case.version = 0;
    let (case_id,): (i64,) = sqlx::query_as(
        "INSERT INTO cases (ref, status, officer_id, agency, subject, opened_at, updated_at, \
         routed_at, version, snapshot, kind, visit_unit) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6, 0, $7, $8, $9) RETURNING id",
    )
    .bind(case.case_ref.to_string())
    .bind(case.status.as_str())
    .bind(case.officer.0)
    .bind(case.agency.as_str())
    .bind(&case.subject)
    .bind(now)
    .bind(Json(&case))
    .bind(case.kind().as_str())
    .bind(case.visit.as_ref().map(|v| v.unit_key.clone()))
    .fetch_one(&mut **tx)
    .await
    .map_err(StoreError::from_write)?;
    append(tx, case_id, &mut case, events).await?;
    write_case(tx, case_id, &case, 0).await?;
    write_outbox(tx, messages_for(&case, events), now, origin).await?;
    Ok(case)
}

/// Something sent once (a report, an alert): `claim` inserts its marker row and does nothing
/// on conflict; only the call whose claim inserted the row enqueues `messages`, in the same
/// transaction. True if this call sent them.
pub(super) async fn send_once<'q>(
    store: &EngineStore,
    claim: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments>,
    messages: Vec<NewOutbox>,
    now: DateTime<Utc>,
) -> Res<bool> {
    let mut conn = store.conn().await?;
    let mut tx = dialect::begin_write(&mut conn).await?;
    if claim.execute(&mut *tx).await?.rows_affected() != 1 {
        return Ok(false);
    }
    write_outbox(&mut tx, messages, instant(now), store.origin()).await?;
    tx.commit().await?;
    Ok(true)
}

/// Advance the per-year counter inside the opening transaction: a rollback gives the number back.
pub(super) async fn next_ref(tx: &mut Tx<'_>, province: &str, now: DateTime<Utc>) -> Res<CaseRef> {
    let year_be = now.with_timezone(&chrono_tz::Asia::Bangkok).year() + 543;
    let (seq,): (i64,) = sqlx::query_as(
        "INSERT INTO case_counters (province, year_be, last_seq) VALUES ($1, $2, 1) \
         ON CONFLICT (province, year_be) DO UPDATE SET last_seq = case_counters.last_seq + 1 \
         RETURNING last_seq",
    )
    .bind(province)
    .bind(i64::from(year_be))
    .fetch_one(&mut **tx)
    .await?;
    let seq = u32::try_from(seq).map_err(|_| StoreError::Corrupt(format!("sequence {seq}")))?;
    CaseRef::from_parts(province, year_be, seq).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl Store for EngineStore {
    async fn migrate(&self) -> Res<()> {
        Ok(dialect::MIGRATOR.run(&self.pool).await?)
    }

    async fn sync_agencies(&self, agencies: &[Agency]) -> Res<()> {
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        for a in agencies {
            sqlx::query(
                "INSERT INTO agencies (code, name_th, name_en, handles, handles_en, \
                 sla_claim_hours, sla_first_reply_hours, sla_resolve_hours) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (code) DO UPDATE SET name_th = excluded.name_th, \
                 name_en = excluded.name_en, handles = excluded.handles, \
                 handles_en = excluded.handles_en, sla_claim_hours = excluded.sla_claim_hours, \
                 sla_first_reply_hours = excluded.sla_first_reply_hours, \
                 sla_resolve_hours = excluded.sla_resolve_hours",
            )
            .bind(a.code.as_str())
            .bind(&a.name_th)
            .bind(&a.name_en)
            .bind(&a.handles)
            .bind(&a.handles_en)
            .bind(a.sla_claim_hours)
            .bind(a.sla_first_reply_hours)
            .bind(a.sla_resolve_hours)
            .execute(&mut *tx)
            .await?;
        }
        Ok(tx.commit().await?)
    }

    async fn agencies(&self) -> Res<Vec<Agency>> {
        let rows: Vec<AgencyRow> = sqlx::query_as(
            "SELECT code, name_th, name_en, handles, handles_en, sla_claim_hours, \
             sla_first_reply_hours, sla_resolve_hours FROM agencies ORDER BY code",
        )
        .fetch_all(&mut *self.conn().await?)
        .await?;
        rows.into_iter().map(agency_from_row).collect()
    }

    async fn register_officer(
        &self,
        id: UserId,
        name: &str,
        unit: &str,
        now: DateTime<Utc>,
    ) -> Res<User> {
        sqlx::query(
            "INSERT INTO users (id, name, unit, role, agency, created_at) \
             VALUES ($1, $2, $3, 'officer', NULL, $4) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit",
        )
        .bind(id.0)
        .bind(name.trim())
        .bind(unit.trim())
        .bind(instant(now))
        .execute(&mut *self.conn().await?)
        .await?;
        load_user(&mut *self.conn().await?, id)
            .await?
            .ok_or(StoreError::NoUser(id))
    }

    async fn bootstrap_admins(&self, ids: &[UserId], now: DateTime<Utc>) -> Res<()> {
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        for id in ids {
            sqlx::query(
                "INSERT INTO users (id, name, unit, role, agency, created_at) \
                 VALUES ($1, 'admin', '', 'admin', NULL, $2) \
                 ON CONFLICT (id) DO UPDATE SET role = 'admin', agency = NULL",
            )
            .bind(id.0)
            .bind(instant(now))
            .execute(&mut *tx)
            .await?;
        }
        Ok(tx.commit().await?)
    }

    async fn set_role(&self, admin: &Actor, user: UserId, role: Role) -> Res<User> {
        if admin.role != Role::Admin || role == Role::Expert {
            return Err(clinic_core::cases::Refusal::NotForRole {
                role: admin.role,
                command: "promote",
            }
            .into());
        }
        let done = sqlx::query("UPDATE users SET role = $1, agency = NULL WHERE id = $2")
            .bind(role.as_str())
            .bind(user.0)
            .execute(&mut *self.conn().await?)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NoUser(user));
        }
        load_user(&mut *self.conn().await?, user)
            .await?
            .ok_or(StoreError::NoUser(user))
    }

    async fn user(&self, id: UserId) -> Res<Option<User>> {
        load_user(&mut *self.conn().await?, id).await
    }

    async fn create_invite(
        &self,
        issuer: &Actor,
        agency: &AgencyCode,
        now: DateTime<Utc>,
        valid_for: Duration,
    ) -> Res<Invite> {
        invite::may_issue(issuer)?;
        let now = instant(now);
        let invite = Invite {
            code: invite::new_code(),
            agency: agency.clone(),
            created_by: issuer.user,
            created_at: now,
            expires_at: now + valid_for,
            used_by: None,
            used_at: None,
        };
        // In a transaction of its own: on PostgreSQL a failed statement inside a unit would
        // otherwise poison the unit's transaction.
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        sqlx::query(
            "INSERT INTO invites (code, agency, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&invite.code)
        .bind(agency.as_str())
        .bind(issuer.user.0)
        .bind(invite.created_at)
        .bind(invite.expires_at)
        .execute(&mut *tx)
        .await
        .map_err(|e| match e.as_database_error() {
            Some(db) if db.is_foreign_key_violation() => StoreError::NoAgency(agency.to_string()),
            _ => StoreError::Sql(e),
        })?;
        tx.commit().await?;
        Ok(invite)
    }

    async fn redeem_invite(
        &self,
        user: UserId,
        name: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Res<User> {
        let now = instant(now);
        let code = invite::normalise_code(code);
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        let row: Option<InviteRow> = sqlx::query_as(
            "SELECT code, agency, created_by, created_at, expires_at, used_by, used_at \
             FROM invites WHERE code = $1",
        )
        .bind(&code)
        .fetch_optional(&mut *tx)
        .await?;
        let invite = invite_from_row(row.ok_or(clinic_core::cases::Refusal::InviteUnknown)?)?;
        invite.check(now)?;
        let existing = load_user(&mut *tx, user).await?;
        invite::may_join(existing.as_ref().map(User::actor).as_ref())?;
        sqlx::query(
            "INSERT INTO users (id, name, unit, role, agency, created_at) \
             VALUES ($1, $2, '', 'expert', $3, $4) \
             ON CONFLICT (id) DO UPDATE SET role = 'expert', agency = excluded.agency",
        )
        .bind(user.0)
        .bind(name.trim())
        .bind(invite.agency.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // The `used_by IS NULL` guard makes a code single-use even under concurrent redemption.
        let done = sqlx::query(
            "UPDATE invites SET used_by = $1, used_at = $2 WHERE code = $3 AND used_by IS NULL",
        )
        .bind(user.0)
        .bind(now)
        .bind(&code)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(clinic_core::cases::Refusal::InviteUsed.into());
        }
        let joined = load_user(&mut *tx, user)
            .await?
            .ok_or(StoreError::NoUser(user))?;
        tx.commit().await?;
        Ok(joined)
    }

    async fn open_case(
        &self,
        officer: &Actor,
        agency: &AgencyCode,
        subject: &str,
        now: DateTime<Utc>,
        messages_for: impl MessagesFor,
    ) -> Res<Case> {
        let now = instant(now);
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        known_agency(&mut tx, agency).await?;
        let case_ref = next_ref(&mut tx, &self.province, now).await?;
        let open = Command::Open {
            agency: agency.clone(),
            subject: subject.to_owned(),
        };
        let events = decide_open(officer, case_ref, open, now)?;
        let case = insert_opened(&mut tx, &events, now, messages_for, self.origin()).await?;
        tx.commit().await?;
        Ok(case)
    }

    async fn act(
        &self,
        actor: &Actor,
        case_ref: &CaseRef,
        command: Command,
        now: DateTime<Utc>,
        messages_for: impl MessagesFor,
    ) -> Res<Case> {
        let now = instant(now);
        let mut conn = self.conn().await?;
        let mut tx = dialect::begin_write(&mut conn).await?;
        let (case_id, before, target) = match &command {
            Command::Merge { into } => {
                let (case, target) = lock_two_cases(&mut tx, case_ref, into).await?;
                (case.0, case.1, Some(target))
            }
            _ => {
                let (case_id, before) = lock_case(&mut tx, case_ref).await?;
                (case_id, before, None)
            }
        };
        let events = decide(&before, actor, command, now)?;
        let mut after = before.clone();
        append(&mut tx, case_id, &mut after, &events).await?;
        write_case(&mut tx, case_id, &after, before.version).await?;
        if let Some((target_id, target)) = target {
            let linked = decide_link_duplicate(&target, actor, before.case_ref.clone(), now)?;
            let mut survivor = target.clone();
            append(&mut tx, target_id, &mut survivor, &linked).await?;
            write_case(&mut tx, target_id, &survivor, target.version).await?;
        }
        write_outbox(&mut tx, messages_for(&after, &events), now, self.origin()).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn case(&self, actor: &Actor, case_ref: &CaseRef) -> Res<Case> {
        let row: Option<(Json<Case>,)> =
            sqlx::query_as("SELECT snapshot FROM cases WHERE ref = $1")
                .bind(case_ref.to_string())
                .fetch_optional(&mut *self.conn().await?)
                .await?;
        let (Json(case),) = row.ok_or_else(|| StoreError::NoCase(case_ref.clone()))?;
        may_see_or_refuse(&case, actor)?;
        Ok(case)
    }

    async fn events(&self, actor: &Actor, case_ref: &CaseRef) -> Res<Vec<Event>> {
        self.case(actor, case_ref).await?;
        let rows: Vec<(Json<Event>,)> = sqlx::query_as(
            "SELECT e.payload FROM case_events e JOIN cases c ON c.id = e.case_id \
             WHERE c.ref = $1 ORDER BY e.seq",
        )
        .bind(case_ref.to_string())
        .fetch_all(&mut *self.conn().await?)
        .await?;
        Ok(rows.into_iter().map(|(Json(event),)| event).collect())
    }

    async fn cases(&self, actor: &Actor, filter: &CaseFilter) -> Res<Vec<Case>> {
        // Visibility in SQL: officers their own, experts their agency's, supervisors all.
        let own = (actor.role == Role::Officer).then_some(actor.user.0);
        let agency_only = match actor.role {
            Role::Expert => Some(
                actor
                    .agency
                    .as_ref()
                    .map(AgencyCode::to_string)
                    .unwrap_or_default(),
            ),
            _ => None,
        };
        let rows: Vec<(Json<Case>,)> = sqlx::query_as(
            "SELECT snapshot FROM cases \
             WHERE ($1 IS NULL OR officer_id = $1) AND ($2 IS NULL OR agency = $2) \
             AND ($3 IS NULL OR status = $3) AND ($4 IS NULL OR agency = $4) \
             AND ($5 IS NULL OR opened_at >= $5) AND ($6 IS NULL OR opened_at < $6) \
             ORDER BY id",
        )
        .bind(own)
        .bind(agency_only)
        .bind(filter.status.map(|s| s.as_str()))
        .bind(filter.agency.as_ref().map(AgencyCode::to_string))
        .bind(filter.opened_from.map(instant))
        .bind(filter.opened_until.map(instant))
        .fetch_all(&mut *self.conn().await?)
        .await?;
        Ok(rows.into_iter().map(|(Json(case),)| case).collect())
    }

    async fn log_question(&self, q: &Question) -> Res<i64> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO questions_log (user_id, asked_at, text, entry_id, confidence, answered, agency) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(q.user.map(|u| u.0))
        .bind(instant(q.asked_at))
        .bind(&q.text)
        .bind(&q.entry_id)
        .bind(q.confidence)
        .bind(q.answered)
        .bind(&q.agency)
        .fetch_one(&mut *self.conn().await?)
        .await?;
        Ok(id)
    }

    async fn log_routing_choice(&self, c: &RoutingChoice) -> Res<()> {
        sqlx::query(
            "INSERT INTO routing_choices \
             (user_id, chosen_at, text, proposed, runner_up, unsure, chosen, case_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM cases WHERE ref = $8))",
        )
        .bind(c.user.map(|u| u.0))
        .bind(instant(c.chosen_at))
        .bind(&c.text)
        .bind(&c.proposed)
        .bind(&c.runner_up)
        .bind(c.unsure)
        .bind(&c.chosen)
        .bind(&c.case_ref)
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    async fn question_feedback(&self, id: i64, helpful: bool) -> Res<()> {
        sqlx::query("UPDATE questions_log SET feedback = $1 WHERE id = $2")
            .bind(if helpful { "up" } else { "down" })
            .bind(id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    async fn remember_update(&self, update_id: i64, now: DateTime<Utc>) -> Res<bool> {
        let done = sqlx::query(
            "INSERT INTO telegram_updates (update_id, received_at) VALUES ($1, $2) \
             ON CONFLICT (update_id) DO NOTHING",
        )
        .bind(update_id)
        .bind(instant(now))
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn enqueue(&self, messages: Vec<NewOutbox>, now: DateTime<Utc>) -> Res<()> {
        if messages.is_empty() {
            return Ok(());
        }
        let mut conn = self.conn().await?;
        if self.unit.is_some() {
            // No savepoint inside a unit: a failed insert fails the whole unit anyway (the
            // error is `Sql`, which no caller turns into a reply), and it saves two round trips.
            return write_outbox(&mut conn, messages, instant(now), self.origin()).await;
        }
        let mut tx = dialect::begin_write(&mut conn).await?;
        write_outbox(&mut tx, messages, instant(now), self.origin()).await?;
        Ok(tx.commit().await?)
    }

    async fn due_messages(&self, now: DateTime<Utc>, limit: i64) -> Res<Vec<OutboxMessage>> {
        // Only each chat's oldest pending message: a later one never overtakes a retried one.
        let messages: Vec<OutboxMessage> = sqlx::query_as(
            "SELECT o.id, o.chat_id, o.payload, o.case_ref, o.attempts, o.next_attempt_at \
                 FROM outbox o WHERE o.state = 'pending' AND o.next_attempt_at <= $1 \
                 AND o.id = (SELECT MIN(p.id) FROM outbox p \
                             WHERE p.chat_id = o.chat_id AND p.state = 'pending') \
                 ORDER BY o.id LIMIT $2",
        )
        .bind(instant(now))
        .bind(limit)
        .fetch_all(&mut *self.conn().await?)
        .await?;
        Ok(messages)
    }

    async fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> Res<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'sent', sent_at = $1, attempts = attempts + 1 WHERE id = $2",
        )
        .bind(instant(now))
        .bind(id)
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    async fn mark_retry(&self, id: i64, next_attempt_at: DateTime<Utc>, error: &str) -> Res<()> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 \
             WHERE id = $3",
        )
        .bind(instant(next_attempt_at))
        .bind(error)
        .bind(id)
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }
}
