//! Every sentence of the timeline that a person reads, Thai first, then English; and the
//! Buddhist-era date format used in tables, chat and spreadsheets.
use super::calendar::Holiday;
use super::rules::DayKind;
use chrono::{Datelike, NaiveDate};

/// The Buddhist era is the Gregorian year + 543.
pub fn buddhist_year(date: NaiveDate) -> i32 {
    date.year() + 543
}

/// "จ. 5 ม.ค. 2569" (one format for the whole project: `thai::format_thai_date`).
pub fn thai_date(date: NaiveDate) -> String {
    crate::thai::format_thai_date(date)
}

/// "Monday 5 January 2026 (B.E. 2569)": the date in an English answer, with the Buddhist-era
/// year the Thai answer shows.
pub fn english_date(date: NaiveDate) -> String {
    format!(
        "{} (B.E. {})",
        date.format("%A %-d %B %Y"),
        buddhist_year(date)
    )
}

/// "5/1/2569", the form officers type and forms print.
pub fn thai_short_date(date: NaiveDate) -> String {
    format!("{}/{}/{}", date.day(), date.month(), buddhist_year(date))
}

pub fn day_kind_th(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Working => "วันทำการ",
        DayKind::Calendar => "วันปฏิทิน",
    }
}

pub(crate) fn shortened_under_exception(step: &str, e: &super::rules::Exception) -> String {
    let caveat = if e.verified {
        ""
    } else {
        " — ยังไม่ได้อ่านต้นฉบับของข้อยกเว้นนี้ ตรวจกับคลังจังหวัดก่อนใช้ / the exception's own text has not been read here: check with the provincial treasury office first"
    };
    format!(
        "ขั้นตอน {step} สั้นกว่าขั้นต่ำของระเบียบภายใต้ข้อยกเว้น: {} ({}) / step {step} is shorter than the regulation's minimum under: {} ({}){caveat}",
        e.name_th, e.basis, e.name_en, e.source
    )
}

pub(crate) fn start_moved(asked: NaiveDate, first: NaiveDate) -> String {
    format!(
        "วันเริ่ม {} ไม่ใช่วันทำการ จึงเริ่มวันทำการถัดไป {} / {asked} is not a working day; the plan starts on {first}",
        thai_date(asked),
        thai_date(first)
    )
}

pub(crate) fn contract_moved(asked: NaiveDate, actual: NaiveDate) -> String {
    format!(
        "ลงนามสัญญาวันที่ {} ตรงตามขั้นตอนไม่ได้ (ไม่ใช่วันทำการหรือไม่ลงตัว) แผนที่เริ่มช้าที่สุดลงนามได้ {} / the contract cannot fall on {asked} exactly; the latest plan signs on {actual}",
        thai_date(asked),
        thai_date(actual)
    )
}

pub(crate) fn provisional_year(year: i32) -> String {
    format!(
        "ปฏิทินวันหยุดราชการปี {} ยังเป็นฉบับชั่วคราว (มีเฉพาะวันหยุดวันที่ตายตัว ยังไม่มีวันหยุดทางจันทรคติ วันหยุดชดเชย และวันหยุดพิเศษ) วันที่ในปีนั้นอาจเลื่อน / the {year} holiday list is provisional (fixed-date holidays only; lunar holidays, substitutes and extra days are missing): dates in {year} may move",
        year + 543
    )
}

pub(crate) fn missing_year(year: i32) -> String {
    format!(
        "ไม่มีปฏิทินวันหยุดราชการปี {} นับเฉพาะเสาร์–อาทิตย์เป็นวันหยุด วันที่ในปีนั้นอาจเลื่อน / no holiday list for {year}: only weekends are skipped, dates in {year} may move",
        year + 543
    )
}

pub(crate) fn unverified_holiday(h: &Holiday) -> String {
    format!(
        "วันหยุด {} ({}) ยังไม่ได้ยืนยันวันที่ / the holiday on {} ({}) is not confirmed",
        thai_date(h.date),
        h.name_th,
        h.date,
        h.name_en
    )
}

pub(crate) fn unverified_steps(ids: &[&str]) -> String {
    let list = ids.join(", ");
    format!(
        "ระยะเวลาของขั้นตอน {list} ยังไม่ได้ตรวจกับตัวบทกฎหมาย ควรยืนยันกับคลังจังหวัดก่อนใช้ / the durations of {list} are not yet checked against the legal text: confirm with the provincial treasury office"
    )
}

pub(crate) fn practice_not_law(id: &str, days: u32, kind: DayKind) -> String {
    format!(
        "ทางปฏิบัติ ไม่ใช่กฎหมาย: {days} {} แก้ได้ด้วย --days {id}=N / practice, not law: {days} {}, change with --days {id}=N",
        day_kind_th(kind),
        kind.unit_en()
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn monday_5_january_2026_in_thai() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert_eq!(thai_date(d), "จ. 5 ม.ค. 2569");
        assert_eq!(thai_short_date(d), "5/1/2569");
        assert_eq!(english_date(d), "Monday 5 January 2026 (B.E. 2569)");
    }
}
