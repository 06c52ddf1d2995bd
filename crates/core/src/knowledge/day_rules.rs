//! `knowledge/day-rules.toml`: the entries that state the day-counting rules the desk computes
//! with (working days, calendar days rolled past a holiday, a year's holiday list).

use std::path::Path;

use serde::Deserialize;

use super::check::{Fault, line_of};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayRules {
    /// The entry on periods counted in working days.
    #[serde(default)]
    pub working_days: Option<String>,
    /// The entry on periods counted in days and a last day that falls on a holiday.
    #[serde(default)]
    pub calendar_days: Option<String>,
    #[serde(default)]
    pub holiday_lists: Vec<HolidayList>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayList {
    pub year: i32,
    pub entry: String,
}

impl DayRules {
    pub fn holiday_list(&self, year: i32) -> Option<&str> {
        self.holiday_lists
            .iter()
            .find(|l| l.year == year)
            .map(|l| l.entry.as_str())
    }

    fn entries(&self) -> impl Iterator<Item = &str> {
        self.working_days
            .as_deref()
            .into_iter()
            .chain(self.calendar_days.as_deref())
            .chain(self.holiday_lists.iter().map(|l| l.entry.as_str()))
    }
}

/// Reads `day-rules.toml`; a missing file names no entries.
pub fn load_day_rules(path: &Path) -> Result<DayRules, Fault> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DayRules::default()),
        Err(e) => return Err(Fault::new(path, 0, format!("cannot read: {e}"))),
    };
    toml::from_str(&text).map_err(|e| {
        Fault::new(
            path,
            e.span().map_or(1, |s| line_of(&text, s.start)),
            e.message(),
        )
    })
}

/// A fault for every entry the rules name that is not among `entries`.
pub fn unknown_entries(path: &Path, rules: &DayRules, entries: &[super::Entry]) -> Vec<Fault> {
    rules
        .entries()
        .filter(|id| !entries.iter().any(|e| e.id.as_str() == *id))
        .map(|id| Fault::new(path, 1, format!("day rules name unknown entry `{id}`")))
        .collect()
}
