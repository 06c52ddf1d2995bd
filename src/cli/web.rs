//! `clinic web` (the dashboard alone) and `clinic dashboard-link USER_ID`.
use super::config::{DashboardArgs, DashboardUrlArgs, HttpArgs};
use super::database::{DatabaseArgs, calendar, connect, on_engine, runtime, sync};
use clinic::cases::UserId;
use clinic::sessions;
use clinic::web::{WebState, serve};
use std::path::Path;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct WebArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[command(flatten)]
    pub dashboard: DashboardArgs,
    #[command(flatten)]
    pub http: HttpArgs,
}

#[derive(clap::Args)]
pub struct LinkArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The Telegram user id of an expert, coordinator or admin.
    pub user_id: i64,
    #[command(flatten)]
    pub dashboard: DashboardUrlArgs,
}

pub fn run_web(knowledge: &Path, args: WebArgs) -> anyhow::Result<()> {
    clinic::telemetry::recorder::install();
    let calendar = Arc::new(calendar(knowledge)?);
    let targets = Arc::new(clinic::spending::TargetBook::load(knowledge)?);
    let courses = clinic::knowledge::load_courses(knowledge).map_err(|faults| {
        let lines: Vec<String> = faults.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(lines.join("\n"))
    })?;
    let courses = Arc::new(courses);
    runtime()?.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.dashboard.web_addr).await?;
        eprintln!("แดชบอร์ด / dashboard: http://{}", listener.local_addr()?);
        on_engine!(connect(&args.db).await?, store => {
            sync(&store, knowledge, &args.db).await?;
            let state = WebState::new(store, calendar)
                .await?
                .served_at(&args.dashboard.url.web_url)
                .with_knowledge(targets, courses);
            serve(listener, state, args.http.limits()).await?;
        });
        Ok(())
    })
}

pub fn run_link(args: LinkArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let token = on_engine!(connect(&args.db).await?, store => {
            sessions::issue_login_token(&store, UserId(args.user_id), chrono::Utc::now()).await?
        });
        println!(
            "{}/login?token={token}",
            args.dashboard.web_url.trim_end_matches('/')
        );
        Ok(())
    })
}
