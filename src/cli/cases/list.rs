//! `clinic cases list [--status S] [--agency A] [--overdue]`.
use crate::cli::database::operator;
use clinic::cases::labels::be_time;
use clinic::cases::{AgencyCode, Status, sla};
use clinic::store::{CaseFilter, Store};
use std::io::Write;

#[derive(clap::Args)]
pub struct ListArgs {
    /// open, claimed, waiting, resolved, closed, cancelled or merged.
    #[arg(long, value_parser = parse_status)]
    pub status: Option<Status>,
    #[arg(long, value_parser = parse_agency)]
    pub agency: Option<AgencyCode>,
    /// Only cases past a service target (working hours; see cases::sla).
    #[arg(long)]
    pub overdue: bool,
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::parse(text).ok_or_else(|| format!("unknown status {text:?}"))
}

fn parse_agency(text: &str) -> Result<AgencyCode, String> {
    AgencyCode::parse(text).map_err(|e| e.to_string())
}

pub async fn run<S: Store>(
    store: &S,
    knowledge: &std::path::Path,
    args: ListArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let calendar = clinic::timeline::Calendar::load(knowledge)?;
    let filter = CaseFilter {
        status: args.status,
        agency: args.agency,
        ..CaseFilter::default()
    };
    let agencies = store.agencies().await?;
    let now = chrono::Utc::now();
    for case in store.cases(&operator(), &filter).await? {
        let agency = agencies.iter().find(|a| a.code == case.agency);
        let overdue = agency.is_some_and(|a| sla::is_overdue(&case, a, &calendar, now));
        if args.overdue && !overdue {
            continue;
        }
        writeln!(
            out,
            "{}\t{}\t{}\t{}{}\t{}",
            case.case_ref,
            case.status.label_th(),
            case.agency,
            be_time(case.opened_at),
            if overdue {
                "\tเกินกำหนด"
            } else {
                ""
            },
            case.subject,
        )?;
    }
    Ok(())
}
