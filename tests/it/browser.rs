//! The real dashboard in a real headless Chromium over WebDriver: log in with an issued link,
//! filter, open a case, download the CSV, save a screenshot under target/, and check that an
//! expert cannot reach another agency's case. The test installs nothing: `.ci/ensure-browser`
//! (run by `.ci/run`) installs Chromium and ChromeDriver; without them this test fails, naming
//! what is missing (it never skips).
use crate::support::{agency, cast, monday_morning};
use clinic::sessions;
use clinic::store::{SqliteStore, Store, no_messages};
use clinic::timeline::Calendar;
use clinic::web::{WebState, serve};
use fantoccini::{Client, ClientBuilder, Locator};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

/// chromedriver, stopped when the test ends (also on failure).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

const CHROMIUM: &str = "/usr/bin/chromium";

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Chromium and ChromeDriver are there, or the test fails saying which is missing and how to
/// install it.
fn browser_present() {
    let missing: Vec<&str> = [
        (CHROMIUM, std::path::Path::new(CHROMIUM).is_file()),
        ("chromedriver (on PATH)", on_path("chromedriver")),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(what, _)| what)
    .collect();
    assert!(
        missing.is_empty(),
        "the dashboard browser test needs {}: install with `.ci/ensure-browser` (as root; \
         `.ci/run` does it). The browser test never skips.",
        missing.join(" and ")
    );
}

async fn browser(driver_url: &str, profile: &std::path::Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut last_error = None;
    for _ in 0..50 {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(driver_url)
            .await
        {
            Ok(client) => return client,
            Err(e) => last_error = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("chromedriver at {driver_url} did not start a browser: {last_error:?}");
}

/// A fresh browser (own profile) that followed a login link issued for `user`.
async fn logged_in(
    driver_url: &str,
    profile: &std::path::Path,
    store: &SqliteStore,
    site: &str,
    user: clinic::cases::UserId,
) -> (Client, String) {
    let client = browser(driver_url, profile).await;
    let token = sessions::issue_login_token(store, user, chrono::Utc::now())
        .await
        .expect("token");
    follow_login_link(&client, &format!("{site}/login?token={token}")).await;
    (client, token)
}

/// Open a login link and press its page's "continue" (opening it alone spends nothing).
async fn follow_login_link(client: &Client, link: &str) {
    client.goto(link).await.expect("login page");
    client
        .find(fantoccini::Locator::Css("form[action='/login'] button"))
        .await
        .expect("continue button")
        .click()
        .await
        .expect("continue");
    // The click starts the POST; wait until its answer (whatever page it is) replaced the form.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !client
        .find_all(fantoccini::Locator::Css("form[action='/login']"))
        .await
        .expect("page")
        .is_empty()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the login page never gave way to an answer"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn fetch_status(client: &Client, url: &str) -> i64 {
    let script = "const done = arguments[arguments.length - 1];\
                  fetch(arguments[0]).then(r => done(r.status));";
    client
        .execute_async(script, vec![serde_json::json!(url)])
        .await
        .expect("fetch")
        .as_i64()
        .expect("a status")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_uses_the_dashboard_in_a_real_browser() {
    browser_present();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("clinic.db").display());
    let store = SqliteStore::connect(&url, "KK").await.expect("store");
    let c = cast(&store).await;
    let open = async |code: &str, subject: &str| {
        store
            .open_case(
                &c.officer,
                &agency(code),
                subject,
                monday_morning(),
                no_messages,
            )
            .await
            .expect("open")
            .case_ref
            .to_string()
    };
    let treasury = open("treasury", "หลักประกันสัญญาคืนเมื่อไร").await;
    let highways = open("highways", "แบบถนนลาดยางในเขตทาง").await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let site = format!("http://{}", listener.local_addr().expect("addr"));
    let state = WebState::new(store.clone(), Arc::new(Calendar::default()))
        .await
        .expect("state");
    tokio::spawn(serve(listener, state, Default::default()));

    let port = free_port();
    let _driver = Driver(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let driver_url = format!("http://127.0.0.1:{port}");

    // The coordinator: log in with a bot-issued link, filter, open a case, download the CSV.
    let profile = tempfile::tempdir().expect("profile");
    let (client, _) = logged_in(
        &driver_url,
        profile.path(),
        &store,
        &site,
        c.coordinator.user,
    )
    .await;
    assert_eq!(client.current_url().await.expect("url").path(), "/cases");
    let page = client.source().await.expect("source");
    assert!(
        page.contains(&treasury) && page.contains(&highways),
        "{page}"
    );

    let agency_select = client
        .find(Locator::Css("select[name=agency]"))
        .await
        .expect("select");
    agency_select
        .select_by_value("highways")
        .await
        .expect("choose highways");
    client
        .find(Locator::Id("apply"))
        .await
        .expect("button")
        .click()
        .await
        .expect("filter");
    // The click starts a navigation; under load it completes a moment later.
    wait_for_url(&client, "agency=highways").await;
    let table = client
        .find(Locator::Id("cases"))
        .await
        .expect("table")
        .text()
        .await
        .expect("text");
    assert!(
        table.contains(&highways) && !table.contains(&treasury),
        "{table}"
    );

    client
        .find(Locator::LinkText(&highways))
        .await
        .expect("case link")
        .click()
        .await
        .expect("open case");
    wait_for_url(&client, &highways).await;
    let heading = client
        .find(Locator::Css("h1"))
        .await
        .expect("h1")
        .text()
        .await
        .expect("text");
    assert_eq!(heading, format!("เรื่อง {highways}"));
    let log = client
        .find(Locator::Id("log"))
        .await
        .expect("log")
        .text()
        .await
        .expect("text");
    assert!(log.contains("5 ม.ค. 2569"), "Buddhist-era dates: {log}");

    let csv = client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             fetch('/export.csv').then(r => r.text()).then(done);",
            vec![],
        )
        .await
        .expect("download");
    let csv = csv.as_str().expect("text");
    assert!(
        csv.contains("ref,status,agency") && csv.contains(&treasury) && csv.contains(&highways)
    );

    let shot = client.screenshot().await.expect("screenshot");
    let target = std::path::Path::new(MANIFEST).join("target");
    std::fs::create_dir_all(&target).expect("target dir");
    std::fs::write(target.join("dashboard-browser.png"), &shot).expect("save screenshot");
    assert!(shot.starts_with(b"\x89PNG"));
    client.close().await.expect("close");

    // An expert of highways, in a fresh browser: their case opens, treasury's is 403.
    let profile = tempfile::tempdir().expect("profile");
    let (client, token) = logged_in(
        &driver_url,
        profile.path(),
        &store,
        &site,
        c.highways_expert.user,
    )
    .await;
    assert_eq!(
        fetch_status(&client, &format!("/cases/{highways}")).await,
        200
    );
    assert_eq!(
        fetch_status(&client, &format!("/cases/{treasury}")).await,
        403
    );
    client
        .goto(&format!("{site}/cases/{treasury}"))
        .await
        .expect("goto");
    let page = client.source().await.expect("source");
    assert!(
        page.contains("403") && !page.contains("หลักประกันสัญญาคืนเมื่อไร"),
        "{page}"
    );
    // The used link does not log anyone in a second time.
    follow_login_link(&client, &format!("{site}/login?token={token}")).await;
    assert!(client.source().await.expect("source").contains("403"));
    client.close().await.expect("close");
    store.close().await;
}

/// A click starts a navigation; under load it completes a moment later.
async fn wait_for_url(client: &fantoccini::Client, part: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let url = client.current_url().await.expect("url");
        if url.as_str().contains(part) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{url} never became a page with {part}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
