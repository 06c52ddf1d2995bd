//! Two `clinic run` instances in webhook mode behind one URL, sharing one PostgreSQL database:
//! the fake Bot API delivers updates to them in turn (and some twice, to both), two experts
//! press Claim on the same cases at the same moment — nothing is processed twice, sent twice or
//! claimed twice.
use crate::desk::VAGUE_QUESTION;
use crate::support::telegram::{Call, FakeTelegram, button};
use crate::support::{on_postgres, on_postgres_at};
use clinic::store::{DeskStore, NewOutbox, Store};
use std::net::SocketAddr;
use tokio::process::Child;

const ADMIN: i64 = 900;
const EXPERTS: [i64; 2] = [201, 202];
const TREASURY: i64 = -1001;
const OFFICERS: [i64; 4] = [101, 102, 103, 104];
/// The one public address both instances are behind.
const PUBLIC_URL: &str = "https://clinic.example.go.th/telegram/hook";

fn free_addr() -> SocketAddr {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap()
}

fn instance(fake: &FakeTelegram, db: &str, addr: SocketAddr) -> Child {
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_clinic"));
    fake.clinic_run(exe, db, ADMIN)
        .env("CLINIC_WEBHOOK_URL", PUBLIC_URL)
        .env("CLINIC_WEBHOOK_ADDR", addr.to_string())
        .spawn()
        .expect("clinic run starts")
}

/// The `n`-th message (from 1) to `chat` containing `needle`, once it has arrived.
async fn nth(f: &FakeTelegram, chat: i64, needle: &str, n: usize) -> Call {
    let matching = |f: &FakeTelegram| {
        f.sends()
            .into_iter()
            .filter(|c| c.chat() == chat && c.text().contains(needle))
            .collect::<Vec<_>>()
    };
    f.wait_for(chat, |_| matching(f).len() >= n).await;
    matching(f).swap_remove(n - 1)
}

/// Wait (at most 30 s) until all `pushed` updates are processed and every outbox row is sent;
/// then each update was stored once and processed without error.
async fn all_processed_and_sent(store: &clinic::store::PgStore, pushed: i64) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (processed, unsent): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM inbox WHERE processed_at IS NOT NULL), \
             (SELECT COUNT(*) FROM outbox WHERE state <> 'sent')",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        if processed == pushed && unsent == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{processed} of {pushed} updates processed, {unsent} messages unsent"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Each update stored once and processed once, without error.
    let (stored, failed): (i64, i64) = sqlx::query_as("SELECT COUNT(*), COUNT(error) FROM inbox")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!((stored, failed), (pushed, 0));
}

/// The Bot API calls that each stand for one outbox row.
fn is_outbox_call(call: &Call) -> bool {
    call.is_send()
        || matches!(
            call.method.as_str(),
            "editmessagetext" | "answercallbackquery"
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_webhook_instances_on_one_postgres_never_double_send_or_double_claim() {
    on_postgres_at(|store, db| async move {
        let f = FakeTelegram::start().await;
        let addrs = [free_addr(), free_addr()];
        let _a = instance(&f, &db, addrs[0]);
        let _b = instance(&f, &db, addrs[1]);
        // Every third update also reaches the other instance, as a Telegram retry would.
        f.deliver_to(addrs.to_vec(), 3);

        f.text(ADMIN, TREASURY, "/bind treasury", None);
        f.wait_text(TREASURY, "กลุ่มผู้เชี่ยวชาญ").await;
        for (n, expert) in EXPERTS.into_iter().enumerate() {
            f.text(ADMIN, ADMIN, "/invite treasury", None);
            let code = nth(&f, ADMIN, "/join ", n + 1).await.join_code().unwrap();
            f.text(expert, TREASURY, &format!("/join {code}"), None);
            nth(&f, TREASURY, "ยินดีต้อนรับ", n + 1).await;
        }
        let mut claims = Vec::new();
        for (n, officer) in OFFICERS.into_iter().enumerate() {
            f.register(officer, &format!("เจ้าหน้าที่ {officer}")).await;
            f.text(officer, officer, VAGUE_QUESTION, None);
            let unsure = f.wait_text(officer, "🤔").await;
            f.press(officer, officer, &button(&unsure, "handoff:"));
            f.wait_text(officer, "เสนอส่งเรื่อง").await;
            f.press(officer, officer, "open:treasury");
            let post = nth(&f, TREASURY, "🆕", n + 1).await;
            claims.push(button(&post, "claim:"));
        }
        // Both experts press Claim on every case, back to back: consecutive updates go to
        // different instances.
        for claim in &claims {
            for expert in EXPERTS {
                f.press(expert, TREASURY, claim);
            }
        }
        for officer in OFFICERS {
            f.wait_text(officer, "รับเรื่อง").await;
        }
        // Let every pushed update be processed and every outbox row be sent.
        let pushed = f.updates_pushed();
        all_processed_and_sent(&store, pushed).await;
        assert!(f.redelivered() > 0, "some updates reached both instances");

        // Each case claimed once, by one of the two.
        let per_case: Vec<(String, i64)> = sqlx::query_as(
            "SELECT c.ref, COUNT(e.seq) FROM cases c \
             LEFT JOIN case_events e ON e.case_id = c.id AND e.kind = 'claimed' \
             GROUP BY c.ref ORDER BY c.ref",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        assert_eq!(per_case.len(), OFFICERS.len());
        assert!(per_case.iter().all(|(_, n)| *n == 1), "{per_case:?}");
        // Each outbox row reached the Bot API once.
        let (rows,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM outbox WHERE payload::text NOT LIKE '%\"menu\":%'",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        let calls = f.calls().into_iter().filter(is_outbox_call).count();
        assert_eq!(i64::try_from(calls).unwrap(), rows);
        // Each officer heard once that the case was claimed.
        for officer in OFFICERS {
            let notices = f
                .sends()
                .into_iter()
                .filter(|c| c.chat() == officer && c.text().starts_with("🙋"))
                .count();
            assert_eq!(notices, 1, "officer {officer}");
        }
    })
    .await;
}

#[tokio::test]
async fn only_a_gone_senders_messages_go_back_to_pending() {
    on_postgres(|store| async move {
        let now = chrono::Utc::now();
        let notice = NewOutbox {
            chat_id: 101,
            payload: serde_json::json!({"chat_id": 101, "text": "รับเรื่องแล้ว"}),
            case_ref: None,
        };
        store.enqueue(vec![notice], now).await.unwrap();
        let first = store.outbox_lease().await.unwrap();
        let second = store.outbox_lease().await.unwrap();
        let taken = store.outbox_claim(now, 10, &first).await.unwrap();
        assert_eq!(taken.len(), 1);
        assert!(
            store
                .outbox_claim(now, 10, &second)
                .await
                .unwrap()
                .is_empty(),
            "taken once"
        );
        assert_eq!(
            store.outbox_recover(&second).await.unwrap(),
            0,
            "its sender lives"
        );
        assert_eq!(store.outbox_recover(&first).await.unwrap(), 0, "its own");
        // The first sender's process dies: its connection closes and the server frees its lock.
        drop(first);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while store.outbox_recover(&second).await.unwrap() == 0 {
            assert!(std::time::Instant::now() < deadline, "the row stays stuck");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let again = store.outbox_claim(now, 10, &second).await.unwrap();
        assert_eq!(again.len(), 1);
        assert_eq!((again[0].id, again[0].attempts), (taken[0].id, 1));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webhook_stores_only_what_telegram_signed() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("clinic.db").display());
    let f = FakeTelegram::start().await;
    let addr = free_addr();
    let _bot = instance(&f, &db, addr);
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<axum::body::Body>();
    let secret = clinic::bot::webhook::secret_from_token("123:TEST");
    let post = |secret: &str, body: String| {
        let request = axum::http::Request::post(format!("http://{addr}/telegram/hook"))
            .header(clinic::bot::webhook::SECRET_HEADER, secret)
            .body(axum::body::Body::from(body))
            .unwrap();
        client.request(request)
    };
    let update = serde_json::json!({"update_id": 77, "message": {"message_id": 1,
        "date": 1_767_578_400, "chat": {"id": 101, "type": "private", "first_name": "u"},
        "from": {"id": 101, "is_bot": false, "first_name": "u"}, "text": "/help"}})
    .to_string();
    // The instance is listening once a signed update is taken.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut answers = Vec::new();
    for (given, body) in [
        ("wrong", update.clone()),
        ("", update.clone()),
        (secret.as_str(), "{not json".to_owned()),
        (secret.as_str(), r#"{"message": {}}"#.to_owned()),
    ] {
        loop {
            match post(given, body.clone()).await {
                Ok(response) => {
                    answers.push(response.status().as_u16());
                    break;
                }
                Err(_) if std::time::Instant::now() < deadline => {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("webhook not listening: {e}"),
            }
        }
    }
    assert_eq!(answers, [401, 401, 400, 400]);
    let store = clinic::store::SqliteStore::connect(&db, "KK")
        .await
        .unwrap();
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM inbox")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(stored, 0, "nothing unsigned or unreadable is stored");
    let signed = post(&secret, update).await.unwrap();
    assert_eq!(signed.status().as_u16(), 200);
    f.wait_for(101, |c| c.is_send()).await;
    store.close().await;
}

/// Many updates in flight — two instances, four workers each, a Bot API that answers late —
/// and still each chat's updates are handled in the order they came and its replies reach
/// Telegram in the order they were written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_chat_keeps_its_order_while_instances_and_workers_run_side_by_side() {
    on_postgres_at(|store, db| async move {
        let f = FakeTelegram::start().await;
        f.set_latency(std::time::Duration::from_millis(30));
        let addrs = [free_addr(), free_addr()];
        let _instances: Vec<Child> = addrs
            .iter()
            .map(|addr| {
                let exe = std::path::Path::new(env!("CARGO_BIN_EXE_clinic"));
                f.clinic_run(exe, &db, ADMIN)
                    .env("CLINIC_WEBHOOK_URL", PUBLIC_URL)
                    .env("CLINIC_WEBHOOK_ADDR", addr.to_string())
                    .env("CLINIC_WORKERS", "4")
                    .spawn()
                    .expect("clinic run starts")
            })
            .collect();
        f.deliver_to(addrs.to_vec(), 0);
        for officer in OFFICERS {
            f.register(officer, &format!("เจ้าหน้าที่ {officer}")).await;
        }
        // Every officer types five messages without waiting for the replies.
        for round in 0..5 {
            for officer in OFFICERS {
                let text = if round % 2 == 0 {
                    "/help"
                } else {
                    VAGUE_QUESTION
                };
                f.text(officer, officer, text, None);
            }
        }
        let pushed = f.updates_pushed();
        all_processed_and_sent(&store, pushed).await;
        let (updates_out_of_order,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM (SELECT processed_at, LAG(processed_at) OVER \
             (PARTITION BY chat_id ORDER BY update_id) AS before FROM inbox) x \
             WHERE processed_at < before",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        assert_eq!(updates_out_of_order, 0);
        // Telegram numbers messages as it receives them: per chat, in the order written.
        let (sends_out_of_order,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM (SELECT message_id, LAG(message_id) OVER \
             (PARTITION BY chat_id ORDER BY id) AS before FROM outbox \
             WHERE message_id IS NOT NULL AND payload->>'edit_of' IS NULL) x \
             WHERE message_id < before",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        assert_eq!(sends_out_of_order, 0);
    })
    .await;
}
