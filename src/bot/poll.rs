//! Long polling with our own loop, so an update is stored before it is acknowledged.
//!
//! teloxide's dispatcher listener advances the `getUpdates` offset (which acknowledges the
//! updates to Telegram) as soon as it has fetched them, before any handler has stored
//! anything — a crash there loses updates. Here each raw update is written to `inbox` first;
//! only then does the next `getUpdates` carry the higher offset. Workers (`work`) take each
//! chat's updates in `update_id` order and mark each row done; the primary key on `update_id`
//! makes a re-delivered update a no-op.
use super::incoming::incoming;
use super::outbox::{self, SenderConfig};
use crate::desk::{Desk, DeskError, InboxMark};
use crate::store::{DeskStore, OutboxLease};
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

/// One worker, forever: take the next update of a chat nobody is handling, handle it, send
/// its replies, and again. `clinic run` runs several per instance (`--workers`); every
/// worker of every instance takes from the same inbox.
pub async fn work<S, R>(
    desk: Desk<S>,
    bot: R,
    sender: SenderConfig,
    lease: Arc<OutboxLease>,
    inbox: Arc<Notify>,
) where
    S: DeskStore,
    R: Requester<Err = RequestError>,
{
    loop {
        match handle_next(&desk).await {
            Ok(Some(update_id)) => {
                // There may be more: a sleeping worker looks too (a batch of `getUpdates`
                // wakes only one).
                inbox.notify_one();
                let store = desk.store.for_update(update_id, handover());
                if let Err(e) = outbox::deliver(&store, &bot, &sender, &lease, update_id).await {
                    // The background sender takes them after the hand-over.
                    tracing::warn!(update = update_id, %e, "replies left to the outbox sender");
                }
            }
            Ok(None) => {
                let _ = tokio::time::timeout(Duration::from_secs(1), inbox.notified()).await;
            }
            Err(e) => {
                // Left pending: this or another worker tries it again.
                tracing::error!(%e, "inbox: update not processed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

fn handover() -> chrono::Duration {
    chrono::Duration::from_std(outbox::HANDOVER).unwrap_or(chrono::Duration::seconds(5))
}

/// Handle the next update, if there is one for us; its id.
async fn handle_next<S: DeskStore>(desk: &Desk<S>) -> Result<Option<i64>, DeskError> {
    let unit = desk.store.begin_unit().await?;
    let Some(row) = unit.inbox_next().await? else {
        unit.rollback_unit().await?;
        return Ok(None);
    };
    let update_id = row.update_id;
    // Every message of the turn (a failure's apology too) is tagged with the update.
    let unit = unit.for_update(update_id, handover());
    let desk = desk.on(desk.store.for_update(update_id, handover()));
    let now = Utc::now();
    let mark = InboxMark { update_id, at: now };
    // From text, not from a `Value`: teloxide's flattened `UpdateKind` only parses so.
    let update = serde_json::from_str::<Update>(&row.payload.to_string());
    let inc = match &update {
        Ok(update) => incoming(update, now),
        Err(_) => None,
    };
    if let Some(inc) = inc {
        // The desk marks the row done in the transaction of the update's effects.
        desk.handle_in_unit(unit, &inc, Some(mark)).await?;
        return Ok(Some(update_id));
    }
    let why = match update {
        Ok(update) => {
            tracing::debug!(?update, "update ignored");
            None
        }
        Err(e) => {
            let why = format!("unreadable update: {e}");
            tracing::error!(update = update_id, error = %why, "update failed");
            Some(why)
        }
    };
    if unit.inbox_claim(update_id, now, why.as_deref()).await? {
        series::update_passed_over();
    }
    unit.commit_unit().await?;
    Ok(Some(update_id))
}
