//! `clinic kb check` and `clinic kb stats`.

use std::path::Path;

use clinic::knowledge::{self, KnowledgeBase};
use clinic::routing::RoutingRules;

#[derive(clap::Subcommand)]
pub enum KbCommand {
    /// Validate every knowledge file; faults as `file:line: message`, exit 1 on any.
    Check,
    /// Counts by topic, agency and verification.
    Stats {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(dir: &Path, command: KbCommand) -> anyhow::Result<()> {
    match command {
        KbCommand::Check => {
            let faults = all_faults(dir);
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

/// Faults from every module that owns knowledge files.
fn all_faults(dir: &Path) -> Vec<knowledge::Fault> {
    let mut faults = knowledge::check(dir);
    if let Ok(agencies) = knowledge::load_agencies(&dir.join("agencies.toml"))
        && let Err(f) = RoutingRules::check(&dir.join("routing.toml"), &agencies)
    {
        faults.extend(f);
    }
    faults
}
