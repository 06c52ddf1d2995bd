//! `clinic cases list|show|export|demo`: the coordinator's view from the terminal.
mod demo;
mod export;
pub use export::parse_date;
mod list;
mod show;

use super::database::{DatabaseArgs, connect, runtime};
use clinic::store::{Engine, Store};
use std::path::Path;

#[derive(clap::Args)]
pub struct CasesArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[command(subcommand)]
    pub command: CasesCommand,
}

#[derive(clap::Subcommand)]
pub enum CasesCommand {
    /// List cases, oldest first.
    List(list::ListArgs),
    /// The full log of one case.
    Show {
        /// e.g. KK-2569-000123
        case_ref: String,
    },
    /// Write cases to CSV or XLSX.
    Export(export::ExportArgs),
    /// Fill the database with a few realistic cases, to try `list`, `show` and `export`.
    Demo,
}

pub fn run(knowledge: &Path, args: CasesArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        match connect(&args.db).await? {
            Engine::Sqlite(store) => dispatch(&store, knowledge, &args.db, args.command).await,
            Engine::Postgres(store) => dispatch(&store, knowledge, &args.db, args.command).await,
        }
    })
}

async fn dispatch<S: Store>(
    store: &S,
    knowledge: &Path,
    db: &DatabaseArgs,
    command: CasesCommand,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match command {
        CasesCommand::List(args) => list::run(store, knowledge, args, &mut out).await,
        CasesCommand::Show { case_ref } => show::run(store, &case_ref, &mut out).await,
        CasesCommand::Export(args) => export::run(store, args).await,
        CasesCommand::Demo => demo::run(store, knowledge, db, &mut out).await,
    }
}
