//! Working days and government holidays answered from `knowledge/holidays/<year>.toml`:
//! "วันที่ 13 เม.ย. 69 เป็นวันทำการไหม", "วันหยุดราชการเดือนธันวาคม 69 มีวันไหนบ้าง",
//! "นับ 7 วันทำการจาก 28 ธ.ค. 69 ครบวันไหน", "ครบกำหนดวันเสาร์ เลื่อนไปวันไหน". A period counted in
//! days whose last day is not a working day ends on the next working day; substitute holidays are
//! listed in the holiday files as holidays of their own. A year without a holiday file is said to
//! have no list, never guessed.

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex::Regex;

use crate::knowledge::{Answer, Answerer, Entry, Lang, with_caveat};
use crate::thai::{find_date, find_date_span, find_month, month_name_th, normalize};
use crate::timeline::{Calendar, YearStatus};

use super::computed_messages as say;

const BE_OFFSET: i32 = 543;

static ASKS_IF_WORKING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"วันทำการ(?:ไหม|มั้ย|หรือเปล่า|หรือไม่|รึเปล่า|ใช่ไหม|หรือวันหยุด)|",
        r"(?:ราชการ)?หยุด(?:ไหม|มั้ย|หรือเปล่า|หรือไม่|รึเปล่า)|",
        r"เป็นวันหยุด(?:ราชการ)?(?:ไหม|มั้ย|หรือเปล่า|หรือไม่|รึเปล่า|ใช่ไหม)|",
        r"(?:ทำงาน|เปิดทำการ)(?:ไหม|มั้ย)|is .* a working day"
    ))
    .expect("valid regex")
});

static ASKS_A_LIST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"บ้าง|กี่วัน|วันไหน|วันอะไร|อะไร").expect("valid regex"));

/// "7 วันทำการ", "15 วัน": the period to count (checked not to be "วันที่").
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,3})\s*(วันทำการ|วัน|working[ -]days?|(?:calendar )?days?\b)")
        .expect("valid regex")
});

static COUNTS_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"จาก|นับแต่|ตั้งแต่|หลังจาก|ถัดจาก|\bfrom\b|\bafter\b|\bsince\b").expect("valid regex")
});

/// A period written after the date as the time allowed ("ได้รับหนังสือ 1 ธ.ค. 69 สัญญาเขียนซ่อม
/// ภายใน 15 วัน ครบวันไหน", "ซื้อ 27 ก.พ. 69 ครบ 5 วันทำการวันไหน"): counted from that date as
/// if "นับจาก" were written.
static STATED_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:ครบ|ภายใน|กำหนด|เขียนไว้)\s*\d{1,3}\s*วัน(?:ทำการ)?(?:$|[^ที่])|",
        // "60 days to deliver", "within 15 working days", "a 30-day delivery period".
        r"\d{1,3}\s*(?:working[ -])?days?\s+(?:to|for)\b|within\s+\d{1,3}\s*(?:working[ -])?days?|\d{1,3}-day"
    ))
    .expect("valid regex")
});

static ASKS_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"ครบ|วันไหน|เมื่อไร|เมื่อไหร่|วันที่เท่าไร|วันที่เท่าไหร่|ถึงวัน|สิ้นสุด|",
        r"\bwhen\b|what date|which date|which day|what day|last day|deadline|\bdue\b|\bends?\b"
    ))
    .expect("valid regex")
});

/// The last day of a period falls on a day off: "ครบกำหนดวันเสาร์", "ไปครบตรงวันหยุด".
static ENDS_ON_DAY_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:ครบ|ตรง|สิ้นสุด|หมดเขต)\S*?\s?(?:วันหยุด|วันเสาร์|วันอาทิตย์|เสาร์|อาทิตย์)")
        .expect("valid regex")
});

static ASKS_ROLL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"เลื่อน|วันไหน|ยังไง|อย่างไร|เป็นไง|ไปครบ|นับต่อ").expect("valid regex"));

/// What was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayQuestion {
    /// Is this date a working day?
    IsWorkingDay(NaiveDate),
    /// The government holidays of a month (year, month).
    MonthHolidays(i32, u32),
    /// The end of a period of `n` working days (or days, `working = false`) from a date.
    Count {
        from: NaiveDate,
        n: u32,
        working: bool,
    },
    /// Where a period whose last day is not a working day ends; without a date, the rule.
    Roll(Option<NaiveDate>),
    /// How many working days from one date to another, both counted.
    Between(NaiveDate, NaiveDate),
}

/// "How many working days between 1 and 15 April 2026", "… from 2026-04-01 to 2026-04-15".
static ASKS_BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"how many working days|number of working days|working days (?:are there )?(?:between|from)")
        .expect("valid regex")
});

/// "between 1 and 15 april 2026": the first day written without its month and year.
static BARE_FIRST_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:between|from)\s+(\d{1,2})(?:st|nd|rd|th)?\s+(?:and|to|until|till|-)\s+$")
        .expect("valid regex")
});

/// The two dates of a "working days between" question, in order.
fn between(t: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first = find_date_span(t, today)?;
    if let Some(second) = find_date_span(&t[first.end..], today) {
        let (a, b) = (first.date, second.date);
        return Some((a.min(b), a.max(b)));
    }
    let day: u32 = BARE_FIRST_DAY.captures(&t[..first.start])?[1]
        .parse()
        .ok()?;
    let from = first.date.with_day(day)?;
    (from <= first.date).then_some((from, first.date))
}

/// Reads a working-day question; `None` when the text is not one.
pub fn understand(question: &str, today: NaiveDate) -> Option<DayQuestion> {
    let t = normalize(question);
    if ASKS_BETWEEN.is_match(&t)
        && let Some((from, until)) = between(&t, today)
    {
        return Some(DayQuestion::Between(from, until));
    }
    let date = find_date(&t, today);
    let ends_on_day_off = ENDS_ON_DAY_OFF.is_match(&t);
    // "สิ้นสุด 20 พ.ย. 69 ครบ 15 วันตรงเสาร์ ยื่นได้ถึงวันไหน": the date starts a period written
    // after it, so the weekend is the period's last day, not the date's — count, then roll.
    if let Some((date_at, from)) = date
        && ends_on_day_off
        && ASKS_END.is_match(&t)
        && let Some((n, working)) = period(&t[date_at..], 0)
    {
        return Some(DayQuestion::Count { from, n, working });
    }
    if ends_on_day_off && ASKS_ROLL.is_match(&t) {
        return Some(DayQuestion::Roll(date.map(|(_, d)| d)));
    }
    if let Some((date_at, from)) = date
        && (COUNTS_FROM.is_match(&t) || STATED_PERIOD.is_match(&t[date_at..]))
        && ASKS_END.is_match(&t)
        && let Some((n, working)) = period(&t, date_at)
    {
        return Some(DayQuestion::Count { from, n, working });
    }
    if let Some((_, d)) = date
        && ASKS_IF_WORKING.is_match(&t)
    {
        return Some(DayQuestion::IsWorkingDay(d));
    }
    if t.contains("วันหยุด") && ASKS_A_LIST.is_match(&t) {
        return month_in(&t, today).map(|(y, m)| DayQuestion::MonthHolidays(y, m));
    }
    None
}

const WEEKDAYS: [&str; 7] = ["จันทร์", "อังคาร", "พุธ", "พฤหัส", "ศุกร์", "เสาร์", "อาทิตย์"];

/// The period "N วันทำการ" / "N วัน" that is not the day of the date ("วันที่ 3").
fn period(t: &str, date_at: usize) -> Option<(u32, bool)> {
    PERIOD.captures_iter(t).find_map(|c| {
        let whole = c.get(0)?;
        // "วันที่ 3", "วันศุกร์", a circular's number ("ว119 วันศุกร์") are not periods.
        let after = &t[whole.end()..];
        let before = &t[..whole.start()];
        let circular = before.ends_with('ว')
            || before
                .strip_suffix("ว ")
                .is_some_and(|b| b.is_empty() || b.ends_with(' '));
        if whole.start() == date_at
            || after.starts_with("ที่")
            || circular
            || WEEKDAYS.iter().any(|d| after.starts_with(d))
        {
            return None;
        }
        let n: u32 = c[1].parse().ok()?;
        (n > 0).then_some((n, &c[2] == "วันทำการ"))
    })
}

/// A month named without a day before it, and its year (the one written after it, or this
/// year's).
fn month_in(t: &str, today: NaiveDate) -> Option<(i32, u32)> {
    let (start, end, month) = find_month(t)?;
    let before = t[..start].trim_end();
    if before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    let after = t[end..].trim_start();
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    let year = match digits.len() {
        2 => digits.parse::<i32>().ok().map(|y| 2500 + y - BE_OFFSET)?,
        4 => {
            let y: i32 = digits.parse().ok()?;
            if y > 2400 { y - BE_OFFSET } else { y }
        }
        _ => today.year(),
    };
    Some((year, month))
}

/// The computed answer, or `None` when the question is not about working days or holidays.
pub fn answer(
    question: &str,
    today: NaiveDate,
    calendar: &Calendar,
    answerer: &Answerer,
) -> Option<Answer> {
    let q = understand(question, today)?;
    let lang = Lang::of_text(question);
    let rules = &answerer.kb.day_rules;
    // The holiday files name every holiday in Thai and English.
    let name = |h: &crate::timeline::Holiday| match lang {
        Lang::Th => h.name_th.clone(),
        Lang::En => h.name_en.clone(),
    };
    let mut verified = true;
    let (text, entry_id) = match q {
        DayQuestion::IsWorkingDay(date) => {
            let text = if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                say::weekend(date, lang)
            } else if let Some(h) = calendar.holiday(date) {
                verified &= h.verified;
                let mut text = say::holiday(date, &name(h), lang);
                if !h.verified {
                    text.push('\n');
                    text.push_str(&say::unconfirmed_holiday(date, lang));
                }
                text
            } else if let Some(missing) = list_missing(calendar, date.year(), lang, &mut verified) {
                missing
            } else {
                say::working_day(date, lang)
            };
            let text = with_status(text, calendar, &[date.year()], lang, &mut verified);
            (text, year_entry(rules, date.year()))
        }
        DayQuestion::MonthHolidays(year, month) => {
            let text = match list_missing(calendar, year, lang, &mut verified) {
                Some(missing) => missing,
                None => {
                    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
                    let last = first
                        .checked_add_months(chrono::Months::new(1))?
                        .pred_opt()?;
                    let list: Vec<(NaiveDate, String)> = calendar
                        .holidays_in(first, last)
                        .into_iter()
                        .map(|h| {
                            verified &= h.verified;
                            (h.date, name(h))
                        })
                        .collect();
                    let month_name = match lang {
                        Lang::Th => month_name_th(month).unwrap_or_default().to_string(),
                        Lang::En => first.format("%B").to_string(),
                    };
                    say::month_holidays(&month_name, year + BE_OFFSET, &list, lang)
                }
            };
            (
                with_status(text, calendar, &[year], lang, &mut verified),
                year_entry(rules, year),
            )
        }
        DayQuestion::Count { from, n, working } => {
            let (text, end) = if working {
                let end = calendar.add_working_days(from, n).ok()?;
                let skipped: Vec<(NaiveDate, String)> = calendar
                    .holidays_between(from, end)
                    .into_iter()
                    .map(|h| {
                        verified &= h.verified;
                        (h.date, name(h))
                    })
                    .collect();
                (say::count_working_days(n, from, end, &skipped, lang), end)
            } else {
                let end = from.checked_add_days(Days::new(n.into()))?;
                let rolled = calendar.working_day_on_or_after(end).ok()?;
                let text =
                    say::count_calendar_days(n, from, end, (rolled != end).then_some(rolled), lang);
                (text, rolled)
            };
            let text = over_years(text, calendar, (from, end), lang, &mut verified);
            let entry = if working {
                rules.working_days.clone()
            } else {
                rules.calendar_days.clone()
            };
            (text, entry)
        }
        DayQuestion::Between(from, until) => {
            let counted = from
                .iter_days()
                .take_while(|d| *d <= until)
                .filter(|d| calendar.is_working_day(*d))
                .count();
            let skipped: Vec<(NaiveDate, String)> = calendar
                .holidays_in(from, until)
                .into_iter()
                // A holiday on a weekend takes no working day away (its substitute does).
                .filter(|h| !matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun))
                .map(|h| {
                    verified &= h.verified;
                    (h.date, name(h))
                })
                .collect();
            let text = say::working_days_between((from, until), counted, &skipped, lang);
            let text = over_years(text, calendar, (from, until), lang, &mut verified);
            (text, rules.working_days.clone())
        }
        DayQuestion::Roll(date) => {
            let text = match date {
                Some(d) => {
                    let rolled = calendar.working_day_on_or_after(d).ok()?;
                    over_years(
                        say::roll_date(d, rolled, lang),
                        calendar,
                        (d, rolled),
                        lang,
                        &mut verified,
                    )
                }
                None => say::roll_rule(lang).to_string(),
            };
            (text, rules.calendar_days.clone())
        }
    };
    let entry: Option<&Entry> = entry_id.as_deref().and_then(|id| answerer.entry(id));
    let verified = verified && entry.is_some_and(|e| e.verified);
    // An English answer names the entry's English twin when the knowledge base has one.
    let entry = answerer.in_language(entry, lang);
    let citations: Vec<String> = entry
        .map(|e| e.citations.iter().map(|c| c.basis.clone()).collect())
        .unwrap_or_default();
    Some(Answer {
        question: question.to_string(),
        answered: true,
        entry_id: entry.map(|e| e.id.to_string()),
        title: Some(say::days_title(lang).to_string()),
        answer: Some(with_caveat(text, verified, lang)),
        citations,
        verified,
        checked_on: entry.filter(|_| verified).and_then(|e| e.checked_on()),
        // The calendar decides; what is uncertain is only the reading of the question.
        confidence: 0.95,
        alternatives: Vec::new(),
        handoff_agency: entry.map(|e| e.agency.clone()),
        also_answered: Vec::new(),
    })
}

/// The entry listing a year's holidays, else the one on working days.
fn year_entry(rules: &crate::knowledge::day_rules::DayRules, year: i32) -> Option<String> {
    rules
        .holiday_list(year)
        .map(str::to_string)
        .or_else(|| rules.working_days.clone())
}

/// "No holiday list for that year" when the calendar has none.
fn list_missing(calendar: &Calendar, year: i32, lang: Lang, verified: &mut bool) -> Option<String> {
    (calendar.year_status(year) == YearStatus::Missing).then(|| {
        *verified = false;
        say::no_holiday_list(year + BE_OFFSET, lang)
    })
}

/// A computed text over the years from `from` to `until`: "no holiday list" for the first year
/// without one, else the text with the notes of provisional years.
fn over_years(
    text: String,
    calendar: &Calendar,
    (from, until): (NaiveDate, NaiveDate),
    lang: Lang,
    verified: &mut bool,
) -> String {
    let years: Vec<i32> = (from.year()..=until.year()).collect();
    match years
        .iter()
        .find_map(|y| list_missing(calendar, *y, lang, verified))
    {
        Some(missing) => missing,
        None => with_status(text, calendar, &years, lang, verified),
    }
}

/// The text, with a note for every provisional year it rests on.
fn with_status(
    mut text: String,
    calendar: &Calendar,
    years: &[i32],
    lang: Lang,
    verified: &mut bool,
) -> String {
    for year in years {
        if calendar.year_status(*year) == YearStatus::Provisional {
            *verified = false;
            text.push('\n');
            text.push_str(&say::provisional_list(year + BE_OFFSET, lang));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn the_four_kinds_of_day_question_are_understood() {
        let today = ymd(2026, 12, 5);
        assert_eq!(
            understand("วันที่ 13 เม.ย. 69 เป็นวันทำการไหม", today),
            Some(DayQuestion::IsWorkingDay(ymd(2026, 4, 13)))
        );
        assert_eq!(
            understand("วันหยุดราชการเดือนธันวาคม 69 มีวันไหนบ้าง", today),
            Some(DayQuestion::MonthHolidays(2026, 12))
        );
        assert_eq!(
            understand("เดือนเมษา 2569 มีวันหยุดราชการกี่วัน", today),
            Some(DayQuestion::MonthHolidays(2026, 4))
        );
        assert_eq!(
            understand("นับ 7 วันทำการจาก 28 ธ.ค. 69 ครบวันไหน", today),
            Some(DayQuestion::Count {
                from: ymd(2026, 12, 28),
                n: 7,
                working: true
            })
        );
        assert_eq!(
            understand("ภายใน 15 วัน นับจากวันที่ 20 พ.ย. 69 ครบเมื่อไร", today),
            Some(DayQuestion::Count {
                from: ymd(2026, 11, 20),
                n: 15,
                working: false
            })
        );
        assert_eq!(
            understand("ครบกำหนดวันเสาร์ เลื่อนไปวันไหน", today),
            Some(DayQuestion::Roll(None))
        );
        assert_eq!(
            understand(
                "เหตุสุดวิสัยสิ้นสุด 20 พ.ย. 69 ครบ 15 วันตรงเสาร์พอดี ยื่นได้ถึงวันไหนคะ",
                today
            ),
            Some(DayQuestion::Count {
                from: ymd(2026, 11, 20),
                n: 15,
                working: false
            })
        );
        assert_eq!(
            understand("ครบกำหนด 7 วันตรงวันเสาร์ 5 ธ.ค. 69 เลื่อนไปวันไหน", today),
            Some(DayQuestion::Roll(Some(ymd(2026, 12, 5))))
        );
    }

    #[test]
    fn rule_questions_about_days_are_left_to_their_entries() {
        let today = ymd(2026, 12, 5);
        for text in [
            "อุทธรณ์ 7 วันนี่นับเสาร์อาทิตย์ด้วยไหมคะ",
            "แจ้งภายใน 15 วัน นับวันหยุดด้วยหรือเปล่า",
            "วันหยุดธนาคารกับวันหยุดราชการต่างกันตรงไหน",
            "ระยะเวลาเป็นวันทำการ ต้องข้ามวันหยุดนักขัตฤกษ์ด้วยใช่ไหม",
            "ครม.ยกเลิกวันหยุด 31 ก.ค. 69 แล้วหรอ",
            "ส่งของช้า 12 วัน สัญญา 480,000 ค่าปรับเท่าไร",
        ] {
            assert_eq!(understand(text, today), None, "{text}");
        }
    }
}
