//! The government working calendar: Monday–Friday minus the holidays in
//! `knowledge/holidays/<year>.toml` (B0.2, B0.4). Every walk is bounded by the dates chrono can
//! represent, so a far-out date is an error, never a panic.
use super::source::{self, line_of};
use super::{Fault, TimelineError};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name_th: String,
    pub name_en: String,
    /// False where the fact sheet could not confirm the date (e.g. Royal Ploughing 2026).
    pub verified: bool,
}

/// What the calendar knows about a year's holiday list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearStatus {
    Announced,
    /// A list exists but is not final (fixed-date holidays only, say).
    Provisional,
    /// No list: only weekends are skipped.
    Missing,
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    holidays: BTreeMap<NaiveDate, Holiday>,
    years: BTreeMap<i32, bool>,
}

impl Calendar {
    /// Reads every `<knowledge_dir>/holidays/<year>.toml`.
    pub fn load(knowledge_dir: &Path) -> Result<Calendar, TimelineError> {
        let dir = knowledge_dir.join("holidays");
        let mut calendar = Calendar::default();
        let mut faults = Vec::new();
        for path in holiday_files(&dir)? {
            let text = source::read(&path)?;
            match YearList::parse(&text, &path) {
                Ok(list) => calendar.add_year(list),
                Err(mut f) => faults.append(&mut f),
            }
        }
        if faults.is_empty() {
            Ok(calendar)
        } else {
            Err(TimelineError::InvalidData(faults))
        }
    }

    pub fn add_year(&mut self, list: YearList) {
        self.years.insert(list.year, list.provisional);
        for h in list.holidays {
            self.holidays.insert(h.date, h);
        }
    }

    pub fn year_status(&self, year: i32) -> YearStatus {
        match self.years.get(&year) {
            Some(false) => YearStatus::Announced,
            Some(true) => YearStatus::Provisional,
            None => YearStatus::Missing,
        }
    }

    pub fn holiday(&self, date: NaiveDate) -> Option<&Holiday> {
        self.holidays.get(&date)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains_key(&date)
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, TimelineError> {
        self.working_day_on_or_after(next(date)?)
    }

    pub fn working_day_on_or_after(&self, mut date: NaiveDate) -> Result<NaiveDate, TimelineError> {
        while !self.is_working_day(date) {
            date = next(date)?;
        }
        Ok(date)
    }

    pub fn working_day_on_or_before(
        &self,
        mut date: NaiveDate,
    ) -> Result<NaiveDate, TimelineError> {
        while !self.is_working_day(date) {
            date = prev(date)?;
        }
        Ok(date)
    }

    /// The `n`-th working day strictly after `date` (B0.1: day 1 is the next day); `n = 0` is `date`.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, TimelineError> {
        let mut day = date;
        for _ in 0..n {
            day = self.next_working_day(day)?;
        }
        Ok(day)
    }

    /// The `n`-th working day strictly before `date`; `n = 0` is `date`.
    pub fn sub_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, TimelineError> {
        let mut day = date;
        for _ in 0..n {
            day = self.working_day_on_or_before(prev(day)?)?;
        }
        Ok(day)
    }

    /// Working days in `(after, until]`.
    pub fn working_days_between(&self, after: NaiveDate, until: NaiveDate) -> u32 {
        after
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= until)
            .filter(|d| self.is_working_day(*d))
            .count()
            .try_into()
            .unwrap_or(u32::MAX)
    }

    /// Every listed holiday in `[from, until]`, weekends included, for a month's list.
    pub fn holidays_in(&self, from: NaiveDate, until: NaiveDate) -> Vec<&Holiday> {
        if until < from {
            return Vec::new();
        }
        self.holidays.range(from..=until).map(|(_, h)| h).collect()
    }

    /// Holidays on weekdays in `(after, until]`: the days a count had to jump over.
    pub fn holidays_between(&self, after: NaiveDate, until: NaiveDate) -> Vec<&Holiday> {
        if until <= after {
            return Vec::new();
        }
        self.holidays
            .range(after..=until)
            .filter(|(d, _)| **d > after && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .map(|(_, h)| h)
            .collect()
    }
}

pub(crate) fn next(date: NaiveDate) -> Result<NaiveDate, TimelineError> {
    date.succ_opt().ok_or(TimelineError::DateOutOfRange)
}

pub(crate) fn prev(date: NaiveDate) -> Result<NaiveDate, TimelineError> {
    date.pred_opt().ok_or(TimelineError::DateOutOfRange)
}

pub(crate) fn plus_days(date: NaiveDate, n: u32) -> Result<NaiveDate, TimelineError> {
    date.checked_add_days(Days::new(n.into()))
        .ok_or(TimelineError::DateOutOfRange)
}

pub(crate) fn minus_days(date: NaiveDate, n: u32) -> Result<NaiveDate, TimelineError> {
    date.checked_sub_days(Days::new(n.into()))
        .ok_or(TimelineError::DateOutOfRange)
}

/// `holidays/<year>.toml` files, sorted, so faults come out in a stable order.
pub(crate) fn holiday_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, TimelineError> {
    let entries = std::fs::read_dir(dir).map_err(|source| TimelineError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// One year's file, checked.
#[derive(Debug, Clone)]
pub struct YearList {
    pub year: i32,
    pub provisional: bool,
    pub holidays: Vec<Holiday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: Spanned<i32>,
    provisional: bool,
    #[serde(default)]
    holidays: Vec<Spanned<RawHoliday>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: toml::value::Datetime,
    name_th: String,
    name_en: String,
    #[serde(default = "yes")]
    verified: bool,
}

fn yes() -> bool {
    true
}

impl YearList {
    pub fn parse(text: &str, file: &Path) -> Result<YearList, Vec<Fault>> {
        let raw: RawYear = source::parse(text, file)?;
        let mut faults = Vec::new();
        let year = *raw.year.get_ref();
        let year_line = line_of(text, raw.year.span().start);
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if stem != year.to_string() {
            faults.push(Fault::new(
                file,
                year_line,
                format!("year = {year} but the file is named {stem}.toml"),
            ));
        }
        let mut holidays: Vec<Holiday> = Vec::new();
        for spanned in raw.holidays {
            let line = line_of(text, spanned.span().start);
            let h = spanned.into_inner();
            let date = match (h.date.date, h.date.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into())
                }
                _ => None,
            };
            let Some(date) = date else {
                faults.push(Fault::new(
                    file,
                    line,
                    format!("date {} must be a plain date like {year}-01-01", h.date),
                ));
                continue;
            };
            if date.year() != year {
                faults.push(Fault::new(file, line, format!("{date} is not in {year}")));
            }
            if holidays.iter().any(|other| other.date == date) {
                faults.push(Fault::new(file, line, format!("{date} appears twice")));
            }
            if h.name_th.trim().is_empty() || h.name_en.trim().is_empty() {
                faults.push(Fault::new(
                    file,
                    line,
                    format!("{date}: name_th and name_en are required"),
                ));
            }
            holidays.push(Holiday {
                date,
                name_th: h.name_th,
                name_en: h.name_en,
                verified: h.verified,
            });
        }
        if faults.is_empty() {
            Ok(YearList {
                year,
                provisional: raw.provisional,
                holidays,
            })
        } else {
            Err(faults)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn songkran_2026() -> Calendar {
        let text = "year = 2026\nprovisional = false\n[[holidays]]\ndate = 2026-04-06\nname_th = \"วันจักรี\"\nname_en = \"Chakri\"\n[[holidays]]\ndate = 2026-04-13\nname_th = \"สงกรานต์\"\nname_en = \"Songkran\"\n[[holidays]]\ndate = 2026-04-14\nname_th = \"สงกรานต์\"\nname_en = \"Songkran\"\n[[holidays]]\ndate = 2026-04-15\nname_th = \"สงกรานต์\"\nname_en = \"Songkran\"\n";
        let mut cal = Calendar::default();
        cal.add_year(YearList::parse(text, Path::new("2026.toml")).unwrap());
        cal
    }

    #[test]
    fn three_working_days_from_wednesday_1_april_skip_chakri_day() {
        // B.6: draft published Wed 1 Apr 2026, hearing ends Tue 7 Apr (6 Apr is Chakri Day).
        let cal = songkran_2026();
        assert_eq!(
            cal.add_working_days(d(2026, 4, 1), 3).unwrap(),
            d(2026, 4, 7)
        );
        assert_eq!(cal.holidays_between(d(2026, 4, 1), d(2026, 4, 7)).len(), 1);
    }

    #[test]
    fn five_working_days_across_songkran() {
        // B.6: invitation Wed 8 Apr 2026 + 5 WD = Mon 20 Apr (13–15 Apr Songkran).
        let cal = songkran_2026();
        assert_eq!(
            cal.add_working_days(d(2026, 4, 8), 5).unwrap(),
            d(2026, 4, 20)
        );
        assert_eq!(
            cal.sub_working_days(d(2026, 4, 20), 5).unwrap(),
            d(2026, 4, 8)
        );
        assert_eq!(cal.working_days_between(d(2026, 4, 8), d(2026, 4, 20)), 5);
    }

    #[test]
    fn weekend_rolls_to_monday_and_back_to_friday() {
        let cal = songkran_2026();
        assert_eq!(
            cal.working_day_on_or_after(d(2026, 4, 11)).unwrap(),
            d(2026, 4, 16)
        );
        assert_eq!(
            cal.working_day_on_or_before(d(2026, 4, 15)).unwrap(),
            d(2026, 4, 10)
        );
    }

    #[test]
    fn a_year_without_a_file_is_missing() {
        let cal = songkran_2026();
        assert_eq!(cal.year_status(2026), YearStatus::Announced);
        assert_eq!(cal.year_status(2030), YearStatus::Missing);
    }

    #[test]
    fn a_bad_date_is_reported_at_its_line() {
        let text = "year = 2026\nprovisional = false\n\n[[holidays]]\ndate = 2025-04-06\nname_th = \"x\"\nname_en = \"x\"\n";
        let faults = YearList::parse(text, Path::new("2026.toml")).unwrap_err();
        assert_eq!(faults.len(), 1);
        assert_eq!(
            faults[0].to_string(),
            "2026.toml:4: 2025-04-06 is not in 2026"
        );
    }
}
