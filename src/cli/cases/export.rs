//! `clinic cases export --format csv|xlsx --out FILE [--from DATE --to DATE]`.
//! Dates in files are ISO 8601 in Asia/Bangkok; DATE is `2026-01-05` or `5/1/2569`.
use crate::cli::database::operator;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use clinic::case_export as export;
use clinic::store::{CaseFilter, Store};
use std::path::PathBuf;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: Format,
    #[arg(long)]
    pub out: PathBuf,
    /// First opening date included.
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last opening date included.
    #[arg(long, value_parser = parse_date)]
    pub to: Option<NaiveDate>,
}

pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let iso = NaiveDate::parse_from_str(text, "%Y-%m-%d");
    let buddhist = || {
        let mut parts = text.split('/').map(str::parse::<i32>);
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Ok(d)), Some(Ok(m)), Some(Ok(y)), None) if y > 2400 => {
                NaiveDate::from_ymd_opt(y - 543, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
            }
            _ => None,
        }
    };
    iso.ok()
        .or_else(buddhist)
        .ok_or_else(|| format!("วันที่ไม่ถูกต้อง / bad date {text:?}"))
}

/// Midnight of a Bangkok date, as a UTC instant.
fn bangkok_midnight(date: NaiveDate) -> Option<DateTime<Utc>> {
    let midnight = date.and_hms_opt(0, 0, 0)?;
    let local = chrono_tz::Asia::Bangkok
        .from_local_datetime(&midnight)
        .single()?;
    Some(local.with_timezone(&Utc))
}

pub async fn run<S: Store>(store: &S, args: ExportArgs) -> anyhow::Result<()> {
    let filter = CaseFilter {
        opened_from: args.from.and_then(bangkok_midnight),
        opened_until: args
            .to
            .and_then(|d| d.succ_opt())
            .and_then(bangkok_midnight),
        ..CaseFilter::default()
    };
    let cases = store.cases(&operator(), &filter).await?;
    match args.format {
        Format::Csv => std::fs::write(&args.out, export::csv(&cases)?)?,
        Format::Xlsx => std::fs::write(&args.out, export::xlsx(&cases)?)?,
    }
    eprintln!(
        "ส่งออก {} เรื่อง → {} / exported",
        cases.len(),
        args.out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_in_iso_or_buddhist_era() {
        let expected = NaiveDate::from_ymd_opt(2026, 1, 5);
        assert_eq!(parse_date("2026-01-05").ok(), expected);
        assert_eq!(parse_date("5/1/2569").ok(), expected);
        assert!(parse_date("5/1/26").is_err());
    }
}
