//! The real `clinic` binary against a SQLite database the journey scenario made.
use crate::scenarios::journey;
use calamine::{Reader, Xlsx, open_workbook};
use clinic::store::SqliteStore;
use std::path::Path;

fn clinic(db: &Path, args: &[&str]) -> String {
    crate::support::clinic_on(
        db,
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")),
        args,
    )
}

#[tokio::test]
async fn show_list_and_export_read_a_database_the_scenarios_made() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("clinic.db");
    let store = SqliteStore::connect(&format!("sqlite://{}", db.display()), "KK")
        .await
        .expect("store");
    let r = journey(&store).await.to_string();
    store.close().await;

    let shown = clinic(&db, &["cases", "show", &r]);
    assert!(shown.contains("เรื่อง KK-2569-000001"), "{shown}");
    assert!(
        shown.contains("5 ม.ค. 2569 09:00"),
        "Buddhist-era Bangkok time: {shown}"
    );
    assert!(
        shown.contains("โอนเรื่องจาก สำนักงานคลังจังหวัด ไป แขวงทางหลวง"),
        "{shown}"
    );
    assert!(shown.contains("ให้คะแนน 5/5"), "{shown}");

    let listed = clinic(
        &db,
        &[
            "cases", "list", "--status", "closed", "--agency", "highways",
        ],
    );
    assert!(
        listed.starts_with("KK-2569-000001\tปิดเรื่อง\thighways"),
        "{listed}"
    );
    assert_eq!(clinic(&db, &["cases", "list", "--status", "open"]), "");

    let csv = dir.path().join("cases.csv");
    let csv_arg = csv.to_str().expect("path");
    clinic(
        &db,
        &[
            "cases", "export", "--format", "csv", "--out", csv_arg, "--from", "5/1/2569",
        ],
    );
    let text = std::fs::read_to_string(&csv).expect("csv");
    let lines: Vec<_> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].starts_with("KK-2569-000001,closed,highways,101,301,"),
        "{text}"
    );

    let xlsx = dir.path().join("cases.xlsx");
    clinic(
        &db,
        &[
            "cases",
            "export",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().expect("path"),
        ],
    );
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("xlsx opens");
    let sheet = book.worksheet_range("cases").expect("sheet");
    let cell = |r: u32, c: u32| {
        sheet
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        (cell(0, 0), cell(1, 0), cell(1, 10)),
        ("ref".into(), r.clone(), "5".into())
    );
    assert_eq!(cell(1, 6), "2026-01-05T09:00:00+07:00");

    let outside = dir.path().join("none.csv");
    let args = [
        "cases",
        "export",
        "--format",
        "csv",
        "--out",
        outside.to_str().expect("path"),
        "--to",
        "2026-01-04",
    ];
    clinic(&db, &args);
    assert_eq!(
        std::fs::read_to_string(&outside)
            .expect("csv")
            .lines()
            .count(),
        1
    );
}

#[test]
fn an_unreachable_postgres_is_named_by_host_and_port_without_the_password() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
        .arg("migrate")
        .env(
            "DATABASE_URL",
            "postgres://postgres:s3cret-pw@127.0.0.1:1/clinic",
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("127.0.0.1:1"), "{stderr}");
    assert!(!stderr.contains("s3cret-pw"), "{stderr}");
}
