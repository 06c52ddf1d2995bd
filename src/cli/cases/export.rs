//! `clinic cases export --format csv|xlsx --out FILE [--from DATE --to DATE]`.
//! Dates in files are ISO 8601 in Asia/Bangkok; DATE is `2026-01-05` or `5/1/2569`.
use crate::cli::database::operator;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use clinic::cases::Case;
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

const HEADER: [&str; 13] = [
    "ref",
    "status",
    "agency",
    "officer_id",
    "owner_id",
    "subject",
    "opened_at",
    "claimed_at",
    "resolved_at",
    "closed_at",
    "rating",
    "escalations",
    "merged_into",
];

fn parse_date(text: &str) -> Result<NaiveDate, String> {
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

fn iso(at: Option<DateTime<Utc>>) -> String {
    let bangkok = |t: DateTime<Utc>| t.with_timezone(&chrono_tz::Asia::Bangkok);
    at.map(|t| bangkok(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn row(case: &Case) -> [String; 13] {
    let opt = |v: Option<String>| v.unwrap_or_default();
    [
        case.case_ref.to_string(),
        case.status.as_str().into(),
        case.agency.to_string(),
        case.officer.to_string(),
        opt(case.owner.map(|o| o.to_string())),
        case.subject.clone(),
        iso(Some(case.opened_at)),
        iso(case.claimed_at),
        iso(case.resolved_at),
        iso(case.closed_at),
        opt(case.rating.map(|r| r.to_string())),
        case.escalations.to_string(),
        opt(case.merged_into.as_ref().map(|r| r.to_string())),
    ]
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

fn write_csv(rows: &[[String; 13]], out: &PathBuf) -> anyhow::Result<()> {
    // A BOM so Excel opens the Thai text as UTF-8.
    let mut text = String::from("\u{feff}");
    let lines = std::iter::once(HEADER.map(String::from)).chain(rows.iter().cloned());
    for line in lines {
        text += &line
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(",");
        text += "\r\n";
    }
    Ok(std::fs::write(out, text)?)
}

fn write_xlsx(rows: &[[String; 13]], out: &PathBuf) -> anyhow::Result<()> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("cases")?;
    let lines = std::iter::once(HEADER.map(String::from)).chain(rows.iter().cloned());
    for (r, line) in (0u32..).zip(lines) {
        for (c, field) in (0u16..).zip(line.iter()) {
            sheet.write_string(r, c, field)?;
        }
    }
    book.save(out)?;
    Ok(())
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
    let rows: Vec<_> = store
        .cases(&operator(), &filter)
        .await?
        .iter()
        .map(row)
        .collect();
    match args.format {
        Format::Csv => write_csv(&rows, &args.out)?,
        Format::Xlsx => write_xlsx(&rows, &args.out)?,
    }
    eprintln!(
        "ส่งออก {} เรื่อง → {} / exported",
        rows.len(),
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
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
