//! `clinic run`: the production service — Telegram long polling or a webhook, the inbox, the outbox sender,
//! the auto-close clock, and whatever extra workers are wired in (`workers` below: the lead
//! adds the SLA clock and the web server at `CLINIC_WEB_ADDR` here).
use super::config::{DashboardArgs, HttpArgs, RetentionArgs, WorkersArgs};
use super::database::{DatabaseArgs, connect, runtime, sync};
use clinic::bot::{self, Receive, RunConfig, Worker, webhook};
use clinic::desk::{Advisor, Desk, DeskConfig};
use clinic::jobs::{self, GroupChats};
use clinic::knowledge::Course;
use clinic::privacy;
use clinic::spending::TargetBook;
use clinic::store::{ChatBinding, DeskStore, Engine, Oversight};
use clinic::timeline::Calendar;
use clinic::web::{WebState, serve as serve_web};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::*;
use tracing::Instrument;

#[derive(clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The bot token from BotFather.
    #[arg(long, env = "TELOXIDE_TOKEN", hide_env_values = true)]
    pub token: String,
    /// Another Bot API server (a local one, or a fake in tests).
    #[arg(long, env = "TELOXIDE_API_URL")]
    pub api_url: Option<String>,
    #[command(flatten)]
    pub dashboard: DashboardArgs,
    /// Webhook mode: the public HTTPS address Telegram posts updates to (behind TLS, e.g. a
    /// reverse proxy or load balancer in front of one or more instances). Unset: long polling.
    #[arg(long, env = "CLINIC_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// Where this instance listens for the webhook's posts (plain HTTP, behind the proxy).
    #[arg(long, env = "CLINIC_WEBHOOK_ADDR", default_value = "127.0.0.1:8443")]
    pub webhook_addr: String,
    /// The secret Telegram sends with each post; by default derived from the token, so every
    /// instance of one bot agrees.
    #[arg(long, env = "CLINIC_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,
    /// Long-poll timeout for getUpdates, seconds.
    #[arg(long, env = "CLINIC_POLL_TIMEOUT", default_value_t = 25)]
    pub poll_timeout: u32,
    /// Resolved cases the officer does not confirm close after this many days.
    #[arg(long, env = "CLINIC_AUTO_CLOSE_DAYS", default_value_t = DeskConfig::default().auto_close_days)]
    pub auto_close_days: i64,
    /// Messages and button presses a minute one user may send before the rest are dropped
    /// (they are told once a minute); 0 turns the flood guard off.
    #[arg(long, env = "CLINIC_FLOOD_PER_MINUTE", default_value_t = DeskConfig::default().flood_per_minute)]
    pub flood_per_minute: u32,
    /// First retry delay of the outbox, milliseconds (doubles per attempt, at most 60 s).
    #[arg(long, env = "CLINIC_OUTBOX_BACKOFF_MS", default_value_t = 500)]
    pub outbox_backoff_ms: u64,
    #[command(flatten)]
    pub retention: RetentionArgs,
    /// How often the SLA clock, the weekly summary and the anonymiser look, seconds.
    #[arg(long, env = "CLINIC_TICK_SECS", default_value_t = 60)]
    pub tick_secs: u64,
    #[command(flatten)]
    pub http: HttpArgs,
    #[command(flatten)]
    pub workers: WorkersArgs,
    /// Respect Telegram's rate limits client-side (teloxide's Throttle); off only for tests.
    #[arg(long, env = "CLINIC_THROTTLE", default_value_t = true, action = clap::ArgAction::Set)]
    pub throttle: bool,
}

pub fn run(knowledge: &Path, args: RunArgs) -> anyhow::Result<()> {
    // Before anything is counted: increments made with no recorder are lost.
    clinic::telemetry::recorder::install();
    runtime()?.block_on(async {
        let advisor = Arc::new(Advisor::load(knowledge)?);
        match connect(&args.database).await? {
            Engine::Sqlite(store) => serve(store, knowledge, advisor, &args).await,
            Engine::Postgres(store) => serve(store, knowledge, advisor, &args).await,
        }
    })
}

async fn serve<S: DeskStore + Oversight + Clone + Send + Sync + 'static>(
    store: S,
    knowledge: &Path,
    advisor: Arc<Advisor>,
    args: &RunArgs,
) -> anyhow::Result<()> {
    sync(&store, knowledge, &args.database).await?;
    let calendar = Arc::new(super::database::calendar(knowledge)?);
    let book = Arc::new(clinic::spending::SpendingBook::load(knowledge)?);
    let knowledge_parts = (
        Arc::new(book.targets.clone()),
        Arc::new(advisor.answerer.kb.courses.clone()),
    );
    let workers = vec![
        web_worker(store.clone(), calendar.clone(), knowledge_parts, args).await?,
        clock_worker(store.clone(), calendar, book, args),
    ];
    let desk = Desk::new(
        store,
        advisor,
        DeskConfig {
            auto_close_days: args.auto_close_days,
            web_url: args.dashboard.url.web_url.clone(),
            flood_per_minute: args.flood_per_minute,
            ..DeskConfig::default()
        },
    );
    let mut bot = Bot::new(&args.token);
    if let Some(url) = &args.api_url {
        bot = bot.set_api_url(url.trim_end_matches('/').parse()?);
    }
    let config = RunConfig {
        poll_timeout: args.poll_timeout,
        workers: args.workers.workers.max(1),
        sender: bot::outbox::SenderConfig {
            backoff: Duration::from_millis(args.outbox_backoff_ms),
            ..Default::default()
        },
        ..RunConfig::default()
    };
    let receive = receive(args).await?;
    if args.throttle {
        bot::run(
            desk,
            bot.throttle(Limits::default()),
            receive,
            config,
            workers,
        )
        .await;
    } else {
        bot::run(desk, bot, receive, config, workers).await;
    }
    Ok(())
}

/// Long polling, or the webhook listener when `CLINIC_WEBHOOK_URL` is set.
async fn receive(args: &RunArgs) -> anyhow::Result<Receive> {
    let Some(url) = &args.webhook_url else {
        tracing::info!(web = %args.dashboard.web_addr, "clinic run: polling Telegram");
        return Ok(Receive::LongPoll);
    };
    let url: url::Url = url
        .parse()
        .map_err(|e| anyhow::anyhow!("CLINIC_WEBHOOK_URL {url:?}: {e}"))?;
    let secret = match &args.webhook_secret {
        Some(secret) => secret.clone(),
        None => webhook::secret_from_token(&args.token),
    };
    if !webhook::is_valid_secret(&secret) {
        anyhow::bail!("CLINIC_WEBHOOK_SECRET: 1 to 256 of A-Z a-z 0-9 _ - (Telegram's rule)");
    }
    let listener = tokio::net::TcpListener::bind(&args.webhook_addr).await?;
    tracing::info!(addr = %listener.local_addr()?, %url, web = %args.dashboard.web_addr, "clinic run: webhook");
    Ok(Receive::Webhook(webhook::Webhook {
        url,
        secret,
        listener,
        limits: args.http.limits(),
    }))
}

/// The dashboard at `CLINIC_WEB_ADDR`, in the same process as the bot.
async fn web_worker<
    S: Oversight + clinic::store::Spending + clinic::store::Learning + Clone + Send + Sync + 'static,
>(
    store: S,
    calendar: Arc<Calendar>,
    (targets, courses): (Arc<TargetBook>, Arc<Vec<Course>>),
    args: &RunArgs,
) -> anyhow::Result<Worker> {
    let listener = tokio::net::TcpListener::bind(&args.dashboard.web_addr).await?;
    tracing::info!(addr = %listener.local_addr()?, "dashboard listening");
    let state = WebState::new(store, calendar)
        .await?
        .served_at(&args.dashboard.url.web_url)
        .with_knowledge(targets, courses);
    let limits = args.http.limits();
    Ok(Box::pin(async move {
        if let Err(e) = serve_web(listener, state, limits).await {
            tracing::error!(error = %e, "dashboard stopped");
        }
    }))
}

/// The group chats bound with `/bind`, read afresh each tick so a new binding counts at once.
pub(super) async fn group_chats<S: DeskStore>(
    store: &S,
) -> Result<GroupChats, clinic::store::StoreError> {
    let mut chats = GroupChats::default();
    for (chat, binding) in store.chat_bindings().await? {
        match binding {
            ChatBinding::Agency(code) => {
                chats.agencies.insert(code, chat);
            }
            ChatBinding::Coordinators => chats.coordinators = Some(chat),
        }
    }
    Ok(chats)
}

/// The SLA clock, the Monday weekly summary, the spending alerts of the latest snapshot and
/// the PDPA anonymiser, on one timer. Each is safe to run on several instances at once (see
/// `jobs`), so no leader is needed.
fn clock_worker<S: DeskStore + Oversight + Clone + Send + Sync + 'static>(
    store: S,
    calendar: Arc<Calendar>,
    book: Arc<clinic::spending::SpendingBook>,
    args: &RunArgs,
) -> Worker {
    let every = Duration::from_secs(args.tick_secs.max(1));
    let retention = chrono::Duration::days(args.retention.retention_days);
    Box::pin(async move {
        let mut timer = tokio::time::interval(every);
        loop {
            timer.tick().await;
            let now = chrono::Utc::now();
            let chats = match group_chats(&store).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "reading group bindings");
                    continue;
                }
            };
            in_span("sla_clock", jobs::sla_tick(&store, &calendar, &chats, now)).await;
            let weekly = jobs::weekly_summary_tick(&store, &calendar, &chats, now);
            in_span("weekly_summary", weekly).await;
            in_span(
                "spending_alerts",
                jobs::spending_alerts(&store, &book, &chats, now),
            )
            .await;
            in_span(
                "anonymiser",
                privacy::anonymise_tick(&store, retention, now),
            )
            .await;
        }
    })
}

/// One run of a job in its span `job{name=…}`; a failure is logged there, and the next tick
/// tries again.
async fn in_span<T, E: std::fmt::Display>(
    name: &'static str,
    job: impl std::future::Future<Output = Result<T, E>>,
) {
    let span = tracing::info_span!("job", name = %name);
    if let Err(e) = job.instrument(span.clone()).await {
        span.in_scope(|| tracing::warn!(error = %e, "job failed"));
    }
}
