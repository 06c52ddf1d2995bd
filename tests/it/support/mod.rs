//! Runs every store story on SQLite and on PostgreSQL, each in a fresh database.
pub mod telegram;

use chrono::{DateTime, Duration, TimeZone, Utc};
use clinic::cases::{Actor, AgencyCode, UserId, parse_agencies};
use clinic::store::{PgStore, SqliteStore, Store, no_messages};
use sqlx::{AssertSqlSafe, Connection, PgConnection};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const PROVINCE: &str = "KK";

/// Write one story, run it on both engines: `on_both_engines!(story_name);` makes
/// `story_name::sqlite` and `story_name::postgres` tests.
#[macro_export]
macro_rules! on_both_engines {
    ($($story:ident),* $(,)?) => {$(
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::support::on_sqlite(super::$story).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::support::on_postgres(super::$story).await;
            }
        }
    )*};
}

/// Monday 5 January 2026, 09:00 in Bangkok: Buddhist-era year 2569.
pub fn monday_morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 2, 0, 0)
        .single()
        .expect("valid time")
}

pub fn agency(code: &str) -> AgencyCode {
    AgencyCode::parse(code).expect("agency code")
}

/// Raw SQL for the checks that must go around the store (append-only triggers).
pub trait RawSql {
    fn execute_raw(
        &self,
        sql: &'static str,
    ) -> impl Future<Output = Result<u64, sqlx::Error>> + Send;
}

impl RawSql for SqliteStore {
    async fn execute_raw(&self, sql: &'static str) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query(sql).execute(self.pool()).await?.rows_affected())
    }
}

impl RawSql for PgStore {
    async fn execute_raw(&self, sql: &'static str) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query(sql).execute(self.pool()).await?.rows_affected())
    }
}

/// Everyone a story needs, registered the way the desk will register them.
pub struct Cast {
    pub officer: Actor,
    pub other_officer: Actor,
    pub treasury_expert: Actor,
    pub treasury_colleague: Actor,
    pub highways_expert: Actor,
    pub coordinator: Actor,
    pub admin: Actor,
}

pub async fn cast<S: Store>(store: &S) -> Cast {
    let now = monday_morning();
    let agencies = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/knowledge/agencies.toml"
    ))
    .expect("agencies.toml");
    store
        .sync_agencies(&parse_agencies(&agencies).expect("parses"))
        .await
        .expect("sync");
    store
        .bootstrap_admins(&[UserId(900)], now)
        .await
        .expect("admins");
    let admin = store
        .user(UserId(900))
        .await
        .expect("db")
        .expect("admin")
        .actor();
    let officer = store
        .register_officer(UserId(101), "สมชาย ใจดี", "อบต.บ้านเป็ด", now)
        .await
        .expect("reg");
    let other = store
        .register_officer(UserId(102), "สมหญิง รักงาน", "เทศบาลเมืองศิลา", now)
        .await
        .expect("reg");
    store
        .register_officer(UserId(800), "ประสาน งานดี", "ศูนย์ประสาน", now)
        .await
        .expect("reg");
    let coordinator = store
        .set_role(&admin, UserId(800), clinic::cases::Role::Coordinator)
        .await
        .expect("promote");
    let join = async |id: i64, name: &str, code: &str| {
        let invite = store
            .create_invite(&coordinator.actor(), &agency(code), now, Duration::days(3))
            .await
            .expect("invite");
        store
            .redeem_invite(UserId(id), name, &invite.code, now)
            .await
            .expect("join")
            .actor()
    };
    let treasury_expert = join(201, "คลัง หนึ่ง", "treasury").await;
    let treasury_colleague = join(202, "คลัง สอง", "treasury").await;
    let highways_expert = join(301, "ทาง หลวง", "highways").await;
    Cast {
        officer: officer.actor(),
        other_officer: other.actor(),
        treasury_expert,
        treasury_colleague,
        highways_expert,
        coordinator: coordinator.actor(),
        admin,
    }
}

/// Opens a treasury case for `cast.officer`.
pub async fn open_treasury_case<S: Store>(
    store: &S,
    cast: &Cast,
    subject: &str,
) -> clinic::cases::Case {
    store
        .open_case(
            &cast.officer,
            &agency("treasury"),
            subject,
            monday_morning(),
            no_messages,
        )
        .await
        .expect("officer opens a case")
}

pub async fn on_sqlite<F, Fut>(story: F)
where
    F: FnOnce(SqliteStore) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("clinic.db").display());
    let store = SqliteStore::connect(&url, PROVINCE)
        .await
        .expect("sqlite store");
    let outcome = tokio::spawn(story(store.clone())).await;
    store.close().await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

static DATABASES: AtomicUsize = AtomicUsize::new(0);

fn pg_admin_url() -> String {
    std::env::var("CLINIC_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

async fn pg_admin() -> PgConnection {
    let url = pg_admin_url();
    match PgConnection::connect(&url).await {
        Ok(conn) => conn,
        // Never skip: the PostgreSQL half is half of the contract.
        Err(e) => panic!(
            "PostgreSQL is unreachable at {url}: {e}\n\
             Run .ci/ensure-postgres (or set CLINIC_TEST_PG_URL); PostgreSQL tests never skip."
        ),
    }
}

/// A fresh database per test, dropped afterwards (also when the story fails).
pub async fn on_postgres<F, Fut>(story: F)
where
    F: FnOnce(PgStore) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    on_postgres_at(|store, _url| story(store)).await;
}

/// `on_postgres`, also telling the story the database's URL (for processes it starts).
pub async fn on_postgres_at<F, Fut>(story: F)
where
    F: FnOnce(PgStore, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let n = DATABASES.fetch_add(1, Ordering::SeqCst);
    let nanos = Utc::now().timestamp_subsec_nanos();
    let name = format!("clinic_test_{}_{n}_{nanos}", std::process::id());
    let mut admin = pg_admin().await;
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let base = pg_admin_url();
    let url = format!(
        "{}/{name}",
        &base[..base.rfind('/').expect("url has a path")]
    );
    let store = PgStore::connect(&url, PROVINCE)
        .await
        .expect("postgres store");
    let outcome = tokio::spawn(story(store.clone(), url.clone())).await;
    store.close().await;
    sqlx::query(AssertSqlSafe(format!("DROP DATABASE {name} WITH (FORCE)")))
        .execute(&mut admin)
        .await
        .expect("drop test database");
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// A copy of the shipped knowledge folder that a test may break or change.
pub fn knowledge_copy() -> tempfile::TempDir {
    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"),
        dir.path(),
    );
    dir
}

/// Runs the real `clinic` binary on a SQLite file and a knowledge folder; fails the test with
/// stderr when the command fails, returns stdout.
pub fn clinic_on(db: &std::path::Path, knowledge: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(args)
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("CLINIC_KNOWLEDGE", knowledge)
        .output()
        .expect("run clinic");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "clinic {args:?} failed: {stderr}");
    String::from_utf8(out.stdout).expect("utf-8 output")
}
