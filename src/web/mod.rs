//! The coordinators' web dashboard (axum, server-side HTML, inline SVG, no front-end build).
//!
//! `router(state)` is everything; `clinic web` serves it alone, `clinic run` merges it with the
//! bot. Routes: `/healthz`, `/metrics` (Prometheus, `clinic_*`), `/login?token=…` (one-time link: a page whose button posts the token),
//! then with a session: `/cases` (filters: agency, status, overdue, q), `/cases/{ref}` (+ POST
//! `/cases/{ref}/note`), `/charts`, `/gaps`, `/spending` (+ `/spending.png`; coordinators and admins),
//! `/learning` (course progress by unit), `/export.csv`, `/export.xlsx`, POST `/logout`; and
//! `/calendar/<token>.ics`, a person's calendar feed, whose secret token stands in for a session.
//! Experts see their agency only (403 otherwise), coordinators and admins everything, officers
//! nothing (the dashboard is for the center's staff).
mod charts;
pub mod feed;
mod feed_words;
mod learning;
pub mod limits;
mod pages;
mod spending;
mod views;

use crate::knowledge::Course;
use crate::sessions;
use crate::spending::TargetBook;
use crate::store::{Learning, Oversight, Session, Spending, StoreError};
use crate::telemetry::sampler;
use crate::timeline::Calendar;
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Utc;
use std::sync::Arc;

#[derive(Clone)]
pub struct WebState<S> {
    pub store: S,
    pub calendar: Arc<Calendar>,
    key: Arc<Vec<u8>>,
    /// Cookies carry `Secure`: the dashboard is reached over https (`served_at`).
    pub secure_cookies: bool,
    /// Where users reach the dashboard, for links in calendar feeds (`served_at`).
    pub web_url: String,
    /// The quarter-end targets coordinators' calendar feeds show (`with_knowledge`).
    pub targets: Arc<TargetBook>,
    /// The courses whose progress coordinators follow (`with_knowledge`).
    pub courses: Arc<Vec<Course>>,
}

impl<S: Oversight> WebState<S> {
    /// Reads (or creates) the shared signing key for login links.
    pub async fn new(store: S, calendar: Arc<Calendar>) -> Result<Self, StoreError> {
        let key = Arc::new(sessions::signing_key(&store).await?);
        Ok(Self {
            store,
            calendar,
            key,
            secure_cookies: false,
            web_url: String::new(),
            targets: Arc::default(),
            courses: Arc::default(),
        })
    }

    /// The spending targets and courses of the knowledge folder.
    pub fn with_knowledge(mut self, targets: Arc<TargetBook>, courses: Arc<Vec<Course>>) -> Self {
        self.targets = targets;
        self.courses = courses;
        self
    }

    /// Where users reach the dashboard (`CLINIC_WEB_URL`): https means secure cookies.
    pub fn served_at(mut self, public_url: &str) -> Self {
        self.web_url = public_url.trim().trim_end_matches('/').to_owned();
        self.secure_cookies = public_url
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("https://");
        self
    }
}

/// What every page says about itself to the browser: no script, no framing, no sniffing, no
/// referrer (login links carry a token).
const SECURITY_HEADERS: [(&str, &str); 4] = [
    (
        "content-security-policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
];

async fn security_headers(mut response: Response) -> Response {
    for (name, value) in SECURITY_HEADERS {
        response.headers_mut().insert(
            header::HeaderName::from_static(name),
            header::HeaderValue::from_static(value),
        );
    }
    response
}

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not logged in")]
    NotLoggedIn,
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("rendering a page: {0}")]
    Render(#[from] askama::Error),
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, text) = match &self {
            WebError::NotLoggedIn => (
                StatusCode::UNAUTHORIZED,
                "กรุณาเข้าสู่ระบบด้วยลิงก์จากคำสั่ง /dashboard ในบอท".to_owned(),
            ),
            WebError::Forbidden(why) => {
                (StatusCode::FORBIDDEN, format!("ไม่มีสิทธิ์เข้าถึง (403) — {why}"))
            }
            WebError::NotFound => (StatusCode::NOT_FOUND, "ไม่พบหน้านี้ (404)".to_owned()),
            WebError::BadRequest(why) => (StatusCode::BAD_REQUEST, format!("คำขอไม่ถูกต้อง — {why}")),
            WebError::Store(StoreError::Refused(refusal)) => (
                StatusCode::FORBIDDEN,
                format!("ไม่มีสิทธิ์ (403) — {}", refusal.th()),
            ),
            WebError::Store(StoreError::NoCase(_)) => {
                (StatusCode::NOT_FOUND, "ไม่พบเรื่องนี้ (404)".to_owned())
            }
            WebError::Store(e) => {
                tracing::error!("dashboard: {e}");
                (StatusCode::INTERNAL_SERVER_ERROR, UNAVAILABLE.to_owned())
            }
            WebError::Render(e) => {
                tracing::error!("dashboard: rendering a page: {e}");
                (StatusCode::INTERNAL_SERVER_ERROR, UNAVAILABLE.to_owned())
            }
        };
        let notice = views::Notice {
            frame: views::Frame::new("คลินิกจัดซื้อจัดจ้าง", None),
            text,
        };
        match askama::Template::render(&notice) {
            Ok(body) => (status, Html(body)).into_response(),
            Err(e) => {
                tracing::error!("dashboard: rendering an error page: {e}");
                (status, UNAVAILABLE).into_response()
            }
        }
    }
}

/// What a user is told when the fault is ours.
const UNAVAILABLE: &str = "ระบบขัดข้อง กรุณาลองใหม่";

/// The session of a request, or `NotLoggedIn`. Officers have no dashboard.
pub(crate) async fn session<S: Oversight>(
    state: &WebState<S>,
    headers: &HeaderMap,
) -> Result<Session, WebError> {
    let id = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(sessions::cookie_session)
        .ok_or(WebError::NotLoggedIn)?;
    let session = state
        .store
        .session(id, Utc::now())
        .await?
        .ok_or(WebError::NotLoggedIn)?;
    if session.user.role == crate::cases::Role::Officer {
        return Err(WebError::Forbidden("officers".into()));
    }
    Ok(session)
}

/// `ok` only while the database answers; 503 otherwise, so a load balancer stops sending here.
async fn healthz<S: Oversight>(
    axum::extract::State(state): axum::extract::State<WebState<S>>,
) -> Response {
    match state.store.ping().await {
        Ok(()) => "ok".into_response(),
        Err(e) => {
            tracing::warn!("healthz: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// The whole dashboard. Merge it into `clinic run`'s server or serve it alone.
pub fn router<S: Oversight + Spending + Learning>(state: WebState<S>) -> Router {
    Router::new()
        .route("/healthz", get(healthz::<S>))
        .route("/metrics", get(pages::metrics))
        .route("/login", get(pages::login_page).post(pages::login::<S>))
        .route("/logout", post(pages::logout::<S>))
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/cases") }),
        )
        .route("/cases", get(pages::cases::<S>))
        .route("/cases/{case_ref}", get(pages::case::<S>))
        .route("/cases/{case_ref}/note", post(pages::note::<S>))
        .route("/charts", get(pages::charts::<S>))
        .route("/gaps", get(pages::gaps::<S>))
        .route("/spending", get(spending::spending::<S>))
        .route("/spending.png", get(spending::spending_png::<S>))
        .route("/learning", get(learning::learning::<S>))
        .route("/calendar/{file}", get(feed::calendar_feed::<S>))
        .route("/export.csv", get(pages::export_csv::<S>))
        .route("/export.xlsx", get(pages::export_xlsx::<S>))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Serve the dashboard on `listener` until the process ends (`clinic web`, `clinic run`), with
/// the sampler that keeps the state gauges of `/metrics` fresh.
pub async fn serve<S: Oversight + Spending + Learning>(
    listener: tokio::net::TcpListener,
    state: WebState<S>,
    limits: limits::ServerLimits,
) -> std::io::Result<()> {
    let store = state.store.clone();
    tokio::select! {
        served = limits::serve(listener, router(state), limits) => served,
        () = sampler::sample(store, sampler::EVERY) => Ok(()),
    }
}
