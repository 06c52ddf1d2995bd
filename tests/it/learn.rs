//! `/learn` end to end: the real `clinic run` against the fake Bot API. An officer takes a
//! course with right and wrong answers, the bot is killed and restarted, the course resumes
//! where it was left, and a coordinator sees the unit's progress in `/summary`.
use crate::support::telegram::{Call, FakeTelegram, button};
use clinic::knowledge::{Course, load_courses};

const ADMIN: i64 = 900;
const OFFICER: i64 = 131;
const COURSE: &str = "new-supply-officer";

fn course() -> Course {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"));
    load_courses(dir)
        .unwrap()
        .into_iter()
        .find(|c| c.id == COURSE)
        .unwrap()
}

fn quiz_data(lesson: usize, quiz: usize, option: usize) -> String {
    format!("quiz:{COURSE}:{lesson}:{quiz}:{option}")
}

/// The `n`-th message (1-based) to `chat` containing `needle`.
async fn nth_text(fake: &FakeTelegram, chat: i64, needle: &str, n: usize) -> Call {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let found: Vec<Call> = fake
            .sends()
            .into_iter()
            .filter(|c| c.chat() == chat && c.text().contains(needle))
            .collect();
        if let Some(call) = found.get(n - 1) {
            return call.clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {n}th {needle:?} in chat {chat}: {:#?}",
            fake.sends().iter().map(Call::text).collect::<Vec<_>>()
        );
        tokio::time::sleep(std::time::Duration::from_millis(40)).await;
    }
}

fn spawn(fake: &FakeTelegram, db: &str) -> tokio::process::Child {
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_clinic"));
    fake.clinic_run(exe, db, ADMIN).spawn().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_takes_a_course_resumes_after_a_restart_and_the_coordinator_sees_the_score() {
    let course = course();
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("clinic.db").display());
    let mut bot = spawn(&fake, &db);
    fake.register_in(OFFICER, "มือใหม่ พัสดุ", "อบต.บ้านเป็ด").await;

    fake.text(OFFICER, OFFICER, "/learn", None);
    let list = fake.wait_text(OFFICER, "เลือกบทเรียน").await;
    assert!(
        list.buttons().contains(&format!("learn:{COURSE}")),
        "{list:?}"
    );
    fake.press(OFFICER, OFFICER, &button(&list, &format!("learn:{COURSE}")));

    // Lesson 1: the entry's short answer and basis, then the question with its options.
    let lesson = fake.wait_text(OFFICER, "บทที่ 1/13").await;
    assert!(
        lesson.text().contains("วิธีประกาศเชิญชวนทั่วไป"),
        "{}",
        lesson.text()
    );
    assert!(lesson.text().contains("⚖️ ข้อกฎหมาย: พ.ร.บ.การจัดซื้อจัดจ้าง"));
    let question = fake.wait_text(OFFICER, "คำถาม 1/2").await;
    assert_eq!(question.buttons().len(), 3);
    assert!(question.buttons().contains(&quiz_data(0, 0, 0)));

    // Right, then wrong: the wrong answer names the right one and links to the entry.
    fake.press(OFFICER, OFFICER, &quiz_data(0, 0, 0));
    let right = fake.wait_text(OFFICER, "✅ ถูกต้อง").await;
    assert!(right.text().contains("มาตรา 56"), "{}", right.text());
    fake.wait_text(OFFICER, "คำถาม 2/2").await;
    fake.press(OFFICER, OFFICER, &quiz_data(0, 1, 0));
    let wrong = fake.wait_text(OFFICER, "❌ ยังไม่ถูก").await;
    assert!(
        wrong.text().contains("«วิธีประกาศเชิญชวนทั่วไป»"),
        "{}",
        wrong.text()
    );
    assert_eq!(button(&wrong, "entry:"), "entry:method-families");
    fake.press(OFFICER, OFFICER, "entry:method-families");
    fake.wait_text(OFFICER, "📘 วิธีจัดซื้อจัดจ้างมีกี่วิธี").await;

    // Lesson 2 follows; one more answer, then the bot dies.
    fake.wait_text(OFFICER, "บทที่ 2/13").await;
    fake.press(OFFICER, OFFICER, &quiz_data(1, 0, 1));
    nth_text(&fake, OFFICER, "✅ ถูกต้อง", 2).await;
    nth_text(&fake, OFFICER, "คำถาม 2/2", 2).await;
    bot.start_kill().unwrap();
    bot.wait().await.unwrap();
    let mut bot = spawn(&fake, &db);

    // After the restart: 3 of 26 answered, and the course goes on at lesson 2's second question.
    fake.text(OFFICER, OFFICER, "/learn", None);
    let list = nth_text(&fake, OFFICER, "เลือกบทเรียน", 2).await;
    assert!(list.text().contains("เลือกบทเรียน"));
    let labels = format!("{:?}", list);
    assert!(labels.contains("(3/26)"), "{labels}");
    fake.press(OFFICER, OFFICER, &format!("learn:{COURSE}"));
    let resumed = nth_text(&fake, OFFICER, "บทที่ 2/13", 2).await;
    assert!(resumed.text().contains("วิธีเฉพาะเจาะจง"));
    let again = nth_text(&fake, OFFICER, "คำถาม 2/2", 3).await;
    assert!(again.buttons().contains(&quiz_data(1, 1, 1)), "{again:?}");

    // An answered question cannot be answered again; a question not reached is refused.
    fake.press(OFFICER, OFFICER, &quiz_data(0, 0, 1));
    fake.wait_text(OFFICER, "ตอบไปแล้ว").await;
    fake.press(OFFICER, OFFICER, &quiz_data(5, 0, 0));
    fake.wait_text(OFFICER, "ปุ่มนี้ใช้ไม่ได้").await;

    // Every remaining question answered right.
    let positions = course.positions();
    for (n, &(lesson, quiz)) in positions.iter().enumerate().skip(3) {
        let right = course.quiz(lesson, quiz).unwrap().right_option().unwrap();
        fake.press(OFFICER, OFFICER, &quiz_data(lesson, quiz, right));
        nth_text(&fake, OFFICER, "✅ ถูกต้อง", n).await;
    }
    let done = fake.wait_text(OFFICER, "🎓 จบบทเรียน").await;
    assert!(done.text().contains("คะแนน 25/26"), "{}", done.text());

    // The coordinator (here the admin) sees the unit's progress in the weekly summary.
    fake.text(ADMIN, ADMIN, "/summary", None);
    let progress = fake.wait_text(ADMIN, "📚 บทเรียนของหน่วยงาน").await;
    assert!(
        progress
            .text()
            .contains("อบต.บ้านเป็ด — เจ้าหน้าที่พัสดุมือใหม่: เริ่ม 1 คน จบ 1 คน คะแนนเฉลี่ย 96%"),
        "{}",
        progress.text()
    );
    bot.start_kill().unwrap();
    bot.wait().await.unwrap();
}
