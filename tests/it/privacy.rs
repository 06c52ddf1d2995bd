//! PDPA end to end: an officer registers through the real `clinic run` (fake Bot API), opens a
//! case and talks with the expert both ways; `clinic privacy forget` then leaves none of their
//! words anywhere — not in any column of any table (raw updates and sent messages included),
//! and on SQLite not in the file's bytes once it is checkpointed and vacuumed.
use crate::hostile::Snapshot;
use crate::support::on_postgres_at;
use crate::support::telegram::{FakeTelegram, button};
use clinic::store::SqliteStore;
use clinic::store::personal::MAP;
use std::collections::BTreeSet;

const ADMIN: i64 = 900;
const OFFICER: i64 = 101;
const EXPERT: i64 = 201;
const TREASURY: i64 = -1001;

const NAME: &str = "บุญมี ลืมง่ายยิ่ง";
const UNIT: &str = "อบต.หนองลืมเลือน เลขที่ 99/7 หมู่ 4";
const CASE_TEXT: &str = "ผู้รับจ้างทิ้งงานซ่อมถนนกลางคัน จะบอกเลิกสัญญาและคิดค่าปรับอย่างไร";
const EXPERT_SAYS: &str = "คุณบุญมีครับ ขอสำเนาสัญญาจ้างด้วยครับ";
const OFFICER_SAYS: &str = "ส่งสำเนาแล้วครับ ติดต่อกลับที่ 089-765-4321";

/// Every string that must be gone after forget.
const TRACES: &[&str] = &[
    NAME,
    "บุญมี",
    UNIT,
    "99/7 หมู่ 4",
    CASE_TEXT,
    EXPERT_SAYS,
    OFFICER_SAYS,
    "089-765-4321",
];

fn clinic(database_url: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env(
            "CLINIC_KNOWLEDGE",
            concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"),
        )
        .output()
        .expect("run clinic");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "clinic {args:?} failed: {stderr}");
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The whole story through the real service, then the export and the erasure by the CLI.
async fn talk_then_forget(database_url: &str) {
    let f = FakeTelegram::start().await;
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_clinic"));
    let mut bot = f
        .clinic_run(exe, database_url, ADMIN)
        .spawn()
        .expect("clinic run starts");
    f.bind_agency_and_join(ADMIN, TREASURY, "treasury", EXPERT)
        .await;
    f.register_in(OFFICER, NAME, UNIT).await;
    f.text(OFFICER, OFFICER, &format!("/case {CASE_TEXT}"), None);
    let proposal = f.wait_text(OFFICER, "เสนอส่งเรื่อง").await;
    f.press(OFFICER, OFFICER, &button(&proposal, "open:"));
    let post = f.wait_text(TREASURY, "🆕").await;
    f.press(EXPERT, TREASURY, &button(&post, "claim:"));
    let claimed = f.wait_text(TREASURY, "✅").await;
    f.text(EXPERT, TREASURY, EXPERT_SAYS, claimed.message_id);
    let relayed = f.wait_text(OFFICER, EXPERT_SAYS).await;
    f.text(OFFICER, OFFICER, OFFICER_SAYS, relayed.message_id);
    f.wait_text(TREASURY, OFFICER_SAYS).await;
    bot.start_kill().expect("stop the bot");
    bot.wait().await.expect("the bot stops");

    let export = clinic(database_url, &["privacy", "export", &OFFICER.to_string()]);
    for table in ["\"inbox\"", "\"outbox\""] {
        assert!(export.contains(table), "export lacks {table}: {export}");
    }
    assert!(export.contains("089-765-4321"), "{export}");
    clinic(database_url, &["privacy", "forget", &OFFICER.to_string()]);
}

fn assert_no_trace(rows: &std::collections::BTreeMap<String, Vec<String>>) {
    for (table, rows) in rows {
        for row in rows {
            for trace in TRACES {
                assert!(
                    !row.contains(trace),
                    "{table} still holds {trace:?} after forget: {row}"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_officer_leaves_no_trace_in_any_table_or_in_the_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic.db");
    let url = format!("sqlite://{}", path.display());
    talk_then_forget(&url).await;

    let store = SqliteStore::connect(&url, "KK").await.unwrap();
    assert_no_trace(&store.snapshot().await);
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("VACUUM").execute(store.pool()).await.unwrap();
    store.close().await;
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(std::fs::read(dir.path().join("clinic.db-wal")).unwrap_or_default());
    for trace in TRACES {
        let found = bytes.windows(trace.len()).any(|w| w == trace.as_bytes());
        assert!(!found, "the SQLite file still holds {trace:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_officer_leaves_no_trace_in_any_column_on_postgres() {
    on_postgres_at(|store, url| async move {
        talk_then_forget(&url).await;
        // Every column of every table, as JSON text (`row_to_json`).
        assert_no_trace(&store.snapshot().await);
    })
    .await;
}

/// Tables (and on PostgreSQL their text and JSON columns) of the migrated schema.
async fn pg_schema(store: &clinic::store::PgStore) -> BTreeSet<(String, String)> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' \
         AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
         AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    rows.into_iter()
        .chain(tables.into_iter().map(|(t,)| (t, String::new())))
        .collect()
}

/// The map as (table, column) pairs, each table also with an empty column name.
fn on_the_map() -> BTreeSet<(String, String)> {
    MAP.iter()
        .flat_map(|t| {
            std::iter::once((t.name.to_owned(), String::new())).chain(
                t.columns
                    .iter()
                    .map(|c| (t.name.to_owned(), c.name.to_owned())),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_table_and_text_column_of_the_schema_is_on_the_personal_data_map() {
    crate::support::on_postgres(|store| async move {
        let schema = pg_schema(&store).await;
        let map = on_the_map();
        let missing: Vec<_> = schema.difference(&map).collect();
        assert!(
            missing.is_empty(),
            "not on store::personal::MAP (say what they hold): {missing:?}"
        );
        let stale: Vec<_> = map.difference(&schema).collect();
        assert!(stale.is_empty(), "on the map, not in the schema: {stale:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_sqlite_table_is_on_the_personal_data_map_with_its_columns() {
    crate::support::on_sqlite(|store| async move {
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        let mut schema = BTreeSet::new();
        for (table,) in tables {
            let columns: Vec<(String,)> = sqlx::query_as("SELECT name FROM pragma_table_info($1)")
                .bind(&table)
                .fetch_all(store.pool())
                .await
                .unwrap();
            schema.insert((table.clone(), String::new()));
            schema.extend(columns.into_iter().map(|(c,)| (table.clone(), c)));
        }
        // SQLite keeps times as text too, so only the other way round is exact here.
        let stale: Vec<_> = on_the_map().difference(&schema).cloned().collect();
        assert!(stale.is_empty(), "on the map, not in the schema: {stale:?}");
        let tables_on_map: BTreeSet<_> = MAP.iter().map(|t| t.name.to_owned()).collect();
        let unmapped: Vec<_> = schema
            .iter()
            .filter(|(t, _)| !tables_on_map.contains(t))
            .collect();
        assert!(unmapped.is_empty(), "tables not on the map: {unmapped:?}");
    })
    .await;
}

crate::on_both_engines!(retention_scrubs_a_closed_case_out_of_sent_messages_and_raw_updates);

/// The retention run erases a case's texts from the messages sent about it and from raw
/// updates that quote them, as forget does for a person.
async fn retention_scrubs_a_closed_case_out_of_sent_messages_and_raw_updates<S>(store: S)
where
    S: clinic::store::DeskStore + crate::hostile::Snapshot,
{
    use clinic::cases::Command;
    use clinic::store::NewOutbox;
    let cast = crate::support::cast(&store).await;
    let subject = "ขอหารือสัญญาจ้างเหมารถ ติดต่อ 081-555-0199";
    let case = crate::support::open_treasury_case(&store, &cast, subject).await;
    let header = format!("🆕 {} จาก สมชาย ใจดี\n{subject}", case.case_ref);
    store
        .enqueue(
            vec![NewOutbox {
                chat_id: -1001,
                payload: serde_json::json!({"chat_id": -1001, "text": header}),
                case_ref: Some(case.case_ref.clone()),
            }],
            crate::support::monday_morning(),
        )
        .await
        .unwrap();
    // An expert's reply in the group quotes the post it answers.
    let quoting = serde_json::json!({"update_id": 77, "message": {"message_id": 9, "date": 0,
        "chat": {"id": -1001, "type": "supergroup", "title": "คลัง"},
        "from": {"id": 201, "is_bot": false, "first_name": "คลัง"},
        "text": "รับทราบ", "reply_to_message": {"message_id": 5, "date": 0,
            "chat": {"id": -1001, "type": "supergroup", "title": "คลัง"}, "text": header}}});
    store
        .inbox_put(&[(77, quoting)], crate::support::monday_morning())
        .await
        .unwrap();
    store
        .act(
            &cast.officer,
            &case.case_ref,
            Command::Cancel {
                reason: "ไม่ต้องการแล้ว".into(),
            },
            crate::support::monday_morning(),
            clinic::store::no_messages,
        )
        .await
        .unwrap();
    let later = crate::support::monday_morning() + chrono::Duration::days(400);
    let erased = clinic::privacy::anonymise_tick(&store, chrono::Duration::days(365), later).await;
    assert_eq!(erased.unwrap(), 1);
    let rows = store.snapshot().await;
    for (table, rows) in rows {
        for row in rows {
            assert!(
                !row.contains("081-555-0199"),
                "{table} keeps the case text: {row}"
            );
        }
    }
}
