//! How the knowledge base ranks questions officers write: a question with two asks finds the
//! entry for each, a provision the officer names leads to the entries citing it, and officers'
//! short words mean what the entries say at length.

use std::path::Path;

use chrono::NaiveDate;
use clinic::knowledge::{Answerer, KnowledgeBase, TUNING, Tuning};

fn answerer() -> Answerer {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    Answerer::new(KnowledgeBase::load(&dir).expect("knowledge loads"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date")
}

fn ranked(a: &Answerer, question: &str, tuning: &Tuning) -> Vec<String> {
    a.rank_with(question, today(), 4, tuning)
        .hits
        .iter()
        .map(|h| a.kb.entries[h.entry].id.to_string())
        .collect()
}

#[test]
fn a_two_part_question_ranks_the_entry_of_each_ask() {
    let a = answerer();
    let ids = ranked(&a, "ประกาศสอบราคากี่วันคะ แล้วผู้แพ้อุทธรณ์ผลได้ภายในกี่วัน", &TUNING);
    assert_eq!(ids[0], "price-quotation-timeline", "{ids:?}");
    assert!(
        ids.iter().any(|id| id.starts_with("appeal-period")),
        "{ids:?}"
    );
}

#[test]
fn a_clause_the_officer_names_lifts_the_entries_citing_it() {
    let a = answerer();
    let question = "ผู้รับจ้างไม่ยอมเข้าทำงานเลย ตามข้อ 183 หน่วยงานต้องทำอะไร";
    let ids = ranked(&a, question, &TUNING);
    assert_eq!(ids[0], "contractor-slow-start", "{ids:?}");
    // Without the lift the clause number is one word among many.
    let unlifted = ranked(
        &a,
        question,
        &Tuning {
            provision: 0.0,
            ..TUNING
        },
    );
    let lifted_at = |list: &[String]| list.iter().position(|id| id == "contractor-slow-start");
    assert!(
        lifted_at(&unlifted).is_none_or(|p| p >= lifted_at(&ids).unwrap_or(usize::MAX)),
        "{unlifted:?}"
    );
}

#[test]
fn a_circular_written_short_finds_the_entries_citing_it() {
    let a = answerer();
    let ids = ranked(&a, "ค่าปรับตาม ว116 คิดยังไงครับ", &TUNING);
    assert!(
        ids.iter()
            .take(2)
            .any(|id| id == "daily-fine-rates" || id == "liquidated-damages-en"),
        "{ids:?}"
    );
}

#[test]
fn officers_short_words_reach_the_entries_long_ones() {
    let a = answerer();
    let terms = |text: &str| a.kb.analyzer.terms(text);
    assert!(terms("ผอ.ให้ถาม").contains(&"≡หัวหน้าหน่วยงาน".to_string()));
    assert!(terms("จนท.พัสดุ").contains(&"≡เจ้าหน้าที่".to_string()));
    assert!(terms("จ้างซ่อมแซมอาคาร ของโรงเรียน").contains(&"≡งานก่อสร้าง".to_string()));
    assert!(terms("สร้างอาคารใหม่").contains(&"≡งานก่อสร้าง".to_string()));
}
