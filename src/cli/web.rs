//! `clinic web` (the dashboard alone) and `clinic dashboard-link USER_ID`.
use super::database::{DatabaseArgs, calendar, connect, on_engine, runtime, sync};
use clinic::cases::UserId;
use clinic::web::limits::ServerLimits;
use clinic::web::{WebState, auth, serve};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Args)]
pub struct WebArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[arg(long, env = "CLINIC_WEB_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Where users reach the dashboard; https makes its cookies `Secure`.
    #[arg(long, env = "CLINIC_WEB_URL", default_value = "http://127.0.0.1:8080")]
    pub url: String,
    #[command(flatten)]
    pub http: HttpArgs,
}

/// The limits of the dashboard's and the webhook's HTTP servers (`web::limits`).
#[derive(clap::Args, Debug, Clone)]
pub struct HttpArgs {
    /// Seconds a client may take to send a request's headers; then the connection is closed.
    #[arg(long, env = "CLINIC_HTTP_HEADER_TIMEOUT", default_value_t = 10)]
    pub http_header_timeout: u64,
    /// Seconds a whole request (body included) may take; then it is answered 408.
    #[arg(long, env = "CLINIC_HTTP_REQUEST_TIMEOUT", default_value_t = 30)]
    pub http_request_timeout: u64,
    /// The largest request body in bytes; a larger one is answered 413 before it is read.
    #[arg(long, env = "CLINIC_HTTP_BODY_LIMIT", default_value_t = 1024 * 1024)]
    pub http_body_limit: usize,
}

impl HttpArgs {
    pub fn limits(&self) -> ServerLimits {
        ServerLimits {
            header_read: Duration::from_secs(self.http_header_timeout.max(1)),
            request: Duration::from_secs(self.http_request_timeout.max(1)),
            body_bytes: self.http_body_limit,
        }
    }
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
    let targets = Arc::new(clinic::spending::TargetBook::load(knowledge)?);
    let courses = clinic::knowledge::load_courses(knowledge).map_err(|faults| {
        let lines: Vec<String> = faults.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(lines.join("\n"))
    })?;
    let courses = Arc::new(courses);
    runtime()?.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr).await?;
        eprintln!("แดชบอร์ด / dashboard: http://{}", listener.local_addr()?);
        on_engine!(connect(&args.db).await?, store => {
            sync(&store, knowledge).await?;
            let state = WebState::new(store, calendar)
                .await?
                .served_at(&args.url)
                .with_knowledge(targets, courses);
            serve(listener, state, args.http.limits()).await?;
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
