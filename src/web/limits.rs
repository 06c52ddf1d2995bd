//! The limits every HTTP server of ours runs under — the dashboard and the Telegram webhook
//! alike — so a client that sends half a header, or a body slowly or without end, cannot hold
//! a connection (and its task and memory) forever:
//! - the request's headers must arrive within `header_read` (hyper closes the connection);
//! - the whole request, body read and answer included, within `request` (408);
//! - a body may be at most `body_bytes`: a larger `Content-Length` is refused (413) before any
//!   handler runs, and a body without one is cut off at that size.
use axum::Router;
use axum::http::StatusCode;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    pub header_read: Duration,
    pub request: Duration,
    pub body_bytes: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(30),
            body_bytes: 1024 * 1024,
        }
    }
}

impl ServerLimits {
    /// `router` with the request timeout and the body limit; the limit is the outer layer, so
    /// it is checked before anything else.
    pub fn apply(&self, router: Router) -> Router {
        router
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                self.request,
            ))
            .layer(RequestBodyLimitLayer::new(self.body_bytes))
    }
}

/// Serve `router` on `listener` under `limits`, each request in its span
/// (`telemetry::http`), until the process ends (HTTP/1.1: both servers sit behind a TLS
/// proxy, or are reached by Telegram, which speaks HTTP/1.1).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: ServerLimits,
) -> std::io::Result<()> {
    // The span around everything, so a request refused by a limit is seen too.
    let app = crate::telemetry::http::traced(limits.apply(router));
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors and the like: wait, do not spin.
                tracing::warn!(%e, "accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(limits.header_read);
            if let Err(e) = http.serve_connection(TokioIo::new(stream), service).await {
                tracing::debug!(%e, "connection ended");
            }
        });
    }
}
