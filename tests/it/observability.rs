//! What an operator sees of the real `clinic run`: the counters of `/metrics` move where the
//! events happen, and the log on stderr carries the spans of updates and cases.
use crate::desk::{GOOD_QUESTION, VAGUE_QUESTION};
use crate::support::telegram::{FakeTelegram, button};
use crate::telegram::{ADMIN, EXPERT, OFFICER, TREASURY};
use crate::telegram_ux::http;
use std::sync::{Arc, Mutex};
use tokio::io::AsyncReadExt;

/// `clinic run` against `fake` with its dashboard at `addr`, logging with `rust_log`; the
/// child and everything it writes to stderr, as it comes.
fn run_logged(
    fake: &FakeTelegram,
    dir: &std::path::Path,
    addr: &str,
    rust_log: &str,
) -> (tokio::process::Child, Arc<Mutex<String>>) {
    let db = format!("sqlite://{}", dir.join("clinic.db").display());
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_clinic"));
    let mut child = fake
        .clinic_run(exe, &db, ADMIN)
        .env("CLINIC_WEB_ADDR", addr)
        .env("RUST_LOG", rust_log)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("clinic run starts");
    let log = Arc::new(Mutex::new(String::new()));
    let mut stderr = child.stderr.take().expect("stderr");
    let sink = log.clone();
    tokio::spawn(async move {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = stderr.read(&mut buf).await {
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    (child, log)
}

fn free_addr() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().to_string()
}

/// The value of the series line that starts with `series ` (name and labels), if shown.
fn value(metrics: &str, series: &str) -> Option<f64> {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|v| v.trim().parse().ok())
}

/// Wait until the log holds `needle`; the log so far.
async fn log_shows(log: &Mutex<String>, needle: &str) -> String {
    for _ in 0..200 {
        let text = log.lock().unwrap().clone();
        if text.contains(needle) {
            return text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let text = log.lock().unwrap().clone();
    panic!("no {needle:?} in the log:\n{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_and_a_handoff_move_the_counters_and_the_log_names_update_and_case() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let addr = free_addr();
    let (_child, log) = run_logged(
        &fake,
        dir.path(),
        &addr,
        "info,clinic::telemetry::http=debug",
    );
    let f = &fake;
    f.bind_agency_and_join(ADMIN, TREASURY, "treasury", EXPERT)
        .await;
    f.register(OFFICER, "สมชาย ใจดี").await;
    let before = http(&addr, "GET", "/metrics", None).await;
    let handled_before = value(&before, "clinic_updates_handled_total").unwrap();

    // One question answered, one not; that one handed off to the treasury.
    f.text(OFFICER, OFFICER, GOOD_QUESTION, None);
    f.wait_text(OFFICER, "📘").await;
    f.text(OFFICER, OFFICER, VAGUE_QUESTION, None);
    let unsure = f.wait_text(OFFICER, "🤔").await;
    f.press(OFFICER, OFFICER, &button(&unsure, "handoff:"));
    f.wait_text(OFFICER, "เสนอส่งเรื่อง").await;
    f.press(OFFICER, OFFICER, "open:treasury");
    let post = f.wait_text(TREASURY, "🆕").await;
    let case_ref = button(&post, "claim:")
        .trim_start_matches("claim:")
        .to_owned();

    let after = http(&addr, "GET", "/metrics", None).await;
    assert!(after.starts_with("HTTP/1.1 200"), "{after}");
    for (series, moved) in [
        ("clinic_questions_total", 2.0),
        ("clinic_answers_total", 1.0),
        ("clinic_answers_declined_total", 1.0),
        ("clinic_handoffs_total", 1.0),
        ("clinic_case_changes_total{action=\"open\"}", 1.0),
    ] {
        assert_eq!(value(&after, series), Some(moved), "{series} in {after}");
    }
    // Two texts and two presses at least, beyond what registering took.
    let handled = value(&after, "clinic_updates_handled_total").unwrap();
    assert!(
        handled >= handled_before + 4.0,
        "{handled_before} → {after}"
    );
    assert!(value(&after, "clinic_update_duration_seconds_count").unwrap() >= 4.0);
    assert!(value(&after, "clinic_outbox_sends_total{result=\"sent\"}").unwrap() >= 4.0);
    assert!(value(&after, "clinic_http_requests_total{class=\"2xx\"}").unwrap() >= 1.0);
    // Every state gauge is shown from the start, each status of a case included.
    assert!(value(&after, "clinic_outbox_depth").is_some(), "{after}");
    assert!(
        value(&after, "clinic_cases{status=\"merged\"}").is_some(),
        "{after}"
    );

    // The log: one line per update, in its span; the case change in the case's span.
    let text = log_shows(&log, &format!("case{{case={case_ref} action=open}}")).await;
    assert!(
        text.lines().any(|l| l.contains("update{update_id=")
            && l.contains(&format!("chat={OFFICER} kind=text"))
            && l.contains("update handled")),
        "{text}"
    );
    assert!(text.contains("kind=button"), "{text}");

    // A request's span has its path, never its query: login links carry their token there.
    let login = http(&addr, "GET", "/login?token=not-a-real-token-42", None).await;
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    let text = log_shows(&log, "path=/login").await;
    assert!(!text.contains("not-a-real-token-42"), "{text}");
    assert!(
        text.contains("http{method=GET path=/metrics status=200"),
        "{text}"
    );
}
