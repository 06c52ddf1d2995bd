//! Every setting the commands share, each a flag and an environment variable with its default
//! written once. A command flattens the groups it reads, so its `--help` lists every variable
//! it uses. Library defaults (`DeskConfig::default()`, the retention period) are the source the
//! flags' defaults are taken from, not copies of it.
use clinic::desk::DeskConfig;
use clinic::privacy::DEFAULT_RETENTION_DAYS;
use clinic::web::limits::ServerLimits;
use std::time::Duration;

/// Where the database is, which province's case references it issues, and who administers it.
#[derive(clap::Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// `sqlite://clinic.db` (created on first run) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://clinic.db")]
    pub database_url: String,
    /// Prefix of case references (KK = Khon Kaen).
    #[arg(long, env = "CLINIC_PROVINCE", default_value = "KK")]
    pub province: String,
    /// Telegram user ids made admins at start (comma-separated).
    #[arg(long, env = "CLINIC_ADMINS", default_value = "")]
    pub admins: String,
}

/// Where users reach the dashboard.
#[derive(clap::Args, Debug, Clone)]
pub struct DashboardUrlArgs {
    /// Where users reach the dashboard: the base of every login link; https makes its cookies
    /// `Secure`.
    #[arg(long, env = "CLINIC_WEB_URL", default_value_t = DeskConfig::default().web_url, aliases = ["url", "base-url"])]
    pub web_url: String,
}

/// The dashboard's listening address and public address.
#[derive(clap::Args, Debug, Clone)]
pub struct DashboardArgs {
    /// Where the dashboard listens.
    #[arg(
        long,
        env = "CLINIC_WEB_ADDR",
        default_value = "127.0.0.1:8080",
        alias = "addr"
    )]
    pub web_addr: String,
    #[command(flatten)]
    pub url: DashboardUrlArgs,
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

/// How long personal data of closed cases are kept (PDPA).
#[derive(clap::Args, Debug, Clone)]
pub struct RetentionArgs {
    /// Closed cases' personal data are anonymised after this many days.
    #[arg(long, env = "CLINIC_RETENTION_DAYS", default_value_t = DEFAULT_RETENTION_DAYS)]
    pub retention_days: i64,
}

/// How the log on stderr is written; `RUST_LOG` chooses what is written (by default
/// `warn,clinic=info` for the service, `clinic run` and `clinic web`, and `error` otherwise).
#[derive(clap::Args, Debug, Clone)]
pub struct LogArgs {
    /// `text`: one line per event, the fields of its spans (update, case, send, http, job)
    /// first; `json`: one JSON object per line, for a log collector.
    #[arg(
        long,
        env = "CLINIC_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text,
        global = true
    )]
    pub log_format: LogFormat,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// How many updates one `clinic run` instance handles at a time.
#[derive(clap::Args, Debug, Clone)]
pub struct WorkersArgs {
    /// Updates this instance handles at a time, each until its replies are sent (Telegram's
    /// round trip is most of an update's time). Every worker of every instance takes from one
    /// inbox, a chat's updates one at a time and in order. Each holds a database connection
    /// while it handles an update (PostgreSQL: 10 per instance in all).
    #[arg(long, env = "CLINIC_WORKERS", default_value_t = clinic::bot::DEFAULT_WORKERS)]
    pub workers: usize,
}
