//! `thai::parse_date` with a fixed today and `ThaiDate::from_str` on any text: never panic, and
//! a command-line date (explicit, no today) is the date `parse_date` finds whenever what it
//! finds does not depend on today.
#![no_main]

use chrono::NaiveDate;
use clinic::thai::{ThaiDate, parse_date};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date");
    let other_day = NaiveDate::from_ymd_opt(2031, 6, 15).expect("valid date");
    let found = parse_date(text, today);
    let explicit = text.parse::<ThaiDate>().ok().map(|d| d.0);
    if found.is_some() && found == parse_date(text, other_day) {
        assert_eq!(explicit, found, "{text:?}");
    }
});
