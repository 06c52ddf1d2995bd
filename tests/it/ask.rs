//! `clinic ask` and `clinic route` as the outside world calls them: the real binary, JSON on
//! stdout, stdin mode one object per line in order; date questions answered by computing.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

pub(crate) fn clinic(args: &[&str], stdin: &str) -> Vec<Value> {
    clinic_bytes(args, stdin.as_bytes())
}

fn clinic_bytes(args: &[&str], stdin: &[u8]) -> Vec<Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(args)
        .env(
            "CLINIC_KNOWLEDGE",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_specific_method_limit_is_answered_with_its_legal_basis() {
    let out = clinic(&["ask", "--json"], "วิธีเฉพาะเจาะจงซื้อได้ไม่เกินเท่าไหร่\n");
    let a = &out[0];
    assert_eq!(a["answered"], true);
    assert_eq!(a["entry_id"], "specific-method-limit");
    assert!(a["answer"].as_str().unwrap().contains("500,000"));
    let citations = a["citations"].as_array().unwrap();
    assert!(
        citations
            .iter()
            .any(|c| c.as_str().unwrap().contains("มาตรา 56"))
    );
    assert_eq!(a["verified"], true);
    for field in [
        "question",
        "title",
        "confidence",
        "alternatives",
        "handoff_agency",
    ] {
        assert!(a.get(field).is_some(), "{field} missing");
    }
}

#[test]
fn an_out_of_scope_question_is_not_answered() {
    let out = clinic(&["ask", "--json"], "ร้านก๋วยเตี๋ยวแถวศาลากลางร้านไหนอร่อย\n");
    assert_eq!(out[0]["answered"], false);
    assert_eq!(out[0]["entry_id"], Value::Null);
    assert_eq!(out[0]["handoff_agency"], Value::Null);
}

#[test]
fn stdin_mode_answers_every_line_in_order() {
    let questions = ["อุทธรณ์ได้กี่วันทำการ", "", "ค่าปรับงานก่อสร้างวันละเท่าไร", "hello"];
    let out = clinic(&["ask"], &(questions.join("\n") + "\n"));
    assert_eq!(out.len(), questions.len());
    for (q, a) in questions.iter().zip(&out) {
        assert_eq!(a["question"], *q);
    }
    let routes = clinic(&["route"], "ที่ดินก่อสร้างอยู่ในเขตป่าสงวน\nสวัสดีครับ\n");
    assert_eq!(routes[0]["agency"], "forestry");
    assert_eq!(routes[1]["agency"], Value::Null);
}

#[test]
fn an_unverified_entry_carries_its_caveat() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let answerer =
        clinic::knowledge::Answerer::new(clinic::knowledge::KnowledgeBase::load(&dir).unwrap());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut checked = 0;
    for e in answerer.kb.entries.iter().filter(|e| !e.verified) {
        let a = answerer.ask(&e.title, today);
        if a.entry_id.as_deref() == Some(e.id.as_str()) {
            assert!(!a.verified);
            assert!(a.answer.unwrap().contains("⚠️"), "{} has no caveat", e.id);
            checked += 1;
        }
    }
    assert!(
        checked >= 20,
        "only {checked} unverified entries answered by their own title"
    );
}

#[test]
fn an_expired_entry_is_never_served() {
    let dir = crate::support::knowledge_copy();
    let file = dir.path().join("entries/methods/specific-method-limit.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen(
            "verified = true",
            "verified = true\nvalid_until = 2020-12-31",
            1,
        ),
    )
    .unwrap();
    let question = "วิธีเฉพาะเจาะจงซื้อได้ไม่เกินเท่าไหร่";
    let kb = clinic::knowledge::KnowledgeBase::load(dir.path()).unwrap();
    let answerer = clinic::knowledge::Answerer::new(kb);
    let day = |y| chrono::NaiveDate::from_ymd_opt(y, 6, 1).unwrap();
    assert_eq!(
        answerer.ask(question, day(2020)).entry_id.as_deref(),
        Some("specific-method-limit")
    );
    let later = answerer.ask(question, day(2026));
    assert_ne!(later.entry_id.as_deref(), Some("specific-method-limit"));
    assert!(
        later
            .alternatives
            .iter()
            .all(|a| a.entry_id != "specific-method-limit")
    );
}

/// Dates below were counted by hand on the 2026 government calendar (knowledge/holidays).
#[test]
fn date_questions_are_answered_with_computed_dates() {
    let out = clinic(
        &["ask", "--json", "--today", "2026-03-01"],
        "ประกาศผู้ชนะวันศุกร์ 24 เม.ย. 69 ระยะอุทธรณ์ครบวันไหน\n\
         อยากเซ็นสัญญา 1 ต.ค. 69 งาน e-bidding 4 ล้าน ต้องเริ่มเมื่อไร\n\
         ประกาศ e-bidding 3 ล้านวันที่ 8 เม.ย. 69 ยื่นซองได้วันไหน\n",
    );
    // Appeal: 7 working days after Fri 24 Apr — 27, 28, 29, 30 Apr, 1 May (Labour Day is a
    // government working day), 5, 6 May (4 May, Coronation Day, skipped) → Wed 6 May 2569.
    let appeal = out[0]["answer"].as_str().unwrap();
    assert!(appeal.contains("6 พ.ค. 2569"), "{appeal}");
    assert!(
        appeal.contains("7 วันทำการ") && appeal.contains("วันฉัตรมงคล"),
        "{appeal}"
    );
    assert_eq!(out[0]["entry_id"], "appeal-period");
    // Backward from Thu 1 Oct: appeal 22–30 Sep, award Mon 21 Sep, bid Fri 18 Sep, publication
    // 11–17 Sep (5 WD from Thu 10 Sep), draft hearing 7–9 Sep from Fri 4 Sep → start 4 Sep 2569.
    let start = out[1]["answer"].as_str().unwrap();
    assert!(start.contains("ต้องเริ่มอย่างช้า ศ. 4 ก.ย. 2569"), "{start}");
    // Bid day: publication 9, 10, 16, 17, 20 Apr (Songkran 13–15 Apr skipped) → Tue 21 Apr.
    let bid = out[2]["answer"].as_str().unwrap();
    assert!(
        bid.contains("21 เม.ย. 2569") && bid.contains("วันสงกรานต์"),
        "{bid}"
    );
    for a in &out {
        assert_eq!(a["answered"], true);
        assert!(!a["citations"].as_array().unwrap().is_empty());
        assert!(a["entry_id"].is_string());
    }
}

/// Sums counted by hand: 5 % of 3,200,000 = 160,000; 15 % of 900,000 = 135,000; a hire fine of
/// 0.10 % on 1,500,000 = 1,500 a day, 150,000 (10 %) reached on day 100 and passed on day 101;
/// a purchase fine of 0.20 % on 480,000 = 960 a day, 12 days = 11,520, 10 % (48,000) passed on
/// day 51; utility works that block traffic, 0.25 % on 2,000,000 = 5,000 a day, passed on day 41;
/// a hire fine on 50,000 would be 50 baht but the floor is 100; asked when a 0.10 % fine on
/// 3,000,000 passes 10 %: 3,000 a day, 300,000 reached on day 100, passed on day 101.
#[test]
fn guarantees_advances_and_fines_are_computed_from_the_amount_asked_about() {
    let questions = [
        "หลักประกันสัญญางานก่อสร้าง 3.2 ล้าน ต้องวางเท่าไหร่",
        "จะจ่ายเงินล่วงหน้าให้ผู้รับจ้าง งาน 900,000 ได้สูงสุดเท่าไร",
        "จ้างก่อสร้าง 1.5 ล้าน ปรับวันละเท่าไร",
        "ส่งของช้า 12 วัน สัญญาซื้อ 480,000 ค่าปรับเท่าไร",
        "ค่าปรับงานวางท่อประปากีดขวางจราจร สัญญา 2 ล้าน วันละเท่าไหร่",
        "งานจ้างซ่อมรั้ว สัญญา 50,000 ค่าปรับวันละเท่าไร",
        "How much is the performance guarantee on a 2,400,000 baht contract?",
        "สัญญาก่อสร้าง 3,000,000 ปรับวันละ 0.1% ช้ากี่วันค่าปรับถึงจะเกิน 10%",
    ];
    let answers = clinic(&["ask", "--json"], &(questions.join("\n") + "\n"));
    let expect: [(&str, &[&str]); 8] = [
        ("performance-guarantee-5-percent", &["160,000 บาท"]),
        ("advance-payment-15-percent", &["ไม่เกิน 135,000 บาท"]),
        ("daily-fine-rates", &["วันละ 1,500 บาท", "วันที่ 101"]),
        (
            "daily-fine-rates",
            &["วันละ 960 บาท", "11,520 บาท", "วันที่ 51"],
        ),
        ("fine-utility-traffic-025", &["วันละ 5,000 บาท", "วันที่ 41"]),
        ("daily-fine-rates", &["วันละ 100 บาท"]),
        // An English question names the rule's English twin.
        ("performance-guarantee-en", &["120,000"]),
        ("daily-fine-rates", &["วันละ 3,000 บาท", "วันที่ 101"]),
    ];
    for ((q, a), (entry, figures)) in questions.iter().zip(&answers).zip(expect) {
        assert_eq!(a["answered"], true, "{q}: {a}");
        assert_eq!(a["entry_id"], entry, "{q}: {a}");
        let text = a["answer"].as_str().unwrap_or_default();
        for f in figures {
            assert!(text.contains(f), "{q}: expected {f} in {text}");
        }
        assert!(
            !a["citations"].as_array().unwrap().is_empty(),
            "{q}: every computed sum carries its basis"
        );
    }
    // An unverified rule keeps its caveat; the verified 0.25 % rule does not need one.
    assert_eq!(answers[0]["verified"], false);
    assert!(
        answers[0]["answer"]
            .as_str()
            .unwrap()
            .contains("ยังไม่ได้ตรวจทาน")
    );
    assert_eq!(answers[4]["verified"], true);
}

#[test]
fn a_line_that_is_not_utf8_is_answered_with_an_error_and_the_next_lines_still_are() {
    for command in ["ask", "route"] {
        let mut input = "วิธีเฉพาะเจาะจงซื้อได้ไม่เกินเท่าไหร่\n".as_bytes().to_vec();
        input.extend(b"\xff\xfe broken \xc3\n");
        input.extend("ผู้รับจ้างทิ้งงานกลางคัน\n".as_bytes());
        let out = clinic_bytes(&[command], &input);
        assert_eq!(out.len(), 3, "{command}: {out:?}");
        assert!(out[0].get("error").is_none(), "{out:?}");
        assert_eq!(out[1]["line"], 2, "{out:?}");
        assert!(out[1]["error"].as_str().unwrap().contains("UTF-8"));
        assert!(out[2].get("error").is_none(), "{out:?}");
    }
}
