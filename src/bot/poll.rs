//! Long polling with our own loop, so an update is stored before it is acknowledged.
//!
//! teloxide's dispatcher listener advances the `getUpdates` offset (which acknowledges the
//! updates to Telegram) as soon as it has fetched them, before any handler has stored
//! anything — a crash there loses updates. Here each raw update is written to `inbox` first;
//! only then does the next `getUpdates` carry the higher offset. Processing reads the inbox in
//! `update_id` order and marks each row done; the primary key on `update_id` makes a
//! re-delivered update a no-op.
use super::incoming::incoming;
use crate::desk::{Desk, DeskError, InboxMark};
use crate::store::DeskStore;
use crate::telemetry::series;
use chrono::Utc;
use std::sync::Arc;
use std::time::Duration;
use teloxide::RequestError;
use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, Update};
use tokio::sync::Notify;

/// The kinds of update the desk handles.
pub const ALLOWED_UPDATES: [AllowedUpdate; 3] = [
    AllowedUpdate::Message,
    AllowedUpdate::EditedMessage,
    AllowedUpdate::CallbackQuery,
];

/// Fetch updates forever, storing each before acknowledging it.
pub async fn receive<S, R>(store: S, bot: R, timeout_secs: u32, inbox: Arc<Notify>)
where
    S: DeskStore,
    R: Requester<Err = RequestError>,
{
    let mut offset = loop {
        match store.inbox_last_id().await {
            Ok(last) => break last.map_or(0, |id| id + 1),
            Err(e) => {
                tracing::error!(%e, "inbox: cannot read the last update id");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    let mut failures = 0u32;
    loop {
        let batch_start = offset;
        let request = bot
            .get_updates()
            .offset(i32::try_from(offset).unwrap_or(i32::MAX))
            .timeout(timeout_secs)
            .allowed_updates(ALLOWED_UPDATES);
        match request.await {
            Ok(updates) => {
                failures = 0;
                let mut batch = Vec::with_capacity(updates.len());
                for update in updates {
                    let id = i64::from(update.id.0);
                    match serde_json::to_value(&update) {
                        Ok(raw) => batch.push((id, raw)),
                        Err(e) => tracing::error!(%e, id, "update does not serialise; skipped"),
                    }
                    offset = offset.max(id + 1);
                }
                // One statement for the batch; not stored means not acknowledged: the same
                // offset fetches it again.
                if let Err(e) = store.inbox_put(&batch, Utc::now()).await {
                    tracing::error!(%e, "inbox: cannot store updates");
                    offset = batch_start;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    continue;
                }
                inbox.notify_one();
            }
            Err(RequestError::RetryAfter(s)) => tokio::time::sleep(s.duration()).await,
            Err(e) => {
                failures = (failures + 1).min(6);
                tracing::warn!(%e, "getUpdates failed");
                tokio::time::sleep(Duration::from_millis(250 << failures)).await;
            }
        }
    }
}

/// Process stored updates in order, forever.
pub async fn process<S: DeskStore>(desk: Desk<S>, inbox: Arc<Notify>, outbox: Arc<Notify>) {
    loop {
        let pending = match desk.store.inbox_pending(100).await {
            Ok(pending) => pending,
            Err(e) => {
                tracing::error!(%e, "inbox: cannot read");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if pending.is_empty() {
            let _ = tokio::time::timeout(Duration::from_secs(1), inbox.notified()).await;
            continue;
        }
        for row in pending {
            let now = Utc::now();
            let mark = InboxMark {
                update_id: row.update_id,
                at: now,
            };
            // From text, not from a `Value`: teloxide's flattened `UpdateKind` only parses so.
            let done = match serde_json::from_str::<Update>(&row.payload.to_string()) {
                // The desk marks the row done in the transaction of the update's effects.
                Ok(update) => match incoming(&update, now) {
                    Some(inc) => desk.handle_update(&inc, Some(mark)).await,
                    None => {
                        tracing::debug!(?update, "update ignored");
                        pass_over(&desk.store, row.update_id, now, None).await
                    }
                },
                Err(e) => {
                    let why = format!("unreadable update: {e}");
                    tracing::error!(update_id = row.update_id, error = %why, "update failed");
                    pass_over(&desk.store, row.update_id, now, Some(&why)).await
                }
            };
            if let Err(e) = done {
                // Left pending: the next pass tries it again.
                tracing::error!(update_id = row.update_id, %e, "inbox: update not processed");
                tokio::time::sleep(Duration::from_secs(1)).await;
                break;
            }
            outbox.notify_one();
        }
    }
}

/// Mark done a row no turn of the desk handles (not a kind it answers, or unreadable).
async fn pass_over<S: DeskStore>(
    store: &S,
    update_id: i64,
    now: chrono::DateTime<Utc>,
    why: Option<&str>,
) -> Result<(), DeskError> {
    if store.inbox_claim(update_id, now, why).await? {
        series::update_passed_over();
    }
    Ok(())
}
