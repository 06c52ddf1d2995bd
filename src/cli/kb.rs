//! `clinic kb check` and `clinic kb stats`.

use std::path::Path;

use clinic::knowledge::{self, KnowledgeBase};

use super::database::{DatabaseArgs, connect, on_engine, operator, runtime};
use clinic::cases::CaseRef;
use clinic::knowledge_gaps::{draft_entry, gap_clusters, routing_gaps};
use clinic::store::{Oversight, Store};

#[derive(clap::Subcommand)]
pub enum KbCommand {
    /// Validate every knowledge file; faults as `file:line: message`, exit 1 on any.
    Check,
    /// Counts by topic, agency and verification.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Clusters of questions answered badly (low confidence, unanswered, 👎): what to write next.
    Gaps {
        #[command(flatten)]
        db: DatabaseArgs,
        /// How many days back.
        #[arg(long, default_value_t = 90)]
        days: i64,
        #[arg(long)]
        json: bool,
        /// With --json: the officers' routing choices (asked, or overruled) instead of the
        /// question clusters.
        #[arg(long)]
        routing: bool,
    },
    /// Turn a resolved case's resolution into knowledge/drafts/<id>.md (verified = false).
    Draft {
        #[command(flatten)]
        db: DatabaseArgs,
        /// e.g. KK-2569-000123
        case_ref: String,
    },
}

pub fn run(dir: &Path, command: KbCommand) -> anyhow::Result<()> {
    match command {
        KbCommand::Gaps {
            db,
            days,
            json,
            routing,
        } => runtime()?.block_on(async {
            on_engine!(connect(&db).await?, store => gaps(&store, days, json, routing).await)
        }),
        KbCommand::Draft { db, case_ref } => runtime()?.block_on(async {
            on_engine!(connect(&db).await?, store => draft(&store, dir, &case_ref).await)
        }),
        KbCommand::Check => {
            let faults = clinic::desk::knowledge_faults(dir);
            if faults.is_empty() {
                let kb = KnowledgeBase::load(dir)?;
                println!(
                    "ok: {} entries, {} agencies",
                    kb.entries.len(),
                    kb.agencies.len()
                );
                Ok(())
            } else {
                for f in &faults {
                    eprintln!("{f}");
                }
                eprintln!("{} fault(s)", faults.len());
                std::process::exit(1);
            }
        }
        KbCommand::Stats { json } => {
            let kb = KnowledgeBase::load(dir)?;
            let stats = knowledge::stats(&kb.entries);
            if json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
                return Ok(());
            }
            println!(
                "entries: {} (questions: {})",
                stats.entries, stats.questions
            );
            println!(
                "with citations: {} ({:.0} %)",
                stats.with_citations,
                100.0 * stats.with_citations as f64 / stats.entries.max(1) as f64
            );
            println!(
                "verified: {}  unverified: {}  english: {}",
                stats.verified, stats.unverified, stats.english
            );
            println!("by topic:");
            for (topic, n) in &stats.by_topic {
                println!("  {topic:<16} {n}");
            }
            println!("by agency:");
            for (agency, n) in &stats.by_agency {
                println!("  {agency:<16} {n}");
            }
            Ok(())
        }
    }
}

async fn gaps<S: Oversight>(store: &S, days: i64, json: bool, routing: bool) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    let from = now - chrono::Duration::days(days);
    let choices = routing_gaps(&store.routing_choices_between(from, now).await?);
    if json && routing {
        println!("{}", serde_json::to_string_pretty(&choices)?);
        return Ok(());
    }
    let clusters = gap_clusters(&store.questions_between(from, now).await?);
    if json {
        println!("{}", serde_json::to_string_pretty(&clusters)?);
        return Ok(());
    }
    for c in &clusters {
        println!("{}\t{}\t👎 {}", c.count, c.label, c.thumbs_down);
        for e in c.examples.iter().skip(1) {
            println!("\t- {e}");
        }
    }
    if !choices.is_empty() {
        println!("\nrouting: proposed → chosen by the officer (asked: routing was unsure)");
    }
    for g in &choices {
        println!(
            "{}\t{} → {}\tasked {}",
            g.count,
            g.proposed.as_deref().unwrap_or("—"),
            g.chosen,
            g.unsure
        );
        for e in &g.examples {
            println!("\t- {e}");
        }
    }
    Ok(())
}

async fn draft<S: Store>(store: &S, dir: &Path, case_ref: &str) -> anyhow::Result<()> {
    let r = CaseRef::parse(case_ref)?;
    let case = store.case(&operator(), &r).await?;
    let events = store.events(&operator(), &r).await?;
    let today = clinic::cases::sla::local_date(chrono::Utc::now());
    let path = draft_entry(dir, &case, &events, today)?;
    println!("{}", path.display());
    Ok(())
}
