//! Dates as officers write them: ISO `2026-01-05`, `5/1/2569` and `5/1/69` (Buddhist era),
//! "5 ม.ค. 2569", "5 มกราคม 69", "24 เม.ย." (this year), "วันนี้" / "พรุ่งนี้" relative to a given
//! today. Thailand counts years in the Buddhist era (BE = CE + 543).

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex::Regex;

use super::normalize::normalize;

const BE_OFFSET: i32 = 543;

/// Thai month names and their common abbreviations (with and without dots), and English ones.
const MONTHS: &[(&str, u32)] = &[
    ("มกราคม", 1),
    ("กุมภาพันธ์", 2),
    ("มีนาคม", 3),
    ("เมษายน", 4),
    ("พฤษภาคม", 5),
    ("มิถุนายน", 6),
    ("กรกฎาคม", 7),
    ("สิงหาคม", 8),
    ("กันยายน", 9),
    ("ตุลาคม", 10),
    ("พฤศจิกายน", 11),
    ("ธันวาคม", 12),
    ("มกรา", 1),
    ("กุมภา", 2),
    ("มีนา", 3),
    ("เมษา", 4),
    ("พฤษภา", 5),
    ("มิถุนา", 6),
    ("กรกฎา", 7),
    ("สิงหา", 8),
    ("กันยา", 9),
    ("ตุลา", 10),
    ("พฤศจิกา", 11),
    ("ธันวา", 12),
    ("ม.ค.", 1),
    ("ก.พ.", 2),
    ("มี.ค.", 3),
    ("เม.ย.", 4),
    ("พ.ค.", 5),
    ("มิ.ย.", 6),
    ("ก.ค.", 7),
    ("ส.ค.", 8),
    ("ก.ย.", 9),
    ("ต.ค.", 10),
    ("พ.ย.", 11),
    ("ธ.ค.", 12),
    ("มค", 1),
    ("กพ", 2),
    ("มีค", 3),
    ("เมย", 4),
    ("พค", 5),
    ("มิย", 6),
    ("กค", 7),
    ("สค", 8),
    ("กย", 9),
    ("ตค", 10),
    ("พย", 11),
    ("ธค", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const MONTH_ABBR_TH: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b").expect("valid ISO date pattern")
});

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:$|[^\d/])")
        .expect("valid numeric date pattern")
});

static WITH_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    // Longest first, so "มกราคม" wins over "มค" and "sept" over "sep".
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    let alternatives: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    let month = alternatives.join("|");
    Regex::new(&format!(
        r"(?:^|[^\d])(\d{{1,2}})\s*(?:ที่\s*)?({month})(?:\s*,)?(?:\s*(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?\s*(\d{{4}}|\d{{2}})(?:$|[^\d]))?"
    ))
    .expect("valid month-name date pattern")
});

static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
        .expect("valid English date pattern")
});

/// Resolves a written year: four digits above 2400 are Buddhist era; two digits are Buddhist
/// era 25xx from 40 up ("69" = 2569) and Christian era 20xx below 40 ("26" = 2026) — in a Thai
/// office a two-digit year is almost always BE, and BE 2500–2539 dates are not asked about.
fn resolve_year(written: &str) -> Option<i32> {
    let y: i32 = written.parse().ok()?;
    Some(match written.len() {
        2 if y >= 40 => 2500 + y - BE_OFFSET,
        2 => 2000 + y,
        _ if y > 2400 => y - BE_OFFSET,
        _ => y,
    })
}

/// A Thai month name anywhere in normalised `text` ("เดือนเมษา 69"), longest name first: where
/// it starts, where it ends and the month.
pub fn find_month(text: &str) -> Option<(usize, usize, u32)> {
    let m = THAI_MONTH.find(text)?;
    Some((m.start(), m.end(), month_number(m.as_str())?))
}

/// "มกราคม" … for month 1 to 12.
pub fn month_name_th(month: u32) -> Option<&'static str> {
    let index = usize::try_from(month.checked_sub(1)?).ok()?;
    MONTHS
        .get(index)
        .filter(|_| index < 12)
        .map(|(name, _)| *name)
}

static THAI_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTHS
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !n.is_ascii())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    let alternatives: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    Regex::new(&alternatives.join("|")).expect("escaped month names make a valid pattern")
});

fn month_number(name: &str) -> Option<u32> {
    MONTHS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// Finds the first date in `text`. `today` anchors relative words and dates without a year.
pub fn parse_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    find_date(&normalize(text), today).map(|(_, date)| date)
}

/// As [`parse_date`] on text that is already normalised, with the byte offset where the date
/// is written.
pub fn find_date(text: &str, today: NaiveDate) -> Option<(usize, NaiveDate)> {
    locate_date(text, Some(today))
}

/// A date written in a text: where it starts and ends (byte offsets), the day, and whether the
/// text gave its year (a relative word or "24 เม.ย." takes the year from today).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    pub start: usize,
    pub end: usize,
    pub date: NaiveDate,
    pub year_written: bool,
}

/// As [`find_date`], with where the date ends and whether its year was written.
pub fn find_date_span(text: &str, today: NaiveDate) -> Option<DateSpan> {
    locate_span(text, Some(today))
}

/// The first date in normalised `text` and where it is. Without a `today`, only dates written
/// in full count: relative words and dates without a year are skipped, not resolved against
/// some arbitrary day.
fn locate_date(text: &str, today: Option<NaiveDate>) -> Option<(usize, NaiveDate)> {
    locate_span(text, today).map(|s| (s.start, s.date))
}

fn locate_span(text: &str, today: Option<NaiveDate>) -> Option<DateSpan> {
    let mut found: Vec<DateSpan> = Vec::new();
    let span = |start: usize, end: usize, date: NaiveDate, year_written: bool| DateSpan {
        start,
        end,
        date,
        year_written,
    };
    if let Some(c) = ISO.captures(text) {
        let y = resolve_year(&c[1])?;
        if let Some(d) = NaiveDate::from_ymd_opt(y, c[2].parse().ok()?, c[3].parse().ok()?) {
            let whole = c.get(0).map_or(0..0, |m| m.range());
            found.push(span(whole.start, whole.end, d, true));
        }
    }
    for c in NUMERIC.captures_iter(text) {
        let (Some(y), Ok(m), Ok(d)) = (resolve_year(&c[3]), c[2].parse(), c[1].parse()) else {
            continue;
        };
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
            let start = c.get(1).map_or(0, |m| m.start());
            let end = c.get(3).map_or(start, |m| m.end());
            found.push(span(start, end, date, true));
            break;
        }
    }
    for c in WITH_MONTH.captures_iter(text) {
        let (Ok(d), Some(m)) = (c[1].parse(), month_number(&c[2])) else {
            continue;
        };
        let y = match c.get(3) {
            Some(y) => resolve_year(y.as_str()),
            None => today.map(|t| t.year()),
        };
        if let Some(date) = y.and_then(|y| NaiveDate::from_ymd_opt(y, m, d)) {
            let start = c.get(1).map_or(0, |m| m.start());
            let end = c.get(3).or_else(|| c.get(2)).map_or(start, |m| m.end());
            found.push(span(start, end, date, c.get(3).is_some()));
            break;
        }
    }
    if let Some(c) = MONTH_FIRST.captures(text)
        && let (Some(m), Ok(d), Some(y)) = (month_number(&c[1]), c[2].parse(), resolve_year(&c[3]))
        && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
    {
        let whole = c.get(0).map_or(0..0, |m| m.range());
        found.push(span(whole.start, whole.end, date, true));
    }
    if let Some((at, end, date)) = today.and_then(|t| relative_day(text, t)) {
        found.push(span(at, end, date, true));
    }
    found.into_iter().min_by_key(|s| s.start)
}

/// The first relative word ("พรุ่งนี้") with where it starts and ends and the day it means.
fn relative_day(text: &str, today: NaiveDate) -> Option<(usize, usize, NaiveDate)> {
    const RELATIVE_DAYS: [(&str, i64); 9] = [
        ("มะรืนนี้", 2),
        ("มะรืน", 2),
        ("พรุ่งนี้", 1),
        ("เมื่อวานนี้", -1),
        ("เมื่อวาน", -1),
        ("วันนี้", 0),
        ("tomorrow", 1),
        ("yesterday", -1),
        ("today", 0),
    ];
    let (at, end, offset) = RELATIVE_DAYS
        .iter()
        .find_map(|(word, offset)| text.find(word).map(|at| (at, at + word.len(), *offset)))?;
    let days = Days::new(offset.unsigned_abs());
    let date = if offset >= 0 {
        today.checked_add_days(days)
    } else {
        today.checked_sub_days(days)
    }?;
    Some((at, end, date))
}

/// A date known to be a whole date the user typed, for command-line arguments: ISO or
/// Buddhist-era forms, nothing else around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ThaiDate(pub NaiveDate);

impl std::str::FromStr for ThaiDate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Command-line dates must be explicit: there is no today to resolve "พรุ่งนี้" or a
        // missing year against (a yearless "1 May" once became 1 May 2000 here).
        match locate_date(&normalize(s), None) {
            Some((_, d)) => Ok(Self(d)),
            None => Err(format!(
                "'{s}' is not a date: use 2026-01-05 or 5/1/2569 / ไม่ใช่วันที่: ใช้ 2026-01-05 หรือ 5/1/2569"
            )),
        }
    }
}

/// "5 ม.ค. 2569".
pub fn format_thai_date_short(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTH_ABBR_TH[date.month0() as usize],
        date.year() + BE_OFFSET
    )
}

/// "จ. 5 ม.ค. 2569" — with the weekday abbreviation, as Thai calendars print it.
pub fn format_thai_date(date: NaiveDate) -> String {
    let day = match date.weekday() {
        Weekday::Mon => "จ.",
        Weekday::Tue => "อ.",
        Weekday::Wed => "พ.",
        Weekday::Thu => "พฤ.",
        Weekday::Fri => "ศ.",
        Weekday::Sat => "ส.",
        Weekday::Sun => "อา.",
    };
    format!("{day} {}", format_thai_date_short(date))
}

/// "วันจันทร์" …
pub fn weekday_th(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "วันจันทร์",
        Weekday::Tue => "วันอังคาร",
        Weekday::Wed => "วันพุธ",
        Weekday::Thu => "วันพฤหัสบดี",
        Weekday::Fri => "วันศุกร์",
        Weekday::Sat => "วันเสาร์",
        Weekday::Sun => "วันอาทิตย์",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn officers_ways_of_writing_dates() {
        let today = ymd(2026, 11, 25);
        let cases = [
            ("2026-01-05", ymd(2026, 1, 5)),
            ("5/1/2569", ymd(2026, 1, 5)),
            ("5/1/69", ymd(2026, 1, 5)),
            ("๕/๑/๒๕๖๙", ymd(2026, 1, 5)),
            ("5 ม.ค. 2569", ymd(2026, 1, 5)),
            ("5 มกราคม 69", ymd(2026, 1, 5)),
            ("5 ม.ค.69", ymd(2026, 1, 5)),
            (
                "ประกาศผู้ชนะวันศุกร์ 24 เม.ย. 69 ระยะอุทธรณ์ครบวันไหน",
                ymd(2026, 4, 24),
            ),
            (
                "อยากเซ็นสัญญา 1 ต.ค. 69 งาน e-bidding 4 ล้าน",
                ymd(2026, 10, 1),
            ),
            ("วันที่ 8 เม.ย. พ.ศ. 2569", ymd(2026, 4, 8)),
            ("24 เม.ย.", ymd(2026, 4, 24)),
            ("วันนี้", today),
            ("พรุ่งนี้", ymd(2026, 11, 26)),
            ("เมื่อวาน", ymd(2026, 11, 24)),
            ("5 Jan 2026", ymd(2026, 1, 5)),
            ("January 5, 2026", ymd(2026, 1, 5)),
            ("2569-01-05", ymd(2026, 1, 5)),
            ("5/1/26", ymd(2026, 1, 5)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text, today), Some(want), "{text}");
        }
    }

    #[test]
    fn impossible_dates_and_non_dates_are_refused() {
        let today = ymd(2026, 11, 25);
        for text in ["31/2/2569", "ข้อ 45", "500,000 บาท", "32 ม.ค. 69", "ไม่มีวัน"]
        {
            assert_eq!(parse_date(text, today), None, "{text}");
        }
    }

    #[test]
    fn command_line_dates_must_be_explicit() {
        assert_eq!(
            "5/1/2569".parse::<ThaiDate>(),
            Ok(ThaiDate(ymd(2026, 1, 5)))
        );
        assert!("พรุ่งนี้".parse::<ThaiDate>().is_err());
        assert!("hello".parse::<ThaiDate>().is_err());
    }

    /// Found by the `date` fuzz target: a date without a year took the year of an arbitrary
    /// anchor day, so `--today "1 May"` meant 1 May 2000. With a year it is still accepted.
    #[test]
    fn command_line_dates_without_a_year_or_with_relative_words_are_refused() {
        for text in [
            "Are government offices open on 1 May?",
            "24 เม.ย.",
            "วันนี้ 5",
            "พรุ่งนี้ 10 โมง",
        ] {
            assert!(text.parse::<ThaiDate>().is_err(), "{text}");
        }
        assert_eq!(
            "1 May 2026".parse::<ThaiDate>(),
            Ok(ThaiDate(ymd(2026, 5, 1)))
        );
        assert_eq!(
            "๘ เม.ย. ๒๕๖๙".parse::<ThaiDate>(),
            Ok(ThaiDate(ymd(2026, 4, 8)))
        );
    }

    #[test]
    fn thai_formatting_uses_the_buddhist_era() {
        assert_eq!(format_thai_date(ymd(2026, 1, 5)), "จ. 5 ม.ค. 2569");
        assert_eq!(weekday_th(ymd(2026, 4, 24)), "วันศุกร์");
    }
}
