//! `clinic run`: the production service — Telegram long polling, the inbox, the outbox sender,
//! the auto-close clock, and whatever extra workers are wired in (`workers` below: the lead
//! adds the SLA clock and the web server at `CLINIC_WEB_ADDR` here).
use super::database::{DatabaseArgs, connect, runtime, sync};
use clinic::bot::{self, RunConfig, Worker};
use clinic::desk::{Advisor, Desk, DeskConfig};
use clinic::store::{DeskStore, Engine};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::*;

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
    /// Where the web dashboard listens (served by the web workers).
    #[arg(long, env = "CLINIC_WEB_ADDR", default_value = "127.0.0.1:8080")]
    pub web_addr: String,
    /// Long-poll timeout for getUpdates, seconds.
    #[arg(long, env = "CLINIC_POLL_TIMEOUT", default_value_t = 25)]
    pub poll_timeout: u32,
    /// Resolved cases the officer does not confirm close after this many days.
    #[arg(long, env = "CLINIC_AUTO_CLOSE_DAYS", default_value_t = 7)]
    pub auto_close_days: i64,
    /// First retry delay of the outbox, milliseconds (doubles per attempt, at most 60 s).
    #[arg(long, env = "CLINIC_OUTBOX_BACKOFF_MS", default_value_t = 500)]
    pub outbox_backoff_ms: u64,
    /// Respect Telegram's rate limits client-side (teloxide's Throttle); off only for tests.
    #[arg(long, env = "CLINIC_THROTTLE", default_value_t = true, action = clap::ArgAction::Set)]
    pub throttle: bool,
}

pub fn run(knowledge: &Path, args: RunArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let advisor = Arc::new(Advisor::load(knowledge)?);
        match connect(&args.database).await? {
            Engine::Sqlite(store) => serve(store, knowledge, advisor, &args).await,
            Engine::Postgres(store) => serve(store, knowledge, advisor, &args).await,
        }
    })
}

async fn serve<S: DeskStore>(
    store: S,
    knowledge: &Path,
    advisor: Arc<Advisor>,
    args: &RunArgs,
) -> anyhow::Result<()> {
    sync(&store, knowledge).await?;
    let desk = Desk::new(
        store,
        advisor,
        DeskConfig {
            auto_close_days: args.auto_close_days,
            ..DeskConfig::default()
        },
    );
    let mut bot = Bot::new(&args.token);
    if let Some(url) = &args.api_url {
        bot = bot.set_api_url(url.trim_end_matches('/').parse()?);
    }
    let config = RunConfig {
        poll_timeout: args.poll_timeout,
        sender: bot::outbox::SenderConfig {
            backoff: Duration::from_millis(args.outbox_backoff_ms),
            ..Default::default()
        },
        ..RunConfig::default()
    };
    // The merge hook: the SLA clock and the web server join here.
    let workers: Vec<Worker> = Vec::new();
    tracing::info!(web = %args.web_addr, "clinic run: polling Telegram");
    if args.throttle {
        bot::run(desk, bot.throttle(Limits::default()), config, workers).await;
    } else {
        bot::run(desk, bot, config, workers).await;
    }
    Ok(())
}
