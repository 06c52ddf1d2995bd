//! `clinic web` (the dashboard alone) and `clinic dashboard-link USER_ID`.
use super::database::{DatabaseArgs, calendar, connect, on_engine, runtime, sync};
use clinic::cases::UserId;
use clinic::web::{WebState, auth, serve};
use std::path::Path;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct WebArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[arg(long, env = "CLINIC_WEB_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
}

#[derive(clap::Args)]
pub struct LinkArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The Telegram user id of an expert, coordinator or admin.
    pub user_id: i64,
    /// Where the dashboard is reached, for the printed link.
    #[arg(long, env = "CLINIC_WEB_URL", default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
}

pub fn run_web(knowledge: &Path, args: WebArgs) -> anyhow::Result<()> {
    let calendar = Arc::new(calendar(knowledge)?);
    runtime()?.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr).await?;
        eprintln!("แดชบอร์ด / dashboard: http://{}", listener.local_addr()?);
        on_engine!(connect(&args.db).await?, store => {
            sync(&store, knowledge).await?;
            serve(listener, WebState::new(store, calendar).await?).await?;
        });
        Ok(())
    })
}

pub fn run_link(args: LinkArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let token = on_engine!(connect(&args.db).await?, store => {
            auth::issue_login_token(&store, UserId(args.user_id), chrono::Utc::now()).await?
        });
        println!(
            "{}/login?token={token}",
            args.base_url.trim_end_matches('/')
        );
        Ok(())
    })
}
