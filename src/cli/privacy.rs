//! `clinic privacy export USER | forget USER | anonymise` (PDPA), each logged in `privacy_log`.
use super::config::RetentionArgs;
use super::database::{DatabaseArgs, connect, on_engine, operator, runtime};
use chrono::{Duration, Utc};
use clinic::cases::UserId;
use clinic::oversight::privacy;

#[derive(clap::Args)]
pub struct PrivacyArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    #[command(subcommand)]
    pub command: PrivacyCommand,
}

#[derive(clap::Subcommand)]
pub enum PrivacyCommand {
    /// Everything kept about a user, as JSON (data-subject access request), raw updates and
    /// messages sent included.
    Export { user_id: i64 },
    /// Erase a user's name, unit, questions, case texts, raw updates and messages sent, and
    /// scrub them out of every other text that quotes them (erasure request).
    Forget { user_id: i64 },
    /// Erase personal data of cases closed longer ago than the retention period.
    Anonymise {
        #[command(flatten)]
        retention: RetentionArgs,
    },
}

pub fn run(args: PrivacyArgs) -> anyhow::Result<()> {
    let by = operator().user;
    let now = Utc::now();
    runtime()?.block_on(async {
        on_engine!(connect(&args.db).await?, store => match args.command {
            PrivacyCommand::Export { user_id } => {
                let data = privacy::export_user(&store, UserId(user_id), by, now).await?;
                println!("{}", serde_json::to_string_pretty(&data)?);
            }
            PrivacyCommand::Forget { user_id } => {
                let n = privacy::forget_user(&store, UserId(user_id), by, now).await?;
                eprintln!("ลบข้อมูลส่วนบุคคลของผู้ใช้ {user_id} แล้ว ({n} เรื่อง) / forgotten");
            }
            PrivacyCommand::Anonymise { retention } => {
                let retention = Duration::days(retention.retention_days);
                let n = clinic::oversight::anonymise_tick(&store, retention, now).await?;
                eprintln!("ลบข้อมูลส่วนบุคคลของ {n} เรื่องที่เกินระยะเวลาเก็บรักษา / anonymised");
            }
        });
        Ok(())
    })
}
