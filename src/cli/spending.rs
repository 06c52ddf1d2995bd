//! `clinic spending import FILE | alerts | brief [--json] [--png FILE]`.
use super::database::{DatabaseArgs, connect, on_engine, runtime, sync};
use clinic::desk::Lang;
use clinic::oversight::{latest_brief, spending_alerts};
use clinic::spending::messages::{brief_text, no_snapshot};
use clinic::spending::{SpendingBook, chart_png, percent_of, read_report};
use clinic::store::{Imported, NewSnapshot, Spending};
use clinic::thai::Baht;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum SpendingCommand {
    /// Import a GFMIS disbursement report (CSV or XLSX, Thai headers) as a dated snapshot;
    /// the whole file is refused if any row is wrong, and the same file is never imported twice.
    Import {
        #[command(flatten)]
        db: DatabaseArgs,
        file: PathBuf,
    },
    /// For the latest snapshot: alert the lagging units' officers, send the coordinators the
    /// ranked list, propose visits for units lagging twice in a row. Safe to run again.
    Alerts {
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// The executive brief of the latest snapshot.
    Brief {
        #[command(flatten)]
        db: DatabaseArgs,
        #[arg(long)]
        json: bool,
        /// Also write the brief's chart as a PNG file.
        #[arg(long)]
        png: Option<PathBuf>,
    },
}

pub fn run(knowledge: &Path, command: SpendingCommand) -> anyhow::Result<()> {
    let book = SpendingBook::load(knowledge)?;
    runtime()?.block_on(async {
        match command {
            SpendingCommand::Import { db, file } => {
                on_engine!(connect(&db).await?, store => import(&store, &book, &file).await)
            }
            SpendingCommand::Alerts { db } => on_engine!(connect(&db).await?, store => {
                sync(&store, knowledge, &db).await?;
                let chats = super::run::group_chats(&store).await?;
                match spending_alerts(&store, &book, &chats, chrono::Utc::now()).await? {
                    Some(run) => println!("{}", serde_json::to_string_pretty(&run)?),
                    None => println!("{}", no_snapshot(Lang::Th)),
                }
                Ok(())
            }),
            SpendingCommand::Brief { db, json, png } => on_engine!(connect(&db).await?, store => {
                let Some(brief) = latest_brief(&store).await? else {
                    anyhow::bail!("{}", no_snapshot(Lang::Th));
                };
                if let Some(path) = png {
                    std::fs::write(&path, chart_png(&brief))?;
                }
                if json {
                    println!("{}", serde_json::to_string_pretty(&brief)?);
                } else {
                    println!("{}", brief_text(&brief, Lang::Th));
                }
                Ok(())
            }),
        }
    })
}

async fn import<S: Spending>(store: &S, book: &SpendingBook, file: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let report = read_report(&bytes).map_err(|e| anyhow::anyhow!("{}:\n{e}", file.display()))?;
    let year = report.fiscal_year_be();
    let Some(targets) = book.targets.year(year) else {
        anyhow::bail!(
            "ไม่มีเป้าหมายการเบิกจ่ายของปีงบประมาณ {year}: เพิ่มไฟล์ knowledge/targets/{year}.toml \
             (no targets for fiscal year {year})"
        );
    };
    let snapshot = NewSnapshot {
        fiscal_year_be: year,
        as_of: report.as_of,
        source_name: file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        checksum: hex::encode(Sha256::digest(&bytes)),
        targets: targets.at(report.as_of),
    };
    match store
        .import_snapshot(&snapshot, &report.rows, chrono::Utc::now())
        .await?
    {
        Imported::New(kept) => {
            let sum = |f: fn(&clinic::spending::ReportRow) -> Baht| {
                clinic::spending::total(report.rows.iter().map(f))
            };
            let (allocated, disbursed) = (sum(|r| r.allocated), sum(|r| r.disbursed));
            println!(
                "นำเข้าแล้ว: ชุดข้อมูล #{} ปีงบประมาณ {year} ณ {} — {} แถว, งบประมาณ {allocated}, \
                 เบิกจ่าย {disbursed} ({}%), ผูกพัน {}\n(imported snapshot #{})",
                kept.id,
                clinic::thai::format_thai_date_short(report.as_of),
                report.rows.len(),
                percent_of(disbursed, allocated),
                sum(|r| r.committed),
                kept.id
            );
            Ok(())
        }
        Imported::Duplicate(earlier) => anyhow::bail!(
            "ไฟล์นี้นำเข้าแล้วเป็นชุดข้อมูล #{} ({}) — ไม่นำเข้าซ้ำ (already imported as snapshot #{})",
            earlier.id,
            earlier.source_name,
            earlier.id
        ),
    }
}
