//! `clinic migrate`: create or upgrade the schema, sync agencies and admins.
use super::database::{DatabaseArgs, connect, runtime, sync};
use clinic::store::Engine;
use std::path::Path;

#[derive(clap::Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
}

pub fn run(knowledge: &Path, args: MigrateArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        // Connecting applies pending migrations.
        match connect(&args.db).await? {
            Engine::Sqlite(store) => sync(&store, knowledge, &args.db).await,
            Engine::Postgres(store) => sync(&store, knowledge, &args.db).await,
        }?;
        eprintln!("ฐานข้อมูลพร้อมใช้งาน / database is up to date");
        Ok(())
    })
}
