//! The HTTP servers' limits (`web::limits`), shared by the dashboard and the webhook: a client
//! that sends half a request is cut off, and the webhook refuses a stranger before reading
//! the body they announce.
use crate::support::on_sqlite;
use clinic::web::limits::ServerLimits;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Long enough never to be reached by a server that keeps its limits; a server without
/// limits holds the socket past it.
const PATIENCE: Duration = Duration::from_secs(20);

fn free_addr() -> SocketAddr {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap()
}

/// Send `bytes`, then read until the server closes; what it answered, or a failure if it
/// kept the connection open.
async fn send_then_wait_for_close(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut socket = TcpStream::connect(addr).await.unwrap();
    socket.write_all(bytes).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(PATIENCE, socket.read_to_end(&mut answer)).await;
    assert!(
        read.is_ok(),
        "the server still holds the connection after {PATIENCE:?}"
    );
    String::from_utf8_lossy(&answer).into_owned()
}

/// `clinic web` on a fresh SQLite file with one-second limits; returns when it answers.
async fn dashboard_with_one_second_limits(
    dir: &std::path::Path,
) -> (tokio::process::Child, SocketAddr) {
    let addr = free_addr();
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
        .arg("web")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("clinic.db").display()),
        )
        .env(
            "CLINIC_KNOWLEDGE",
            concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"),
        )
        .env("CLINIC_WEB_ADDR", addr.to_string())
        .env("CLINIC_HTTP_HEADER_TIMEOUT", "1")
        .env("CLINIC_HTTP_REQUEST_TIMEOUT", "1")
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("clinic web starts");
    for _ in 0..300 {
        if TcpStream::connect(addr).await.is_ok() {
            return (child, addr);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("clinic web never listened on {addr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_sent_header_is_cut_off_by_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let (_web, addr) = dashboard_with_one_second_limits(dir.path()).await;
    send_then_wait_for_close(addr, b"GET /healthz HTTP/1.1\r\nHost: clinic\r\nX-Slow: ").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_sent_body_is_answered_408_by_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let (_web, addr) = dashboard_with_one_second_limits(dir.path()).await;
    let answer = send_then_wait_for_close(
        addr,
        b"POST /cases/KK-2569-000001/note HTTP/1.1\r\nHost: clinic\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntext=half",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webhook_refuses_a_stranger_before_reading_the_body() {
    on_sqlite(|store| async move {
        let router = clinic::bot::webhook::router(
            "/telegram/hook",
            store,
            "right-secret",
            std::sync::Arc::new(tokio::sync::Notify::new()),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let limits = ServerLimits {
            header_read: Duration::from_secs(1),
            request: Duration::from_secs(60),
            body_bytes: 1024 * 1024,
        };
        tokio::spawn(clinic::web::limits::serve(listener, router, limits));
        // Headers only: the announced body never comes.
        let stranger = send_then_wait_for_close(
            addr,
            b"POST /telegram/hook HTTP/1.1\r\nHost: clinic\r\nConnection: close\r\n\
              X-Telegram-Bot-Api-Secret-Token: wrong\r\nContent-Length: 900000\r\n\r\n",
        )
        .await;
        assert!(stranger.starts_with("HTTP/1.1 401"), "{stranger}");
        let too_big = send_then_wait_for_close(
            addr,
            b"POST /telegram/hook HTTP/1.1\r\nHost: clinic\r\nConnection: close\r\n\
              X-Telegram-Bot-Api-Secret-Token: right-secret\r\nContent-Length: 2000000\r\n\r\n",
        )
        .await;
        assert!(too_big.starts_with("HTTP/1.1 413"), "{too_big}");
    })
    .await;
}
