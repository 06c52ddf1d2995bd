//! A plan in the forms people use: a text table for the terminal and chat, CSV for
//! spreadsheets, ICS for phone calendars, XLSX for the monthly report. JSON is `serde_json` on
//! [`Plan`](super::Plan). Every form carries the plan's warnings.
mod ics;
mod xlsx;

pub use ics::ics;
pub use xlsx::xlsx;

use super::messages::{day_kind_th, thai_date};
use super::plan::{Plan, PlanStep};

/// The holidays a step skipped, "6/4 วันจักรี; 13/4 วันสงกรานต์".
pub(crate) fn skipped_text(step: &PlanStep) -> String {
    step.holidays_skipped
        .iter()
        .map(|h| format!("{} {}", h.date.format("%-d/%-m"), h.name))
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn title(plan: &Plan) -> String {
    format!(
        "แผนการจัดซื้อจัดจ้าง {} วงเงิน {} บาท ({}) / procurement plan, {}",
        plan.method_name, plan.amount, plan.tier_name, plan.method_name_en
    )
}

/// The terminal and chat table: Thai names, Buddhist-era dates, days, kind, basis.
pub fn table(plan: &Plan) -> String {
    let mut out = String::new();
    out.push_str(&title(plan));
    out.push('\n');
    out.push_str(&format!(
        "เริ่ม {} → ลงนามสัญญา {}\n\n",
        thai_date(plan.start_date),
        thai_date(plan.contract_date)
    ));
    out.push_str("| # | ขั้นตอน | เริ่ม | สิ้นสุด | วัน | ประเภทวัน | ขั้นต่ำ | หลักเกณฑ์ |\n");
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for (i, step) in plan.steps.iter().enumerate() {
        let mut basis = step.basis.clone();
        if let Some(note) = &step.practice_note {
            basis.push_str(" — ");
            basis.push_str(note);
        }
        if !step.verified {
            basis.push_str(" [ยังไม่ยืนยัน]");
        }
        let skipped = skipped_text(step);
        if !skipped.is_empty() {
            basis.push_str(&format!(" (ข้ามวันหยุด: {skipped})"));
        }
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            i + 1,
            step.name,
            thai_date(step.start),
            thai_date(step.end),
            step.days,
            day_kind_th(step.day_kind),
            step.min_days,
            basis
        ));
    }
    for warning in &plan.warnings {
        out.push_str(&format!("\n⚠ {warning}"));
    }
    out.push('\n');
    out
}

/// RFC 4180 field: quoted when it holds a comma, quote or line break.
/// One row a step (ISO and Buddhist-era dates), then one `warning` row per warning.
pub fn csv(plan: &Plan) -> Result<String, csv::Error> {
    let mut rows = vec![vec![
        "id".to_string(),
        "name".into(),
        "name_en".into(),
        "start".into(),
        "end".into(),
        "start_be".into(),
        "end_be".into(),
        "days".into(),
        "day_kind".into(),
        "min_days".into(),
        "basis".into(),
        "verified".into(),
        "holidays_skipped".into(),
    ]];
    for step in &plan.steps {
        rows.push(vec![
            step.id.clone(),
            step.name.clone(),
            step.name_en.clone(),
            step.start.to_string(),
            step.end.to_string(),
            thai_date(step.start),
            thai_date(step.end),
            step.days.to_string(),
            serde_kind(step),
            step.min_days.to_string(),
            step.basis.clone(),
            step.verified.to_string(),
            skipped_text(step),
        ]);
    }
    for warning in &plan.warnings {
        rows.push(vec!["warning".to_string(), warning.clone()]);
    }
    crate::sheet::csv(rows)
}

fn serde_kind(step: &PlanStep) -> String {
    match step.day_kind {
        super::DayKind::Working => "working".into(),
        super::DayKind::Calendar => "calendar".into(),
    }
}
