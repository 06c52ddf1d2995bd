//! Webhook mode: Telegram POSTs each update to us. It is stored in the inbox before we answer
//! 200, so an update Telegram counts as delivered is never lost; any other answer makes
//! Telegram deliver it again. Several instances behind one URL (a load balancer) share the
//! inbox: its primary key makes a redelivered update a no-op, and the processing unit takes
//! each row once (`Desk::handle_update`).
use crate::store::DeskStore;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use tokio::sync::Notify;

/// The header Telegram fills with the `secret_token` given to `setWebhook`.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// Where Telegram delivers, and how we know it is Telegram.
pub struct Webhook {
    /// The public HTTPS address given to `setWebhook`; its path is the route served.
    pub url: url::Url,
    pub secret: String,
    pub listener: tokio::net::TcpListener,
    pub limits: crate::web::limits::ServerLimits,
}

/// The secret every instance of one bot derives alike from its token, so instances behind
/// one URL agree without sharing another setting. Telegram allows `A-Z a-z 0-9 _ -`.
pub fn secret_from_token(token: &str) -> String {
    let digest = Sha256::digest(format!("clinic webhook secret\n{token}").as_bytes());
    hex::encode(digest)
}

/// Telegram's rule for a `secret_token`: 1 to 256 of `A-Z a-z 0-9 _ -`.
pub fn is_valid_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len())
        && secret
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[derive(Clone)]
struct Receiver<S> {
    store: S,
    secret: Arc<str>,
    inbox: Arc<Notify>,
}

/// The route Telegram posts to (`path` of the webhook URL).
pub fn router<S: DeskStore + Clone + Send + Sync + 'static>(
    path: &str,
    store: S,
    secret: &str,
    inbox: Arc<Notify>,
) -> Router {
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    Router::new()
        .route(&path, axum::routing::post(receive::<S>))
        .with_state(Receiver {
            store,
            secret: secret.into(),
            inbox,
        })
}

async fn receive<S: DeskStore>(
    State(receiver): State<Receiver<S>>,
    headers: HeaderMap,
    body: Body,
) -> StatusCode {
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    // Before the body is read: a stranger's post costs us its headers only.
    if !same_secret(given, receiver.secret.as_bytes()) {
        return StatusCode::UNAUTHORIZED;
    }
    // The size is bounded by the server's body limit (`web::limits`).
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::PAYLOAD_TOO_LARGE;
    };
    let Ok(raw) = serde_json::from_slice::<Value>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let Some(update_id) = raw.get("update_id").and_then(Value::as_i64) else {
        return StatusCode::BAD_REQUEST;
    };
    match receiver
        .store
        .inbox_put(&[(update_id, raw)], Utc::now())
        .await
    {
        Ok(_) => {
            tracing::debug!(update_id, "webhook: update stored");
            receiver.inbox.notify_one();
            StatusCode::OK
        }
        Err(e) => {
            // Not stored, so not acknowledged: Telegram delivers it again.
            tracing::error!(%e, update_id, "webhook: cannot store update");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Compare without leaking, through timing, how much of a guess was right.
fn same_secret(given: &[u8], secret: &[u8]) -> bool {
    given.len() == secret.len()
        && given
            .iter()
            .zip(secret)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_is_the_same_for_one_token_and_telegram_accepts_its_characters() {
        let secret = secret_from_token("123:ABC");
        assert_eq!(secret, secret_from_token("123:ABC"));
        assert_ne!(secret, secret_from_token("123:ABD"));
        assert!(is_valid_secret(&secret));
        assert!(!is_valid_secret(""));
        assert!(!is_valid_secret("a b"));
        assert!(!is_valid_secret(&"a".repeat(257)));
    }

    #[test]
    fn a_secret_matches_only_itself() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }
}
