//! `clinic report weekly [--week DATE] [--json]`.
use super::database::{DatabaseArgs, calendar, connect, on_engine, runtime};
use chrono::{Days, NaiveDate};
use clinic::cases::sla::local_date;
use clinic::jobs::weekly_summary::{monday_of, render_th};
use clinic::store::Store;
use std::path::Path;

#[derive(clap::Subcommand)]
pub enum ReportCommand {
    /// Cases, medians, breaches, ratings and unanswered questions of one week.
    Weekly {
        #[command(flatten)]
        db: DatabaseArgs,
        /// Any day of the week (2026-01-05 or 5/1/2569); default: last week.
        #[arg(long, value_parser = super::cases::parse_date)]
        week: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(knowledge: &Path, command: ReportCommand) -> anyhow::Result<()> {
    let ReportCommand::Weekly { db, week, json } = command;
    let calendar = calendar(knowledge)?;
    let today = local_date(chrono::Utc::now());
    let week = monday_of(week.unwrap_or(today - Days::new(7)));
    runtime()?.block_on(async {
        on_engine!(connect(&db).await?, store => {
            let summary = clinic::jobs::weekly_summary(&store, &calendar, week).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&summary)?);
            } else {
                print!("{}", render_th(&summary, &store.agencies().await?));
            }
        });
        Ok(())
    })
}
