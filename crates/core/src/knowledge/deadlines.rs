//! `knowledge/deadlines.toml`: deadlines counted from an event date the officer gives ("ส่งงาน
//! 3 มี.ค. 69 ต้องเริ่มตรวจรับภายในวันไหน", "เหตุสิ้นสุด 1 เม.ย. 69 ขอขยายเวลาได้ถึงวันไหน"). Each
//! rule names the event, what is asked, the period and the entry that states it; the desk counts
//! the period on the government calendar and cites that entry.

use std::path::Path;

use std::sync::LazyLock;

use chrono::{Days, Months, NaiveDate};
use regex::Regex;
use serde::Deserialize;

use super::Lang;
use super::check::{Fault, line_of, read_optional_toml};

/// How the period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    /// N working days, day 1 being the first working day after the event.
    WorkingDays,
    /// N days, every day counting, day 1 being the day after the event.
    Days,
    /// The act is due on the day of the event itself; no number of days is set.
    SameDay,
    /// N months, day 1 being the day after the event: the period ends the day before the same
    /// day of the month N months after day 1 (1 Oct + 6 months ends on 31 Mar).
    Months,
    /// The period the officer writes after one of `period_words` ("รับประกัน 2 ปี", "18
    /// เดือน", "90 วัน"), counted like `months` or `days`; without one nothing is computed,
    /// because the period is the contract's, not the regulation's.
    Stated,
}

/// What the event date is read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// A date written next to an event word.
    #[default]
    Date,
    /// The last day (30 September) of the fiscal year written after an event word ("ปีงบ 69").
    FiscalYearEnd,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub id: String,
    /// What must be done by the deadline ("คณะกรรมการตรวจรับต้องเริ่มตรวจรับงาน").
    pub due_th: String,
    /// The event the period runs from ("วันที่ประธานกรรมการตรวจรับทราบการส่งมอบงาน").
    pub event_th: String,
    /// `due_th`, `event_th`, `note_th` and the entry's legal basis in English, for English
    /// questions (`kb check` requires each wherever the Thai is set).
    #[serde(default)]
    pub due_en: Option<String>,
    #[serde(default)]
    pub event_en: Option<String>,
    #[serde(default)]
    pub note_en: Option<String>,
    #[serde(default)]
    pub basis_en: Option<String>,
    /// Words that name the event; the date written nearest one of them is the event date.
    pub event_words: Vec<String>,
    /// Words that name what is asked; one must be in the message too.
    pub ask_words: Vec<String>,
    /// Words that say another rule applies ("ก่อสร้าง" for goods).
    #[serde(default)]
    pub unless_words: Vec<String>,
    pub count: Count,
    #[serde(default)]
    pub event: Event,
    /// The number of days (0 for `same_day`, `months` and `stated`).
    #[serde(default)]
    pub days: u32,
    /// The number of months of a `months` rule.
    #[serde(default)]
    pub months: u32,
    /// For `stated`: words the officer writes the period after ("รับประกัน", "ประกัน").
    #[serde(default)]
    pub period_words: Vec<String>,
    /// Another rule whose end is this rule's event ("คืนหลักประกัน" runs from the end of the
    /// warranty): when the message gives that rule's event and period, its end is used.
    #[serde(default)]
    pub after: Option<String>,
    /// A period in days whose last day is not a working day ends on the next working day.
    #[serde(default)]
    pub roll: bool,
    /// The entry that states the rule; its basis is cited and its caveat carried.
    pub entry: String,
    /// A line added after the computed date (a condition of the rule, in the entry's words).
    #[serde(default)]
    pub note_th: Option<String>,
    /// The rule holds only for events on or after this day (a measure of one fiscal year).
    #[serde(default, deserialize_with = "date")]
    pub valid_from: Option<NaiveDate>,
    /// The rule holds only for events on or before this day.
    #[serde(default, deserialize_with = "date")]
    pub valid_until: Option<NaiveDate>,
    /// Its line in `deadlines.toml`, for faults.
    #[serde(skip)]
    pub line: usize,
}

impl Deadline {
    /// What must be done, in `lang`.
    pub fn due(&self, lang: Lang) -> &str {
        match lang {
            Lang::Th => &self.due_th,
            Lang::En => self.due_en.as_deref().unwrap_or(&self.due_th),
        }
    }

    /// The event the period runs from, in `lang`.
    pub fn event(&self, lang: Lang) -> &str {
        match lang {
            Lang::Th => &self.event_th,
            Lang::En => self.event_en.as_deref().unwrap_or(&self.event_th),
        }
    }

    /// The rule's condition, in `lang`.
    pub fn note(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Th => self.note_th.as_deref(),
            Lang::En => self.note_en.as_deref().or(self.note_th.as_deref()),
        }
    }

    /// Whether the rule holds for an event on `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_until.is_none_or(|u| day <= u)
    }
}

/// A period in months or in days, as a `months` rule sets it or the officer writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Months(u32),
    Days(u32),
}

impl Period {
    /// The last day of the period when day 1 is the day after `event`: N days end N days after
    /// the event; N months end the day before the same day N months after day 1.
    pub fn last_day(self, event: NaiveDate) -> Option<NaiveDate> {
        match self {
            Period::Days(n) => event.checked_add_days(Days::new(n.into())),
            Period::Months(n) => event
                .succ_opt()?
                .checked_add_months(Months::new(n))?
                .pred_opt(),
        }
    }
}

/// "2 ปี", "18 เดือน", "90 วัน" written right after one of `words` in normalised `text`
/// ("รับประกัน 2 ปี", "ประกันผลงาน 2 ปี" is too far: the number must follow the word within a
/// few characters).
pub fn stated_period(text: &str, words: &[String]) -> Option<Period> {
    static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^\d]{0,12}?(\d{1,3})\s*(ปี|เดือน|วัน|years?|months?|days?)")
            .expect("valid regex")
    });
    words
        .iter()
        .flat_map(|w| text.match_indices(w.as_str()).map(|(at, m)| at + m.len()))
        .find_map(|end| {
            let c = PERIOD.captures(&text[end..])?;
            let n: u32 = c[1].parse().ok().filter(|n| *n > 0)?;
            Some(match &c[2] {
                "ปี" | "year" | "years" => Period::Months(n.checked_mul(12)?),
                "เดือน" | "month" | "months" => Period::Months(n),
                _ => Period::Days(n),
            })
        })
}

impl Deadline {
    /// The rule's own period, or the one the officer wrote for a `stated` rule.
    pub fn period_in(&self, text: &str) -> Option<Period> {
        match self.count {
            Count::Months => Some(Period::Months(self.months)),
            Count::Stated => stated_period(text, &self.period_words),
            Count::Days => Some(Period::Days(self.days)),
            Count::WorkingDays | Count::SameDay => None,
        }
    }
}

fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let value = toml::value::Datetime::deserialize(d)?;
    match (value.date, value.time) {
        (Some(date), None) => NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom("not a calendar date")),
        _ => Err(serde::de::Error::custom(
            "a date without a time, e.g. 2026-09-30",
        )),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    deadlines: Vec<toml::Spanned<Deadline>>,
}

/// The longest period a rule may set: longer is a typo, not a procurement deadline.
const MAX_DAYS: u32 = 365;

/// The longest period in months: ten years covers every warranty and carry-over.
const MAX_MONTHS: u32 = 120;

/// Reads and checks `deadlines.toml`; a missing file is no rules.
pub fn load_deadlines(path: &Path) -> Result<Vec<Deadline>, Vec<Fault>> {
    let Some((file, text)) = read_optional_toml::<File>(path).map_err(|f| vec![f])? else {
        return Ok(Vec::new());
    };
    let mut faults = Vec::new();
    let mut rules: Vec<Deadline> = Vec::new();
    for spanned in file.deadlines {
        let line = line_of(&text, spanned.span().start);
        let mut rule = spanned.into_inner();
        rule.line = line;
        // Matched against normalised questions: normalise the words once, here.
        for w in rule
            .event_words
            .iter_mut()
            .chain(rule.ask_words.iter_mut())
            .chain(rule.unless_words.iter_mut())
            .chain(rule.period_words.iter_mut())
        {
            *w = crate::thai::normalize(w);
        }
        faults.extend(rule_faults(path, &rule, &rules));
        rules.push(rule);
    }
    if faults.is_empty() {
        Ok(rules)
    } else {
        Err(faults)
    }
}

/// What is wrong with one rule, given the rules before it.
fn rule_faults(path: &Path, rule: &Deadline, before: &[Deadline]) -> Vec<Fault> {
    let mut faults = Vec::new();
    let mut fault = |message: String| faults.push(Fault::new(path, rule.line, message));
    let id = &rule.id;
    if before.iter().any(|r| r.id == rule.id) {
        fault(format!("duplicate deadline id `{id}`"));
    }
    match rule.count {
        Count::SameDay if rule.days != 0 => {
            fault(format!("{id}: a same_day rule counts no days (days = 0)"));
        }
        Count::WorkingDays | Count::Days if rule.days == 0 || rule.days > MAX_DAYS => {
            fault(format!("{id}: days must be 1..={MAX_DAYS}"));
        }
        Count::Months if rule.months == 0 || rule.months > MAX_MONTHS || rule.days != 0 => {
            fault(format!(
                "{id}: a months rule sets months = 1..={MAX_MONTHS} and no days"
            ));
        }
        Count::Stated if rule.period_words.is_empty() || rule.days != 0 || rule.months != 0 => {
            fault(format!(
                "{id}: a stated rule reads its period after period_words and sets no days or months"
            ));
        }
        _ => {}
    }
    // Every sentence the answer prints has its English, for English questions.
    for (field, missing) in [
        ("due_en", rule.due_en.is_none()),
        ("event_en", rule.event_en.is_none()),
        ("basis_en", rule.basis_en.is_none()),
        ("note_en", rule.note_th.is_some() && rule.note_en.is_none()),
    ] {
        if missing {
            fault(format!(
                "{id}: {field} is required (the English of the Thai text)"
            ));
        }
    }
    if rule.months != 0 && rule.count != Count::Months {
        fault(format!("{id}: months applies only to a months rule"));
    }
    if let Some(after) = &rule.after
        && !before
            .iter()
            .any(|r| &r.id == after && r.count != Count::SameDay)
    {
        fault(format!(
            "{id}: after = `{after}` must name a rule above it that counts a period"
        ));
    }
    if rule.roll && rule.count != Count::Days {
        fault(format!(
            "{id}: roll applies only to a period in days (a working-day period never ends on a day off)"
        ));
    }
    for (name, words) in [
        ("event_words", &rule.event_words),
        ("ask_words", &rule.ask_words),
    ] {
        if words.is_empty() || words.iter().any(|w| w.trim().is_empty()) {
            fault(format!("{id}: {name} must be non-empty words"));
        }
    }
    if let (Some(from), Some(until)) = (rule.valid_from, rule.valid_until)
        && until < from
    {
        fault(format!("{id}: valid_until is before valid_from"));
    }
    // Two rules with the same event and ask words would both claim one question.
    for other in before {
        let shared = |a: &[String], b: &[String]| a.iter().find(|w| b.contains(w)).cloned();
        if let (Some(event), Some(ask)) = (
            shared(&rule.event_words, &other.event_words),
            shared(&rule.ask_words, &other.ask_words),
        ) {
            fault(format!(
                "{id}: duplicate trigger (`{event}` + `{ask}`) already used by `{}`",
                other.id
            ));
        }
    }
    faults
}

/// A fault for every entry a rule names that is not among `entries`.
pub fn unknown_entries(path: &Path, rules: &[Deadline], entries: &[super::Entry]) -> Vec<Fault> {
    rules
        .iter()
        .filter(|r| !entries.iter().any(|e| e.id.as_str() == r.entry))
        .map(|r| {
            Fault::new(
                path,
                r.line,
                format!("deadline `{}` names unknown entry `{}`", r.id, r.entry),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Vec<Deadline>, Vec<Fault>> {
        // One folder per call: tests run in parallel, and two texts may have the same length.
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("clinic-deadlines-{}-{call}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("deadlines.toml");
        std::fs::write(&path, text).expect("write");
        let loaded = load_deadlines(&path);
        std::fs::remove_dir_all(&dir).expect("clean up");
        loaded
    }

    const WORKS: &str = r#"
[[deadlines]]
id = "works-inspection"
due_th = "เริ่มตรวจรับ"
event_th = "วันที่ทราบการส่งมอบ"
due_en = "Start the inspection"
event_en = "the day the delivery was known"
basis_en = "clause 176 (5)"
event_words = ["ส่งงาน"]
ask_words = ["ตรวจรับ"]
count = "working_days"
days = 3
entry = "construction-inspection-3wd"
"#;

    fn messages(faults: Vec<Fault>) -> Vec<String> {
        faults.into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn a_period_in_months_ends_the_day_before_the_same_date() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        // Fiscal year 2569 ends 30 Sep 2026; six months run 1 Oct – 31 Mar.
        assert_eq!(
            Period::Months(6).last_day(day(2026, 9, 30)),
            Some(day(2027, 3, 31))
        );
        // Handed over 15 Mar 2026, two years: 16 Mar 2026 – 15 Mar 2028.
        assert_eq!(
            Period::Months(24).last_day(day(2026, 3, 15)),
            Some(day(2028, 3, 15))
        );
        assert_eq!(
            Period::Days(15).last_day(day(2028, 3, 15)),
            Some(day(2028, 3, 30))
        );
    }

    #[test]
    fn the_period_an_officer_writes_is_read_after_its_word() {
        let words = vec!["รับประกัน".to_string()];
        assert_eq!(
            stated_period("ตรวจรับ 15 มี.ค. 69 รับประกัน 2 ปี หมดเมื่อไร", &words),
            Some(Period::Months(24))
        );
        assert_eq!(
            stated_period("รับประกัน 18 เดือน", &words),
            Some(Period::Months(18))
        );
        assert_eq!(stated_period("รับประกันกี่ปี", &words), None);
    }

    #[test]
    fn a_rule_is_read_with_its_period_and_line() {
        let rules = load(WORKS).expect("valid");
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].count, Count::WorkingDays);
        assert_eq!(rules[0].days, 3);
        assert_eq!(rules[0].line, 2);
    }

    #[test]
    fn a_bad_period_is_a_fault() {
        let zero = WORKS.replace("days = 3", "days = 0");
        assert!(
            messages(load(&zero).expect_err("0 days"))
                .iter()
                .any(|m| m.contains("days must be 1..=365"))
        );
        let same_day = WORKS.replace("\"working_days\"", "\"same_day\"");
        assert!(
            messages(load(&same_day).expect_err("same day with days"))
                .iter()
                .any(|m| m.contains("counts no days"))
        );
        let rolled = WORKS.replace("days = 3", "days = 3\nroll = true");
        assert!(
            messages(load(&rolled).expect_err("roll on working days"))
                .iter()
                .any(|m| m.contains("roll applies only"))
        );
        let unknown = WORKS.replace("\"working_days\"", "\"weeks\"");
        assert!(load(&unknown).is_err());
    }

    #[test]
    fn a_rule_without_its_english_is_a_fault() {
        let thai_only = WORKS.replace("due_en = \"Start the inspection\"\n", "");
        let noted = WORKS.replace("days = 3", "days = 3\nnote_th = \"ตรวจให้เสร็จโดยเร็ว\"");
        for (text, field) in [(thai_only, "due_en"), (noted, "note_en")] {
            let m = messages(load(&text).expect_err("English missing"));
            assert!(
                m.iter()
                    .any(|m| m.contains(&format!("works-inspection: {field} is required"))),
                "{m:?}"
            );
        }
    }

    #[test]
    fn the_same_trigger_twice_is_a_fault() {
        let twice = format!(
            "{WORKS}{}",
            WORKS
                .replace("works-inspection", "works-again")
                .replace("[\"ส่งงาน\"]", "[\"ส่งมอบงาน\", \"ส่งงาน\"]")
        );
        let m = messages(load(&twice).expect_err("duplicate trigger"));
        assert!(
            m.iter().any(|m| m.contains(
                "duplicate trigger (`ส่งงาน` + `ตรวจรับ`) already used by `works-inspection`"
            )),
            "{m:?}"
        );
    }

    #[test]
    fn a_rule_holds_only_inside_its_dates() {
        let text = WORKS.replace(
            "days = 3",
            "days = 3\nvalid_from = 2025-10-01\nvalid_until = 2026-09-30",
        );
        let rule = load(&text).expect("valid").remove(0);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert!(rule.holds_on(day(2026, 9, 30)));
        assert!(!rule.holds_on(day(2026, 10, 1)));
        assert!(!rule.holds_on(day(2025, 9, 30)));
    }
}
