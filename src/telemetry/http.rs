//! One span per HTTP request our servers answer (the dashboard and the webhook): method, path,
//! status, latency. The path only: login links carry their token in the query string.
use super::series;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use std::time::Duration;
use tower_http::trace::TraceLayer;
use tracing::Span;

/// `router` with a span around each request, its response counted by status class.
pub fn traced(router: Router) -> Router {
    router.layer(
        TraceLayer::new_for_http()
            .make_span_with(|request: &Request<Body>| {
                tracing::info_span!(
                    "http",
                    method = %request.method(),
                    path = %request.uri().path(),
                    status = tracing::field::Empty,
                    latency_ms = tracing::field::Empty,
                )
            })
            .on_request(())
            .on_response(
                |response: &Response<Body>, latency: Duration, span: &Span| {
                    let status = response.status();
                    span.record("status", status.as_u16());
                    span.record("latency_ms", latency.as_millis());
                    series::http_response(status.as_u16());
                    // Scrapes and page views are routine; only the server's own faults stand out.
                    if status.is_server_error() {
                        tracing::warn!("request failed");
                    } else {
                        tracing::debug!("request answered");
                    }
                },
            )
            .on_failure(()),
    )
}
