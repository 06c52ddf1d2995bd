//! iCalendar (RFC 5545): one all-day VEVENT per step, so officers can import the plan into a
//! phone calendar. The `icalendar` crate escapes TEXT values and folds lines at 75 octets.
use super::skipped_text;
use crate::timeline::messages::thai_date;
use crate::timeline::plan::Plan;
use chrono::{NaiveDate, NaiveDateTime};
use icalendar::{Calendar, Component, Event, EventLike, Property};

/// RFC 5545 TEXT has no escape for a carriage return, and a line break is `\n`: text read
/// from files with Windows line ends loses its `\r`.
fn text(value: &str) -> String {
    value.replace('\r', "")
}

fn date_value(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// `stamp` is DTSTAMP (UTC), passed in so the module stays pure and tests stay exact.
pub fn ics(plan: &Plan, stamp: NaiveDateTime) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0".to_owned()),
        ("PRODID", "-//clinic//procurement timeline//TH".to_owned()),
        ("CALSCALE", "GREGORIAN".to_owned()),
        ("METHOD", "PUBLISH".to_owned()),
        ("X-WR-CALNAME", text(&super::title(plan))),
    ] {
        calendar.append_property(Property::new(key, value));
    }
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
        // DTEND of an all-day event is the day after its last day.
        let end_exclusive = step.end.succ_opt().unwrap_or(step.end);
        calendar.push(
            Event::new()
                .uid(&uid)
                .timestamp(stamp.and_utc())
                .starts(step.start)
                .ends(end_exclusive)
                .summary(&text(&format!("{} ({})", step.name, plan.method)))
                .description(&text(&description))
                .add_property("TRANSP", "TRANSPARENT")
                .done(),
        );
    }
    calendar.to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::timeline::{Baht, Calendar as Holidays, PlanRequest, Rules, plan_forward};
    use std::path::Path;

    fn plan() -> Plan {
        let knowledge = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge");
        let rules = Rules::load(&knowledge).unwrap();
        let holidays = Holidays::load(&knowledge).unwrap();
        let request = PlanRequest::new("e-bidding", Baht::whole(3_000_000).unwrap());
        plan_forward(&rules, &holidays, &request, "2026-04-01".parse().unwrap()).unwrap()
    }

    fn stamp() -> NaiveDateTime {
        "2026-04-01T02:00:00".parse().unwrap()
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn long_thai_lines_fold_within_75_octets_and_unfold_to_the_same_text() {
        let mut plan = plan();
        let long = "ระยะเวลาอุทธรณ์".repeat(10);
        plan.steps[0].name = long.clone();
        let text = ics(&plan, stamp());
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(unfold(&text).contains(&format!("SUMMARY:{long} (e-bidding)\r\n")));
    }

    #[test]
    fn text_specials_are_escaped_and_carriage_returns_dropped() {
        let mut plan = plan();
        plan.steps[0].name = "a,b;c\\d\r\ne".into();
        let text = unfold(&ics(&plan, stamp()));
        assert!(
            text.contains("SUMMARY:a\\,b\\;c\\\\d\\ne (e-bidding)\r\n"),
            "{text}"
        );
    }

    #[test]
    fn every_step_is_one_all_day_event_stamped_as_given() {
        let plan = plan();
        let text = unfold(&ics(&plan, stamp()));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), plan.steps.len());
        assert_eq!(
            text.matches("DTSTAMP:20260401T020000Z\r\n").count(),
            plan.steps.len()
        );
        let first = &plan.steps[0];
        assert!(text.contains(&format!(
            "DTSTART;VALUE=DATE:{}\r\n",
            first.start.format("%Y%m%d")
        )));
        assert!(text.contains("TRANSP:TRANSPARENT\r\n"));
    }
}
