//! Load generator: the real `clinic run` (release build) driven through the fake Telegram Bot
//! API by simulated officers and experts — questions, handoffs, claims, relays, resolutions,
//! confirmations and ratings — for a fixed number of updates. Reports updates/s, the time from
//! an update to its reply (p50/p99), the deepest outbox, the bot's peak RSS; optionally
//! SIGKILLs the bot at random moments (`--kills`) or has the Bot API refuse everything for a
//! while (`--outage-secs`), then checks that every update was processed exactly once and
//! every message sent (twice only if in flight at a kill).
//!
//! ```text
//! cargo build --release
//! cargo run --release --example loadgen -- --updates 20000 --officers 200
//! cargo run --release --example loadgen -- --updates 5000 --kills 20
//! cargo run --release --example loadgen -- --updates 5000 --outage-secs 300
//! cargo run --release --example loadgen -- --database-url postgres://postgres@127.0.0.1:5432/postgres
//! cargo run --release --example loadgen -- --database-url postgres://postgres@127.0.0.1:5432/postgres \
//!     --webhook --instances 2 --kills 5
//! ```
//!
//! With `--webhook` the bots get updates by webhook: the fake posts them to the instances in
//! turn (every 5th also to a second instance, as a Telegram retry would), and with several
//! instances every Claim is pressed twice, so two instances race for it; the checks then
//! include that no case was claimed twice.
#![allow(clippy::unwrap_used)]

#[path = "../tests/it/support/telegram.rs"]
#[allow(dead_code)]
mod fake;

use clap::Parser;
use fake::{Call, FakeTelegram};
use regex::Regex;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::process::Child;
use tokio::sync::mpsc::UnboundedReceiver;

const ADMIN: i64 = 900;
/// (agency, its group chat, its expert).
const AGENCIES: [(&str, i64, i64); 4] = [
    ("treasury", -1001, 201),
    ("public_works", -1002, 202),
    ("highways", -1003, 203),
    ("forestry", -1004, 204),
];
const FIRST_OFFICER: i64 = 10_000;

#[derive(Parser, Debug, Clone)]
struct Args {
    /// Updates to send in the load phase (after registration and setup).
    #[arg(long, default_value_t = 20_000)]
    updates: usize,
    /// Simulated officers, each waiting for its reply before its next message.
    #[arg(long, default_value_t = 200)]
    officers: i64,
    /// Share of officer turns that hand a case to an expert (the rest ask questions).
    #[arg(long, default_value_t = 0.1)]
    case_share: f64,
    /// SIGKILL and restart the bot this many times, at random moments of the load phase.
    #[arg(long, default_value_t = 0)]
    kills: usize,
    /// Mid-run, the Bot API refuses every call for this long.
    #[arg(long, default_value_t = 0)]
    outage_secs: u64,
    /// Default: a fresh SQLite file. A PostgreSQL URL: a database `clinic_loadgen` is
    /// (re)created on that server.
    #[arg(long)]
    database_url: Option<String>,
    /// Updates by webhook instead of long polling.
    #[arg(long)]
    webhook: bool,
    /// `clinic run` instances sharing the database (more than one needs `--webhook`: Telegram
    /// lets only one client poll).
    #[arg(long, default_value_t = 1)]
    instances: usize,
    /// The fake Bot API answers every call this many milliseconds late (Telegram's round trip).
    #[arg(long, default_value_t = 0)]
    api_latency_ms: u64,
    /// Updates each instance handles at a time (`CLINIC_WORKERS`); unset: the default.
    #[arg(long)]
    workers: Option<usize>,
}

/// The `clinic run` instances under load.
struct Bots {
    exe: PathBuf,
    url: String,
    fake: FakeTelegram,
    children: Vec<Option<Child>>,
    workers: Option<usize>,
    /// Where each instance listens for the webhook; empty: long polling.
    webhooks: Vec<std::net::SocketAddr>,
    peak_rss_kib: u64,
    /// CPU time (user + system, clock ticks) of each running instance at the last sample,
    /// and of the instances already killed.
    cpu_ticks: Vec<u64>,
    cpu_ticks_gone: u64,
}

/// The public webhook address every instance gives Telegram (the fake posts to each
/// instance's own listener, as a load balancer would).
const WEBHOOK_URL: &str = "https://clinic.example.go.th/telegram/hook";

impl Bots {
    fn spawn(&mut self, i: usize) {
        let mut command = self.fake.clinic_run(&self.exe, &self.url, ADMIN);
        // Simulated officers type faster than the flood guard lets a person.
        command.env("CLINIC_FLOOD_PER_MINUTE", "0");
        if let Some(workers) = self.workers {
            command.env("CLINIC_WORKERS", workers.to_string());
        }
        if let Some(addr) = self.webhooks.get(i) {
            command
                .env("CLINIC_WEBHOOK_URL", WEBHOOK_URL)
                .env("CLINIC_WEBHOOK_ADDR", addr.to_string());
        }
        self.children[i] = Some(command.spawn().expect("clinic run starts"));
    }

    fn sample_rss(&mut self) {
        for (i, child) in self.children.iter().enumerate() {
            let Some(pid) = child.as_ref().and_then(Child::id) else {
                continue;
            };
            // Fields 14 and 15 of /proc/PID/stat, counted after the `(comm)` field.
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
            let ticks: u64 = fields
                .get(11..13)
                .map_or(0, |f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum());
            self.cpu_ticks[i] = self.cpu_ticks[i].max(ticks);
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .unwrap_or(0);
            self.peak_rss_kib = self.peak_rss_kib.max(hwm);
        }
    }

    async fn kill(&mut self, i: usize) {
        self.sample_rss();
        if let Some(mut child) = self.children[i].take() {
            child.start_kill().unwrap();
            child.wait().await.unwrap();
        }
        self.cpu_ticks_gone += std::mem::take(&mut self.cpu_ticks[i]);
    }
}

/// What every officer adds to the shared tally.
#[derive(Default)]
struct Tally {
    latencies_ms: Mutex<Vec<f64>>,
    pushed: AtomicUsize,
    questions: AtomicUsize,
    cases: AtomicUsize,
    timeouts: AtomicUsize,
    budget: AtomicI64,
}

/// One officer's chat: push, then wait for the reply that answers it.
struct Chat {
    fake: FakeTelegram,
    user: i64,
    replies: UnboundedReceiver<Call>,
    tally: Arc<Tally>,
    patience: Duration,
}

/// How long a simulated user waits for a reply before counting it as missing (a Bot API
/// outage adds its length).
const PATIENCE: Duration = Duration::from_secs(60);

impl Chat {
    /// The first reply in this chat that matches, after `sent`; its latency is recorded.
    async fn expect(
        &mut self,
        step: &str,
        sent: Instant,
        what: impl Fn(&Call) -> bool,
    ) -> Option<Call> {
        let mut skipped: Vec<String> = Vec::new();
        let deadline = tokio::time::Instant::now() + self.patience;
        loop {
            match tokio::time::timeout_at(deadline, self.replies.recv()).await {
                Ok(Some(call)) if what(&call) => {
                    let ms = call.at.saturating_duration_since(sent).as_secs_f64() * 1000.0;
                    self.tally.latencies_ms.lock().unwrap().push(ms);
                    return Some(call);
                }
                Ok(Some(other)) => skipped.push(other.text()),
                _ => {
                    self.tally.timeouts.fetch_add(1, Ordering::Relaxed);
                    eprintln!(
                        "officer {}: no reply to {step} within {} s; got {skipped:?}",
                        self.user,
                        self.patience.as_secs()
                    );
                    return None;
                }
            }
        }
    }

    fn text(&self, chat: i64, from: i64, text: &str, reply_to: Option<i64>) -> Instant {
        self.tally.pushed.fetch_add(1, Ordering::Relaxed);
        let at = Instant::now();
        self.fake.text(from, chat, text, reply_to);
        at
    }

    fn press(&self, chat: i64, from: i64, data: &str) -> Instant {
        self.tally.pushed.fetch_add(1, Ordering::Relaxed);
        let at = Instant::now();
        self.fake.press(from, chat, data);
        at
    }

    async fn say(&mut self, text: &str, what: impl Fn(&Call) -> bool) -> Option<Call> {
        let sent = self.text(self.user, self.user, text, None);
        let step: String = text.chars().take(40).collect();
        self.expect(&step, sent, what).await
    }

    /// Take one turn's share of the budget; false when the run is over.
    fn spend(&self, updates: i64) -> bool {
        self.tally.budget.fetch_sub(updates, Ordering::Relaxed) > 0
    }
}

fn contains(needle: &'static str) -> impl Fn(&Call) -> bool {
    move |c: &Call| c.text().contains(needle)
}

fn button(call: &Call, prefix: &str) -> Option<String> {
    call.buttons().into_iter().find(|b| b.starts_with(prefix))
}

/// Register, then ask questions and, now and then, take a case all the way to a rating.
async fn officer(
    mut chat: Chat,
    questions: Arc<Vec<String>>,
    case_share: f64,
    double_claims: bool,
) {
    let u = chat.user;
    chat.say("/start", contains("ชื่อ-นามสกุล")).await;
    chat.say(&format!("เจ้าหน้าที่ทดสอบ {u}"), contains("สังกัด"))
        .await;
    chat.say("อบต.ทดสอบ", contains("ลงทะเบียนเรียบร้อย")).await;
    let case_ref = Regex::new(r"[A-Z]{2,3}-\d{4}-\d+").unwrap();
    loop {
        if rand::random_range(0.0..1.0) >= case_share {
            if !chat.spend(1) {
                return;
            }
            let q = &questions[rand::random_range(0..questions.len())];
            chat.tally.questions.fetch_add(1, Ordering::Relaxed);
            if chat
                .say(q, |c| c.text().contains("📘") || c.text().contains("🤔"))
                .await
                .is_none()
            {
                return;
            }
            continue;
        }
        // A case: /case, choose the agency, the expert claims, the officer adds a line by
        // reply, the expert resolves, the officer confirms and rates. Nine updates (ten when
        // the expert presses Claim twice).
        if !chat.spend(9 + i64::from(double_claims)) {
            return;
        }
        let (agency, group, expert) = AGENCIES[rand::random_range(0..AGENCIES.len())];
        let subject = &questions[rand::random_range(0..questions.len())];
        chat.tally.cases.fetch_add(1, Ordering::Relaxed);
        let steps = async {
            // Routing proposes an agency, or (no clear match) asks the officer to choose one.
            let proposal = |c: &Call| {
                let text = c.text();
                text.contains("เสนอส่งเรื่อง") || text.contains("เลือกหน่วยงาน")
            };
            chat.say(&format!("/case {subject}"), proposal).await?;
            let sent = chat.press(u, u, &format!("open:{agency}"));
            let opened = chat.expect("open", sent, contains("📨")).await?;
            let r = case_ref.find(&opened.text())?.as_str().to_owned();
            let sent = chat.press(group, expert, &format!("claim:{r}"));
            if double_claims {
                chat.press(group, expert, &format!("claim:{r}"));
            }
            let claimed = chat
                .expect("claim", sent, |c| c.text().starts_with("🙋"))
                .await?;
            // A relay to the group; the officer hears "sent ✓" once it is there. The expert
            // resolves after reading it, as a person would: updates of different chats run
            // side by side, so only what one side has seen orders it before the other's.
            let sent = chat.text(u, u, "แนบรายละเอียดเพิ่มเติมครับ", claimed.message_id);
            chat.expect("relay", sent, contains("ส่งแล้ว")).await?;
            let sent = chat.text(group, expert, &format!("/resolve {r} ตอบแล้ว"), None);
            let resolved = chat.expect("resolve", sent, contains("ตอบแล้ว")).await?;
            let sent = chat.press(u, u, &button(&resolved, "confirm:")?);
            let rate = chat.expect("confirm", sent, contains("1–5")).await?;
            let stars = rand::random_range(3..=5);
            chat.press(u, u, &button(&rate, &format!("rate:{r}:{stars}"))?);
            Some(())
        };
        if steps.await.is_none() {
            return;
        }
    }
}

/// The admin binds each agency's group and each expert joins by invite.
async fn setup(fake: &FakeTelegram) {
    let mut admin = fake.subscribe(ADMIN);
    for (agency, group, expert) in AGENCIES {
        let mut replies = fake.subscribe(group);
        fake.text(ADMIN, group, &format!("/bind {agency}"), None);
        next_matching(&mut replies, "กลุ่มผู้เชี่ยวชาญ").await;
        fake.text(ADMIN, ADMIN, &format!("/invite {agency}"), None);
        let code = next_matching(&mut admin, "/join ")
            .await
            .join_code()
            .unwrap();
        fake.text(expert, group, &format!("/join {code}"), None);
        next_matching(&mut replies, "ยินดีต้อนรับ").await;
    }
}

async fn next_matching(rx: &mut UnboundedReceiver<Call>, needle: &str) -> Call {
    loop {
        let call = tokio::time::timeout(PATIENCE, rx.recv())
            .await
            .expect("setup reply in time")
            .expect("fake running");
        if call.text().contains(needle) {
            return call;
        }
    }
}

fn eval_questions() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval/questions.jsonl");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["q"].as_str().map(str::to_owned))
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The engine's database for this run, fresh.
async fn database(args: &Args, dir: &std::path::Path) -> String {
    match &args.database_url {
        None => format!("sqlite://{}", dir.join("loadgen.db").display()),
        Some(url) => {
            use sqlx::Connection;
            let mut admin = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query("DROP DATABASE IF EXISTS clinic_loadgen WITH (FORCE)")
                .execute(&mut admin)
                .await
                .unwrap();
            sqlx::query("CREATE DATABASE clinic_loadgen")
                .execute(&mut admin)
                .await
                .unwrap();
            let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
            format!("{base}/clinic_loadgen")
        }
    }
}

async fn scalar(store: &clinic::store::Engine, sql: &'static str) -> i64 {
    match store {
        clinic::store::Engine::Sqlite(s) => {
            sqlx::query_scalar(sql).fetch_one(s.pool()).await.unwrap()
        }
        clinic::store::Engine::Postgres(s) => {
            sqlx::query_scalar(sql).fetch_one(s.pool()).await.unwrap()
        }
    }
}

const OUTBOX_DEPTH: &str = "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')";

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let exe = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(|examples| examples.parent())
        .map(|dir| dir.join("clinic"))
        .unwrap();
    assert!(
        exe.exists(),
        "{} is missing: run `cargo build --release` first",
        exe.display()
    );
    assert!(
        args.instances >= 1 && (args.instances == 1 || args.webhook),
        "several instances need --webhook"
    );
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeTelegram::start().await;
    fake.set_latency(Duration::from_millis(args.api_latency_ms));
    let url = database(&args, dir.path()).await;
    let webhooks: Vec<_> = (0..args.instances)
        .filter(|_| args.webhook)
        .map(|_| {
            let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            socket.local_addr().unwrap()
        })
        .collect();
    let mut bot = Bots {
        exe,
        url: url.clone(),
        fake: fake.clone(),
        children: (0..args.instances).map(|_| None).collect(),
        workers: args.workers,
        webhooks: webhooks.clone(),
        peak_rss_kib: 0,
        cpu_ticks: vec![0; args.instances],
        cpu_ticks_gone: 0,
    };
    for i in 0..args.instances {
        bot.spawn(i);
    }
    if args.webhook {
        fake.deliver_to(webhooks, 5);
    }
    setup(&fake).await;
    let store = clinic::store::connect(&url, "KK").await.unwrap();

    let tally = Arc::new(Tally {
        budget: AtomicI64::new(i64::try_from(args.updates).unwrap()),
        ..Tally::default()
    });
    let questions = Arc::new(eval_questions());
    let mut officers = tokio::task::JoinSet::new();
    let pushed_before = fake.updates_pushed();
    let db_before = DbCost::sample(&store).await;
    let start = Instant::now();
    for i in 0..args.officers {
        let user = FIRST_OFFICER + i;
        let chat = Chat {
            fake: fake.clone(),
            user,
            replies: fake.subscribe(user),
            tally: tally.clone(),
            patience: PATIENCE + Duration::from_secs(args.outage_secs),
        };
        officers.spawn(officer(
            chat,
            questions.clone(),
            args.case_share,
            args.instances > 1,
        ));
    }

    // Kills at random moments, the outage at a random moment of the first half.
    let mut in_flight = 0i64;
    let mut kills_done = 0;
    let outage_at = (args.outage_secs > 0)
        .then(|| start + Duration::from_millis(rand::random_range(1_000..5_000)));
    let mut outage_started = false;
    let mut next_kill = Instant::now() + Duration::from_millis(rand::random_range(200..1_500));
    let mut max_depth = 0;
    while !officers.is_empty() {
        tokio::select! {
            _ = officers.join_next() => {}
            _ = tokio::time::sleep(Duration::from_millis(200)) => {}
        }
        max_depth = max_depth.max(scalar(&store, OUTBOX_DEPTH).await);
        bot.sample_rss();
        if let Some(at) = outage_at
            && !outage_started
            && Instant::now() >= at
        {
            fake.outage(Duration::from_secs(args.outage_secs));
            outage_started = true;
            eprintln!(
                "outage: the Bot API refuses everything for {} s",
                args.outage_secs
            );
        }
        if kills_done < args.kills && Instant::now() >= next_kill {
            let victim = rand::random_range(0..args.instances);
            bot.kill(victim).await;
            // With other instances running this counts their rows in flight too: an upper bound.
            in_flight += scalar(
                &store,
                "SELECT COUNT(*) FROM outbox WHERE state = 'sending'",
            )
            .await;
            bot.spawn(victim);
            kills_done += 1;
            next_kill = Instant::now() + Duration::from_millis(rand::random_range(200..1_500));
            eprintln!("kill {kills_done}/{}", args.kills);
        }
    }
    let elapsed = start.elapsed();
    // Let the outbox drain (ratings and relays nobody waited for).
    let drain = Instant::now();
    while scalar(&store, OUTBOX_DEPTH).await > 0 && drain.elapsed() < Duration::from_secs(120) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let db_cost = DbCost::sample(&store)
        .await
        .and_then(|after| after.since(&db_before));
    let load_updates = fake.updates_pushed() - pushed_before;
    for i in 0..args.instances {
        bot.kill(i).await;
    }

    let mut latencies = tally.latencies_ms.lock().unwrap().clone();
    latencies.sort_by(f64::total_cmp);
    let pushed = tally.pushed.load(Ordering::Relaxed);
    let engine = if url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!("engine            {engine}");
    println!(
        "instances         {} ({})",
        args.instances,
        if args.webhook {
            "webhook"
        } else {
            "long polling"
        }
    );
    println!("officers          {}", args.officers);
    println!(
        "updates (load)    {pushed} in {:.1} s",
        elapsed.as_secs_f64()
    );
    println!(
        "updates/s         {:.0}",
        pushed as f64 / elapsed.as_secs_f64()
    );
    println!(
        "update → reply    p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} replies timed)",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(f64::NAN),
        latencies.len()
    );
    println!("outbox depth max  {max_depth}");
    // Ticks are 1/100 s on Linux.
    let cpu_ms = bot.cpu_ticks_gone as f64 * 10.0;
    println!(
        "bot CPU           {:.1} s in all, {:.2} ms per update (setup and drain included)",
        cpu_ms / 1000.0,
        cpu_ms / fake.updates_pushed() as f64
    );
    if let Some(cost) = db_cost {
        let per = |v: f64| v / load_updates.max(1) as f64;
        println!(
            "PostgreSQL        {:.2} ms CPU, {:.1} rows and {:.0} WAL bytes written per update \
             (load phase; CPU of every postgres process on the machine)",
            per(cost.cpu_ticks as f64 * 10.0),
            per(cost.rows as f64),
            per(cost.wal_bytes as f64),
        );
    }
    println!(
        "peak RSS (a bot)  {:.1} MiB",
        bot.peak_rss_kib as f64 / 1024.0
    );
    println!(
        "questions {}, cases {}, replies not seen within {} s: {}",
        tally.questions.load(Ordering::Relaxed),
        tally.cases.load(Ordering::Relaxed),
        (PATIENCE + Duration::from_secs(args.outage_secs)).as_secs(),
        tally.timeouts.load(Ordering::Relaxed)
    );

    // Exactly once: every update stored once and processed without error; every question
    // logged once; every outbox row sent; the fake saw each sent row once, plus at most the
    // rows that were in flight at a kill.
    let inbox = scalar(&store, "SELECT COUNT(*) FROM inbox").await;
    let unprocessed = scalar(
        &store,
        "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL OR error IS NOT NULL",
    )
    .await;
    let logged = scalar(&store, "SELECT COUNT(*) FROM questions_log").await;
    let unsent = scalar(&store, "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'").await;
    let sent_rows = scalar(&store, "SELECT COUNT(*) FROM outbox").await;
    // Button answers Telegram refused (during an outage) are dropped, not sent: the press has
    // expired by the time it is back, and the user has had the reply itself.
    let dropped = scalar(
        &store,
        "SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND last_error LIKE 'dropped: %'",
    )
    .await;
    // Chat menus are set with setMyCommands, not counted among the calls below.
    let menus = scalar(
        &store,
        "SELECT COUNT(*) FROM outbox WHERE CAST(payload AS TEXT) LIKE '%\"menu\":%'",
    )
    .await;
    let sent_rows = sent_rows - dropped - menus;
    let calls = fake
        .calls()
        .iter()
        .filter(|c| {
            c.is_send() || c.method == "answercallbackquery" || c.method == "editmessagetext"
        })
        .count();
    let calls = i64::try_from(calls).unwrap();
    let all_pushed = fake.updates_pushed();
    println!(
        "updates sent by the fake {all_pushed}, stored {inbox}, unprocessed or failed {unprocessed}"
    );
    println!(
        "questions asked {} (load) + /case subjects, logged {logged}",
        tally.questions.load(Ordering::Relaxed)
    );
    println!(
        "outbox rows {} ({dropped} button answers dropped, {menus} menus), not sent {unsent}; \
         Bot API calls {calls}, \
         duplicates {} (in flight at the {kills_done} kills: {in_flight})",
        sent_rows + dropped + menus,
        calls - sent_rows
    );
    let claimed_twice = scalar(
        &store,
        "SELECT COUNT(*) FROM (SELECT case_id FROM case_events WHERE kind = 'claimed' \
         GROUP BY case_id HAVING COUNT(*) > 1) twice",
    )
    .await;
    println!(
        "cases claimed twice {claimed_twice}; updates delivered to two instances {}",
        fake.redelivered()
    );
    let order = out_of_order(&store).await;
    println!(
        "out of order: updates of a chat {}, sends of a chat {}, events of a case {}",
        order.updates, order.sends, order.events
    );
    let ok = inbox == all_pushed
        && claimed_twice == 0
        && order.updates + order.sends + order.events == 0
        && unprocessed == 0
        && unsent == 0
        && calls >= sent_rows
        && calls - sent_rows <= in_flight
        && tally.timeouts.load(Ordering::Relaxed) == 0;
    println!("{}", if ok { "CHECKS PASSED" } else { "CHECKS FAILED" });
    if !ok {
        std::process::exit(1);
    }
}

/// What broke the order a chat or a case must keep (every count should be 0).
struct OutOfOrder {
    /// An update of a chat processed before an earlier one of the same chat.
    updates: i64,
    /// A message Telegram got before an earlier message to the same chat from the same chat
    /// or case (its message id, given in the order the fake received the calls, is lower).
    sends: i64,
    /// A case event stamped earlier than the event before it.
    events: i64,
}

async fn out_of_order(store: &clinic::store::Engine) -> OutOfOrder {
    let updates = scalar(
        store,
        "SELECT COUNT(*) FROM (SELECT processed_at, LAG(processed_at) OVER \
         (PARTITION BY chat_id ORDER BY update_id) AS before FROM inbox) x \
         WHERE processed_at < before",
    )
    .await;
    let events = scalar(
        store,
        "SELECT COUNT(*) FROM (SELECT at, LAG(at) OVER (PARTITION BY case_id ORDER BY seq) \
         AS before FROM case_events) x WHERE at < before",
    )
    .await;
    // Sends only: an edit keeps the id of the message it edits; button answers have none.
    // The order owed is that of the chat (or case) the messages came from: two officers'
    // cases noticed in one agency group were written side by side, in no order to keep.
    const SENT: &str = "SELECT o.chat_id, o.message_id, o.payload, o.case_ref, i.chat_id \
        FROM outbox o LEFT JOIN inbox i ON i.update_id = o.update_id \
        WHERE o.state = 'sent' AND o.message_id IS NOT NULL ORDER BY o.id";
    type Row = (
        i64,
        i64,
        sqlx::types::Json<serde_json::Value>,
        Option<String>,
        Option<i64>,
    );
    let rows: Vec<Row> = match store {
        clinic::store::Engine::Sqlite(s) => sqlx::query_as(SENT).fetch_all(s.pool()).await,
        clinic::store::Engine::Postgres(s) => sqlx::query_as(SENT).fetch_all(s.pool()).await,
    }
    .unwrap();
    let mut sends = 0;
    let mut last = std::collections::HashMap::<(i64, String), i64>::new();
    for (chat, message_id, payload, case_ref, from_chat) in rows {
        if !payload.0["edit_of"].is_null() {
            continue;
        }
        let keys = [
            case_ref.map(|r| (chat, format!("case {r}"))),
            from_chat.map(|c| (chat, format!("chat {c}"))),
        ];
        for key in keys.into_iter().flatten() {
            if last.get(&key).is_some_and(|before| message_id < *before) {
                sends += 1;
            }
            last.insert(key, message_id);
        }
    }
    OutOfOrder {
        updates,
        sends,
        events,
    }
}

/// What PostgreSQL did, read before and after the load phase.
struct DbCost {
    cpu_ticks: u64,
    rows: i64,
    wal_bytes: i64,
}

impl DbCost {
    /// PostgreSQL's CPU (every `postgres` process on this machine, clock ticks), the rows the
    /// load database wrote, and the WAL position; nothing for SQLite.
    async fn sample(store: &clinic::store::Engine) -> Option<DbCost> {
        let clinic::store::Engine::Postgres(pg) = store else {
            return None;
        };
        let (rows, wal_bytes): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT (tup_inserted + tup_updated + tup_deleted)::BIGINT \
             FROM pg_stat_database WHERE datname = current_database()), \
             pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::BIGINT",
        )
        .fetch_one(pg.pool())
        .await
        .ok()?;
        Some(DbCost {
            cpu_ticks: postgres_cpu_ticks(),
            rows,
            wal_bytes,
        })
    }

    fn since(self, before: &Option<DbCost>) -> Option<DbCost> {
        let before = before.as_ref()?;
        Some(DbCost {
            cpu_ticks: self.cpu_ticks.saturating_sub(before.cpu_ticks),
            rows: self.rows - before.rows,
            wal_bytes: self.wal_bytes - before.wal_bytes,
        })
    }
}

/// User + system clock ticks of every process named `postgres`, exited children included.
fn postgres_cpu_ticks() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    dir.filter_map(Result::ok)
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("stat")).ok())
        .filter(|stat| stat.contains("(postgres)"))
        .map(|stat| {
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
            // utime, stime, cutime, cstime: fields 14 to 17.
            fields
                .get(11..15)
                .map_or(0, |f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum())
        })
        .sum()
}
