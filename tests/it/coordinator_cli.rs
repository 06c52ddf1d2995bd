//! The real binary for the coordinators' commands: `report weekly`, `kb gaps`, `kb draft`,
//! `dashboard-link`, `privacy export|forget`, against a SQLite database a story made.
use crate::support::{agency, cast, monday_morning};
use chrono::Duration;
use clinic::cases::Command as CaseCommand;
use clinic::store::{Question, SqliteStore, Store, no_messages};
use std::path::Path;

const KNOWLEDGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge");

use crate::support::clinic_on as clinic;

#[tokio::test]
async fn coordinators_report_draft_issue_links_and_answer_data_requests_from_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("clinic.db");
    let store = SqliteStore::connect(&format!("sqlite://{}", db.display()), "KK")
        .await
        .expect("store");
    let c = cast(&store).await;
    let t = monday_morning();
    let case = store
        .open_case(
            &c.officer,
            &agency("treasury"),
            "คืนหลักประกันสัญญาเมื่อใด",
            t,
            no_messages,
        )
        .await
        .expect("open");
    let r = case.case_ref.clone();
    let ex = &c.treasury_expert;
    for (who, command, hours) in [
        (ex, CaseCommand::Claim, 1),
        (
            ex,
            CaseCommand::Resolve {
                summary: "คืนภายใน 15 วันนับแต่พ้นภาระผูกพัน".into(),
            },
            3,
        ),
    ] {
        store
            .act(who, &r, command, t + Duration::hours(hours), no_messages)
            .await
            .expect("act");
    }
    for _ in 0..2 {
        store
            .log_question(&Question {
                user: Some(c.officer.user),
                asked_at: chrono::Utc::now() - Duration::days(1),
                text: "ค่าเบี้ยเลี้ยงกรรมการตรวจรับ".into(),
                entry_id: None,
                confidence: 0.1,
                answered: false,
                agency: Some("treasury".into()),
            })
            .await
            .expect("log");
    }
    store.close().await;
    let knowledge = Path::new(KNOWLEDGE);

    let json = clinic(
        &db,
        knowledge,
        &["report", "weekly", "--week", "2026-01-07", "--json"],
    );
    let summary: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(summary["week_start"], "2026-01-05");
    assert_eq!(
        (
            summary["total"]["opened"].as_u64(),
            summary["total"]["resolved"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let text = clinic(&db, knowledge, &["report", "weekly", "--week", "5/1/2569"]);
    assert!(text.starts_with("📊 สรุปประจำสัปดาห์ 5 ม.ค. 2569"), "{text}");

    let gaps: serde_json::Value =
        serde_json::from_str(&clinic(&db, knowledge, &["kb", "gaps", "--json"])).expect("json");
    assert_eq!(gaps[0]["count"], 2);

    // Drafts go to <knowledge>/drafts: use a scratch knowledge folder.
    let scratch = dir.path().join("knowledge");
    let path = clinic(&db, &scratch, &["kb", "draft", &r.to_string()]);
    let text = std::fs::read_to_string(path.trim()).expect("draft written");
    assert!(
        path.trim().ends_with("drafts/case-kk-2569-000001.md"),
        "{path}"
    );
    let front = text.split("+++").nth(1).expect("front matter");
    let front: toml::Table = toml::from_str(front).expect("valid TOML front matter");
    assert_eq!(front["id"].as_str(), Some("case-kk-2569-000001"));
    assert_eq!(front["verified"].as_bool(), Some(false));
    assert_eq!(front["agency"].as_str(), Some("treasury"));
    assert!(front["citations"].as_array().is_some_and(|c| !c.is_empty()));
    assert!(text.trim_end().ends_with("คืนภายใน 15 วันนับแต่พ้นภาระผูกพัน"));

    let link = clinic(&db, knowledge, &["dashboard-link", "800"]);
    assert!(
        link.starts_with("http://127.0.0.1:8080/login?token=800."),
        "{link}"
    );

    let export = clinic(&db, knowledge, &["privacy", "export", "101"]);
    assert!(export.contains("สมชาย ใจดี") && export.contains("คืนหลักประกันสัญญาเมื่อใด"));
    clinic(&db, knowledge, &["privacy", "forget", "101"]);
    let after = clinic(&db, knowledge, &["privacy", "export", "101"]);
    assert!(
        !after.contains("สมชาย") && !after.contains("คืนหลักประกันสัญญาเมื่อใด"),
        "{after}"
    );
}
