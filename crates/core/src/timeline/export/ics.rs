//! iCalendar (RFC 5545): one all-day VEVENT per step, so officers can import the plan into a
//! phone calendar.
use super::skipped_text;
use crate::timeline::messages::thai_date;
use crate::timeline::plan::Plan;
use chrono::{NaiveDate, NaiveDateTime};

/// Escapes TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma, newline.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (§3.1) without splitting a UTF-8 character; each
/// continuation starts with one space, which counts toward its 75.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn date_value(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// `stamp` is DTSTAMP (UTC), passed in so the module stays pure and tests stay exact.
pub fn ics(plan: &Plan, stamp: NaiveDateTime) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//clinic//procurement timeline//TH".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape(&super::title(plan))),
    ];
    let warnings = plan.warnings.join("\n");
    for step in &plan.steps {
        let mut description = format!(
            "{} {} ({} – {})\nขั้นต่ำ {} · หลักเกณฑ์: {}\nBasis: {}",
            step.days,
            step.day_kind.unit_th(),
            thai_date(step.start),
            thai_date(step.end),
            step.min_days,
            step.basis,
            step.basis_en
        );
        if let Some(note) = &step.practice_note {
            description.push_str(&format!("\n{note}"));
        }
        let skipped = skipped_text(step);
        if !skipped.is_empty() {
            description.push_str(&format!("\nข้ามวันหยุด: {skipped}"));
        }
        if !warnings.is_empty() {
            description.push_str(&format!("\n⚠ {warnings}"));
        }
        // Stable across runs of the same plan, so a re-import updates instead of duplicating.
        let uid = format!(
            "{}-{}-{}-{}@clinic",
            plan.method,
            plan.tier,
            date_value(plan.start_date),
            step.id
        );
        let end_exclusive = step.end.succ_opt().unwrap_or(step.end);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{uid}"),
            format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
            format!("DTSTART;VALUE=DATE:{}", date_value(step.start)),
            format!("DTEND;VALUE=DATE:{}", date_value(end_exclusive)),
            format!(
                "SUMMARY:{}",
                escape(&format!("{} ({})", step.name, plan.method))
            ),
            format!("DESCRIPTION:{}", escape(&description)),
            "TRANSP:TRANSPARENT".into(),
            "END:VEVENT".into(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_stay_within_75_octets_and_keep_thai_characters_whole() {
        let line = format!("DESCRIPTION:{}", "ระยะเวลาอุทธรณ์".repeat(10));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), line);
    }

    #[test]
    fn text_escapes_the_four_specials() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
