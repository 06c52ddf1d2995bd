//! A fake Telegram Bot API: the real JSON of the methods `clinic run` calls, scripted 429 and
//! 500 answers, outages, and a record of everything it received. The load generator
//! (`examples/loadgen.rs`) uses it too, through `#[path]`. Method names match case-insensitively
//! (teloxide calls `/bot<token>/SendMessage`).
//!
//! Updates reach the bot by `getUpdates`, or — once the bot has called `setWebhook` and the
//! test has named the instances behind the webhook (`deliver_to`) — by POSTs, as Telegram and a
//! load balancer in front of several instances would make them.
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, mpsc};

#[derive(Debug, Clone)]
pub enum Failure {
    TooManyRequests { retry_after: u32 },
    ServerError,
}

/// One call the fake answered successfully (sends carry the message id it gave).
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    pub message_id: Option<i64>,
    /// When the fake answered it.
    pub at: Instant,
}

impl Call {
    pub fn chat(&self) -> i64 {
        let chat = &self.body["chat_id"];
        chat.as_i64()
            .or_else(|| chat.as_str().and_then(|s| s.parse().ok()))
            .unwrap_or_default()
    }
    pub fn text(&self) -> String {
        let b = &self.body;
        b["text"]
            .as_str()
            .or(b["caption"].as_str())
            .unwrap_or_default()
            .to_owned()
    }
    /// The code of an expert invite (`/join CODE`) in this message.
    pub fn join_code(&self) -> Option<String> {
        let text = self.text();
        let code = text.split("/join ").nth(1)?.split_whitespace().next()?;
        Some(code.to_owned())
    }
    /// Callback data of every button.
    pub fn buttons(&self) -> Vec<String> {
        let markup = match &self.body["reply_markup"] {
            Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
            other => other.clone(),
        };
        markup["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
            .collect()
    }
    pub fn is_edit(&self) -> bool {
        self.method == "editmessagetext"
    }
    /// The callback query a call answers (answerCallbackQuery).
    pub fn answers(&self) -> Option<String> {
        (self.method == "answercallbackquery")
            .then(|| self.body["callback_query_id"].as_str().map(str::to_owned))
            .flatten()
    }
    pub fn is_send(&self) -> bool {
        matches!(
            self.method.as_str(),
            "sendmessage" | "sendphoto" | "senddocument"
        )
    }
}

#[derive(Default)]
struct Inner {
    updates: Vec<Value>,
    next_update: i64,
    next_message: i64,
    calls: Vec<Call>,
    failures: VecDeque<Failure>,
    failed: usize,
    /// Every call is refused (502) until then.
    outage_until: Option<Instant>,
    /// Sends and edits in these chats are also handed to the subscriber (the load generator:
    /// a pressed button's answer may come as an edit of the message pressed).
    subscribers: HashMap<i64, mpsc::UnboundedSender<Call>>,
    /// The URL and secret of the last `setWebhook`; `getUpdates` is refused meanwhile.
    webhook: Option<(String, String)>,
    /// Updates delivered a second time, to another instance.
    redelivered: usize,
}

#[derive(Clone, Default)]
pub struct FakeTelegram {
    inner: Arc<Mutex<Inner>>,
    /// Every Bot API call (but `getUpdates`) is answered this many milliseconds late, as a
    /// round trip to Telegram would be; calls wait side by side, not one after another.
    latency_ms: Arc<std::sync::atomic::AtomicU64>,
    /// Wakes a waiting `getUpdates` when an update is pushed.
    pushed: Arc<Notify>,
    pub url: String,
}

const BOT_ID: i64 = 4242;
const FIRST_UPDATE_ID: i64 = 1000;

fn ok(result: Value) -> Response {
    axum::Json(json!({"ok": true, "result": result})).into_response()
}

fn chat_json(id: i64) -> Value {
    if id > 0 {
        json!({"id": id, "type": "private", "first_name": "user"})
    } else {
        json!({"id": id, "type": "supergroup", "title": "group"})
    }
}

/// Fields of a multipart body (teloxide sends files that way), as JSON.
fn multipart(headers: &HeaderMap, body: &[u8]) -> Value {
    let boundary = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split("boundary=").nth(1))
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned();
    let text = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .split("name=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        else {
            continue;
        };
        let value = value.trim_end_matches("\r\n");
        let value = match head
            .split("filename=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        {
            Some(file) => json!({"file_name": file, "bytes": value.len()}),
            None => serde_json::from_str(value).unwrap_or_else(|_| json!(value)),
        };
        fields.insert(name.to_owned(), value);
    }
    Value::Object(fields)
}

async fn api(
    State(fake): State<FakeTelegram>,
    Path((_token, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let method = method.to_ascii_lowercase();
    let body: Value = serde_json::from_slice(&body).unwrap_or_else(|_| multipart(&headers, &body));
    if method == "getupdates" {
        if fake.inner.lock().unwrap().webhook.is_some() {
            return (
                StatusCode::CONFLICT,
                axum::Json(json!({"ok": false, "error_code": 409, "description":
                    "Conflict: can't use getUpdates method while webhook is active"})),
            )
                .into_response();
        }
        return fake.get_updates(&body).await;
    }
    let latency = fake.latency_ms.load(std::sync::atomic::Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let mut inner = fake.inner.lock().unwrap();
    if inner
        .outage_until
        .is_some_and(|until| Instant::now() < until)
    {
        inner.failed += 1;
        return (
            StatusCode::BAD_GATEWAY,
            axum::Json(json!({"ok": false, "error_code": 502, "description": "Bad Gateway"})),
        )
            .into_response();
    }
    let sends = [
        "sendmessage",
        "sendphoto",
        "senddocument",
        "editmessagetext",
    ];
    if sends.contains(&method.as_str())
        && let Some(failure) = inner.failures.pop_front()
    {
        {
            inner.failed += 1;
            return match failure {
                Failure::TooManyRequests { retry_after } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    axum::Json(json!({"ok": false, "error_code": 429,
                        "description": format!("Too Many Requests: retry after {retry_after}"),
                        "parameters": {"retry_after": retry_after}})),
                )
                    .into_response(),
                Failure::ServerError => (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    axum::Json(json!({"ok": false, "error_code": 500,
                        "description": "Internal Server Error"})),
                )
                    .into_response(),
            };
        }
    }
    let (result, message_id) = match method.as_str() {
        "getme" => (
            json!({"id": BOT_ID, "is_bot": true, "first_name": "Clinic", "username": "clinic_bot",
                "can_join_groups": true, "can_read_all_group_messages": true,
                "supports_inline_queries": false, "can_connect_to_business": false,
                "has_main_web_app": false}),
            None,
        ),
        "setwebhook" => {
            let url = body["url"].as_str().unwrap_or_default().to_owned();
            let secret = body["secret_token"].as_str().unwrap_or_default().to_owned();
            inner.webhook = (!url.is_empty()).then_some((url, secret));
            (json!(true), None)
        }
        "deletewebhook" => {
            inner.webhook = None;
            (json!(true), None)
        }
        "getwebhookinfo" => (
            json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0}),
            None,
        ),
        "sendmessage" | "sendphoto" | "senddocument" | "editmessagetext" => {
            // An edit keeps the message's id; a send makes a new one.
            let id = match body["message_id"].as_i64() {
                Some(id) if method == "editmessagetext" => id,
                _ => {
                    inner.next_message += 1;
                    inner.next_message
                }
            };
            let chat = Call {
                method: method.clone(),
                body: body.clone(),
                message_id: None,
                at: Instant::now(),
            }
            .chat();
            let mut message = json!({"message_id": id, "date": 1_767_578_400, "chat": chat_json(chat),
                "from": {"id": BOT_ID, "is_bot": true, "first_name": "Clinic"}});
            match method.as_str() {
                "sendphoto" => {
                    message["photo"] = json!([{"file_id": format!("sent-photo-{id}"),
                        "file_unique_id": format!("u{id}"), "width": 90, "height": 90}]);
                }
                "senddocument" => {
                    message["document"] = json!({"file_id": format!("sent-doc-{id}"),
                        "file_unique_id": format!("u{id}")});
                }
                _ => message["text"] = json!(body["text"].as_str().unwrap_or("…")),
            }
            (message, Some(id))
        }
        _ => (json!(true), None),
    };
    let call = Call {
        method,
        body,
        message_id,
        at: Instant::now(),
    };
    if (call.is_send() || call.is_edit())
        && let Some(subscriber) = inner.subscribers.get(&call.chat())
    {
        let _ = subscriber.send(call.clone());
    }
    inner.calls.push(call);
    ok(result)
}

fn update_id(update: &Value) -> i64 {
    update["update_id"].as_i64().unwrap_or(0)
}

/// One webhook POST; whether the instance answered 200.
async fn post(
    client: &hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        axum::body::Body,
    >,
    to: std::net::SocketAddr,
    path: &str,
    secret: &str,
    update: &Value,
) -> bool {
    let request = axum::http::Request::post(format!("http://{to}{path}"))
        .header("content-type", "application/json")
        .header("x-telegram-bot-api-secret-token", secret)
        .body(axum::body::Body::from(update.to_string()))
        .expect("a webhook request");
    match tokio::time::timeout(Duration::from_secs(10), client.request(request)).await {
        Ok(Ok(response)) => response.status() == StatusCode::OK,
        _ => false,
    }
}

/// The callback data of `call`'s button starting with `prefix` (panics if there is none).
pub fn button(call: &Call, prefix: &str) -> String {
    call.buttons()
        .into_iter()
        .find(|b| b.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} button in {call:?}"))
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let fake = FakeTelegram {
            pushed: Arc::new(Notify::new()),
            latency_ms: Arc::default(),
            inner: Arc::new(Mutex::new(Inner {
                next_update: FIRST_UPDATE_ID,
                next_message: 500,
                ..Inner::default()
            })),
            url,
        };
        let app = Router::new()
            .route("/{token}/{method}", axum::routing::any(api))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        fake
    }

    /// Long polling, shortened: answer as soon as there is something (at most `limit`, like
    /// Telegram's 100), else after ~0.3 s.
    async fn get_updates(&self, body: &Value) -> Response {
        let offset = body["offset"].as_i64().unwrap_or(0);
        let limit = body["limit"]
            .as_u64()
            .and_then(|l| usize::try_from(l).ok())
            .unwrap_or(100)
            .clamp(1, 100);
        let deadline = Instant::now() + Duration::from_millis(300);
        loop {
            let woken = self.pushed.notified();
            {
                let mut inner = self.inner.lock().unwrap();
                // Acknowledged updates are forgotten, as Telegram does.
                inner
                    .updates
                    .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
                if !inner.updates.is_empty() || Instant::now() > deadline {
                    let batch = inner.updates.iter().take(limit).cloned().collect();
                    return ok(Value::Array(batch));
                }
            }
            let _ = tokio::time::timeout(Duration::from_millis(50), woken).await;
        }
    }

    /// `clinic run` (the binary at `exe`) pointed at this fake, on `database_url`, with the
    /// settings every story shares: short polls, a dashboard on a free port, no throttle, quick
    /// retries, only errors logged (or `CLINIC_TEST_LOG`).
    pub fn clinic_run(
        &self,
        exe: &std::path::Path,
        database_url: &str,
        admin: i64,
    ) -> tokio::process::Command {
        let mut command = tokio::process::Command::new(exe);
        command
            .arg("run")
            .env("TELOXIDE_TOKEN", "123:TEST")
            .env("TELOXIDE_API_URL", &self.url)
            .env("DATABASE_URL", database_url)
            .env("CLINIC_ADMINS", admin.to_string())
            .env(
                "CLINIC_KNOWLEDGE",
                concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"),
            )
            .env("CLINIC_POLL_TIMEOUT", "1")
            // Each bot gets its own dashboard port: several run side by side.
            .env("CLINIC_WEB_ADDR", "127.0.0.1:0")
            // Telegram's own limit (30 messages/s) is not what the fake tests.
            .env("CLINIC_THROTTLE", "false")
            .env("CLINIC_OUTBOX_BACKOFF_MS", "50")
            .env(
                "RUST_LOG",
                std::env::var("CLINIC_TEST_LOG").unwrap_or_else(|_| "error".into()),
            )
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true);
        command
    }

    /// How many updates were pushed in all.
    pub fn updates_pushed(&self) -> i64 {
        self.inner.lock().unwrap().next_update - FIRST_UPDATE_ID
    }

    /// Deliver updates by webhook, in order, each to the next of `instances` in turn (a load
    /// balancer's round robin); an instance that does not answer 200 is skipped and the update
    /// goes to the next. Every `redeliver_every`-th update (0: none) is delivered a second time
    /// to another instance, as Telegram does when a delivery timed out. Starts once the bot has
    /// called `setWebhook`; pauses during an outage.
    pub fn deliver_to(&self, instances: Vec<std::net::SocketAddr>, redeliver_every: i64) {
        let fake = self.clone();
        tokio::spawn(async move {
            let client =
                hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                    .build_http::<axum::body::Body>();
            let mut next = FIRST_UPDATE_ID + 1;
            let mut turn = 0usize;
            loop {
                let woken = fake.pushed.notified();
                let job = {
                    let mut inner = fake.inner.lock().unwrap();
                    inner.updates.retain(|u| update_id(u) >= next);
                    let down = inner.outage_until.is_some_and(|u| Instant::now() < u);
                    match (&inner.webhook, down) {
                        (Some((url, secret)), false) => inner.updates.first().map(|u| {
                            let path = url::Url::parse(url)
                                .map_or_else(|_| "/".to_owned(), |url| url.path().to_owned());
                            (u.clone(), path, secret.clone())
                        }),
                        _ => None,
                    }
                };
                let Some((update, path, secret)) = job else {
                    let _ = tokio::time::timeout(Duration::from_millis(50), woken).await;
                    continue;
                };
                let id = update_id(&update);
                let to = instances[turn % instances.len()];
                turn += 1;
                if post(&client, to, &path, &secret, &update).await {
                    if redeliver_every > 0 && id % redeliver_every == 0 {
                        let again = instances[turn % instances.len()];
                        if post(&client, again, &path, &secret, &update).await {
                            fake.inner.lock().unwrap().redelivered += 1;
                        }
                    }
                    next = id + 1;
                } else {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        });
    }

    /// Answer every later call `latency` late (see `latency_ms`).
    pub fn set_latency(&self, latency: Duration) {
        let ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
        self.latency_ms
            .store(ms, std::sync::atomic::Ordering::Relaxed);
    }

    /// Updates delivered twice by `deliver_to`.
    pub fn redelivered(&self) -> usize {
        self.inner.lock().unwrap().redelivered
    }

    /// Refuse every call (502 Bad Gateway) for `duration` from now.
    pub fn outage(&self, duration: Duration) {
        self.inner.lock().unwrap().outage_until = Some(Instant::now() + duration);
    }

    /// Every later send to `chat`, and every edit in it, as it is answered.
    pub fn subscribe(&self, chat: i64) -> mpsc::UnboundedReceiver<Call> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.inner.lock().unwrap().subscribers.insert(chat, tx);
        rx
    }

    pub fn fail_next(&self, failures: impl IntoIterator<Item = Failure>) {
        self.inner.lock().unwrap().failures.extend(failures);
    }

    pub fn failed(&self) -> usize {
        self.inner.lock().unwrap().failed
    }

    /// Queue an update; its `update_id`.
    fn push(&self, mut update: Value) -> i64 {
        let id = {
            let mut inner = self.inner.lock().unwrap();
            inner.next_update += 1;
            let id = inner.next_update;
            update["update_id"] = json!(id);
            inner.updates.push(update);
            id
        };
        self.pushed.notify_waiters();
        id
    }

    fn message(user: i64, chat: i64, reply_to: Option<i64>) -> Value {
        let mut m = json!({"message_id": 1, "date": 1_767_578_400, "chat": chat_json(chat),
            "from": {"id": user, "is_bot": false, "first_name": format!("ผู้ใช้{user}"),
                     "language_code": "th"}});
        if let Some(to) = reply_to {
            m["reply_to_message"] = json!({"message_id": to, "date": 1_767_578_400,
                "chat": chat_json(chat), "text": "…"});
        }
        m
    }

    /// `user` registers in their private chat as `name` of อบต.บ้านเป็ด.
    pub async fn register(&self, user: i64, name: &str) {
        self.register_in(user, name, "อบต.บ้านเป็ด").await;
    }

    /// `user` registers in their private chat as `name` of `unit`.
    pub async fn register_in(&self, user: i64, name: &str, unit: &str) {
        self.text(user, user, "/start", None);
        self.wait_text(user, "ชื่อ-นามสกุล").await;
        self.text(user, user, name, None);
        self.wait_text(user, "สังกัด").await;
        self.text(user, user, unit, None);
        self.wait_text(user, "ลงทะเบียนเรียบร้อย").await;
    }

    /// The admin binds `group` to `agency` and invites `expert`, who joins there.
    pub async fn bind_agency_and_join(&self, admin: i64, group: i64, agency: &str, expert: i64) {
        self.text(admin, group, &format!("/bind {agency}"), None);
        self.wait_text(group, "กลุ่มผู้เชี่ยวชาญ").await;
        self.text(admin, admin, &format!("/invite {agency}"), None);
        let code = self.wait_text(admin, "/join ").await.join_code().unwrap();
        self.text(expert, group, &format!("/join {code}"), None);
        self.wait_text(group, "ยินดีต้อนรับ").await;
    }

    /// A text (or `/command`) from `user` in `chat`, optionally replying to a bot message.
    pub fn text(&self, user: i64, chat: i64, text: &str, reply_to: Option<i64>) {
        let mut m = Self::message(user, chat, reply_to);
        m["text"] = json!(text);
        if text.starts_with('/') {
            let len = text
                .split_whitespace()
                .next()
                .unwrap_or(text)
                .encode_utf16()
                .count();
            m["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
        }
        self.push(json!({"message": m}));
    }

    pub fn photo(&self, user: i64, chat: i64, file_id: &str, reply_to: Option<i64>) {
        let mut m = Self::message(user, chat, reply_to);
        m["photo"] =
            json!([{"file_id": file_id, "file_unique_id": "uq", "width": 90, "height": 90}]);
        self.push(json!({"message": m}));
    }

    pub fn press(&self, user: i64, chat: i64, data: &str) {
        self.press_on(user, chat, 1, data);
    }

    /// A button press on the bot's message `message_id`; the press's callback query id.
    pub fn press_on(&self, user: i64, chat: i64, message_id: i64, data: &str) -> String {
        let press = self.updates_pushed() + 1;
        let id = format!("cb-{press}-{user}-{message_id}-{data}");
        let q = json!({"id": id, "chat_instance": "ci", "data": data,
            "from": {"id": user, "is_bot": false, "first_name": format!("ผู้ใช้{user}")},
            "message": {"message_id": message_id, "date": 1_767_578_400, "chat": chat_json(chat),
                        "text": "…"}});
        self.push(json!({"callback_query": q}));
        id
    }

    /// Wait until the press `callback_id` is answered, and return the answer.
    pub async fn wait_answer(&self, callback_id: &str) -> Call {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(c) = self
                .calls()
                .into_iter()
                .find(|c| c.answers().as_deref() == Some(callback_id))
            {
                return c;
            }
            assert!(
                Instant::now() < deadline,
                "press {callback_id} never answered"
            );
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    /// Wait until an edit of a message in `chat` matches, and return it (panics after 30 s).
    pub async fn wait_edit(&self, chat: i64, what: impl Fn(&Call) -> bool) -> Call {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(c) = self
                .calls()
                .into_iter()
                .find(|c| c.is_edit() && c.chat() == chat && what(c))
            {
                return c;
            }
            assert!(
                Instant::now() < deadline,
                "no matching edit in chat {chat}; edits: {:#?}",
                self.calls()
                    .iter()
                    .filter(|c| c.is_edit())
                    .map(|c| (c.chat(), c.text()))
                    .collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    pub fn sends(&self) -> Vec<Call> {
        self.calls().into_iter().filter(Call::is_send).collect()
    }

    /// Wait until a send to `chat` matches, and return it (panics after 30 s).
    pub async fn wait_for(&self, chat: i64, what: impl Fn(&Call) -> bool) -> Call {
        self.wait_for_within(chat, what, Duration::from_secs(30))
            .await
    }

    /// `wait_for` with another patience.
    pub async fn wait_for_within(
        &self,
        chat: i64,
        what: impl Fn(&Call) -> bool,
        patience: Duration,
    ) -> Call {
        let deadline = Instant::now() + patience;
        loop {
            if let Some(c) = self
                .sends()
                .into_iter()
                .find(|c| c.chat() == chat && what(c))
            {
                return c;
            }
            assert!(
                Instant::now() < deadline,
                "nothing matched in chat {chat}; sent: {:#?}",
                self.sends()
                    .iter()
                    .map(|c| (c.chat(), c.text()))
                    .collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    pub async fn wait_text(&self, chat: i64, needle: &str) -> Call {
        self.wait_for(chat, |c| c.text().contains(needle)).await
    }
}
