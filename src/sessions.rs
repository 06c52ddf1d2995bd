//! Who is logged in to the dashboard: a one-time, short-lived link signed with HMAC-SHA256, then a
//! session cookie. Issued here for the bot's `/dashboard`, the command line and the web alike.
//!
//! The token is `user.expires.nonce.signature` (signature = HMAC-SHA256 of the first three
//! parts, hex, key shared by every instance through the `settings` table). A valid signature is
//! not enough: the nonce must be one the store issued, unexpired and never used (it is marked
//! used in the same statement that checks it). The session is a random id in an `HttpOnly`,
//! `SameSite=Strict` cookie, stored server-side with its own CSRF token, which every form (POST)
//! must echo.
use crate::cases::{Refusal, Role, UserId};
use crate::store::{Oversight, Session, StoreError};
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, KeyInit, Mac};
use rand::RngExt;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How long a login link may wait before it is used.
pub const LINK_TTL_MINUTES: i64 = 15;
/// How long a dashboard session lasts.
pub const SESSION_HOURS: i64 = 12;
pub const COOKIE: &str = "clinic_session";

/// 32 random bytes, hex.
pub fn random_token() -> String {
    let mut rng = rand::rng();
    let bytes: [u8; 32] = rng.random();
    hex::encode(bytes)
}

/// The signing key, created once and shared through the database.
pub async fn signing_key<S: Oversight>(store: &S) -> Result<Vec<u8>, StoreError> {
    let key = store
        .setting_or_init("web_signing_key", &random_token())
        .await?;
    Ok(key.into_bytes())
}

fn sign(key: &[u8], message: &str) -> Option<HmacSha256> {
    let mut mac = HmacSha256::new_from_slice(key).ok()?;
    mac.update(message.as_bytes());
    Some(mac)
}

/// Issue a login link token for `user` (the bot's `/dashboard` and `clinic dashboard-link`).
pub async fn issue_login_token<S: Oversight>(
    store: &S,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    // Only the center's staff have a dashboard: refuse unknown users and officers up front.
    let account = store.user(user).await?.ok_or(StoreError::NoUser(user))?;
    if account.role == Role::Officer {
        return Err(Refusal::NotForRole {
            role: Role::Officer,
            command: "dashboard",
        }
        .into());
    }
    let key = signing_key(store).await?;
    let nonce = random_token();
    let expires = now + Duration::minutes(LINK_TTL_MINUTES);
    store.issue_link(&nonce, user, now, expires).await?;
    let message = format!("{}.{}.{nonce}", user.0, expires.timestamp());
    let signature = sign(&key, &message)
        .map(|mac| hex::encode(mac.finalize().into_bytes()))
        .unwrap_or_default();
    Ok(format!("{message}.{signature}"))
}

/// Why a login was refused (shown as 403; the reason goes to the log only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefused {
    Malformed,
    BadSignature,
    Expired,
    UsedOrUnknown,
}

/// Check a token and use its nonce: the user it logs in.
pub async fn redeem_login_token<S: Oversight>(
    store: &S,
    key: &[u8],
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<UserId, LoginRefused>, StoreError> {
    let parts: Vec<&str> = token.split('.').collect();
    let [user, expires, nonce, signature] = parts[..] else {
        return Ok(Err(LoginRefused::Malformed));
    };
    let (Ok(user), Ok(expires), Ok(signature)) = (
        user.parse::<i64>(),
        expires.parse::<i64>(),
        hex::decode(signature),
    ) else {
        return Ok(Err(LoginRefused::Malformed));
    };
    let message = format!("{user}.{expires}.{nonce}");
    let genuine = sign(key, &message).is_some_and(|mac| mac.verify_slice(&signature).is_ok());
    if !genuine {
        return Ok(Err(LoginRefused::BadSignature));
    }
    if expires <= now.timestamp() {
        return Ok(Err(LoginRefused::Expired));
    }
    Ok(match store.redeem_link(nonce, now).await? {
        Some(issued_to) if issued_to.0 == user => Ok(issued_to),
        _ => Err(LoginRefused::UsedOrUnknown),
    })
}

/// Start a session: its id (for the cookie) and the session itself.
pub async fn start_session<S: Oversight>(
    store: &S,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let id = random_token();
    let csrf = random_token();
    let expires = now + Duration::hours(SESSION_HOURS);
    store.create_session(&id, user, &csrf, now, expires).await?;
    Ok(id)
}

/// The session cookie (an empty `id` with no age ends it); `secure` when the dashboard is
/// reached over https, so the browser never sends it in the clear.
pub fn session_cookie(id: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_secs}{secure}")
}

/// How long a new session's cookie lives.
pub const SESSION_SECS: i64 = SESSION_HOURS * 3600;

/// The session id from a `Cookie` header.
pub fn cookie_session(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

/// Constant-time comparison of the CSRF token a form sent with the session's.
pub fn csrf_ok(session: &Session, sent: Option<&str>) -> bool {
    let Some(sent) = sent else {
        return false;
    };
    let (a, b) = (session.csrf.as_bytes(), sent.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
