//! The XLSX sheet a treasury office attaches to the monthly procurement-plan report: a title,
//! a styled header, Buddhist-era dates as text beside real ISO dates, the legal basis, warnings.
use super::skipped_text;
use crate::timeline::TimelineError;
use crate::timeline::messages::{day_kind_th, thai_short_date};
use crate::timeline::plan::Plan;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

fn export_error(e: XlsxError) -> TimelineError {
    TimelineError::Export {
        format: "XLSX",
        message: e.to_string(),
    }
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year =
        u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    // month() and day() are at most 12 and 31.
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

const HEADERS: [(&str, f64); 12] = [
    ("ลำดับ", 6.0),
    ("รหัส", 14.0),
    ("ขั้นตอน", 48.0),
    ("เริ่ม (พ.ศ.)", 12.0),
    ("สิ้นสุด (พ.ศ.)", 12.0),
    ("start (ISO)", 12.0),
    ("end (ISO)", 12.0),
    ("จำนวนวัน", 9.0),
    ("ประเภทวัน", 11.0),
    ("ขั้นต่ำ", 8.0),
    ("หลักเกณฑ์ / legal basis", 70.0),
    ("วันหยุดที่ข้าม", 30.0),
];

/// The workbook as bytes, one sheet named "แผน".
pub fn xlsx(plan: &Plan) -> Result<Vec<u8>, TimelineError> {
    build(plan).map_err(export_error)
}

fn build(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("แผน")?;
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x1F4E78))
        .set_font_color(Color::White)
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    let warning = Format::new().set_font_color(Color::RGB(0x9C0006));

    sheet.write_string_with_format(0, 0, super::title(plan), &title)?;
    sheet.write_string(
        1,
        0,
        format!(
            "เริ่ม {} ลงนามสัญญา {} (start {}, contract {})",
            thai_short_date(plan.start_date),
            thai_short_date(plan.contract_date),
            plan.start_date,
            plan.contract_date
        ),
    )?;
    let header_row = 3;
    for (col, (name, width)) in HEADERS.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(header_row, col, *name, &header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    let mut row = header_row + 1;
    for (i, step) in plan.steps.iter().enumerate() {
        let mut basis = step.basis.clone();
        if let Some(note) = &step.practice_note {
            basis.push_str(&format!(" — {note}"));
        }
        if !step.verified {
            basis.push_str(" [ยังไม่ยืนยัน / unverified]");
        }
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, &step.id)?;
        sheet.write_string_with_format(row, 2, &step.name, &wrap)?;
        sheet.write_string(row, 3, thai_short_date(step.start))?;
        sheet.write_string(row, 4, thai_short_date(step.end))?;
        sheet.write_datetime_with_format(row, 5, excel_date(step.start)?, &date)?;
        sheet.write_datetime_with_format(row, 6, excel_date(step.end)?, &date)?;
        sheet.write_number(row, 7, f64::from(step.days))?;
        sheet.write_string(row, 8, day_kind_th(step.day_kind))?;
        sheet.write_number(row, 9, f64::from(step.min_days))?;
        sheet.write_string_with_format(row, 10, basis, &wrap)?;
        sheet.write_string(row, 11, skipped_text(step))?;
        row += 1;
    }
    row += 1;
    for text in &plan.warnings {
        sheet.write_string_with_format(row, 0, format!("⚠ {text}"), &warning)?;
        row += 1;
    }
    workbook.save_to_buffer()
}
