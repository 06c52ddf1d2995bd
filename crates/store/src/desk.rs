//! What the desk and its adapters need from storage besides cases: chat bindings, per-user
//! settings and dialogue state, relay links, the Telegram inbox and the outbox's send states.
//!
//! A trait of its own (implemented once in `sql/desk.rs`, compiled per engine like the rest of
//! `sql/`) so the case store stays small and the two grow without stepping on each other.
use super::{OutboxMessage, Question, Store, StoreError, User};
use chrono::{DateTime, Utc};
use clinic_core::cases::{Agency, AgencyCode, CaseRef, UserId};
pub use clinic_core::conversation::Side;
use std::collections::HashMap;
use std::future::Future;

type Res<T> = Result<T, StoreError>;

/// What a group chat is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatBinding {
    Agency(AgencyCode),
    Coordinators,
}

/// Where news of a case goes: every agency, the group bound to each, the coordinators' group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgencyChats {
    pub agencies: Vec<Agency>,
    pub groups: HashMap<AgencyCode, i64>,
    pub coordinators: Option<i64>,
}

/// A user's language ("th" or "en") and their current dialogue (JSON the desk owns).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UserSettings {
    pub lang: Option<String>,
    pub dialogue: Option<serde_json::Value>,
}

/// A running outbox sender's hold on the rows it marks `sending`: while the lease lives, no
/// other instance sends those rows again. PostgreSQL keeps it as a session advisory lock on a
/// connection of its own, freed by the server when the process dies; SQLite, one process per
/// file, needs nothing held.
pub struct OutboxLease {
    pub sender: i64,
    pub(super) _held: Box<dyn std::any::Any + Send + Sync>,
}

impl std::fmt::Debug for OutboxLease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxLease")
            .field("sender", &self.sender)
            .finish()
    }
}

/// A stored, not yet processed Telegram update (read straight from its `inbox` row).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct InboxUpdate {
    pub update_id: i64,
    #[sqlx(json)]
    pub payload: serde_json::Value,
}

/// The desk also reads the coordinators' views (`/summary`, `/dashboard`), so a desk store is an
/// oversight store too; both engines implement both.
pub trait DeskStore:
    Store + super::oversight::Oversight + super::spending::Spending + super::learning::Learning
{
    /// A handle on the same database whose every statement runs in one new transaction until
    /// `commit_unit`: the desk handles an update in one unit together with the update's inbox
    /// mark, so after a crash the update is redone whole or was done whole, never half.
    /// Dropping all clones uncommitted rolls back.
    fn begin_unit(&self) -> impl Future<Output = Res<Self>> + Send;
    fn commit_unit(&self) -> impl Future<Output = Res<()>> + Send;
    fn rollback_unit(&self) -> impl Future<Output = Res<()>> + Send;
    /// A handle (unit or not) whose outbox rows belong to the turn of `update_id`: they carry
    /// its id and fall due to `outbox_claim` only `handover` later, for the worker that
    /// handled the update sends them itself (`outbox_deliver`) right after its commit.
    fn for_update(&self, update_id: i64, handover: chrono::Duration) -> Self;

    fn bind_chat(
        &self,
        chat_id: i64,
        binding: &ChatBinding,
        by: UserId,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<()>> + Send;
    fn chat_binding(&self, chat_id: i64) -> impl Future<Output = Res<Option<ChatBinding>>> + Send;
    fn chat_bindings(&self) -> impl Future<Output = Res<Vec<(i64, ChatBinding)>>> + Send;
    /// `Store::agencies` and the bound groups in one read (every case change needs both).
    /// Should a chat kind be bound twice, the highest chat id counts, as when the bindings are
    /// read in `chat_id` order and the last one wins.
    fn agency_chats(&self) -> impl Future<Output = Res<AgencyChats>> + Send;

    fn settings(&self, user: UserId) -> impl Future<Output = Res<UserSettings>> + Send;
    /// `Store::user` and `settings` in one read: every turn starts with both.
    fn user_and_settings(
        &self,
        user: UserId,
    ) -> impl Future<Output = Res<(Option<User>, UserSettings)>> + Send;
    fn set_lang(
        &self,
        user: UserId,
        lang: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<()>> + Send;
    /// `None` ends the dialogue.
    fn set_dialogue(
        &self,
        user: UserId,
        dialogue: Option<serde_json::Value>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<()>> + Send;

    /// A logged question (for 👍/👎 and handoff buttons, which carry only its id).
    fn question(&self, id: i64) -> impl Future<Output = Res<Option<Question>>> + Send;

    /// The case and side of a message the bot sent (for Telegram reply-to).
    fn relay_link(
        &self,
        chat_id: i64,
        message_id: i64,
    ) -> impl Future<Output = Res<Option<(CaseRef, Side)>>> + Send;

    /// Store raw updates (one `getUpdates` batch, or one webhook post) in one statement; how
    /// many were new (an id seen before is skipped: de-duplication).
    fn inbox_put(
        &self,
        updates: &[(i64, serde_json::Value)],
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<u64>> + Send;
    /// Unprocessed updates, oldest first.
    fn inbox_pending(&self, limit: i64) -> impl Future<Output = Res<Vec<InboxUpdate>>> + Send;
    /// In a unit: the oldest unprocessed update of a chat whose earlier updates are all
    /// processed and that no other unit is handling, held for this unit until it ends. Updates
    /// of one chat are so handled one at a time, in order, while other chats run in parallel
    /// (across instances too). On PostgreSQL the hold is the row's lock (`FOR UPDATE SKIP
    /// LOCKED`): it ends with the transaction, so a crashed instance holds nothing; SQLite's
    /// unit holds the database's write lock anyway.
    fn inbox_next(&self) -> impl Future<Output = Res<Option<InboxUpdate>>> + Send;
    /// Mark an update processed at `at` (with `error`, if it failed), unless it already is;
    /// false when it was. Done first inside the update's unit, so the mark commits with the
    /// update's effects; on PostgreSQL the row stays locked until then, so an instance reaching
    /// the same update meanwhile waits and then finds it processed.
    fn inbox_claim(
        &self,
        update_id: i64,
        at: DateTime<Utc>,
        error: Option<&str>,
    ) -> impl Future<Output = Res<bool>> + Send;
    /// The highest update id ever stored: polling resumes after it.
    fn inbox_last_id(&self) -> impl Future<Output = Res<Option<i64>>> + Send;

    /// A new sender's lease (see `OutboxLease`).
    fn outbox_lease(&self) -> impl Future<Output = Res<OutboxLease>> + Send;
    /// Rows left `sending` by a sender that is gone (crashed, killed) go back to `pending`
    /// (at-least-once; see bot/outbox.rs). Rows of live senders, this one included, stay.
    fn outbox_recover(&self, lease: &OutboxLease) -> impl Future<Output = Res<u64>> + Send;
    /// Take up to `limit` messages to send under `lease` (pending → sending), in one
    /// statement: each chat's oldest unsent message whose time has come, unless one of the
    /// chat's messages is already being sent. Button answers (`PRESS_ANSWERS`) owe each other
    /// no order and are taken side by side. A message is taken by one sender only.
    fn outbox_claim(
        &self,
        now: DateTime<Utc>,
        limit: i64,
        lease: &OutboxLease,
    ) -> impl Future<Output = Res<Vec<OutboxMessage>>> + Send;
    /// The worker's share of `outbox_claim`: up to `limit` messages of the turn of `update_id`
    /// (see `for_update`) never tried yet, each its chat's oldest unsent one, due or not.
    fn outbox_deliver(
        &self,
        update_id: i64,
        limit: i64,
        lease: &OutboxLease,
    ) -> impl Future<Output = Res<Vec<OutboxMessage>>> + Send;
    /// How many messages of the turn of `update_id` wait, never tried, for a message of their
    /// chat that is being sent (not for one waiting to be retried: that is the background
    /// sender's).
    fn outbox_undelivered(&self, update_id: i64) -> impl Future<Output = Res<i64>> + Send;
    /// sending → sent, with Telegram's message id; `link` records the relay mapping in the
    /// same transaction.
    fn outbox_sent(
        &self,
        id: i64,
        now: DateTime<Utc>,
        message_id: Option<i64>,
        link: Option<Side>,
    ) -> impl Future<Output = Res<()>> + Send;
    /// sending → pending, tried again at `at`.
    fn outbox_retry(
        &self,
        id: i64,
        at: DateTime<Utc>,
        error: &str,
    ) -> impl Future<Output = Res<()>> + Send;
    /// Nothing to send after all: a button answer whose press Telegram no longer takes. Kept
    /// as `sent`, with `last_error` = "dropped: " + `why`, so it is not counted as a failure.
    fn outbox_dropped(&self, id: i64, why: &str) -> impl Future<Output = Res<()>> + Send;
    /// Given up (Telegram refused it for good, e.g. the bot was blocked).
    fn outbox_failed(&self, id: i64, error: &str) -> impl Future<Output = Res<()>> + Send;
}
