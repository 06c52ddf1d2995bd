//! The outbox sender: each chat's messages in order, retried with backoff and Telegram's
//! `retry_after`, never lost.
//!
//! At-least-once, on purpose: a row is marked `sending` before the Bot API call and `sent`
//! (with Telegram's message id and the relay link) after it. If the process dies between
//! Telegram accepting the message and our `sent` write — one HTTP round trip — the row is
//! found `sending` at the next start and sent again. Telegram has no idempotency key for
//! sendMessage, so exactly-once is impossible; the alternative (treat `sending` as sent) would
//! silently lose the message instead. A duplicate notice is the lesser harm for a help desk.
//!
//! Several instances may share one PostgreSQL database: `pending → sending` is a conditional
//! update (`outbox_claim`, a batch in one statement), so exactly one sender takes a row, and a
//! row is marked with the taker's lease.
//! Rows are put back to `pending` only when their sender's lease is gone — at start for a
//! crashed predecessor, and every `RECOVER_EVERY` for an instance that died while others live.
use crate::desk::{Attachment, Entity, EntityKind, Outgoing};
use crate::store::{DeskStore, OutboxLease, OutboxMessage};
use crate::telemetry::series::{self, SendResult};
use chrono::{Duration, Utc};
use futures::StreamExt;
use std::time::Duration as StdDuration;
use teloxide::payloads::{
    AnswerCallbackQuerySetters, EditMessageTextSetters, SendDocumentSetters, SendMessageSetters,
    SendPhotoSetters,
};
use teloxide::prelude::*;
use teloxide::types::{
    CallbackQueryId, FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile,
    LinkPreviewOptions, MessageEntity, MessageId, ReplyParameters,
};
use teloxide::{ApiError, RequestError};
use tracing::Instrument;

#[derive(Debug, Clone)]
pub struct SenderConfig {
    /// First retry delay; doubles per attempt up to `max_backoff`.
    pub backoff: StdDuration,
    pub max_backoff: StdDuration,
    /// Telegram refusing the message itself (bad request, blocked): give up after this many.
    pub max_refusals: i64,
    /// How often to look for due messages when idle.
    pub idle: StdDuration,
}

impl Default for SenderConfig {
    fn default() -> Self {
        Self {
            backoff: StdDuration::from_millis(500),
            max_backoff: StdDuration::from_secs(60),
            max_refusals: 5,
            idle: StdDuration::from_millis(200),
        }
    }
}

fn markup(out: &Outgoing) -> Option<InlineKeyboardMarkup> {
    (!out.buttons.is_empty()).then(|| {
        InlineKeyboardMarkup::new(out.buttons.iter().map(|row| {
            row.iter()
                .map(|b| InlineKeyboardButton::callback(b.label.clone(), b.data.clone()))
                .collect::<Vec<_>>()
        }))
    })
}

/// The desk's byte ranges as Telegram's entities (offsets in UTF-16 code units).
fn entities(text: &str, entities: &[Entity]) -> Vec<MessageEntity> {
    let units = |end: usize| text.get(..end).map_or(0, |s| s.encode_utf16().count());
    entities
        .iter()
        .filter_map(|e| {
            let (offset, end) = (units(e.start), units(e.end));
            let kind = match &e.kind {
                EntityKind::Bold => teloxide::types::MessageEntityKind::Bold,
                EntityKind::Italic => teloxide::types::MessageEntityKind::Italic,
                EntityKind::Link { url } => teloxide::types::MessageEntityKind::TextLink {
                    url: url.parse().ok()?,
                },
            };
            (end > offset).then(|| MessageEntity::new(kind, offset, end - offset))
        })
        .collect()
}

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

fn message_id(id: i64) -> MessageId {
    MessageId(i32::try_from(id).unwrap_or(i32::MAX))
}

/// One Bot API call; the id of the message Telegram made, if any.
async fn send<R>(bot: &R, out: &Outgoing) -> Result<Option<i64>, RequestError>
where
    R: Requester<Err = RequestError>,
{
    let chat = ChatId(out.chat_id);
    let text = if out.text.is_empty() && out.attachment.is_none() {
        "…".to_owned()
    } else {
        out.text.clone()
    };
    let reply = out
        .reply_to
        .map(|id| ReplyParameters::new(message_id(id)).allow_sending_without_reply());
    if let Some(id) = &out.callback_answer {
        let mut request = bot.answer_callback_query(CallbackQueryId(id.clone()));
        if !out.text.is_empty() {
            request = request.text(out.text.clone()).show_alert(out.alert);
        }
        request.await?;
        return Ok(None);
    }
    if let Some(menu) = out.menu {
        super::menus::set_chat(bot, out.chat_id, menu).await?;
        return Ok(None);
    }
    let formatted = entities(&text, &out.entities);
    if let Some(id) = out.edit_of {
        let mut request = bot.edit_message_text(chat, message_id(id), text);
        if let Some(kb) = markup(out) {
            request = request.reply_markup(kb);
        }
        if !formatted.is_empty() {
            request = request.entities(formatted);
        }
        if out.no_preview {
            request = request.link_preview_options(no_preview());
        }
        let sent = request.await?;
        return Ok(Some(i64::from(sent.id.0)));
    }
    let document = match &out.attachment {
        Some(Attachment::Document { file_id }) => Some(InputFile::file_id(FileId(file_id.clone()))),
        Some(Attachment::File { name, bytes }) => {
            Some(InputFile::memory(bytes.clone()).file_name(name.clone()))
        }
        _ => None,
    };
    let photo = match &out.attachment {
        Some(Attachment::Photo { file_id }) => Some(InputFile::file_id(FileId(file_id.clone()))),
        Some(Attachment::Image { name, bytes }) => {
            Some(InputFile::memory(bytes.clone()).file_name(name.clone()))
        }
        _ => None,
    };
    let sent = match (photo, document) {
        (Some(photo), _) => {
            let mut request = bot.send_photo(chat, photo);
            if !text.is_empty() {
                request = request.caption(text);
            }
            if !formatted.is_empty() {
                request = request.caption_entities(formatted);
            }
            if let Some(kb) = markup(out) {
                request = request.reply_markup(kb);
            }
            if let Some(reply) = reply {
                request = request.reply_parameters(reply);
            }
            request.await?
        }
        (_, Some(file)) => {
            let mut request = bot.send_document(chat, file);
            if !text.is_empty() {
                request = request.caption(text);
            }
            if !formatted.is_empty() {
                request = request.caption_entities(formatted);
            }
            if let Some(kb) = markup(out) {
                request = request.reply_markup(kb);
            }
            if let Some(reply) = reply {
                request = request.reply_parameters(reply);
            }
            request.await?
        }
        _ => {
            let mut request = bot.send_message(chat, text);
            if let Some(kb) = markup(out) {
                request = request.reply_markup(kb);
            }
            if !formatted.is_empty() {
                request = request.entities(formatted);
            }
            if out.no_preview {
                request = request.link_preview_options(no_preview());
            }
            if let Some(reply) = reply {
                request = request.reply_parameters(reply);
            }
            request.await?
        }
    };
    Ok(Some(i64::from(sent.id.0)))
}

/// What to do after a failed call.
enum Next {
    RetryIn(StdDuration),
    GiveUp,
    /// The callback query expired or similar: nothing to retry.
    Drop,
}

fn after_failure(
    config: &SenderConfig,
    message: &OutboxMessage,
    out: &Outgoing,
    error: &RequestError,
) -> Next {
    let attempts = u32::try_from(message.attempts.clamp(1, 16)).unwrap_or(16);
    let backoff = config
        .backoff
        .saturating_mul(2u32.saturating_pow(attempts - 1))
        .min(config.max_backoff);
    match error {
        RequestError::RetryAfter(seconds) => Next::RetryIn(seconds.duration()),
        RequestError::Api(_) if out.callback_answer.is_some() => Next::Drop,
        RequestError::Api(
            ApiError::BotBlocked | ApiError::ChatNotFound | ApiError::UserDeactivated,
        ) => Next::GiveUp,
        // Telegram's own trouble (5xx arrive as `Unknown`): retry for as long as it lasts.
        RequestError::Api(ApiError::Unknown(_)) => Next::RetryIn(backoff),
        RequestError::Api(_) | RequestError::MigrateToChatId(_)
            if message.attempts >= config.max_refusals =>
        {
            Next::GiveUp
        }
        _ => Next::RetryIn(backoff),
    }
}

/// Chats served at once: each chat still gets one message at a time, in order (`outbox_claim`
/// hands out a chat's oldest message only while none of its messages is in flight).
const CHATS_AT_ONCE: usize = 16;

/// Send what is due, once; returns how many rows were handled.
pub async fn send_due<S, R>(
    store: &S,
    bot: &R,
    config: &SenderConfig,
    lease: &OutboxLease,
) -> Result<usize, crate::store::StoreError>
where
    S: DeskStore,
    R: Requester<Err = RequestError>,
{
    let due = store.outbox_claim(Utc::now(), 64, lease).await?;
    let count = due.len();
    send_taken(store, bot, config, due).await?;
    Ok(count)
}

/// Send rows taken for sending, each chat's one at a time; whether all went through.
async fn send_taken<S, R>(
    store: &S,
    bot: &R,
    config: &SenderConfig,
    due: Vec<OutboxMessage>,
) -> Result<bool, crate::store::StoreError>
where
    S: DeskStore,
    R: Requester<Err = RequestError>,
{
    // Button presses first: Telegram spins a pressed button until its answer arrives, and the
    // answer must not trail the messages the press caused.
    let (answers, messages): (Vec<_>, Vec<_>) = due
        .into_iter()
        .partition(|m| m.chat_id == crate::desk::PRESS_ANSWERS);
    let mut all_sent = true;
    for batch in [answers, messages] {
        let results: Vec<_> = futures::stream::iter(batch)
            .map(|message| send_one(store, bot, config, message))
            .buffer_unordered(CHATS_AT_ONCE)
            .collect()
            .await;
        for result in results {
            all_sent &= result?;
        }
    }
    Ok(all_sent)
}

/// How long the worker that handled an update has to send its messages before the background
/// sender may take them (`DeskStore::for_update`): long enough for a few Bot API round trips
/// behind the chat's earlier messages; what is left after it (the worker died, Telegram is
/// slow) the background sender sends.
pub const HANDOVER: StdDuration = StdDuration::from_secs(5);

/// Send the messages of one update's turn, right after its commit, by the worker that handled
/// it. Telegram's round trip is where a real instance waits, so an update stays in its
/// worker's hands until its replies are out: an instance serves `workers` updates at a time,
/// and more instances add capacity without needing more CPU. A message behind another of its
/// chat still in flight waits for it (up to `HANDOVER`); one that fails is the background
/// sender's to retry. `store` is tagged with the update, so a "Sent ✓" the sends add is
/// delivered here too.
pub async fn deliver<S, R>(
    store: &S,
    bot: &R,
    config: &SenderConfig,
    lease: &OutboxLease,
    update_id: i64,
) -> Result<(), crate::store::StoreError>
where
    S: DeskStore,
    R: Requester<Err = RequestError>,
{
    let deadline = std::time::Instant::now() + HANDOVER;
    loop {
        let taken = store.outbox_deliver(update_id, 64, lease).await?;
        if taken.is_empty() {
            if std::time::Instant::now() >= deadline
                || store.outbox_undelivered(update_id).await? == 0
            {
                return Ok(());
            }
            tokio::time::sleep(StdDuration::from_millis(10)).await;
            continue;
        }
        if !send_taken(store, bot, config, taken).await? {
            return Ok(());
        }
    }
}

async fn send_one<S, R>(
    store: &S,
    bot: &R,
    config: &SenderConfig,
    message: OutboxMessage,
) -> Result<bool, crate::store::StoreError>
where
    S: DeskStore,
    R: Requester<Err = RequestError>,
{
    let out = match Outgoing::from_payload(&message.payload) {
        Ok(out) => out,
        Err(e) => {
            series::outbox_send(SendResult::Failed);
            tracing::warn!(outbox = message.id, %e, "outbox row unreadable; given up");
            return store
                .outbox_failed(message.id, &e.to_string())
                .await
                .map(|()| false);
        }
    };
    let span = tracing::info_span!(
        "send",
        outbox = message.id,
        chat = message.chat_id,
        method = %method(&out),
        attempt = message.attempts + 1
    );
    async {
        match send(bot, &out).await {
            Ok(id) => {
                series::outbox_send(SendResult::Sent);
                tracing::debug!("sent");
                store
                    .outbox_sent(message.id, Utc::now(), id, out.relay)
                    .await?;
                // "Sent ✓" to the author only once their message has gone through.
                if let Some(ack) = out.ack {
                    store
                        .enqueue(crate::store::NewOutbox::for_message(*ack), Utc::now())
                        .await?;
                }
                Ok(true)
            }
            Err(error) => {
                tracing::warn!(%error, "send failed");
                let attempt = OutboxMessage {
                    attempts: message.attempts + 1,
                    ..message.clone()
                };
                match after_failure(config, &attempt, &out, &error) {
                    Next::RetryIn(delay) => {
                        series::outbox_send(SendResult::Retry);
                        let at =
                            Utc::now() + Duration::from_std(delay).unwrap_or(Duration::seconds(60));
                        store
                            .outbox_retry(message.id, at, &error.to_string())
                            .await?;
                    }
                    Next::GiveUp => {
                        series::outbox_send(SendResult::Failed);
                        store.outbox_failed(message.id, &error.to_string()).await?;
                    }
                    Next::Drop => {
                        series::outbox_send(SendResult::Dropped);
                        store.outbox_dropped(message.id, &error.to_string()).await?;
                    }
                }
                Ok(false)
            }
        }
    }
    .instrument(span)
    .await
}

/// The Bot API method `send` calls for `out`, for logs.
fn method(out: &Outgoing) -> &'static str {
    if out.callback_answer.is_some() {
        return "answerCallbackQuery";
    }
    if out.menu.is_some() {
        return "setMyCommands";
    }
    if out.edit_of.is_some() {
        return "editMessageText";
    }
    match out.attachment {
        Some(Attachment::Photo { .. } | Attachment::Image { .. }) => "sendPhoto",
        Some(Attachment::Document { .. } | Attachment::File { .. }) => "sendDocument",
        _ => "sendMessage",
    }
}

/// How often a sender looks for rows a dead instance left `sending`.
const RECOVER_EVERY: StdDuration = StdDuration::from_secs(15);

/// A sender's lease (see `OutboxLease`), retried until the database gives one.
pub async fn lease<S: DeskStore>(store: &S) -> OutboxLease {
    loop {
        match store.outbox_lease().await {
            Ok(lease) => return lease,
            Err(e) => {
                tracing::error!(%e, "outbox: cannot take a sender lease");
                tokio::time::sleep(StdDuration::from_secs(1)).await;
            }
        }
    }
}

/// The background sender: recover rows left `sending` by senders that are gone, then send
/// forever what is due — retries, messages of jobs, and what a worker left (see `deliver`).
pub async fn run<S, R>(store: S, bot: R, config: SenderConfig, lease: std::sync::Arc<OutboxLease>)
where
    S: DeskStore,
    R: Requester<Err = RequestError>,
{
    let mut recovered_at: Option<std::time::Instant> = None;
    loop {
        if recovered_at.is_none_or(|at| at.elapsed() >= RECOVER_EVERY) {
            match store.outbox_recover(&lease).await {
                Ok(0) => {}
                Ok(n) => tracing::warn!(n, "outbox: resending messages a stopped sender left"),
                Err(e) => tracing::error!(%e, "outbox recovery failed"),
            }
            recovered_at = Some(std::time::Instant::now());
        }
        match send_due(&store, &bot, &config, &lease).await {
            Ok(0) => tokio::time::sleep(config.idle).await,
            Ok(_) => {}
            Err(e) => {
                tracing::error!(%e, "outbox: store error");
                tokio::time::sleep(config.idle).await;
            }
        }
    }
}
