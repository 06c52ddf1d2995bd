//! The Telegram adapter: our own long-polling loop into the inbox, the desk processing it, the
//! outbox sender, command menus. Translates and delegates; the desk decides.
//!
//! Tasks inside `run` (all on one runtime):
//! - `poll::receive` — `getUpdates` → `inbox` (stored before acknowledged), or in webhook
//!   mode `webhook::router` — Telegram's POST → `inbox` (stored before answered 200);
//! - `poll::work`, `workers` of them — `inbox` → `Desk::handle` → `outbox` → Bot API: each
//!   takes the next update of a chat no other worker (of any instance) is handling, so a chat's
//!   updates are handled in order and different chats in parallel, and sends the update's
//!   replies itself before taking more;
//! - `outbox::run` — the background sender: retries, messages of jobs, whatever a worker left;
//!   per chat in order;
//! - the auto-close clock, and any extra `Worker` the caller passes (SLA clock, web server).
pub mod incoming;
pub mod menus;
pub mod outbox;
pub mod poll;
pub mod webhook;

use crate::desk::Desk;
use crate::store::DeskStore;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use teloxide::RequestError;
use teloxide::payloads::SetWebhookSetters;
use teloxide::prelude::*;
use tokio::sync::Notify;

/// Anything else `clinic run` should keep running (the web server, the SLA clock…).
pub type Worker = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Updates in flight per instance unless configured: enough to hide Telegram's round trips
/// without holding many database connections (each handling worker holds one).
pub const DEFAULT_WORKERS: usize = 4;

#[derive(Debug, Clone)]
pub struct RunConfig {
    /// `getUpdates` long-poll timeout in seconds.
    pub poll_timeout: u32,
    pub sender: outbox::SenderConfig,
    /// How often the auto-close clock looks for unconfirmed resolutions.
    pub clock_every: Duration,
    /// Updates this instance handles at a time (each with its replies' round trips).
    pub workers: usize,
}

impl Default for RunConfig {
    fn default() -> Self {
        Self {
            poll_timeout: 25,
            sender: outbox::SenderConfig::default(),
            clock_every: Duration::from_secs(600),
            workers: DEFAULT_WORKERS,
        }
    }
}

/// How updates arrive.
pub enum Receive {
    /// `getUpdates`; one instance per bot (Telegram refuses a second poller).
    LongPoll,
    /// Telegram posts to us; any number of instances behind the URL.
    Webhook(webhook::Webhook),
}

/// Run until Ctrl-C / SIGTERM. `bot` is a plain `Bot` or a `Throttle<Bot>`.
pub async fn run<S, R>(
    mut desk: Desk<S>,
    bot: R,
    receive: Receive,
    config: RunConfig,
    workers: Vec<Worker>,
) where
    S: DeskStore,
    R: Requester<Err = RequestError> + Clone + Send + Sync + 'static,
    <R as Requester>::GetUpdates: Send,
    <R as Requester>::SendMessage: Send,
    <R as Requester>::SendPhoto: Send,
    <R as Requester>::SendDocument: Send,
    <R as Requester>::EditMessageText: Send,
    <R as Requester>::AnswerCallbackQuery: Send,
    <R as Requester>::SetMyCommands: Send,
    <R as Requester>::DeleteWebhook: Send,
    <R as Requester>::SetWebhook: Send,
    <R as Requester>::GetMe: Send,
{
    // Deep links (`t.me/<bot>?start=…`) need the bot's username.
    match bot.get_me().await {
        Ok(me) => desk.config.bot_username = me.user.username.clone(),
        Err(e) => tracing::warn!(%e, "getMe failed: invites carry no deep link"),
    }
    menus::set(&bot, &desk.store).await;
    let inbox = Arc::new(Notify::new());
    let mut tasks = tokio::task::JoinSet::new();
    match receive {
        Receive::LongPoll => {
            if let Err(e) = bot.delete_webhook().await {
                tracing::warn!(%e, "deleteWebhook failed (continuing with long polling)");
            }
            tasks.spawn(poll::receive(
                desk.store.clone(),
                bot.clone(),
                config.poll_timeout,
                inbox.clone(),
            ));
        }
        Receive::Webhook(hook) => {
            let app = webhook::router(
                hook.url.path(),
                desk.store.clone(),
                &hook.secret,
                inbox.clone(),
            );
            // Serving first: Telegram may post as soon as the webhook is set.
            tasks.spawn(async move {
                if let Err(e) = crate::web::limits::serve(hook.listener, app, hook.limits).await {
                    tracing::error!(%e, "webhook server stopped");
                }
            });
            tasks.spawn(set_webhook(bot.clone(), hook.url, hook.secret));
        }
    }
    // One lease for the instance: its workers and its background sender mark rows alike.
    let lease = Arc::new(outbox::lease(&desk.store).await);
    for _ in 0..config.workers.max(1) {
        tasks.spawn(poll::work(
            desk.clone(),
            bot.clone(),
            config.sender.clone(),
            lease.clone(),
            inbox.clone(),
        ));
    }
    tasks.spawn(outbox::run(
        desk.store.clone(),
        bot,
        config.sender.clone(),
        lease,
    ));
    let clock = desk.clone();
    tasks.spawn(async move {
        loop {
            if let Err(e) = clock.close_unconfirmed(chrono::Utc::now()).await {
                tracing::error!(%e, "auto-close failed");
            }
            tokio::time::sleep(config.clock_every).await;
        }
    });
    for worker in workers {
        tasks.spawn(worker);
    }
    shutdown_signal().await;
    tracing::info!("shutting down");
    tasks.shutdown().await;
}

/// Tell Telegram where to post, retrying until it accepts.
async fn set_webhook<R>(bot: R, url: url::Url, secret: String)
where
    R: Requester<Err = RequestError>,
{
    let mut wait = Duration::from_millis(500);
    loop {
        let request = bot
            .set_webhook(url.clone())
            .secret_token(secret.clone())
            .allowed_updates(poll::ALLOWED_UPDATES);
        match request.await {
            Ok(_) => {
                tracing::info!(%url, "webhook set");
                return;
            }
            Err(e) => {
                tracing::warn!(%e, "setWebhook failed; trying again");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(60));
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
