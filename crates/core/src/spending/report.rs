//! A GFMIS-style disbursement report, per unit and budget type, as CSV or XLSX with Thai
//! headers. The whole file is validated before anything is kept: one bad row rejects it, and
//! every bad row is named by the row number a spreadsheet shows (the header row counts).
use super::{BudgetType, fiscal_year_be, unit_key};
use crate::thai::{Baht, parse_date, thai_digits_to_ascii};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportRow {
    /// The row number in the file (the header is row 1 when it is the first line).
    pub line: usize,
    pub unit: String,
    pub budget_type: BudgetType,
    pub allocated: Baht,
    pub disbursed: Baht,
    /// Purchase orders and contracts not yet paid (PO คงเหลือ).
    pub committed: Baht,
}

impl ReportRow {
    pub fn unit_key(&self) -> String {
        unit_key(&self.unit)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub as_of: NaiveDate,
    pub rows: Vec<ReportRow>,
}

impl Report {
    pub fn fiscal_year_be(&self) -> i32 {
        fiscal_year_be(self.as_of)
    }
}

/// One thing wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFault {
    pub row: usize,
    pub th: String,
    pub en: String,
}

impl fmt::Display for RowFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "แถว {}: {} (row {}: {})",
            self.row, self.th, self.row, self.en
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("อ่านไฟล์ไม่ได้: {0} (unreadable file)")]
    Unreadable(String),
    #[error("ไม่พบคอลัมน์ {} (missing columns: {})", .0.join(", "), .0.join(", "))]
    MissingColumns(Vec<String>),
    #[error("ไม่มีข้อมูลหน่วยงานในไฟล์ (no data rows)")]
    NoRows,
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Rows(Vec<RowFault>),
}

/// A cell as read, before validation.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Unit,
    BudgetType,
    Allocated,
    Disbursed,
    Committed,
    AsOf,
}

/// Headers as GFMIS-style exports write them (compared without spaces, Latin lower-cased);
/// the first one is the name an error shows.
const HEADERS: [(Column, &[&str]); 6] = [
    (
        Column::Unit,
        &["หน่วยงาน", "หน่วยรับงบประมาณ", "ชื่อหน่วยงาน", "unit"],
    ),
    (
        Column::BudgetType,
        &["ประเภทงบประมาณ", "ประเภทงบ", "ประเภทรายจ่าย", "budget type"],
    ),
    (
        Column::Allocated,
        &["งบประมาณที่ได้รับจัดสรร", "งบประมาณที่ได้รับ", "งบสุทธิ", "allocated"],
    ),
    (
        Column::Disbursed,
        &["เบิกจ่าย", "เบิกจ่ายแล้ว", "ผลการเบิกจ่าย", "disbursed"],
    ),
    (
        Column::Committed,
        &["ผูกพัน (PO)", "ผูกพัน", "PO คงเหลือ", "committed"],
    ),
    (Column::AsOf, &["ข้อมูล ณ วันที่", "ณ วันที่", "วันที่ข้อมูล", "as of"]),
];

/// The largest figure a row may hold, and the largest total of a file's allocations: ten
/// trillion baht, more than twice the national budget. Anything larger is a broken export, and
/// bounding it keeps every sum the brief and the alerts make far inside `i64` satang.
const MOST_SATANG: i64 = 10_000_000_000_000 * 100;

/// Title lines above the header are common in exports; the header is looked for this far down.
const HEADER_SEARCH_ROWS: usize = 10;

/// Reads a report from a file's bytes: XLSX when it is a ZIP archive, otherwise CSV (UTF-8,
/// with or without Excel's byte-order mark).
pub fn read_report(bytes: &[u8]) -> Result<Report, ReportError> {
    let grid = if bytes.starts_with(b"PK\x03\x04") {
        xlsx_grid(bytes)?
    } else {
        csv_grid(bytes)?
    };
    validate(&grid)
}

/// Rows of cells, each with its 1-based row number.
type Grid = Vec<(usize, Vec<Cell>)>;

fn csv_grid(bytes: &[u8]) -> Result<Grid, ReportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut grid = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ReportError::Unreadable(e.to_string()))?;
        let cells = record
            .iter()
            .map(|c| match c.trim() {
                "" => Cell::Empty,
                t => Cell::Text(t.to_owned()),
            })
            .collect();
        grid.push((i + 1, cells));
    }
    Ok(grid)
}

fn xlsx_grid(bytes: &[u8]) -> Result<Grid, ReportError> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ReportError::Unreadable(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| ReportError::Unreadable("no worksheet".into()))?
        .map_err(|e| ReportError::Unreadable(e.to_string()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let pad = usize::try_from(first_col).unwrap_or(0);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![Cell::Empty; pad];
            cells.extend(row.iter().map(|c| {
                match c {
                    Data::Empty => Cell::Empty,
                    Data::String(s) if s.trim().is_empty() => Cell::Empty,
                    Data::String(s) | Data::DateTimeIso(s) => Cell::Text(s.clone()),
                    Data::Float(f) => Cell::Number(*f),
                    Data::Int(n) => Cell::Number(*n as f64),
                    Data::DateTime(d) => d
                        .as_datetime()
                        .map_or_else(|| Cell::Text(d.to_string()), |t| Cell::Date(t.date())),
                    other => Cell::Text(other.to_string()),
                }
            }));
            (usize::try_from(first_row).unwrap_or(0) + i + 1, cells)
        })
        .collect())
}

fn header_key(text: &str) -> String {
    unit_key(text)
}

/// Which column holds what, from a header row; the names not found otherwise.
fn columns(row: &[Cell]) -> Result<[usize; 6], Vec<String>> {
    let keys: Vec<String> = row.iter().map(|c| header_key(&c.shown())).collect();
    let mut found = [0; 6];
    let mut missing = Vec::new();
    for (i, (_, names)) in HEADERS.iter().enumerate() {
        match keys
            .iter()
            .position(|k| names.iter().any(|n| header_key(n) == *k))
        {
            Some(at) => found[i] = at,
            None => missing.push(format!("«{}»", names[0])),
        }
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(missing)
    }
}

/// "1,234,567.89" (Thai digits allowed, "บาท" allowed) or a spreadsheet number, in satang.
/// Not `thai::parse_money`: that one finds an amount *inside* free text (so "12 ต้น" would pass)
/// and refuses small bare numbers like "950.50", both wrong for a figures column.
fn amount(cell: &Cell) -> Result<Baht, String> {
    match cell {
        Cell::Number(n) if n.is_finite() && *n >= 0.0 => {
            let satang = (n * 100.0).round();
            // A spreadsheet number with a fraction of a satang is not money.
            if (satang - n * 100.0).abs() > 1e-6 * satang.max(1.0) {
                return Err(format!("{n}"));
            }
            Ok(Baht::from_satang(satang as i64))
        }
        Cell::Text(text) => {
            let text = thai_digits_to_ascii(text);
            let text = text.trim().trim_end_matches("บาท").trim();
            let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
            let grouped_ok = !whole.contains(',')
                || whole.split(',').enumerate().all(|(i, g)| {
                    (if i == 0 {
                        (1..=3).contains(&g.len())
                    } else {
                        g.len() == 3
                    }) && g.bytes().all(|b| b.is_ascii_digit())
                });
            let digits = whole.replace(',', "");
            let valid = grouped_ok
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && fraction.len() <= 2
                && fraction.bytes().all(|b| b.is_ascii_digit())
                && !(text.contains('.') && fraction.is_empty());
            let baht: i64 = digits
                .parse()
                .ok()
                .filter(|_| valid)
                .ok_or_else(|| text.to_owned())?;
            let satang: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
            baht.checked_mul(100)
                .and_then(|s| s.checked_add(satang))
                .map(Baht::from_satang)
                .ok_or_else(|| text.to_owned())
        }
        other => Err(other.shown()),
    }
}

fn as_of(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        // Dates are written in full here (30/09/2560, 30 ก.ย. 2560); `today` only matters for
        // dates without a year, which the check below refuses.
        Cell::Text(t) if t.chars().filter(char::is_ascii_digit).count() >= 4 => {
            let anchor = NaiveDate::from_ymd_opt(2000, 1, 1)?;
            parse_date(t, anchor)
        }
        _ => None,
    }
}

fn validate(grid: &Grid) -> Result<Report, ReportError> {
    let mut header = None;
    let mut first_miss = None;
    for (i, (_, cells)) in grid.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        match columns(cells) {
            Ok(cols) => {
                header = Some((i, cols));
                break;
            }
            Err(missing) => {
                first_miss.get_or_insert(missing);
            }
        }
    }
    let Some((header_at, cols)) = header else {
        return Err(ReportError::MissingColumns(first_miss.unwrap_or_else(
            || HEADERS.iter().map(|(_, n)| format!("«{}»", n[0])).collect(),
        )));
    };
    let mut faults = Vec::new();
    let mut rows = Vec::new();
    let mut date: Option<(NaiveDate, usize)> = None;
    let mut file_total: i128 = 0;
    let mut seen: HashMap<(String, BudgetType), usize> = HashMap::new();
    let mut fault = |row: usize, th: String, en: String| faults.push(RowFault { row, th, en });
    for (line, cells) in &grid[header_at + 1..] {
        let line = *line;
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let cell = |col: usize| cells.get(cols[col]).cloned().unwrap_or(Cell::Empty);
        let unit = cell(0).shown();
        if unit.is_empty() {
            fault(line, "ไม่มีชื่อหน่วยงาน".into(), "no unit name".into());
        }
        let budget_type = BudgetType::from_label(&cell(1).shown());
        if budget_type.is_none() {
            let label = cell(1).shown();
            fault(
                line,
                format!("ประเภทงบประมาณ «{label}» ไม่รู้จัก (ใช้ งบประจำ หรือ งบลงทุน)"),
                format!("unknown budget type «{label}» (use งบประจำ or งบลงทุน)"),
            );
        }
        let mut money = [Baht::from_satang(0); 3];
        for (k, (name_th, name_en)) in [
            ("งบประมาณที่ได้รับจัดสรร", "allocated"),
            ("เบิกจ่าย", "disbursed"),
            ("ผูกพัน", "committed"),
        ]
        .into_iter()
        .enumerate()
        {
            match amount(&cell(2 + k)) {
                Ok(b) if b.satang() > MOST_SATANG => fault(
                    line,
                    format!("{name_th} {b} เกิน 10 ล้านล้านบาท ไม่น่าเป็นไปได้"),
                    format!("{name_en} {b} is over ten trillion baht, not plausible"),
                ),
                Ok(b) => money[k] = b,
                Err(shown) => fault(
                    line,
                    format!("{name_th} «{shown}» ไม่ใช่จำนวนเงิน"),
                    format!("{name_en} «{shown}» is not an amount of money"),
                ),
            }
        }
        let [allocated, disbursed, committed] = money;
        let file_total_before = file_total;
        file_total += i128::from(allocated.satang());
        if file_total > i128::from(MOST_SATANG) && file_total_before <= i128::from(MOST_SATANG) {
            fault(
                line,
                "งบประมาณที่ได้รับจัดสรรรวมถึงแถวนี้เกิน 10 ล้านล้านบาท ไม่น่าเป็นไปได้".into(),
                "the allocations up to this row add up to over ten trillion baht".into(),
            );
        }
        if i128::from(disbursed.satang()) + i128::from(committed.satang())
            > i128::from(allocated.satang())
        {
            fault(
                line,
                "เบิกจ่ายรวมผูกพันเกินงบประมาณที่ได้รับจัดสรร".into(),
                "disbursed plus committed exceeds the allocation".into(),
            );
        }
        match (as_of(&cell(5)), date) {
            (None, _) => fault(
                line,
                format!("วันที่ข้อมูล «{}» อ่านไม่ได้", cell(5).shown()),
                format!("as-of date «{}» is not a date", cell(5).shown()),
            ),
            (Some(d), None) => date = Some((d, line)),
            (Some(d), Some((first, first_line))) if d != first => fault(
                line,
                format!("วันที่ข้อมูล {d} ไม่ตรงกับแถว {first_line} ({first})"),
                format!("as-of date {d} differs from row {first_line} ({first})"),
            ),
            _ => {}
        }
        if let Some(budget_type) = budget_type {
            // A set of the rows seen, not a search through them: a 400,000-row file is read in
            // one pass.
            if let Some(twin) = seen.get(&(unit_key(&unit), budget_type)) {
                fault(
                    line,
                    format!("{unit} {} ซ้ำกับแถว {twin}", budget_type.label_th()),
                    format!("{unit} {} repeats row {twin}", budget_type.label_en()),
                );
            } else {
                seen.insert((unit_key(&unit), budget_type), line);
            }
            rows.push(ReportRow {
                line,
                unit,
                budget_type,
                allocated,
                disbursed,
                committed,
            });
        }
    }
    if !faults.is_empty() {
        return Err(ReportError::Rows(faults));
    }
    match date {
        Some((as_of, _)) if !rows.is_empty() => Ok(Report { as_of, rows }),
        _ => Err(ReportError::NoRows),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const HEAD: &str = "หน่วยงาน,ประเภทงบประมาณ,งบประมาณที่ได้รับจัดสรร,เบิกจ่าย,ผูกพัน (PO),ข้อมูล ณ วันที่\n";

    #[test]
    fn thai_csv_with_a_title_line_and_grouped_money_is_read_exactly() {
        let csv = format!(
            "\u{FEFF}รายงานผลการเบิกจ่าย จังหวัดลำปาง\n{HEAD}\
             สำนักงานจังหวัดลำปาง,งบประจำ,\"1,234,567.89\",\"950.50\",0,30/09/2560\n\
             สำนักงานจังหวัดลำปาง,งบลงทุน,๒๐๐๐๐๐,\"100,000\",\"50,000.5\",30 ก.ย. 2560\n"
        );
        let report = read_report(csv.as_bytes()).expect("valid report");
        assert_eq!(report.as_of, NaiveDate::from_ymd_opt(2017, 9, 30).unwrap());
        assert_eq!(report.fiscal_year_be(), 2560);
        assert_eq!(report.rows.len(), 2);
        assert_eq!(report.rows[0].line, 3);
        assert_eq!(report.rows[0].allocated.satang(), 123_456_789);
        assert_eq!(report.rows[0].disbursed.satang(), 95_050);
        assert_eq!(report.rows[1].allocated.satang(), 20_000_000);
        assert_eq!(report.rows[1].committed.satang(), 5_000_050);
    }

    #[test]
    fn every_bad_row_is_named_and_nothing_is_returned() {
        let csv = format!(
            "{HEAD}ก,งบประจำ,\"1,000\",12x,0,30/09/2560\n\
             ข,งบบุคลากร,\"1,000\",0,0,30/09/2560\n\
             ค,งบลงทุน,\"1,000\",\"900\",\"200\",30/09/2560\n\
             ง,งบลงทุน,\"1,00,0\",0,0,30/09/2560\n"
        );
        let ReportError::Rows(faults) = read_report(csv.as_bytes()).unwrap_err() else {
            panic!("row faults expected");
        };
        let rows: Vec<usize> = faults.iter().map(|f| f.row).collect();
        assert_eq!(rows, vec![2, 3, 4, 5]);
        assert!(faults[0].to_string().contains("12x"), "{}", faults[0]);
        assert!(faults[1].to_string().contains("งบบุคลากร"));
    }

    #[test]
    fn figures_that_would_wrap_a_sum_are_refused_naming_their_row() {
        // 92,233,720,368,547,758.07 baht is i64::MAX satang: disbursed + committed wraps.
        let csv = format!(
            "{HEAD}ก,งบประจำ,\"1,000\",0,0,30/09/2560\n\
             ข,งบลงทุน,\"92,233,720,368,547,758.07\",\"92,233,720,368,547,758.07\",\"0.02\",30/09/2560\n"
        );
        let ReportError::Rows(faults) = read_report(csv.as_bytes()).unwrap_err() else {
            panic!("row faults expected");
        };
        assert!(faults.iter().all(|f| f.row == 3), "{faults:?}");
        assert!(faults[0].to_string().contains("เกิน"), "{}", faults[0]);
    }

    #[test]
    fn a_file_whose_total_passes_ten_trillion_baht_is_refused_at_the_row_that_passes_it() {
        let row = "ก,งบประจำ,\"9,000,000,000,000\",0,0,30/09/2560\n";
        let csv = format!("{HEAD}{row}{}", row.replace('ก', "ข"));
        let ReportError::Rows(faults) = read_report(csv.as_bytes()).unwrap_err() else {
            panic!("row faults expected");
        };
        let rows: Vec<usize> = faults.iter().map(|f| f.row).collect();
        assert_eq!(rows, vec![3]);
    }

    #[test]
    fn a_repeated_unit_and_budget_type_names_the_first_row_and_spacing_does_not_hide_it() {
        let csv = format!(
            "{HEAD}สำนักงาน จังหวัดลำปาง,งบประจำ,1,0,0,30/09/2560\n\
             สำนักงานจังหวัดลำปาง,งบลงทุน,1,0,0,30/09/2560\n\
             สำนักงานจังหวัดลำปาง,งบประจำ,1,0,0,30/09/2560\n\
             สำนักงานจังหวัด ลำปาง,งบประจำ,1,0,0,30/09/2560\n"
        );
        let ReportError::Rows(faults) = read_report(csv.as_bytes()).unwrap_err() else {
            panic!("row faults expected");
        };
        let rows: Vec<usize> = faults.iter().map(|f| f.row).collect();
        assert_eq!(rows, vec![4, 5]);
        assert!(
            faults.iter().all(|f| f.en.ends_with("repeats row 2")),
            "{faults:?}"
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let csv =
            "หน่วยงาน,ประเภทงบประมาณ,งบประมาณที่ได้รับจัดสรร,ผูกพัน,ณ วันที่\nก,งบประจำ,1,0,30/09/2560\n";
        let err = read_report(csv.as_bytes()).unwrap_err();
        assert_eq!(err, ReportError::MissingColumns(vec!["«เบิกจ่าย»".into()]));
    }
}
