//! What the officer reads in answers the desk computes from rules as data: the method table,
//! working days and holidays, and a message with two asks.

use chrono::NaiveDate;

use crate::knowledge::methods::Catalog;
use crate::thai::Baht;
use crate::timeline::messages::thai_date;

pub const METHOD_TITLE: &str = "วิธีจัดซื้อจัดจ้างที่ใช้ได้ (ตามวงเงินและเหตุที่ระบุ)";
pub const DAYS_TITLE: &str = "คำนวณวันทำการและวันหยุดราชการ";
pub const TWO_ASKS_TITLE: &str = "คำตอบที่คำนวณ (ตอบทุกเรื่องที่ถาม)";
pub const OTHERWISE_BY_AMOUNT: &str = "ถ้าไม่ใช้เหตุข้างต้น ดูตามวงเงิน:";

fn baht_line(baht: u64) -> String {
    Baht::from_baht(i64::try_from(baht).unwrap_or(i64::MAX)).to_string()
}

pub fn method_heading(amount: Option<Baht>, catalog: Option<Catalog>) -> String {
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

pub fn method_line(condition: Option<Catalog>, method: &str, basis: &str) -> String {
    let when = match condition {
        Some(Catalog::Listed) => "ถ้าพัสดุมีใน e-catalog: ",
        Some(Catalog::Unlisted) => "ถ้าพัสดุไม่มีใน e-catalog: ",
        _ => "",
    };
    format!("• {when}**{method}** ({basis})")
}

pub fn ground_out_of_range(method: &str, above: u64, up_to: Option<u64>) -> String {
    let range = match up_to {
        Some(u) => format!("เกิน {} ถึง {}", baht_line(above), baht_line(u)),
        None => format!("เกิน {}", baht_line(above)),
    };
    format!("• ใช้ไม่ได้กับวงเงินนี้: {method} — ใช้ได้เฉพาะวงเงิน{range}")
}

pub fn publication_line(days: u32, unit: &str, tier: &str, basis: &str) -> String {
    format!("  – ประกาศเชิญชวนอย่างน้อย {days} {unit} (ช่วงวงเงิน{tier}; {basis})")
}

pub fn appeal_line(days: u32, unit: &str, basis: &str) -> String {
    format!("  – ลงนามสัญญาได้เมื่อพ้นระยะอุทธรณ์ {days} {unit} นับแต่วันประกาศผู้ชนะ ({basis})")
}

pub fn no_appeal_line(basis: &str) -> String {
    format!("  – ไม่ต้องรอระยะอุทธรณ์ก่อนลงนามสัญญา ({basis})")
}

pub fn note_line(text: &str, basis: &str) -> String {
    format!("• {text} ({basis})")
}

pub fn working_day(date: NaiveDate) -> String {
    format!("{} เป็น**วันทำการ**ของส่วนราชการ", thai_date(date))
}

pub fn weekend(date: NaiveDate) -> String {
    format!("{} ตรงกับวันเสาร์หรืออาทิตย์ จึง**ไม่ใช่วันทำการ**", thai_date(date))
}

pub fn holiday(date: NaiveDate, name: &str) -> String {
    format!(
        "{} เป็น**วันหยุดราชการ** ({name}) จึงไม่ใช่วันทำการ",
        thai_date(date)
    )
}

pub fn unconfirmed_holiday(date: NaiveDate) -> String {
    format!("(วันหยุด {} ยังรอยืนยันกับประกาศทางการ)", thai_date(date))
}

pub fn no_holiday_list(be_year: i32) -> String {
    format!(
        "ยังไม่มีรายการวันหยุดราชการของปี พ.ศ. {be_year} ในคลังความรู้ จึงบอกไม่ได้ว่าวันธรรมดาในปีนั้นเป็นวันหยุดหรือไม่ — ตรวจกับประกาศวันหยุดราชการของปีนั้น"
    )
}

pub fn provisional_list(be_year: i32) -> String {
    format!(
        "(รายการวันหยุดราชการปี พ.ศ. {be_year} ยังไม่ประกาศครบ: มีเฉพาะวันหยุดที่วันที่ตายตัว ยังไม่มีวันหยุดทางจันทรคติ วันหยุดชดเชย และวันหยุดพิเศษ)"
    )
}

pub fn month_holidays(month_th: &str, be_year: i32, list: &[(NaiveDate, String)]) -> String {
    if list.is_empty() {
        return format!("เดือน{month_th} {be_year} ไม่มีวันหยุดราชการนอกจากวันเสาร์–อาทิตย์");
    }
    let lines: Vec<String> = list
        .iter()
        .map(|(d, name)| format!("• {} — {name}", thai_date(*d)))
        .collect();
    format!(
        "วันหยุดราชการเดือน{month_th} {be_year} มี {} วัน (ไม่นับวันเสาร์–อาทิตย์ปกติ):\n{}",
        list.len(),
        lines.join("\n")
    )
}

/// The holidays on weekdays a count jumped over, or that there were none.
fn skipped_holidays(skipped: &[(NaiveDate, String)]) -> String {
    if skipped.is_empty() {
        return "ไม่มีวันหยุดราชการในช่วงนี้นอกจากเสาร์–อาทิตย์".to_string();
    }
    let list: Vec<String> = skipped
        .iter()
        .map(|(d, name)| format!("{} ({name})", thai_date(*d)))
        .collect();
    format!("ข้ามวันหยุดราชการ: {}", list.join(", "))
}

pub fn count_working_days(
    n: u32,
    from: NaiveDate,
    end: NaiveDate,
    skipped: &[(NaiveDate, String)],
) -> String {
    let skipped_text = skipped_holidays(skipped);
    format!(
        "นับ {n} วันทำการจาก {} (เริ่มนับวันถัดไปเป็นวันที่ 1) ครบในวัน **{}**; {skipped_text}",
        thai_date(from),
        thai_date(end)
    )
}

pub fn count_calendar_days(
    n: u32,
    from: NaiveDate,
    end: NaiveDate,
    rolled: Option<NaiveDate>,
) -> String {
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

pub fn roll_date(date: NaiveDate, rolled: NaiveDate) -> String {
    if date == rolled {
        format!("{} เป็นวันทำการ ครบกำหนดในวันนั้น ไม่ต้องเลื่อน", thai_date(date))
    } else {
        format!(
            "ครบกำหนด {} ซึ่งไม่ใช่วันทำการ ระยะเวลาที่นับเป็นวันจึง**เลื่อนไปครบในวันทำการถัดไป {}**",
            thai_date(date),
            thai_date(rolled)
        )
    }
}

pub const ROLL_RULE: &str = "ถ้าวันสุดท้ายของระยะเวลาที่นับเป็นวันตรงกับวันหยุด (เสาร์ อาทิตย์ หรือวันหยุดราชการ) ให้**เลื่อนไปครบในวันทำการถัดไป** — ครบวันเสาร์ก็ไปครบวันจันทร์ ถ้าวันจันทร์เป็นวันหยุดราชการก็เลื่อนต่อไปอีก ส่วนระยะเวลาที่นับเป็นวันทำการจะไม่ครบในวันหยุดอยู่แล้ว";

pub const DEADLINE_TITLE: &str = "คำนวณกำหนดเวลานับจากวันที่ให้มา";

/// "… ภายใน **date** (N วันทำการนับจากวันถัดจาก<event> <date>) — basis"; `working = false`
/// counts every day.
pub fn deadline_counted(
    due: &str,
    end: NaiveDate,
    (n, working): (u32, bool),
    event: &str,
    from: NaiveDate,
    basis: &str,
) -> String {
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

pub fn deadline_same_day(
    due: &str,
    event: &str,
    date: NaiveDate,
    working: bool,
    basis: &str,
) -> String {
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
pub fn counted_days(days: &[NaiveDate], skipped: &[(NaiveDate, String)]) -> String {
    let list: Vec<String> = days
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{} {}", i + 1, thai_date(*d)))
        .collect();
    let skipped_text = skipped_holidays(skipped);
    format!("นับวันทำการ: {}; {skipped_text}", list.join(", "))
}

pub fn deadline_rolled(n: u32, last: NaiveDate, rolled: NaiveDate, basis: &str) -> String {
    format!(
        "วันที่ {n} คือ {} ซึ่งไม่ใช่วันทำการ จึงเลื่อนไปครบในวันทำการถัดไป {} ({basis}) — ทำให้เสร็จภายใน {} จะไม่ต้องอาศัยการเลื่อนนี้",
        thai_date(last),
        thai_date(rolled),
        thai_date(last)
    )
}

pub fn deadline_out_of_force(
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    event: NaiveDate,
) -> String {
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

pub fn year_assumed(be_year: i32) -> String {
    format!("(ไม่ได้ระบุปี จึงถือเป็นปี พ.ศ. {be_year})")
}

pub fn counted_without_holidays(be_year: i32) -> String {
    format!(
        "(ยังไม่มีรายการวันหยุดราชการของปี พ.ศ. {be_year} ในคลังความรู้ จึงนับโดยถือว่าไม่มีวันหยุดราชการนอกจากเสาร์–อาทิตย์ — ตรวจกับประกาศวันหยุดราชการของปีนั้น)"
    )
}
