//! What the officer reads in answers the desk computes from rules as data: the method table,
//! working days and holidays, and a message with two asks.

use chrono::NaiveDate;

use crate::knowledge::Lang;
use crate::knowledge::deadlines::Period;
use crate::knowledge::methods::Catalog;
use crate::thai::{Baht, UnitTotal};
use crate::timeline::messages::{english_date, thai_date};

pub fn method_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => "วิธีจัดซื้อจัดจ้างที่ใช้ได้ (ตามวงเงินและเหตุที่ระบุ)",
        Lang::En => "Procurement methods allowed (by the amount and the circumstances given)",
    }
}

pub fn days_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => "คำนวณวันทำการและวันหยุดราชการ",
        Lang::En => "Working days and government holidays, computed",
    }
}

/// A date as a reader of `lang` reads it: "จ. 7 ธ.ค. 2569", "Monday 7 December 2026 (B.E. 2569)".
fn date_in(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Th => thai_date(date),
        Lang::En => english_date(date),
    }
}

pub fn two_asks_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => "คำตอบที่คำนวณ (ตอบทุกเรื่องที่ถาม)",
        Lang::En => "Computed answers (every question asked)",
    }
}

pub fn otherwise_by_amount(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => "ถ้าไม่ใช้เหตุข้างต้น ดูตามวงเงิน:",
        Lang::En => "Without the circumstances above, by the amount:",
    }
}

fn baht_line(baht: u64, lang: Lang) -> String {
    let baht = Baht::from_baht(i64::try_from(baht).unwrap_or(i64::MAX));
    match lang {
        Lang::Th => baht.to_string(),
        Lang::En => baht.in_english(),
    }
}

pub fn method_heading(amount: Option<Baht>, catalog: Option<Catalog>, lang: Lang) -> String {
    if lang == Lang::En {
        let listing = match catalog {
            Some(Catalog::Listed) => ", item in the e-catalog",
            Some(Catalog::Unlisted) => ", item not in the e-catalog",
            _ => "",
        };
        return match amount {
            Some(a) => format!("Estimate {}{listing}:", a.in_english()),
            None => format!("Methods allowed for the circumstances given{listing}:"),
        };
    }
    let listing = match catalog {
        Some(Catalog::Listed) => " พัสดุมีใน e-catalog",
        Some(Catalog::Unlisted) => " พัสดุไม่มีใน e-catalog",
        _ => "",
    };
    match amount {
        Some(a) => format!("วงเงิน {a}{listing}:"),
        None => format!("วิธีที่ใช้ได้ตามเหตุที่ระบุ{listing}:"),
    }
}

/// How a unit price became the estimate: the whole purchase is what the amount lines apply to.
pub fn multiplied(u: &UnitTotal, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "({} × {} {} = {}: the estimate is the whole purchase, not the price of one)",
            u.price.in_english(),
            u.quantity,
            u.unit,
            u.total.in_english()
        ),
        Lang::Th => format!(
            "(คิดจาก{}ละ {} × {} {} = {} — วงเงินคือราคารวมทั้งหมดที่จะซื้อหรือจ้างครั้งนี้ ไม่ใช่ราคาต่อหน่วย)",
            u.unit, u.price, u.quantity, u.unit, u.total
        ),
    }
}

pub fn method_line(condition: Option<Catalog>, method: &str, basis: &str, lang: Lang) -> String {
    let when = match (lang, condition) {
        (Lang::Th, Some(Catalog::Listed)) => "ถ้าพัสดุมีใน e-catalog: ",
        (Lang::Th, Some(Catalog::Unlisted)) => "ถ้าพัสดุไม่มีใน e-catalog: ",
        (Lang::En, Some(Catalog::Listed)) => "If the item is in the e-catalog: ",
        (Lang::En, Some(Catalog::Unlisted)) => "If the item is not in the e-catalog: ",
        _ => "",
    };
    format!("• {when}**{method}** ({basis})")
}

pub fn ground_out_of_range(method: &str, above: u64, up_to: Option<u64>, lang: Lang) -> String {
    if lang == Lang::En {
        let range = match up_to {
            Some(u) => format!(
                "over {} up to {}",
                baht_line(above, lang),
                baht_line(u, lang)
            ),
            None => format!("over {}", baht_line(above, lang)),
        };
        return format!("• Not for this amount: {method} — only for amounts {range}");
    }
    let range = match up_to {
        Some(u) => format!("เกิน {} ถึง {}", baht_line(above, lang), baht_line(u, lang)),
        None => format!("เกิน {}", baht_line(above, lang)),
    };
    format!("• ใช้ไม่ได้กับวงเงินนี้: {method} — ใช้ได้เฉพาะวงเงิน{range}")
}

pub fn publication_line(days: u32, unit: &str, tier: &str, basis: &str, lang: Lang) -> String {
    match lang {
        Lang::Th => {
            format!("  – ประกาศเชิญชวนอย่างน้อย {days} {unit} (ช่วงวงเงิน{tier}; {basis})")
        }
        Lang::En => format!(
            "  – Invitation published for at least {days} {unit} (amount line {tier}; {basis})"
        ),
    }
}

pub fn appeal_line(days: u32, unit: &str, basis: &str, lang: Lang) -> String {
    match lang {
        Lang::Th => {
            format!("  – ลงนามสัญญาได้เมื่อพ้นระยะอุทธรณ์ {days} {unit} นับแต่วันประกาศผู้ชนะ ({basis})")
        }
        Lang::En => format!(
            "  – The contract may be signed once the appeal period of {days} {unit} from the winner's announcement has passed ({basis})"
        ),
    }
}

pub fn no_appeal_line(basis: &str, lang: Lang) -> String {
    match lang {
        Lang::Th => format!("  – ไม่ต้องรอระยะอุทธรณ์ก่อนลงนามสัญญา ({basis})"),
        Lang::En => {
            format!(
                "  – No need to wait for the appeal period before signing the contract ({basis})"
            )
        }
    }
}

pub fn note_line(text: &str, basis: &str) -> String {
    format!("• {text} ({basis})")
}

pub fn working_day(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Th => format!("{} เป็น**วันทำการ**ของส่วนราชการ", thai_date(date)),
        Lang::En => format!(
            "{} is a **working day** for government agencies",
            english_date(date)
        ),
    }
}

pub fn weekend(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Th => format!("{} ตรงกับวันเสาร์หรืออาทิตย์ จึง**ไม่ใช่วันทำการ**", thai_date(date)),
        Lang::En => format!(
            "{} falls on a weekend, so it is **not a working day**",
            english_date(date)
        ),
    }
}

/// `name` in the reader's language: the holiday file has both.
pub fn holiday(date: NaiveDate, name: &str, lang: Lang) -> String {
    match lang {
        Lang::Th => format!(
            "{} เป็น**วันหยุดราชการ** ({name}) จึงไม่ใช่วันทำการ",
            thai_date(date)
        ),
        Lang::En => format!(
            "{} is a **government holiday** ({name}), so it is not a working day",
            english_date(date)
        ),
    }
}

pub fn unconfirmed_holiday(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Th => format!("(วันหยุด {} ยังรอยืนยันกับประกาศทางการ)", thai_date(date)),
        Lang::En => format!(
            "(the holiday on {} still awaits the official announcement)",
            english_date(date)
        ),
    }
}

pub fn no_holiday_list(be_year: i32, lang: Lang) -> String {
    match lang {
        Lang::Th => format!(
            "ยังไม่มีรายการวันหยุดราชการของปี พ.ศ. {be_year} ในคลังความรู้ จึงบอกไม่ได้ว่าวันธรรมดาในปีนั้นเป็นวันหยุดหรือไม่ — ตรวจกับประกาศวันหยุดราชการของปีนั้น"
        ),
        Lang::En => format!(
            "The knowledge base has no list of government holidays for B.E. {be_year} ({}), so it cannot tell whether a weekday of that year is a holiday — check that year's official holiday announcement",
            be_year - 543
        ),
    }
}

pub fn provisional_list(be_year: i32, lang: Lang) -> String {
    match lang {
        Lang::Th => format!(
            "(รายการวันหยุดราชการปี พ.ศ. {be_year} ยังไม่ประกาศครบ: มีเฉพาะวันหยุดที่วันที่ตายตัว ยังไม่มีวันหยุดทางจันทรคติ วันหยุดชดเชย และวันหยุดพิเศษ)"
        ),
        Lang::En => format!(
            "(the government holidays of B.E. {be_year} ({}) are not all announced yet: the list has only fixed-date holidays, not yet the lunar holidays, substitute holidays and special holidays)",
            be_year - 543
        ),
    }
}

/// `month` is the month's name in the reader's language.
pub fn month_holidays(
    month: &str,
    be_year: i32,
    list: &[(NaiveDate, String)],
    lang: Lang,
) -> String {
    let lines: Vec<String> = list
        .iter()
        .map(|(d, name)| format!("• {} — {name}", date_in(*d, lang)))
        .collect();
    match (lang, list.is_empty()) {
        (Lang::Th, true) => {
            format!("เดือน{month} {be_year} ไม่มีวันหยุดราชการนอกจากวันเสาร์–อาทิตย์")
        }
        (Lang::Th, false) => format!(
            "วันหยุดราชการเดือน{month} {be_year} มี {} วัน (ไม่นับวันเสาร์–อาทิตย์ปกติ):\n{}",
            list.len(),
            lines.join("\n")
        ),
        (Lang::En, true) => format!(
            "{month} {} (B.E. {be_year}) has no government holidays besides weekends",
            be_year - 543
        ),
        (Lang::En, false) => format!(
            "{month} {} (B.E. {be_year}) has {} government holiday(s) (ordinary weekends not counted):\n{}",
            be_year - 543,
            list.len(),
            lines.join("\n")
        ),
    }
}

/// The holidays on weekdays a count jumped over, or that there were none.
fn skipped_holidays(skipped: &[(NaiveDate, String)], lang: Lang) -> String {
    if skipped.is_empty() {
        return match lang {
            Lang::Th => "ไม่มีวันหยุดราชการในช่วงนี้นอกจากเสาร์–อาทิตย์".to_string(),
            Lang::En => "no government holidays in this period besides weekends".to_string(),
        };
    }
    let list: Vec<String> = skipped
        .iter()
        .map(|(d, name)| format!("{} ({name})", date_in(*d, lang)))
        .collect();
    match lang {
        Lang::Th => format!("ข้ามวันหยุดราชการ: {}", list.join(", ")),
        Lang::En => format!("government holidays skipped: {}", list.join(", ")),
    }
}

pub fn count_working_days(
    n: u32,
    from: NaiveDate,
    end: NaiveDate,
    skipped: &[(NaiveDate, String)],
    lang: Lang,
) -> String {
    let skipped_text = skipped_holidays(skipped, lang);
    match lang {
        Lang::Th => format!(
            "นับ {n} วันทำการจาก {} (เริ่มนับวันถัดไปเป็นวันที่ 1) ครบในวัน **{}**; {skipped_text}",
            thai_date(from),
            thai_date(end)
        ),
        Lang::En => format!(
            "Counting {n} working days from {} (the next day is day 1), the period ends on **{}**; {skipped_text}",
            english_date(from),
            english_date(end)
        ),
    }
}

pub fn count_calendar_days(
    n: u32,
    from: NaiveDate,
    end: NaiveDate,
    rolled: Option<NaiveDate>,
    lang: Lang,
) -> String {
    if lang == Lang::En {
        let base = format!(
            "Counting {n} days from {} (the next day is day 1, every day counted, holidays included), the last day is {}",
            english_date(from),
            english_date(end)
        );
        return match rolled {
            Some(r) => format!(
                "{base}, which is not a working day, so **the period ends on the next working day, {}**",
                english_date(r)
            ),
            None => format!("{base} — **the period ends that day** (a working day)"),
        };
    }
    let base = format!(
        "นับ {n} วันจาก {} (เริ่มนับวันถัดไปเป็นวันที่ 1 นับทุกวันรวมวันหยุด) วันสุดท้ายคือ {}",
        thai_date(from),
        thai_date(end)
    );
    match rolled {
        Some(r) => format!(
            "{base} ซึ่งไม่ใช่วันทำการ จึง**เลื่อนไปครบในวันทำการถัดไป {}**",
            thai_date(r)
        ),
        None => format!("{base} — **ครบในวันนั้น** (เป็นวันทำการ)"),
    }
}

pub fn roll_date(date: NaiveDate, rolled: NaiveDate, lang: Lang) -> String {
    match (lang, date == rolled) {
        (Lang::Th, true) => {
            format!("{} เป็นวันทำการ ครบกำหนดในวันนั้น ไม่ต้องเลื่อน", thai_date(date))
        }
        (Lang::Th, false) => format!(
            "ครบกำหนด {} ซึ่งไม่ใช่วันทำการ ระยะเวลาที่นับเป็นวันจึง**เลื่อนไปครบในวันทำการถัดไป {}**",
            thai_date(date),
            thai_date(rolled)
        ),
        (Lang::En, true) => format!(
            "{} is a working day: the period ends that day, nothing moves",
            english_date(date)
        ),
        (Lang::En, false) => format!(
            "The period ends on {}, which is not a working day, so a period counted in days **ends on the next working day, {}**",
            english_date(date),
            english_date(rolled)
        ),
    }
}

pub fn roll_rule(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => {
            "ถ้าวันสุดท้ายของระยะเวลาที่นับเป็นวันตรงกับวันหยุด (เสาร์ อาทิตย์ หรือวันหยุดราชการ) ให้**เลื่อนไปครบในวันทำการถัดไป** — ครบวันเสาร์ก็ไปครบวันจันทร์ ถ้าวันจันทร์เป็นวันหยุดราชการก็เลื่อนต่อไปอีก ส่วนระยะเวลาที่นับเป็นวันทำการจะไม่ครบในวันหยุดอยู่แล้ว"
        }
        Lang::En => {
            "If the last day of a period counted in days falls on a day off (Saturday, Sunday or a government holiday), **the period ends on the next working day** — ending on a Saturday, it ends on Monday; if that Monday is a government holiday, it moves on again. A period counted in working days never ends on a day off anyway."
        }
    }
}

pub fn deadline_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => "คำนวณกำหนดเวลานับจากวันที่ให้มา",
        Lang::En => "A deadline counted from the date you gave",
    }
}

/// "… ภายใน **date** (N วันทำการนับจากวันถัดจาก<event> <date>) — basis"; `working = false`
/// counts every day. `due` and `event` are in the reader's language.
pub fn deadline_counted(
    (due, event): (&str, &str),
    end: NaiveDate,
    (n, working): (u32, bool),
    from: NaiveDate,
    basis: &str,
    lang: Lang,
) -> String {
    if lang == Lang::En {
        let (unit, every_day) = if working {
            ("working days", "")
        } else {
            ("days", ", every day counted, holidays included")
        };
        return format!(
            "{due} by **{}** ({n} {unit} counted from the day after {event}, {}{every_day}) — {basis}",
            english_date(end),
            english_date(from)
        );
    }
    let (unit, every_day) = if working {
        ("วันทำการ", "")
    } else {
        ("วัน", " นับทุกวันรวมวันหยุด")
    };
    format!(
        "{due}ภายใน **{}** ({n} {unit}นับจากวันถัดจาก{event} {}{every_day}) — {basis}",
        thai_date(end),
        thai_date(from)
    )
}

/// "<due> **date** (2 ปีนับจากวันถัดจาก<event> <date>) — basis": a period in months or
/// days that ends where it ends, day off or not (a warranty, the carry-over's six months).
pub fn deadline_period_end(
    due: &str,
    end: NaiveDate,
    period: Period,
    event: &str,
    from: NaiveDate,
    basis: &str,
) -> String {
    let length = match period {
        Period::Months(n) if n % 12 == 0 => format!("{} ปี", n / 12),
        Period::Months(n) => format!("{n} เดือน"),
        Period::Days(n) => format!("{n} วัน"),
    };
    format!(
        "{due} **{}** ({length}นับจากวันถัดจาก{event} {}) — {basis}",
        thai_date(end),
        thai_date(from)
    )
}

pub fn deadline_same_day(
    (due, event): (&str, &str),
    date: NaiveDate,
    working: bool,
    basis: &str,
    lang: Lang,
) -> String {
    if lang == Lang::En {
        let day_off = if working {
            ""
        } else {
            " (that day is not a working day)"
        };
        return format!(
            "{due} on the same day as {event}, that is **{}**{day_off} — {basis}",
            english_date(date)
        );
    }
    let day_off = if working {
        ""
    } else {
        " (วันนั้นไม่ใช่วันทำการ)"
    };
    format!(
        "{due}ในวันเดียวกับ{event} คือ **{}**{day_off} — {basis}",
        thai_date(date)
    )
}

/// The working days a count went through, one by one, so the officer can check it.
pub fn counted_days(days: &[NaiveDate], skipped: &[(NaiveDate, String)], lang: Lang) -> String {
    let list: Vec<String> = days
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{} {}", i + 1, date_in(*d, lang)))
        .collect();
    let skipped_text = skipped_holidays(skipped, lang);
    match lang {
        Lang::Th => format!("นับวันทำการ: {}; {skipped_text}", list.join(", ")),
        Lang::En => format!("Working days counted: {}; {skipped_text}", list.join(", ")),
    }
}

pub fn deadline_rolled(
    n: u32,
    last: NaiveDate,
    rolled: NaiveDate,
    basis: &str,
    lang: Lang,
) -> String {
    match lang {
        Lang::Th => format!(
            "วันที่ {n} คือ {} ซึ่งไม่ใช่วันทำการ จึงเลื่อนไปครบในวันทำการถัดไป {} ({basis}) — ทำให้เสร็จภายใน {} จะไม่ต้องอาศัยการเลื่อนนี้",
            thai_date(last),
            thai_date(rolled),
            thai_date(last)
        ),
        Lang::En => format!(
            "Day {n} is {}, which is not a working day, so the period ends on the next working day, {} ({basis}) — done by {}, nothing rests on that move",
            english_date(last),
            english_date(rolled),
            english_date(last)
        ),
    }
}

pub fn deadline_out_of_force(
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    event: NaiveDate,
    lang: Lang,
) -> String {
    if lang == Lang::En {
        let range = match (from, until) {
            (Some(f), Some(u)) => format!("from {} to {}", english_date(f), english_date(u)),
            (Some(f), None) => format!("from {}", english_date(f)),
            (None, Some(u)) => format!("until {}", english_date(u)),
            (None, None) => String::new(),
        };
        return format!(
            "(This deadline is a measure for the period {range}, but {} is outside it; the knowledge base has found no such deadline for that day yet, and the date above is counted by the old rule only as a guide — check with the provincial treasury office)",
            english_date(event)
        );
    }
    let range = match (from, until) {
        (Some(f), Some(u)) => format!("{} ถึง {}", thai_date(f), thai_date(u)),
        (Some(f), None) => format!("ตั้งแต่ {}", thai_date(f)),
        (None, Some(u)) => format!("ถึง {}", thai_date(u)),
        (None, None) => String::new(),
    };
    format!(
        "(กำหนดนี้เป็นมาตรการของช่วง {range} แต่ {} อยู่นอกช่วงนั้น ฐานความรู้ยังไม่พบกำหนดแบบเดียวกันสำหรับวันนี้ วันที่ข้างต้นนับตามกำหนดเดิมไว้ให้เท่านั้น — ตรวจกับสำนักงานคลังจังหวัด)",
        thai_date(event)
    )
}

pub fn year_assumed(be_year: i32, lang: Lang) -> String {
    match lang {
        Lang::Th => format!("(ไม่ได้ระบุปี จึงถือเป็นปี พ.ศ. {be_year})"),
        Lang::En => format!(
            "(no year was given, so {} (B.E. {be_year}) is taken)",
            be_year - 543
        ),
    }
}

pub fn counted_without_holidays(be_year: i32, lang: Lang) -> String {
    match lang {
        Lang::Th => format!(
            "(ยังไม่มีรายการวันหยุดราชการของปี พ.ศ. {be_year} ในคลังความรู้ จึงนับโดยถือว่าไม่มีวันหยุดราชการนอกจากเสาร์–อาทิตย์ — ตรวจกับประกาศวันหยุดราชการของปีนั้น)"
        ),
        Lang::En => format!(
            "(the knowledge base has no list of government holidays for B.E. {be_year} ({}), so only weekends were skipped — check that year's official holiday announcement)",
            be_year - 543
        ),
    }
}

/// Working days from one date to another, both counted.
pub fn working_days_between(
    (from, until): (NaiveDate, NaiveDate),
    n: usize,
    skipped: &[(NaiveDate, String)],
    lang: Lang,
) -> String {
    let skipped_text = skipped_holidays(skipped, lang);
    match lang {
        Lang::Th => format!(
            "ตั้งแต่ {} ถึง {} (นับทั้งสองวัน) มี **{n} วันทำการ**; {skipped_text}",
            thai_date(from),
            thai_date(until)
        ),
        Lang::En => format!(
            "From {} to {} (both days counted) there are **{n} working days**; {skipped_text}",
            english_date(from),
            english_date(until)
        ),
    }
}

pub fn date_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => "คำนวณวันตามขั้นตอนจัดซื้อจัดจ้าง",
        Lang::En => "Procurement step dates, computed",
    }
}

/// "<asked step>: <date> — counted from <known step> <date>, N working days; holidays".
pub fn date_after(
    (asked, date): (&str, NaiveDate),
    (known, known_date): (&str, NaiveDate),
    working_days: u32,
    skipped: &[(NaiveDate, String)],
    lang: Lang,
) -> String {
    let skipped_text = skipped_holidays(skipped, lang);
    match lang {
        Lang::Th => format!(
            "{asked}: {} — นับจาก{known} {} รวม {working_days} วันทำการ; {skipped_text}",
            thai_date(date),
            thai_date(known_date)
        ),
        Lang::En => format!(
            "{asked}: **{}** — counted from {known}, {}: {working_days} working days in all; {skipped_text}",
            english_date(date),
            english_date(known_date)
        ),
    }
}

/// One step of a backward plan: name, first and last day, its length.
pub fn plan_step_line(
    name: &str,
    (start, end): (NaiveDate, NaiveDate),
    days: u32,
    unit: &str,
    lang: Lang,
) -> String {
    format!(
        "  • {name} {}–{} ({days} {unit})",
        date_in(start, lang),
        date_in(end, lang)
    )
}

/// The latest start for a contract date, the method and amount line, then each step.
pub fn latest_start(
    (start, contract): (NaiveDate, NaiveDate),
    (method, tier): (&str, &str),
    steps: &[String],
    skipped: &[(NaiveDate, String)],
    lang: Lang,
) -> String {
    let skipped_text = skipped_holidays(skipped, lang);
    match lang {
        Lang::Th => format!(
            "ต้องเริ่มอย่างช้า {} เพื่อลงนามสัญญาได้ {} ({method} {tier})\n{}\n{skipped_text}",
            thai_date(start),
            thai_date(contract),
            steps.join("\n")
        ),
        Lang::En => format!(
            "Start by **{}** at the latest to sign the contract on {} ({method}, {tier})\n{}\n{skipped_text}",
            english_date(start),
            english_date(contract),
            steps.join("\n")
        ),
    }
}

pub fn lowest_tier_assumed(tier: &str, lang: Lang) -> String {
    match lang {
        Lang::Th => format!(
            "(ไม่ได้ระบุวงเงิน จึงคำนวณตามช่วงวงเงินต่ำสุดของวิธีนี้: {tier}; ถ้าวงเงินสูงกว่านี้บางขั้นตอนจะนานขึ้น)"
        ),
        Lang::En => format!(
            "(no amount was given, so the method's lowest amount line was used: {tier}; with a higher amount some steps take longer)"
        ),
    }
}

pub fn method_assumed(method: &str, lang: Lang) -> String {
    match lang {
        Lang::Th => format!("(ไม่ได้ระบุวิธี จึงคำนวณแบบ {method})"),
        Lang::En => format!("(no method was given, so {method} was assumed)"),
    }
}
