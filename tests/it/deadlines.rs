//! Deadlines counted from an event date the officer gives, through the real binary (`clinic ask
//! --json`): one scenario per rule of `knowledge/deadlines.toml`. Every date was counted by hand
//! on the government calendar in `knowledge/holidays/` (2569 = 2026 announced, 2570 = 2027
//! provisional, 2572 = 2029 without a file); the comments show the count.

use std::process::Command;

use serde_json::Value;

use super::computed::{ask_all, cites, text};

/// The answer names `entry`, says every part and carries its verified flag.
fn says(a: &Value, entry: &str, parts: &[&str], verified: bool) {
    assert_eq!(a["entry_id"], entry, "{}", text(a));
    for part in parts {
        assert!(text(a).contains(part), "{part}: {}", text(a));
    }
    assert_eq!(a["verified"], verified, "{}", text(a));
    assert_eq!(
        text(a).contains("ยังไม่ได้ตรวจทาน"),
        !verified,
        "the caveat follows the flag: {}",
        text(a)
    );
}

#[test]
fn each_deadline_rule_is_counted_from_the_event_date_on_the_holiday_calendar() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "ผู้รับจ้างส่งงานงวดสุดท้าย 3 มี.ค. 69 กรรมการต้องเริ่มตรวจรับภายในวันไหน",
            "ส่งของวันที่ 3 มี.ค. 69 กรรมการต้องตรวจรับภายในวันไหน",
            "ตรวจพบของไม่ครบ 9 เม.ย. 69 ต้องแจ้งผู้ขายภายในวันไหน",
            "เหตุสิ้นสุด 1 เม.ย. 69 ขอขยายเวลาได้ถึงวันไหน",
            "ครบกำหนดส่งมอบ 20 มิ.ย. 69 ต้องแจ้งสงวนสิทธิ์ปรับภายในวันไหน",
            "ตรวจรับแล้ว 10 ก.พ. 69 ต้องจ่ายเงินภายในวันไหน",
            "ซื้อไปก่อน 27 ก.ค. 69 ต้องรายงานหัวหน้าภายในวันไหน",
            "ผู้รับจ้างพ้นข้อผูกพันวันที่ 25 ธ.ค. 2569 ต้องคืนหลักประกันภายในวันไหน",
            "ได้รับอุทธรณ์ 24 เม.ย. 69 ต้องพิจารณาให้เสร็จเมื่อไร",
        ],
    );
    // Works delivered Tue 3 Mar (Makha Bucha): Wed 4 (1), Thu 5 (2), Fri 6 (3) = 6 มี.ค.
    says(
        &answers[0],
        "construction-inspection-3wd",
        &[
            "ภายใน **ศ. 6 มี.ค. 2569**",
            "3 วันทำการนับจากวันถัดจากวันที่ประธานกรรมการตรวจรับทราบการส่งมอบงาน อ. 3 มี.ค. 2569",
            "1 พ. 4 มี.ค. 2569, 2 พฤ. 5 มี.ค. 2569, 3 ศ. 6 มี.ค. 2569",
        ],
        true,
    );
    assert!(cites(&answers[0], "ข้อ 176 (5)"));
    // Goods: no number of days, inspected on the delivery day itself (a holiday, said so).
    says(
        &answers[1],
        "goods-inspection-delivery-day",
        &[
            "ในวันเดียวกับวันที่ผู้ขายนำพัสดุมาส่ง คือ **อ. 3 มี.ค. 2569** (วันนั้นไม่ใช่วันทำการ)",
            "ไม่ได้กำหนดเป็นจำนวนวัน",
        ],
        false,
    );
    // Shortfall found Thu 9 Apr, across Songkran: Fri 10 (1), 11–12 weekend, 13–15 Songkran,
    // Thu 16 (2), Fri 17 (3) = 17 เม.ย.
    says(
        &answers[2],
        "goods-inspection-3wd",
        &[
            "ภายใน **ศ. 17 เม.ย. 2569**",
            "ข้ามวันหยุดราชการ: จ. 13 เม.ย. 2569 (วันสงกรานต์), อ. 14 เม.ย. 2569 (วันสงกรานต์), พ. 15 เม.ย. 2569 (วันสงกรานต์)",
        ],
        true,
    );
    // Cause ended Wed 1 Apr: 15 days from Thu 2 Apr = Thu 16 Apr, a working day (Songkran ends
    // on the 15th): no roll.
    says(
        &answers[3],
        "time-extension-15-day-notice",
        &["ภายใน **พฤ. 16 เม.ย. 2569** (15 วันนับจากวันถัดจากวันที่เหตุนั้นสิ้นสุด พ. 1 เม.ย. 2569"],
        true,
    );
    assert!(!text(&answers[3]).contains("เลื่อน"));
    // Due Sat 20 Jun: 7 days = Sat 27 Jun, a weekend, rolled to Mon 29 Jun (CCC ม.193/8).
    says(
        &answers[4],
        "fine-reservation-notice",
        &[
            "ภายใน **จ. 29 มิ.ย. 2569**",
            "วันที่ 7 คือ ส. 27 มิ.ย. 2569 ซึ่งไม่ใช่วันทำการ จึงเลื่อนไปครบในวันทำการถัดไป จ. 29 มิ.ย. 2569",
        ],
        false,
    );
    assert!(cites(&answers[4], "ข้อ 181") && cites(&answers[4], "193/8"));
    // Accepted Tue 10 Feb: Wed 11, Thu 12, Fri 13, Mon 16, Tue 17 = 17 ก.พ. (FY2569 measure).
    says(
        &answers[5],
        "payment-within-5wd",
        &["ภายใน **อ. 17 ก.พ. 2569**", "5 วันทำการ"],
        true,
    );
    // Bought Mon 27 Jul: 28–30 Jul are holidays; Fri 31 (1), Mon 3 (2), Tue 4 (3), Wed 5 (4),
    // Thu 6 Aug (5).
    says(
        &answers[6],
        "w119-buy-first-10000",
        &["ภายใน **พฤ. 6 ส.ค. 2569**", "ว 119"],
        true,
    );
    // Released Fri 25 Dec 2569: 15 days = Sat 9 Jan 2570, rolled to Mon 11 Jan 2570; 2570's
    // list is provisional, so the answer says so.
    says(
        &answers[7],
        "contract-guarantee-return-15-days",
        &[
            "ภายใน **จ. 11 ม.ค. 2570**",
            "วันที่ 15 คือ ส. 9 ม.ค. 2570",
            "2570 ยังไม่ประกาศครบ",
        ],
        false,
    );
    // Appeal received Fri 24 Apr: 27, 28, 29, 30 Apr, Fri 1 May (Labour Day is worked),
    // 4 May Coronation Day skipped, Tue 5, Wed 6 May (7).
    says(
        &answers[8],
        "appeal-after-lodged",
        &["ภายใน **พ. 6 พ.ค. 2569**", "ฉัตรมงคล"],
        false,
    );
    for a in &answers {
        assert_eq!(a["answered"], true);
        assert_eq!(a["handoff_agency"], "treasury");
    }
}

#[test]
fn a_weekend_end_rolls_to_monday_and_the_safe_day_is_said() {
    let answers = ask_all(
        "2026-12-05",
        &["เหตุสิ้นสุด 1 ส.ค. 69 ผู้รับจ้างขอขยายเวลาได้ถึงวันไหน"],
    );
    // 1 Aug + 15 days = Sun 16 Aug, rolled to Mon 17 Aug; the roll rests on the still
    // unverified CCC entry, so the answer carries its caveat and its basis.
    let a = &answers[0];
    says(
        a,
        "time-extension-15-day-notice",
        &[
            "ภายใน **จ. 17 ส.ค. 2569**",
            "วันที่ 15 คือ อา. 16 ส.ค. 2569",
            "ทำให้เสร็จภายใน อา. 16 ส.ค. 2569",
        ],
        false,
    );
    assert!(cites(a, "ข้อ 182") && cites(a, "193/8"));
}

#[test]
fn the_annual_stock_check_report_is_due_thirty_working_days_after_the_check_starts() {
    let answers = ask_all(
        "2026-12-05",
        &["เริ่มตรวจนับพัสดุประจำปี 1 ต.ค. 2569 ต้องเสนอรายงานผลภายในวันไหน"],
    );
    // Start Thu 1 Oct: Fri 2 (1), 5–9 (2–6), Mon 12 (7), Tue 13 holiday, 14–16 (8–10),
    // 19–22 (11–14), Fri 23 holiday, 26–30 (15–19), 2–6 Nov (20–24), 9–13 (25–29), Mon 16 (30).
    let a = &answers[0];
    says(
        a,
        "annual-stock-check",
        &[
            "ภายใน **จ. 16 พ.ย. 2569**",
            "30 วันทำการ",
            "อ. 13 ต.ค. 2569 (วันนวมินทรมหาราช)",
            "ศ. 23 ต.ค. 2569 (วันปิยมหาราช)",
        ],
        true,
    );
    assert!(cites(a, "ข้อ 213"));
}

#[test]
fn the_year_and_the_holiday_list_the_count_rests_on_are_said() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "ส่งงาน 3 มี.ค. ต้องเริ่มตรวจรับวันไหน",
            "ส่งงาน 4 ม.ค. 2572 ต้องเริ่มตรวจรับวันไหน",
            "ตรวจรับแล้ว 2 พ.ย. 69 ต้องจ่ายเงินภายในวันไหน",
        ],
    );
    // No year: this year's 3 Mar 2569, as the other date questions read it — and said.
    says(
        &answers[0],
        "construction-inspection-3wd",
        &["ภายใน **ศ. 6 มี.ค. 2569**", "ไม่ได้ระบุปี จึงถือเป็นปี พ.ศ. 2569"],
        true,
    );
    // 2572 (2029) has no holiday file: Thu 4 Jan → Fri 5, Mon 8, Tue 9 Jan, weekends only.
    says(
        &answers[1],
        "construction-inspection-3wd",
        &[
            "ภายใน **อ. 9 ม.ค. 2572**",
            "นับโดยถือว่าไม่มีวันหยุดราชการนอกจากเสาร์–อาทิตย์",
        ],
        false,
    );
    // The 5-working-day payment was a FY2569 measure: an acceptance on Mon 2 Nov 2569 is
    // counted (Tue 3 … Mon 9 Nov) but said to be outside it.
    says(
        &answers[2],
        "payment-within-5wd",
        &["ภายใน **จ. 9 พ.ย. 2569**", "อยู่นอกช่วงนั้น"],
        false,
    );
}

#[test]
fn two_asks_get_both_parts_and_a_timeline_date_is_not_answered_twice() {
    let answers = ask_all(
        "2026-03-01",
        &[
            "หลักประกันสัญญา งาน 3 ล้าน เท่าไร และตรวจรับแล้ว 10 ก.พ. 69 ต้องจ่ายเงินภายในวันไหน",
            "ประกาศผู้ชนะ 24 เม.ย. 69 อุทธรณ์ครบวันไหน แล้วถ้าได้รับอุทธรณ์ 28 เม.ย. 69 ต้องพิจารณาเสร็จวันไหน",
            "ประกาศผู้ชนะ 24 เม.ย. 69 อุทธรณ์ครบวันไหน",
        ],
    );
    // 5 % of 3,000,000 = 150,000; accepted Tue 10 Feb → Tue 17 Feb (as above).
    let mixed = &answers[0];
    assert!(
        text(mixed).contains("150,000 บาท") && text(mixed).contains("อ. 17 ก.พ. 2569"),
        "{}",
        text(mixed)
    );
    assert_eq!(mixed["title"], "คำตอบที่คำนวณ (ตอบทุกเรื่องที่ถาม)");
    // The appeal window from Fri 24 Apr ends Wed 6 May (timeline); the appeal received Tue
    // 28 Apr is decided within 29, 30 Apr, 1, 5, 6, 7, Fri 8 May (4 May skipped).
    let both = text(&answers[1]);
    assert!(
        both.contains("6 พ.ค. 2569") && both.contains("ภายใน **ศ. 8 พ.ค. 2569**"),
        "{both}"
    );
    // The appeal window alone is the timeline's answer, once, not a deadline as well.
    let window = &answers[2];
    assert_eq!(window["entry_id"], "appeal-period");
    assert_eq!(window["title"], "คำนวณวันตามขั้นตอนจัดซื้อจัดจ้าง");
    assert!(!text(window).contains("นับจากวันถัดจาก"), "{}", text(window));
}

/// `clinic kb check` on `dir`: whether it passed, and its fault lines in `deadlines.toml`.
fn kb_check(dir: &std::path::Path) -> (bool, Vec<String>) {
    let out = Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(["kb", "check"])
        .env("CLINIC_KNOWLEDGE", dir)
        .output()
        .unwrap();
    let faults = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains("deadlines.toml:"))
        .map(str::to_string)
        .collect();
    (out.status.success(), faults)
}

#[test]
fn kb_check_names_a_deadline_rule_with_an_unknown_entry_a_bad_period_or_a_repeated_trigger() {
    let dir = crate::support::knowledge_copy();
    let path = dir.path().join("deadlines.toml");
    let mut rules = std::fs::read_to_string(&path).unwrap();
    rules += r#"
[[deadlines]]
id = "spoiled"
due_th = "ทำ"
event_th = "วันที่เกิดเหตุ"
event_words = ["ส่งงาน"]
ask_words = ["ตรวจรับ"]
count = "working_days"
days = 0
entry = "no-such-entry"
"#;
    std::fs::write(&path, &rules).unwrap();
    let (passed, faults) = kb_check(dir.path());
    assert!(!passed);
    for fault in [
        "spoiled: days must be 1..=365",
        "spoiled: duplicate trigger (`ส่งงาน` + `ตรวจรับ`) already used by `works-inspection-start`",
        "spoiled: due_en is required",
        "spoiled: event_en is required",
        "spoiled: basis_en is required",
    ] {
        assert!(
            faults.iter().any(|l| l.contains(fault)),
            "{fault}: {faults:?}"
        );
    }
    // An unknown entry is reported once the file parses: mend the period and the trigger.
    let mended = rules
        .replace("days = 0\nentry", "days = 3\nentry")
        .replace(
            "event_words = [\"ส่งงาน\"]\nask_words = [\"ตรวจรับ\"]",
            "event_words = [\"เกิดเหตุ\"]\nask_words = [\"ทำ\"]",
        )
        .replace(
            "event_th = \"วันที่เกิดเหตุ\"\n",
            "event_th = \"วันที่เกิดเหตุ\"\ndue_en = \"Do it\"\nevent_en = \"the day it happened\"\nbasis_en = \"clause 1\"\n",
        );
    std::fs::write(&path, mended).unwrap();
    let (passed, faults) = kb_check(dir.path());
    assert!(!passed);
    assert_eq!(
        faults.len(),
        1,
        "only the unknown entry is left: {faults:?}"
    );
    assert!(
        faults[0].contains("deadline `spoiled` names unknown entry `no-such-entry`"),
        "{faults:?}"
    );
}

#[test]
fn dates_written_other_ways_and_periods_named_once_are_still_counted() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "ประกาศผลผู้ชนะ 6/10/2569 ครบ 7 วันทำการวันไหน",
            "Winner announced Mon 17 Aug 2026, when does the appeal window close?",
            "ประกาศผล 21 ส.ค. 69 วันสุดท้ายที่ยื่นอุทธรณ์ได้คือ",
            "ลงร่างประกาศรับฟังความเห็นวันพฤหัส 22 ต.ค. 69 ครบวันไหน",
            "e-market RFQ ลงประกาศ 9 ธ.ค. 69 ครบวันไหน",
            "เจอของชำรุดตอนตรวจรับ วันพุธ 29 ก.ค. 69 ต้องแจ้งผู้ขายภายในวันไหน",
            "จัดซื้อตาม ว119 ไปเมื่อวันอังคาร 8 ธ.ค. 69 ต้องรายงานหัวหน้าอย่างช้าวันไหน",
            "ผู้รับจ้างได้รับหนังสือแจ้งซ่อม 18 ธ.ค. 69 สัญญาให้ซ่อมภายใน 10 วัน ครบวันไหน",
            "ซื้อก่อน ว119 วันศุกร์ 4 ธ.ค. 69 ครบ 5 วันทำการวันไหน",
        ],
    );
    let due = |i: usize, date: &str| {
        assert!(
            text(&answers[i]).contains(date),
            "{date}: {}",
            text(&answers[i])
        );
    };
    // Winner named alone, date as 6/10/2569 (Tue): 7 (1), 8 (2), 9 (3), 12 (4), 13 Oct
    // skipped, 14 (5), 15 (6), Fri 16 Oct (7).
    due(0, "ระยะเวลาอุทธรณ์: ศ. 16 ต.ค. 2569");
    // In English, and answered in English, Mon 17 Aug: 18, 19, 20, 21, 24, 25, Wed 26 Aug (7).
    due(1, "Wednesday 26 August 2026 (B.E. 2569)");
    // "วันสุดท้าย" asks the day: Fri 21 Aug → 24, 25, 26, 27, 28, 31 Aug, Tue 1 Sep (7).
    due(2, "อ. 1 ก.ย. 2569");
    // The draft hearing named alone, Thu 22 Oct: 23 Oct (Chulalongkorn Day) skipped, 26 (1),
    // 27 (2), Wed 28 Oct (3).
    due(3, "พ. 28 ต.ค. 2569");
    // e-market RFQ publishing (3 WD) from Wed 9 Dec: 10 Dec skipped, 11 (1), 14 (2), 15 (3).
    due(4, "อ. 15 ธ.ค. 2569");
    // Damaged goods found Wed 29 Jul: 30 Jul skipped, 31 (1), 3 Aug (2), Tue 4 Aug (3).
    assert_eq!(answers[5]["entry_id"], "goods-inspection-3wd");
    due(5, "ภายใน **อ. 4 ส.ค. 2569**");
    // Bought first under ว 119 on Tue 8 Dec: 9 (1), 10 skipped, 11 (2), 14 (3), 15 (4), 16 (5).
    assert_eq!(answers[6]["entry_id"], "w119-buy-first-10000");
    due(6, "ภายใน **พ. 16 ธ.ค. 2569**");
    // A period the contract sets, 10 days from Fri 18 Dec: day 1 = 19 Dec, day 10 = Mon 28 Dec.
    due(7, "จ. 28 ธ.ค. 2569");
    // "ว119" is a circular's number and "วันศุกร์" a weekday, not periods: 5 working days from
    // Fri 4 Dec — 7 Dec skipped, 8 (1), 9 (2), 10 skipped, 11 (3), 14 (4), Tue 15 Dec (5).
    due(8, "**อ. 15 ธ.ค. 2569**");
    assert!(
        !text(&answers[8]).contains("119 วัน"),
        "{}",
        text(&answers[8])
    );
}

#[test]
fn a_written_agreement_holds_only_if_delivered_within_five_working_days() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "ออกใบสั่งซื้อวันพุธ 2 ธ.ค. 69 ร้านต้องส่งมอบครบภายในวันไหนจึงไม่ต้องทำสัญญา",
            "พายุเข้าไซต์งาน เหตุจบวันที่ 16 พ.ย. 69 ผู้รับจ้างขอขยายเวลาได้ถึงวันไหน",
        ],
    );
    // Order of Wed 2 Dec: Thu 3 (1), Fri 4 (2), Mon 7 skipped (substitute for Father's Day),
    // Tue 8 (3), Wed 9 (4), Thu 10 skipped (Constitution Day), Fri 11 Dec (5).
    says(
        &answers[0],
        "written-agreement-without-contract-form",
        &["ภายใน **ศ. 11 ธ.ค. 2569**", "ข้อตกลงเป็นหนังสือ"],
        true,
    );
    assert!(cites(&answers[0], "มาตรา 96"));
    // "เหตุจบวันที่ 16 พ.ย.": 15 days from Tue 17 Nov (day 1) = Tue 1 Dec, a working day.
    says(
        &answers[1],
        "time-extension-15-day-notice",
        &["ภายใน **อ. 1 ธ.ค. 2569**"],
        true,
    );
}
