//! Cases as CSV and XLSX rows, for `clinic cases export` and the dashboard's downloads.
//! Times are ISO 8601 in Asia/Bangkok.
use crate::cases::Case;
use chrono::{DateTime, Utc};

pub const HEADER: [&str; 13] = [
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

fn iso(at: Option<DateTime<Utc>>) -> String {
    let bangkok = |t: DateTime<Utc>| t.with_timezone(&chrono_tz::Asia::Bangkok);
    at.map(|t| bangkok(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

pub fn row(case: &Case) -> [String; 13] {
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

fn lines(cases: &[Case]) -> impl Iterator<Item = [String; 13]> + '_ {
    std::iter::once(HEADER.map(String::from)).chain(cases.iter().map(row))
}

/// CSV with a BOM, so Excel opens the Thai text as UTF-8; no cell reads as a formula.
pub fn csv(cases: &[Case]) -> Result<String, csv::Error> {
    Ok(format!("\u{feff}{}", crate::sheet::csv(lines(cases))?))
}

pub fn xlsx(cases: &[Case]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("cases")?;
    for (r, line) in (0u32..).zip(lines(cases)) {
        for (c, field) in (0u16..).zip(line.iter()) {
            sheet.write_string(r, c, field)?;
        }
    }
    book.save_to_buffer()
}
