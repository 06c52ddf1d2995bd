//! Asking back instead of declining: a question that leaves open the one thing its closest
//! entries differ in (here the fiscal year) gets one question with a button per entry; the press
//! answers from the entry it names, and a forged press is refused — in Telegram through the real
//! binary, in `clinic ask --json` as `clarify`, and in `clinic chat`.
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::telegram::button;
use crate::telegram::{OFFICER, Service};

/// Says "the investment disbursement target" without saying which fiscal year.
const YEAR_LEFT_OPEN: &str = "เป้าเบิกจ่ายงบลงทุนตั้งไว้กี่เปอร์เซ็นต์";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_open_between_yearly_entries_is_asked_back_and_the_press_answers_that_year() {
    let s = Service::start().await;
    let f = &s.fake;
    f.register(OFFICER, "สมชาย ใจดี").await;
    f.text(OFFICER, OFFICER, YEAR_LEFT_OPEN, None);
    let asked = f.wait_text(OFFICER, "ปีงบประมาณไหน").await;
    let choices: Vec<String> = asked
        .buttons()
        .into_iter()
        .filter(|b| b.starts_with("which:"))
        .collect();
    assert!(choices.len() >= 2, "{asked:?}");
    // The handoff stays on the question asked back.
    button(&asked, "handoff:");
    let labels = asked.body["reply_markup"].to_string();
    assert!(labels.contains("ปีงบประมาณ 2568"), "{labels}");

    // The button for 2568 is the one whose label names it.
    let markup = &asked.body["reply_markup"]["inline_keyboard"];
    let fy2568 = markup
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .find(|b| b["text"] == "ปีงบประมาณ 2568")
        .and_then(|b| b["callback_data"].as_str().map(str::to_owned))
        .expect("a 2568 button");
    let message = asked.message_id.unwrap();
    f.press_on(OFFICER, OFFICER, message, &fy2568);
    let answer = f.wait_text(OFFICER, "📘 ปีงบ 2568").await;
    assert!(answer.text().contains("80%"), "{}", answer.text());
    button(&answer, "fb:up:");

    // A press forged with an option the question never had, or a question that is not theirs, is refused.
    let question = fy2568.split(':').nth(1).unwrap();
    for forged in [format!("which:{question}:9"), "which:999999:0".to_owned()] {
        let press = f.press_on(OFFICER, OFFICER, message, &forged);
        let refusal = f.wait_answer(&press).await;
        assert_eq!(refusal.body["show_alert"], true, "{refusal:?}");
        assert!(
            refusal.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains('⛔'),
            "{refusal:?}"
        );
    }
}

fn knowledge() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

#[test]
fn ask_json_shows_the_question_asked_back_with_each_options_entry() {
    let out = Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(["ask", "--json", YEAR_LEFT_OPEN])
        .env("CLINIC_KNOWLEDGE", knowledge())
        .output()
        .unwrap();
    assert!(out.status.success());
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["answered"], false);
    assert_eq!(a["clarify"]["slot"], "year");
    assert!(
        a["clarify"]["question"]
            .as_str()
            .unwrap()
            .contains("ปีงบประมาณไหน")
    );
    let options = a["clarify"]["options"].as_array().unwrap();
    assert!(options.iter().any(|o| o["value"] == "2568"
        && o["entry_id"] == "fy2568-investment-target"
        && o["label"] == "ปีงบประมาณ 2568"));
    // Every field of the contract is still there; a question that is answered has no clarify.
    for field in [
        "question",
        "entry_id",
        "confidence",
        "alternatives",
        "handoff_agency",
    ] {
        assert!(a.get(field).is_some(), "{field} missing");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(["ask", "--json", "ปีงบ 2568 เป้าเบิกจ่ายงบลงทุนตั้งไว้กี่เปอร์เซ็นต์"])
        .env("CLINIC_KNOWLEDGE", knowledge())
        .output()
        .unwrap();
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["entry_id"], "fy2568-investment-target");
    assert!(a["clarify"].is_null());
}

#[test]
fn clinic_chat_asks_back_and_the_typed_label_presses_the_choice() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_clinic"))
        .arg("chat")
        .env("CLINIC_KNOWLEDGE", knowledge())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("chat.db").display()),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let script =
        format!("/start\nสมชาย ใจดี\nอบต.บ้านเป็ด\n{YEAR_LEFT_OPEN}\nปีงบประมาณ 2568\n/quit\n");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let shown = String::from_utf8(out.stdout).unwrap();
    let asked = shown.find("ปีงบประมาณไหน").expect("asked back");
    assert!(shown[asked..].contains("] ปีงบประมาณ 2568"), "{shown}");
    assert!(shown[asked..].contains("📘 ปีงบ 2568"), "{shown}");
}
