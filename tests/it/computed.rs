//! Answers computed from rules as data, through the real binary (`clinic ask --json`): the
//! method an estimate and a circumstance allow, working days and holidays, and two asks in one
//! message. Every date and sum below was counted by hand on the government calendar in
//! `knowledge/holidays/`.

use serde_json::Value;

use super::ask::clinic;

pub(crate) fn ask_all(today: &str, questions: &[&str]) -> Vec<Value> {
    let answers = clinic(
        &["ask", "--json", "--today", today],
        &(questions.join("\n") + "\n"),
    );
    assert_eq!(answers.len(), questions.len());
    answers
}

pub(crate) fn text(a: &Value) -> &str {
    a["answer"].as_str().unwrap_or_default()
}

pub(crate) fn cites(a: &Value, basis: &str) -> bool {
    a["citations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c.as_str().unwrap_or_default().contains(basis))
}

#[test]
fn the_method_an_estimate_and_a_circumstance_allow_comes_from_the_table() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "ซื้อวัสดุ 450,000 ใช้วิธีไหน",
            "จ้างเหมาก่อสร้าง 2.5 ล้าน ต้อง e-bidding ไหม",
            "ของอยู่ใน e-catalog 800,000",
            "ซ่อมด่วน น้ำท่วม ต้องจ้างเลย",
            "ประกวดราคาแล้วไม่มีผู้ยื่น",
            "มีผู้ผลิตรายเดียว",
            "จ้างออกแบบอาคาร 3 ล้าน ใช้วิธีไหน",
        ],
    );
    // 450,000 is within the 500,000 line: the specific method, no appeal wait, and above
    // 100,000 an inspection committee.
    let small = &answers[0];
    assert_eq!(small["entry_id"], "specific-method-limit");
    for part in ["วิธีเฉพาะเจาะจง", "ไม่ต้องรอระยะอุทธรณ์", "คณะกรรมการตรวจรับ"]
    {
        assert!(text(small).contains(part), "{part}: {}", text(small));
    }
    assert!(cites(small, "มาตรา 56 (2) (ข)") && cites(small, "มาตรา 66 วรรคสอง"));
    // 2.5 million, listing not said: e-market RFQ (3 WD) if listed, e-bidding (5 WD, tier
    // 0.5–5 M) if not; both wait 7 WD for appeals. The decision table's entry is unverified.
    let works = &answers[1];
    assert_eq!(works["entry_id"], "which-method-by-amount");
    for part in [
        "ถ้าพัสดุมีใน e-catalog",
        "(RFQ)",
        "อย่างน้อย 3 วันทำการ",
        "ถ้าพัสดุไม่มีใน e-catalog",
        "(e-bidding)",
        "อย่างน้อย 5 วันทำการ",
        "ระยะอุทธรณ์ 7 วันทำการ",
    ] {
        assert!(text(works).contains(part), "{part}: {}", text(works));
    }
    assert_eq!(works["verified"], false);
    assert!(text(works).contains("ยังไม่ได้ตรวจทาน"));
    // Listed, 800,000: e-market by RFQ.
    assert_eq!(answers[2]["entry_id"], "e-market-when");
    assert!(text(&answers[2]).contains("(RFQ)"));
    // Grounds at any amount, each with its section.
    assert_eq!(answers[3]["entry_id"], "specific-emergency");
    assert!(cites(&answers[3], "มาตรา 56 (2) (ง)"));
    assert_eq!(answers[4]["entry_id"], "selection-failed-invitation");
    assert!(cites(&answers[4], "มาตรา 56 (1) (ก)"));
    assert_eq!(answers[5]["entry_id"], "specific-sole-supplier");
    // Design work has its own chapter: its four methods (ม.79), never the amount bands.
    let design = &answers[6];
    assert_eq!(design["entry_id"], "design-supervision-methods");
    assert!(text(design).contains("ประกวดแบบ"), "{}", text(design));
    assert!(cites(design, "มาตรา 79"));
    assert!(!text(design).contains("e-bidding"), "{}", text(design));
}

#[test]
fn consultants_are_hired_by_the_nature_of_the_work_not_by_the_amount_bands() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "จ้างที่ปรึกษาทำแผนแม่บทแบบทั่วไป ไม่ซับซ้อน มีบริษัทรับทำเยอะ 3 ล้าน ใช้วิธีไหน",
            "งานศึกษาระบบบำบัดน้ำเสียซับซ้อนมาก มีที่ปรึกษาทำได้ไม่กี่เจ้า ใช้วิธีไหน",
            "จ้างที่ปรึกษา ประกาศทั่วไปแล้วไม่มีคนยื่น จะทำไงดีคะ",
            "จ้างที่ปรึกษา ประกาศทั่วไปแล้ว คัดเลือกแล้วก็ไม่มีคนยื่น ทำเฉพาะเจาะจงได้ไหม",
            "จ้างออกแบบอาคารใช้วิธีคัดเลือกได้ไหม",
        ],
    );
    // Routine work that many firms do: general invitation (ม.70 (1)), whatever the 3 million.
    let routine = &answers[0];
    assert_eq!(routine["entry_id"], "consultant-methods");
    assert!(
        text(routine).contains("ประกาศเชิญชวนทั่วไป"),
        "{}",
        text(routine)
    );
    assert!(cites(routine, "มาตรา 70 (1)"));
    assert!(!text(routine).contains("e-bidding"), "{}", text(routine));
    // Complex work, few consultants: selection (ม.70 (2) (ข) (ค)).
    assert_eq!(answers[1]["entry_id"], "consultant-selection-when");
    assert!(cites(&answers[1], "มาตรา 70 (2)"));
    // One failed general invitation: selection; failed selection too: specific (ม.70 (3) (ก)),
    // never the goods-and-works grounds of ม.56.
    assert_eq!(answers[2]["entry_id"], "consultant-selection-when");
    assert!(cites(&answers[2], "มาตรา 70 (2) (ก)"));
    assert_eq!(answers[3]["entry_id"], "consultant-specific-when");
    assert!(cites(&answers[3], "มาตรา 70 (3) (ก)"));
    assert!(!cites(&answers[3], "มาตรา 56"));
    // Design: selection is one of its four methods; when it applies is not verified here, so the
    // answer sends the condition to the treasury office.
    let design = &answers[4];
    assert_eq!(design["entry_id"], "design-supervision-methods");
    assert!(text(design).contains("สำนักงานคลังจังหวัด"), "{}", text(design));
}

#[test]
fn the_situation_an_exception_is_for_decides_the_method_at_any_amount() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "เครื่องมือแพทย์ยี่ห้อนี้มีตัวแทนจำหน่ายในไทยแค่เจ้าเดียว ราคา 2 ล้าน ต้อง e-bidding ไหม",
            "ปีที่แล้วซื้อโต๊ะประชุมไป ปีนี้จะซื้อเพิ่มอีก 6 ตัวให้เข้าชุดกับของเดิม จากร้านเดิม ได้ไหมครับ",
            "ซื้อกล้องเพิ่มให้เข้ากับระบบเดิม ต้องเป็นยี่ห้อเดิม ใช้เฉพาะเจาะจงได้มั้ย",
            "อบต.อยู่บนดอย เน็ตไม่มี จะจ้างก่อสร้าง 1.2 ล้าน ทำ e-bidding ไม่ไหว ทำไงดี",
            "ครุภัณฑ์การแพทย์ เทคนิคสูง มีไม่กี่เจ้าทำได้ 4 ล้าน ทำคัดเลือกได้มั้ย",
            "ซื้อเก้าอี้สำนักงาน 350,000 ไม่ได้ด่วน ใช้วิธีไหนดีคะ",
            "ของด่วน 9,000 บาท ซื้อก่อนแล้วรายงานทีหลังได้มั้ย",
        ],
    );
    // A sole Thai distributor: specific method (ม.56 (2) (ค)) though 2 million is e-bidding size.
    assert_eq!(answers[0]["entry_id"], "specific-sole-supplier");
    assert!(cites(&answers[0], "มาตรา 56 (2) (ค)"));
    // Buying more to match what was bought: the follow-on ground (ม.56 (2) (จ)), also when the
    // old brand is named, and without an amount.
    assert_eq!(answers[1]["entry_id"], "specific-follow-on");
    assert_eq!(answers[2]["entry_id"], "specific-follow-on");
    // No internet and 1.2 million (within 0.5–5 million): price quotation (ข้อ 32).
    assert_eq!(answers[3]["entry_id"], "price-quotation-when");
    assert!(text(&answers[3]).contains("สอบราคา"));
    // Complex goods few can make: selection (ม.56 (1) (ข)).
    assert_eq!(answers[4]["entry_id"], "selection-complex-few-suppliers");
    // "ไม่ได้ด่วน" denies urgency: the amount decides (350,000 <= 500,000: specific).
    assert_eq!(answers[5]["entry_id"], "specific-method-limit");
    // Paying first and reporting after is the ว 119 question, not a method question.
    assert_ne!(answers[6]["entry_id"], "selection-urgent");
}

#[test]
fn rule_questions_that_contain_a_number_still_reach_their_entries() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "อีบิด 7.5 ล้าน ต้องประกาศเชิญชวนกี่วัน",
            "วิธีเฉพาะเจาะจงซื้อได้ไม่เกินเท่าไหร่",
            "อุทธรณ์ 7 วันนี่นับเสาร์อาทิตย์ด้วยไหมคะ",
        ],
    );
    let computed = [
        "วิธีจัดซื้อจัดจ้างที่ใช้ได้ (ตามวงเงินและเหตุที่ระบุ)",
        "คำนวณวันทำการและวันหยุดราชการ",
    ];
    for a in &answers {
        assert!(
            !computed.contains(&a["title"].as_str().unwrap_or_default()),
            "{a}"
        );
    }
    // The publication question keeps its entry: answered with it, or offered it first.
    let publication = &answers[0];
    assert!(
        publication["entry_id"] == "e-bidding-publish-10wd"
            || publication["alternatives"][0]["entry_id"] == "e-bidding-publish-10wd",
        "{publication}"
    );
    assert_eq!(answers[1]["entry_id"], "specific-method-limit");
}

#[test]
fn working_days_and_holidays_come_from_the_holiday_files() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "วันที่ 13 เม.ย. 69 เป็นวันทำการไหม",
            "วันหยุดราชการเดือนธันวาคม 69 มีวันไหนบ้าง",
            "นับ 7 วันทำการจาก 28 ธ.ค. 69 ครบวันไหน",
            "ครบกำหนด 5 ธ.ค. 69 ตรงกับวันเสาร์ เลื่อนไปวันไหน",
            "วันที่ 3 ก.พ. 2571 เป็นวันทำการไหม",
        ],
    );
    // 13 Apr 2569 is Songkran.
    assert!(
        text(&answers[0]).contains("วันสงกรานต์"),
        "{}",
        text(&answers[0])
    );
    assert_eq!(answers[0]["entry_id"], "government-holidays-2569");
    // December 2569: Mon 7 (substitute for Father's Day, Sat 5 Dec), Thu 10 (Constitution
    // Day), Thu 31 (New Year's Eve).
    let december = text(&answers[1]);
    assert!(december.contains("มี 3 วัน"), "{december}");
    for day in ["7 ธ.ค. 2569", "10 ธ.ค. 2569", "31 ธ.ค. 2569"] {
        assert!(december.contains(day), "{day}: {december}");
    }
    // From Mon 28 Dec 2569: Tue 29 (1), Wed 30 (2), Thu 31 skipped (New Year's Eve), Fri 1 Jan
    // skipped (New Year's Day), Sat 2 and Sun 3 skipped, Mon 4 (3), Tue 5 (4), Wed 6 (5),
    // Thu 7 (6), Fri 8 Jan 2570 (7). The 2570 list is provisional: said, and unverified.
    let count = &answers[2];
    assert!(text(count).contains("8 ม.ค. 2570"), "{}", text(count));
    assert!(text(count).contains("วันสิ้นปี") && text(count).contains("วันขึ้นปีใหม่"));
    assert!(text(count).contains("2570 ยังไม่ประกาศครบ"));
    assert_eq!(count["verified"], false);
    assert_eq!(count["entry_id"], "working-days-counting");
    // Sat 5 Dec 2569 → Sun 6 → Mon 7 is the substitute holiday → Tue 8 Dec 2569 (CCC ม.193/8).
    let roll = &answers[3];
    assert!(text(roll).contains("8 ธ.ค. 2569"), "{}", text(roll));
    assert_eq!(roll["entry_id"], "day-count-start-and-holiday-end");
    assert!(cites(roll, "193/8"));
    // 2571 (2028) has no holiday file: said, not guessed.
    let missing = text(&answers[4]);
    assert!(
        missing.contains("ยังไม่มีรายการวันหยุดราชการของปี พ.ศ. 2571"),
        "{missing}"
    );
    assert!(!missing.contains("เป็น**วันทำการ**"));
}

#[test]
fn two_asks_in_one_message_get_both_answers() {
    let answers = ask_all(
        "2026-03-01",
        &[
            "ประกาศผู้ชนะ 3 มี.ค. 69 อุทธรณ์ครบวันไหน แล้วเซ็นสัญญาได้วันไหน",
            "หลักประกันสัญญา งาน 3 ล้าน เท่าไร และประกาศผู้ชนะ 24 เม.ย. 69 อุทธรณ์ครบวันไหน",
            "งาน 2 ล้าน หลักประกันสัญญากับเงินล่วงหน้าได้เท่าไร",
        ],
    );
    // Winner announced Tue 3 Mar 2569: appeal 4 (1), 5 (2), 6 (3), 9 (4), 10 (5), 11 (6),
    // Thu 12 Mar (7); the earliest signing is the next working day, Fri 13 Mar 2569.
    let dates = text(&answers[0]);
    assert!(
        dates.contains("12 มี.ค. 2569") && dates.contains("13 มี.ค. 2569"),
        "{dates}"
    );
    // A sum and a date: 5 % of 3,000,000 = 150,000; appeal from Fri 24 Apr: 27, 28, 29, 30 Apr,
    // 1 May (Labour Day is worked), 5, 6 May (4 May Coronation Day skipped) → Wed 6 May 2569.
    let mixed = &answers[1];
    assert!(
        text(mixed).contains("150,000 บาท") && text(mixed).contains("6 พ.ค. 2569"),
        "{}",
        text(mixed)
    );
    assert!(cites(mixed, "มาตรา 117"));
    assert_eq!(mixed["entry_id"], "appeal-period");
    // Two sums: 5 % of 2,000,000 = 100,000; at most 15 % = 300,000.
    let sums = text(&answers[2]);
    assert!(
        sums.contains("100,000 บาท") && sums.contains("ไม่เกิน 300,000 บาท"),
        "{sums}"
    );
}

#[test]
fn a_later_ask_that_only_an_entry_answers_is_answered_from_that_entry() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "หลักประกันสัญญาเรียกกี่เปอร์เซ็นต์ แล้วคืนให้ผู้รับจ้างเมื่อไหร่ครับ",
            "งานก่อสร้างต้องรับประกันความชำรุดกี่ปี แล้วหลักประกันสัญญาคืนตอนไหนครับ",
            "วิธีเฉพาะเจาะจงซื้อได้ไม่เกินเท่าไหร่",
        ],
    );
    // The rate is the first entry's; when the guarantee comes back is another entry's, and both
    // are shown with both bases.
    let rate_and_return = &answers[0];
    assert_eq!(
        rate_and_return["entry_id"],
        "performance-guarantee-5-percent"
    );
    assert_eq!(also(rate_and_return), ["contract-guarantee-return-15-days"]);
    assert!(text(rate_and_return).contains("5%") || text(rate_and_return).contains("ร้อยละ 5"));
    assert!(
        text(rate_and_return).contains("15 วัน"),
        "{}",
        text(rate_and_return)
    );
    let warranty_and_return = &answers[1];
    assert_eq!(
        warranty_and_return["entry_id"],
        "warranty-construction-2-years"
    );
    assert_eq!(
        also(warranty_and_return),
        ["contract-guarantee-return-15-days"]
    );
    // One ask, one entry.
    assert!(also(&answers[2]).is_empty());
}

#[test]
fn a_fine_or_target_with_its_amount_gets_the_figure_not_just_the_rate() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "ผู้รับจ้างเอางานประปาไปจ้างช่วง 620,000 บาท โดยไม่ได้รับอนุญาต ปรับขั้นต่ำเท่าไร",
            "งบลงทุน 8 ล้าน ปีงบ 69 ตามเป้า ครม. ต้องเบิกจ่ายอย่างน้อยเท่าไร",
            "สัญญาซื้อ 800,000 บาท ส่งแล้วบางส่วน ยังไม่ส่งอีก 200,000 บาท เลยกำหนดมา 7 วัน ค่าปรับเท่าไร",
            "งานจ้างก่อสร้าง 2,600,000 บาท ส่งงานช้า 15 วัน ปรับเท่าไหร่",
            "จ้างซ่อมรั้ว 50,000 บาท ปรับ 0.1% ได้วันละ 50 บาท ถูกไหม",
            "ท่อประปากีดขวางจราจร 4 ล้าน ช้า 3 วัน ค่าปรับ?",
            "ผู้รับจ้างเอางานไปจ้างช่วงได้ไหม งาน 2 ล้าน",
            "งาน 3 ล้าน หลักประกันสัญญาคืนเมื่อไร?",
        ],
    );
    let computed = |a: &Value| a["title"] == "คำนวณจากวงเงินที่ให้มา";
    // Subcontracting without permission: at least 10 % of the subcontracted 620,000 = 62,000,
    // and no daily late-delivery fine.
    let sub = &answers[0];
    assert_eq!(sub["entry_id"], "subcontracting-ban");
    assert!(text(sub).contains("อย่างน้อย 62,000 บาท"), "{}", text(sub));
    assert!(!text(sub).contains("วันละ"), "{}", text(sub));
    // Capital spending target 2569: at least 75 % of 8,000,000 = 6,000,000.
    let target = &answers[1];
    assert_eq!(target["entry_id"], "fy2569-disbursement-targets");
    assert!(
        text(target).contains("อย่างน้อย 6,000,000 บาท"),
        "{}",
        text(target)
    );
    // A purchase fine runs on the undelivered 200,000, not the 800,000 contract: 0.20 % =
    // 400 a day, 7 days = 2,800. The 10 % line is on the contract: 80,000 / 400 = 200 days
    // exactly, so day 201 passes it.
    let part = text(&answers[2]);
    for figure in [
        "วันละ 400 บาท",
        "ค่าปรับรวม **2,800 บาท**",
        "(80,000 บาท) ในวันที่ 201",
    ] {
        assert!(part.contains(figure), "{figure}: {part}");
    }
    // Works 2,600,000 at 0.10 % = 2,600 a day; 15 days late = 39,000.
    let works = text(&answers[3]);
    assert!(works.contains("ค่าปรับรวม **39,000 บาท**"), "{works}");
    // 0.10 % of 50,000 is 50 baht, below the hire floor: 100 baht a day.
    assert!(computed(&answers[4]));
    assert!(
        text(&answers[4]).contains("วันละ 100 บาท"),
        "{}",
        text(&answers[4])
    );
    // Utility works blocking traffic, 0.25 % of 4,000,000 = 10,000 a day; 3 days = 30,000.
    let utility = text(&answers[5]);
    assert!(
        utility.contains("วันละ 10,000 บาท") && utility.contains("ค่าปรับรวม **30,000 บาท**"),
        "{utility}"
    );
    // Asking whether one may subcontract asks for the rule, not a sum.
    assert!(!computed(&answers[6]), "{}", text(&answers[6]));
    assert_eq!(answers[6]["entry_id"], "subcontracting-ban");
    // A question mark asks for a sum only after the sum's own word: this one asks when the
    // guarantee comes back.
    assert!(!computed(&answers[7]), "{}", text(&answers[7]));
}

#[test]
fn a_price_above_the_reported_amount_is_checked_against_the_ten_percent_ceiling() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "วงเงินที่จะซื้อในรายงาน 3,000,000 บาท ผู้ชนะเสนอ 3,240,000 ต่อรองแล้วไม่ลด รับได้ไหม",
            "วงเงินในรายงานขอจ้าง 1.5 ล้าน ราคาต่ำสุด 1,680,000 ต่อรองไม่ลด ทำไงดี",
            "e-market วงเงิน 400,000 บาท ราคาต่ำสุด 430,000 ต่อรองแล้วไม่ยอมลด ซื้อได้ไหม",
            "วงเงิน 2 ล้าน ต่อรองราคาได้ไหม",
        ],
    );
    // 3,000,000 + 10 % = 3,300,000; 3,240,000 is 240,000 above, 8 %: within.
    let within = &answers[0];
    assert_eq!(within["entry_id"], "winning-price-above-amount-negotiate");
    for part in ["เพดาน **3,300,000 บาท**", "240,000 บาท (8%) **ไม่เกินเพดาน**"]
    {
        assert!(text(within).contains(part), "{part}: {}", text(within));
    }
    // 1,500,000 + 10 % = 1,650,000; 1,680,000 is 180,000 above, 12 %: past it.
    let past = text(&answers[1]);
    assert!(
        past.contains("เพดาน **1,650,000 บาท**") && past.contains("180,000 บาท (12%) **เกินเพดาน**"),
        "{past}"
    );
    // e-market has its own rule (Reg ข้อ 39): 400,000 + 10 % = 440,000; 430,000 is 7.5 % above.
    let market = &answers[2];
    assert_eq!(market["entry_id"], "emarket-price-above-amount");
    assert!(
        text(market).contains("เพดาน **440,000 บาท**")
            && text(market).contains("30,000 บาท (7.5%) **ไม่เกินเพดาน**"),
        "{}",
        text(market)
    );
    // No price above the amount and no bargaining failed: not a ceiling sum.
    assert_ne!(
        answers[3]["title"],
        "คำนวณจากวงเงินที่ให้มา",
        "{}",
        text(&answers[3])
    );
}

#[test]
fn an_english_method_question_is_answered_in_english_with_the_method_and_its_basis() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "Which procurement method for buying goods worth 450,000 baht?",
            "Our tambon wants to buy a garbage truck for 2.4 million baht, it is in the e-catalog. Which method?",
        ],
    );
    // 450,000 is within the 500,000 line of the specific method, as in Thai.
    let small = &answers[0];
    assert_eq!(small["answered"], true, "{small}");
    assert_eq!(small["entry_id"], "specific-method-limit");
    for part in [
        "Estimate 450,000 baht",
        "The specific method",
        "No need to wait for the appeal period",
        "inspection committee",
    ] {
        assert!(text(small).contains(part), "{part}: {}", text(small));
    }
    assert!(cites(small, "section 56 (2) (b)") && cites(small, "section 66 paragraph 2"));
    // 2.4 million, in the e-catalog: e-market RFQ (over 500,000 up to 5,000,000).
    let truck = &answers[1];
    assert_eq!(truck["answered"], true, "{truck}");
    for part in ["Estimate 2,400,000 baht", "e-market", "(RFQ)"] {
        assert!(text(truck).contains(part), "{part}: {}", text(truck));
    }
    assert!(cites(truck, "clause 30"));
    for a in &answers {
        assert!(
            !text(a)
                .chars()
                .any(|c| ('\u{0e00}'..='\u{0e7f}').contains(&c)),
            "Thai in an English answer: {}",
            text(a)
        );
    }
}

#[test]
fn an_english_working_day_question_is_answered_in_english() {
    let answers = ask_all("2026-12-05", &["Is 2026-12-07 a working day?"]);
    // 5 Dec 2026 (Father's Day) is a Saturday; the holiday file puts its substitute on Monday 7.
    let a = &answers[0];
    assert_eq!(a["answered"], true, "{a}");
    for part in [
        "Monday 7 December 2026 (B.E. 2569)",
        "government holiday",
        "Father's Day",
        "not a working day",
    ] {
        assert!(text(a).contains(part), "{part}: {}", text(a));
    }
    assert!(!text(a).contains("วัน"), "{}", text(a));
}

#[test]
fn an_english_guarantee_sum_is_written_in_baht() {
    let answers = ask_all(
        "2026-12-05",
        &["What is the performance guarantee for a contract of 2,400,000 baht?"],
    );
    // 5% of 2,400,000 = 120,000.
    let a = &answers[0];
    assert!(text(a).contains("**120,000 baht**"), "{}", text(a));
    assert!(!text(a).contains("บาท"), "{}", text(a));
}

/// No Thai letter in an English answer's text.
fn all_english(a: &Value) -> bool {
    !text(a)
        .chars()
        .any(|c| ('\u{0e00}'..='\u{0e7f}').contains(&c))
}

#[test]
fn english_date_questions_on_the_procurement_timeline_are_answered_in_english() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "The e-bidding announcement was published on 2 March 2026; when does the bid submission period end?",
            "What is the last day to appeal if the result was announced on 5 May 2026?",
            "Winner announced May 5, 2026 - when does the appeal period end?",
        ],
    );
    // Published Monday 2 March; Tuesday 3 March is Makha Bucha Day, so the 5 working days of
    // publication are 4, 5, 6, 9 and 10 March, and the bid day is the next working day.
    let bid = &answers[0];
    assert_eq!(bid["answered"], true, "{bid}");
    for part in [
        "Bid submission day: **Wednesday 11 March 2026 (B.E. 2569)**",
        "Monday 2 March 2026",
        "Makha Bucha Day",
    ] {
        assert!(text(bid).contains(part), "{part}: {}", text(bid));
    }
    assert!(cites(bid, "clause 48"), "{bid}");
    // Announced Tuesday 5 May: 6, 7, 8, 11, 12 May, then 13 May (Royal Ploughing Ceremony) is
    // skipped, 14 and 15 May: the seventh working day is Friday 15 May.
    for appeal in &answers[1..] {
        assert_eq!(appeal["entry_id"], "appeal-period-en", "{appeal}");
        for part in [
            "Appeal period: **Friday 15 May 2026 (B.E. 2569)**",
            "Royal Ploughing Ceremony",
            "no method was given",
        ] {
            assert!(text(appeal).contains(part), "{part}: {}", text(appeal));
        }
        assert!(cites(appeal, "sections 114 and 117"), "{appeal}");
    }
    for a in &answers {
        assert!(all_english(a), "Thai in an English answer: {}", text(a));
        assert!(
            a["citations"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| !c.as_str().unwrap_or_default().contains("ระเบียบ")),
            "{a}"
        );
    }
}

#[test]
fn english_deadline_questions_are_counted_and_answered_in_english() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "The contractor delivered the work on 2 March 2026; by when must the committee start the inspection?",
            "The flood ended on 20 October 2026, by when must the contractor ask for an extension of time?",
            "Contract signed 10 June 2026, 60 days to deliver — what is the delivery deadline?",
        ],
    );
    // 3 working days after Monday 2 March: Tuesday 3 March is Makha Bucha Day, so 4, 5, 6 March.
    let inspect = &answers[0];
    assert_eq!(
        inspect["entry_id"], "construction-inspection-3wd",
        "{inspect}"
    );
    for part in [
        "The inspection committee must begin inspecting the construction work by **Friday 6 March 2026 (B.E. 2569)**",
        "Working days counted: 1 Wednesday 4 March 2026",
        "Makha Bucha Day",
    ] {
        assert!(text(inspect).contains(part), "{part}: {}", text(inspect));
    }
    assert!(cites(inspect, "clause 176 (5)"), "{inspect}");
    // 15 days, every day counted, from Tuesday 20 October: Wednesday 4 November, a working day.
    let relief = &answers[1];
    assert_eq!(
        relief["entry_id"], "time-extension-15-day-notice",
        "{relief}"
    );
    assert!(
        text(relief).contains("by **Wednesday 4 November 2026 (B.E. 2569)**"),
        "{}",
        text(relief)
    );
    assert!(cites(relief, "clause 182"), "{relief}");
    // 60 days from Wednesday 10 June: 20 days to 30 June, 31 to 31 July, 9 more to Sunday
    // 9 August; the period ends on Monday 10 August (the holiday is on the 12th).
    let delivery = &answers[2];
    for part in [
        "Counting 60 days from Wednesday 10 June 2026",
        "Sunday 9 August 2026",
        "**the period ends on the next working day, Monday 10 August 2026 (B.E. 2569)**",
    ] {
        assert!(text(delivery).contains(part), "{part}: {}", text(delivery));
    }
    for a in &answers {
        assert!(all_english(a), "Thai in an English answer: {}", text(a));
    }
}

#[test]
fn working_days_between_two_english_dates_count_both_ends() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "How many working days between 1 and 15 April 2026?",
            "How many working days from 2026-04-01 to 2026-04-15?",
        ],
    );
    // 1–15 April 2026 has 11 weekdays; Chakri Day (6 April) and Songkran (13–15 April) leave 7.
    for a in &answers {
        assert_eq!(a["entry_id"], "working-days-counting-en", "{a}");
        for part in [
            "From Wednesday 1 April 2026 (B.E. 2569) to Wednesday 15 April 2026 (B.E. 2569)",
            "**7 working days**",
            "Chakri Day",
            "Songkran",
        ] {
            assert!(text(a).contains(part), "{part}: {}", text(a));
        }
        assert!(all_english(a), "Thai in an English answer: {}", text(a));
    }
}

#[test]
fn english_grounds_name_their_method_in_english() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "Flood damaged the road, we need emergency repair worth 3 million baht, which method?",
            "Only one authorised dealer sells this spare part, 800,000 baht — can we use the specific method?",
        ],
    );
    let flood = &answers[0];
    assert_eq!(flood["entry_id"], "specific-emergency", "{flood}");
    assert!(
        text(flood)
            .contains("The specific method at any amount, if supplies are needed in an emergency"),
        "{}",
        text(flood)
    );
    assert!(cites(flood, "section 56 (2) (d)"), "{flood}");
    let sole = &answers[1];
    assert_eq!(sole["entry_id"], "specific-sole-supplier", "{sole}");
    assert!(
        text(sole).contains("only one lawful distributor"),
        "{}",
        text(sole)
    );
    assert!(cites(sole, "section 56 (2) (c)"), "{sole}");
    for a in &answers {
        assert!(all_english(a), "Thai in an English answer: {}", text(a));
    }
}

#[test]
fn an_english_sum_names_the_english_twin_and_its_citation() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "What is the performance guarantee for a contract of 2,400,000 baht?",
            "หลักประกันสัญญา 2,400,000 บาท เท่าไร",
        ],
    );
    let en = &answers[0];
    assert_eq!(en["entry_id"], "performance-guarantee-en", "{en}");
    assert!(
        cites(
            en,
            "MoF Regulation on Public Procurement and Supplies Administration B.E. 2560, clause 168"
        ),
        "{en}"
    );
    assert!(!cites(en, "ระเบียบ"), "{en}");
    // The Thai question keeps the Thai entry and its Thai citation.
    let th = &answers[1];
    assert_eq!(th["entry_id"], "performance-guarantee-5-percent", "{th}");
    assert!(cites(th, "ข้อ 168"), "{th}");
}

#[test]
fn a_warranty_stated_in_years_ends_on_the_date_it_is_counted_to() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "ตรวจรับงานก่อสร้างวันที่ 15 มี.ค. 2569 รับประกัน 2 ปี หมดประกันวันไหน",
            "ตรวจรับงานก่อสร้างวันที่ 15 มี.ค. 2569 รับประกัน 2 ปี คืนหลักประกันสัญญาได้เมื่อไร",
            "หมดประกัน 15 มี.ค. 2571 คืนหลักประกันสัญญาได้เมื่อไร",
            "ตรวจรับงานก่อสร้างวันที่ 15 มี.ค. 2569 หมดประกันวันไหน",
        ],
    );
    // Day 1 is 16 Mar 2569; two years end on 15 Mar 2571 (a Wednesday).
    let end = &answers[0];
    assert_eq!(end["entry_id"], "warranty-construction-2-years");
    assert!(text(end).contains("**พ. 15 มี.ค. 2571**"), "{}", text(end));
    assert!(text(end).contains("2 ปีนับจากวันถัดจากวันที่รับมอบงาน"));
    assert!(cites(end, "แบบสัญญาจ้างก่อสร้าง หมายเหตุ (20)"));
    // The guarantee: 15 days from the day after the warranty ends, 30 Mar 2571 (Thursday;
    // 2571 has no holiday list, which the answer says).
    for chained in &answers[1..3] {
        assert_eq!(chained["entry_id"], "contract-guarantee-return-15-days");
        assert!(
            text(chained).contains("**พฤ. 30 มี.ค. 2571**"),
            "{}",
            text(chained)
        );
        assert!(cites(chained, "ข้อ 170"));
        assert!(text(chained).contains("ยังไม่มีรายการวันหยุดราชการของปี พ.ศ. 2571"));
    }
    assert!(text(&answers[1]).contains("สิ้นสุดวันที่ **พ. 15 มี.ค. 2571**"));
    // Without the warranty's length the contract decides: nothing is computed.
    assert_ne!(answers[3]["title"], "คำนวณกำหนดเวลานับจากวันที่ให้มา");
    assert!(!text(&answers[3]).contains("15 มี.ค. 2571"));
}

#[test]
fn carried_over_money_is_withdrawn_until_six_months_into_the_next_fiscal_year() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "กันเงินเหลื่อมปีงบ 69 ไว้ เบิกได้ถึงเมื่อไหร่",
            "กันเงินเหลื่อมปีงบประมาณ พ.ศ. 2570 เบิกได้ถึงวันไหน",
            "กันเงินเหลื่อมปีไว้ เบิกได้ถึงเมื่อไหร่",
        ],
    );
    // FY 2569 ends 30 Sep 2569; day 1 is 1 Oct, six months end 31 Mar 2570.
    let fy69 = &answers[0];
    assert_eq!(fy69["entry_id"], "carry-over-binding-obligation");
    assert!(text(fy69).contains("**พ. 31 มี.ค. 2570**"), "{}", text(fy69));
    assert!(text(fy69).contains("กระทรวงการคลัง"));
    assert!(cites(fy69, "มาตรา 43"));
    assert!(text(&answers[1]).contains("**ศ. 31 มี.ค. 2571**"));
    // No fiscal year: the rule's entry, not a date.
    assert!(!text(&answers[2]).contains("31 มี.ค. 2570"));
    assert_ne!(answers[2]["title"], "คำนวณกำหนดเวลานับจากวันที่ให้มา");
}

#[test]
fn a_unit_price_times_the_quantity_is_the_estimate_the_method_follows() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "ซื้อคอมพิวเตอร์ 20 เครื่อง เครื่องละ 25,000 บาท ใช้วิธีไหน",
            "จ้างทำป้าย 3 ป้ายๆ ละ 200,000 ใช้วิธีอะไร",
            "ซื้อคอมพิวเตอร์เครื่องละ 25,000 บาท ใช้วิธีไหน",
        ],
    );
    // 20 × 25,000 = 500,000: still within the 500,000 line, with an inspection committee.
    let computers = &answers[0];
    assert_eq!(computers["entry_id"], "specific-method-limit");
    assert!(text(computers).contains("วงเงิน 500,000 บาท"));
    assert!(text(computers).contains("เครื่องละ 25,000 บาท × 20 เครื่อง = 500,000 บาท"));
    assert!(text(computers).contains("คณะกรรมการตรวจรับ"));
    // 3 × 200,000 = 600,000: above the line, the amount bands' e-market / e-bidding.
    let signs = &answers[1];
    assert_eq!(signs["entry_id"], "which-method-by-amount");
    assert!(text(signs).contains("วงเงิน 600,000 บาท"));
    assert!(text(signs).contains("(e-bidding)"));
    // A price per unit without the quantity is not an estimate.
    assert!(!text(&answers[2]).contains("วงเงิน 25,000 บาท"));
}

#[test]
fn fines_so_far_are_set_against_the_ten_percent_line() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "ค่าปรับสะสม 250,000 แล้ว สัญญา 2 ล้าน เกิน 10% หรือยัง",
            "ค่าปรับสะสม 150,000 สัญญาจ้าง 2,000,000 บาท เกิน 10% หรือยัง",
            "ค่าปรับสะสมเกิน 10% หรือยัง ต้องบอกเลิกไหม",
        ],
    );
    // 250,000 of 2,000,000 is 12.5 %, past the 200,000 line.
    let past = &answers[0];
    assert_eq!(past["entry_id"], "fine-exceeds-10-percent-termination");
    assert!(text(past).contains("12.5%"), "{}", text(past));
    assert!(text(past).contains("เกิน 10% (200,000 บาท) แล้ว"));
    assert!(text(past).contains("พิจารณาบอกเลิกสัญญา"));
    assert!(cites(past, "ข้อ 183"));
    // 150,000 is 7.5 %: 50,000 left before the line.
    let below = &answers[1];
    assert!(text(below).contains("7.5%") && text(below).contains("เหลืออีก 50,000 บาท"));
    // No figures: the entry answers.
    assert_eq!(
        answers[2]["entry_id"],
        "fine-exceeds-10-percent-termination"
    );
    assert!(!text(&answers[2]).contains("คิดเป็น"));
}

#[test]
fn a_daily_fine_is_worked_at_the_rate_the_officer_states() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "สัญญาซื้อ 800,000 ปรับวันละ 0.2% ส่งช้า 12 วัน ค่าปรับเท่าไหร่",
            "สัญญาจ้าง 1,000,000 ปรับวันละ 0.05% ช้า 10 วัน ค่าปรับเท่าไหร่",
            "สัญญาจ้าง 500,000 ปรับวันละ 0.01% ช้า 10 วัน ค่าปรับเท่าไหร่",
        ],
    );
    // 0.2 % × 800,000 = 1,600 a day; 12 days = 19,200.
    let goods = &answers[0];
    assert_eq!(goods["entry_id"], "daily-fine-rates");
    assert!(text(goods).contains("วันละ 1,600 บาท") && text(goods).contains("**19,200 บาท**"));
    // 0.05 % × 1,000,000 = 500 a day, the contract's rate rather than the model's 0.1 %.
    let hire = &answers[1];
    assert!(text(hire).contains("วันละ 500 บาท") && text(hire).contains("**5,000 บาท**"));
    assert!(text(hire).contains("แทนอัตราในแบบสัญญา 0.1%"));
    // 0.01 % × 500,000 = 50 a day, below the hire's 100-baht floor: 100 a day, 1,000 in all.
    let floor = &answers[2];
    assert!(text(floor).contains("วันละ 100 บาท") && text(floor).contains("**1,000 บาท**"));
    assert_eq!(floor["verified"], false);
}

fn also(a: &Value) -> Vec<String> {
    a["also_answered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["entry_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_ask_the_computation_does_not_answer_is_answered_from_the_rule_entry() {
    let answers = ask_all(
        "2026-04-01",
        &[
            "สัญญาจ้าง 1.8 ล้าน จ่ายล่วงหน้าได้สูงสุดเท่าไหร่ แล้วผู้รับจ้างต้องวางหลักประกันอะไร",
            "ประกาศผู้ชนะ 4 พ.ค. 69 อุทธรณ์ครบวันไหน เซ็นสัญญาได้เร็วสุดวันไหน",
            "งาน 2 ล้าน หลักประกันสัญญาเท่าไร",
        ],
    );
    // At most 15 % of 1,800,000 = 270,000; the security for the advance is a line of the
    // advance-payment entry, not the 5 % contract guarantee of another entry.
    let advance = &answers[0];
    assert_eq!(advance["entry_id"], "advance-payment-15-percent");
    assert!(
        text(advance).contains("ไม่เกิน 270,000 บาท") && text(advance).contains("หลักประกันเงินล่วงหน้า"),
        "{}",
        text(advance)
    );
    assert!(also(advance).is_empty(), "{:?}", also(advance));
    // Winner announced on Coronation Day, Mon 4 May 2569: appeal 5 (1), 6 (2), 7 (3), 8 (4),
    // 11 (5), 12 (6), 13 May Royal Ploughing skipped, Thu 14 May (7); the earliest signing is
    // the next working day, Fri 15 May 2569. Both asks are computed: no entry is added.
    let dates = &answers[1];
    assert!(
        text(dates).contains("14 พ.ค. 2569") && text(dates).contains("15 พ.ค. 2569"),
        "{}",
        text(dates)
    );
    assert!(also(dates).is_empty(), "{:?}", also(dates));
    // One ask, one computed line: 5 % of 2,000,000 = 100,000, nothing appended.
    let single = text(&answers[2]);
    assert!(
        single.contains("100,000 บาท") && !single.contains('▸'),
        "{single}"
    );
}

#[test]
fn days_late_in_the_phrasings_officers_use_give_the_total_fine() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "จ้างก่อสร้าง 1.6 ล้าน ส่งช้า 20 วัน ค่าปรับรวมเท่าไหร่",
            "จ้างก่อสร้าง 1.6 ล้าน ปรับวันละเท่าไหร่ รวม 20 วันเท่าไหร่",
            "จ้างก่อสร้าง 1.6 ล้าน เลยกำหนด 20 วัน ปรับเท่าไหร่",
            "จ้างก่อสร้าง 1.6 ล้าน ล่าช้าไป 20 วัน ค่าปรับเท่าไร",
            "จ้างก่อสร้าง 1.6 ล้าน เกินมา 20 วัน ค่าปรับเท่าไร",
            "จ้างก่อสร้าง 1.6 ล้าน ผู้รับจ้างส่งงานไม่ทัน 20 วันแล้ว ปรับเท่าไหร่",
            "จ้างก่อสร้าง 1.6 ล้าน ระยะเวลารวม 120 วัน ปรับวันละเท่าไหร่",
        ],
    );
    // Hire and construction at the model rate 0.10 %: 1,600 a day; 20 days = 32,000.
    for late in &answers[..6] {
        let said = text(late);
        assert!(
            said.contains("วันละ 1,600 บาท") && said.contains("ค่าปรับรวม **32,000 บาท**"),
            "{}: {said}",
            late["question"]
        );
    }
    // The contract's own length is not days late: the daily figure, no total.
    let length = text(&answers[6]);
    assert!(
        length.contains("วันละ 1,600 บาท") && !length.contains("ค่าปรับรวม"),
        "{length}"
    );
}

#[test]
fn the_day_fines_pass_the_ten_percent_line_is_worked_at_the_stated_rate() {
    let answers = ask_all(
        "2026-12-05",
        &[
            "สัญญาซื้อ 900,000 ปรับวันละ 0.2% กี่วันถึงจะเกิน 10%",
            "สัญญาซื้อ 900,000 ปรับวันละ 0.15% กี่วันถึงจะเกินร้อยละ 10",
            "ซื้อครุภัณฑ์ 900,000 ปรับวันละ 0.2% ช้ากี่วันค่าปรับถึงจะเกิน 10 เปอร์เซ็นต์",
        ],
    );
    // 0.2 % of 900,000 = 1,800 a day; the line is 10 % = 90,000 = 50 days exactly, so the
    // fines pass it on day 51.
    for at_model_rate in [&answers[0], &answers[2]] {
        let said = text(at_model_rate);
        assert!(
            said.contains("วันละ 1,800 บาท") && said.contains("(90,000 บาท) ในวันที่ 51"),
            "{said}"
        );
    }
    // At the stated 0.15 %: 1,350 a day; 66 days = 89,100, 67 days = 90,450 → day 67.
    let stated = text(&answers[1]);
    assert!(
        stated.contains("วันละ 1,350 บาท") && stated.contains("(90,000 บาท) ในวันที่ 67"),
        "{stated}"
    );
}
