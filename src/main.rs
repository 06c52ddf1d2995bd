//! The `clinic` command line. `anyhow` lives here (and in the binary-only `cli` modules) only.
use clap::{Parser, Subcommand};

mod cli;

#[derive(Parser)]
#[command(
    name = "clinic",
    version,
    about = "Procurement mobile-clinic help desk"
)]
struct Cli {
    /// Knowledge folder.
    #[arg(
        long,
        env = "CLINIC_KNOWLEDGE",
        default_value = "./knowledge",
        global = true
    )]
    knowledge: std::path::PathBuf,
    #[command(flatten)]
    log: cli::config::LogArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Answer one question, or one per stdin line.
    Ask(cli::ask::AskArgs),
    /// Propose the expert agency for a case text, or one per stdin line.
    Route(cli::ask::RouteArgs),
    /// Check the knowledge base or count what is in it.
    Kb {
        #[command(subcommand)]
        command: cli::kb::KbCommand,
    },
    /// A procurement timeline: forward from a start date or back from a contract date.
    Plan(cli::plan::PlanArgs),
    /// Coordinators' view of cases: list, show, export (and a demo database).
    Cases(cli::cases::CasesArgs),
    /// The whole desk in the terminal on the local database (no Telegram token needed).
    Chat(cli::chat::ChatArgs),
    /// The service: Telegram long polling, outbox, clocks (TELOXIDE_TOKEN, TELOXIDE_API_URL).
    Run(cli::run::RunArgs),
    /// Create or upgrade the database; sync agencies and admins.
    Migrate(cli::migrate::MigrateArgs),
    /// Reports for the coordinators (weekly summary).
    Report {
        #[command(subcommand)]
        command: cli::report::ReportCommand,
    },
    /// Disbursement against the cabinet's targets: import GFMIS reports, alert, brief.
    Spending {
        #[command(subcommand)]
        command: cli::spending::SpendingCommand,
    },
    /// Serve the coordinators' dashboard alone on CLINIC_WEB_ADDR.
    Web(cli::web::WebArgs),
    /// Print a one-time dashboard login link for a user (valid 15 minutes).
    DashboardLink(cli::web::LinkArgs),
    /// PDPA: export or forget a user's data; anonymise cases past retention.
    Privacy(cli::privacy::PrivacyArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let service = matches!(cli.command, Command::Run(_) | Command::Web(_));
    cli::log::init(&cli.log, service);
    match cli.command {
        Command::Ask(args) => cli::ask::run_ask(&cli.knowledge, args),
        Command::Route(args) => cli::ask::run_route(&cli.knowledge, args),
        Command::Kb { command } => cli::kb::run(&cli.knowledge, command),
        Command::Plan(args) => cli::plan::run(&cli.knowledge, args),
        Command::Cases(args) => cli::cases::run(&cli.knowledge, args),
        Command::Chat(args) => cli::chat::run(&cli.knowledge, args),
        Command::Run(args) => cli::run::run(&cli.knowledge, args),
        Command::Migrate(args) => cli::migrate::run(&cli.knowledge, args),
        Command::Report { command } => cli::report::run(&cli.knowledge, command),
        Command::Spending { command } => cli::spending::run(&cli.knowledge, command),
        Command::Web(args) => cli::web::run_web(&cli.knowledge, args),
        Command::DashboardLink(args) => cli::web::run_link(args),
        Command::Privacy(args) => cli::privacy::run(args),
    }
}
