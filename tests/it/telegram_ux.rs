//! The desk as officers and experts meet it in Telegram: the real `clinic run` binary against
//! the fake Bot API — sign-up that knows who joins, formatted answers, buttons that answer at
//! once and retire once used, "sent ✓", names instead of ids, login links a preview cannot spend.
use crate::desk::{GOOD_QUESTION, VAGUE_QUESTION};
use crate::support::telegram::{Call, FakeTelegram, button};
use crate::telegram::{ADMIN, EXPERT, OFFICER, OTHER, Service, TREASURY};
use std::time::Duration;

const COORDINATORS: i64 = -1009;
const SECOND_EXPERT: i64 = 202;

/// Where the case with the claim button `claim` is, as its reference.
fn case_ref(claim: &str) -> String {
    claim.trim_start_matches("claim:").to_owned()
}

/// The officer opens a treasury case; the group's post with its claim button.
async fn open_treasury_case(f: &FakeTelegram) -> Call {
    f.text(OFFICER, OFFICER, &format!("/case {VAGUE_QUESTION}"), None);
    f.wait_text(OFFICER, "เสนอส่งเรื่อง").await;
    f.press(OFFICER, OFFICER, "open:treasury");
    f.wait_text(TREASURY, "🆕").await
}

/// Every send to `chat` so far.
fn sends_to(f: &FakeTelegram, chat: i64) -> Vec<Call> {
    f.sends().into_iter().filter(|c| c.chat() == chat).collect()
}

/// The next send to `chat` after the first `before` of them.
async fn next_send(f: &FakeTelegram, chat: i64, before: usize) -> Call {
    for _ in 0..750 {
        if let Some(c) = sends_to(f, chat).get(before) {
            return c.clone();
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    panic!("nothing more was sent to {chat}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_expert_joins_by_the_deep_link_or_by_join_after_start_and_keeps_their_name() {
    let s = Service::start().await;
    let f = &s.fake;
    f.text(ADMIN, TREASURY, "/bind treasury", None);
    f.wait_text(TREASURY, "กลุ่มผู้เชี่ยวชาญ").await;
    // The invite hands out Telegram's deep link: the Start button joins at once.
    f.text(ADMIN, ADMIN, "/invite treasury", None);
    let invite = f.wait_text(ADMIN, "/join ").await;
    let code = invite.join_code().unwrap();
    let link = format!("https://t.me/clinic_bot?start=join-{code}");
    assert!(invite.text().contains(&link), "{}", invite.text());
    f.text(EXPERT, EXPERT, &format!("/start join-{code}"), None);
    let welcome = next_send(f, EXPERT, 0).await;
    assert!(
        welcome.text().contains("เป็นผู้เชี่ยวชาญของ"),
        "{}",
        welcome.text()
    );

    // The other way: Start first (it asks for a name), then the code typed.
    f.text(ADMIN, ADMIN, "/invite treasury", None);
    let code = f
        .wait_for(ADMIN, |c| c.join_code().is_some_and(|c| c != code))
        .await
        .join_code()
        .unwrap();
    f.text(SECOND_EXPERT, SECOND_EXPERT, "/start", None);
    f.wait_text(SECOND_EXPERT, "ชื่อ-นามสกุล").await;
    f.text(SECOND_EXPERT, SECOND_EXPERT, &format!("/join {code}"), None);
    f.wait_text(SECOND_EXPERT, "เป็นผู้เชี่ยวชาญของ").await;
    // What they type next is not taken for a name and a unit.
    let before = sends_to(f, SECOND_EXPERT).len();
    f.text(SECOND_EXPERT, SECOND_EXPERT, GOOD_QUESTION, None);
    let next = next_send(f, SECOND_EXPERT, before).await;
    assert!(!next.text().contains("สังกัด"), "{}", next.text());
    assert!(next.text().contains("📘"), "{}", next.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_typed_before_start_is_answered_once_sign_up_ends() {
    let s = Service::start().await;
    let f = &s.fake;
    f.text(OFFICER, OFFICER, GOOD_QUESTION, None);
    f.wait_text(OFFICER, "ชื่อ-นามสกุล").await;
    // Telegram's Start button, pressed after the question.
    f.text(OFFICER, OFFICER, "/start", None);
    f.text(OFFICER, OFFICER, "สมชาย ใจดี", None);
    f.wait_text(OFFICER, "สังกัด").await;
    f.text(OFFICER, OFFICER, "อบต.บ้านเป็ด", None);
    f.wait_text(OFFICER, "ลงทะเบียนเรียบร้อย").await;
    let answer = f.wait_text(OFFICER, "📘").await;
    assert!(answer.text().contains("500,000"), "{}", answer.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_are_bold_by_entities_not_by_asterisks() {
    let s = Service::start().await;
    let f = &s.fake;
    f.register(OFFICER, "สมชาย ใจดี").await;
    f.text(OFFICER, OFFICER, GOOD_QUESTION, None);
    let answer = f.wait_text(OFFICER, "📘").await;
    let text = answer.text();
    assert!(!text.contains("**"), "{text}");
    assert!(answer.body["parse_mode"].is_null(), "no markup to parse");
    let entities = answer.body["entities"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let bold: Vec<String> = entities
        .iter()
        .filter(|e| e["type"] == "bold")
        .map(|e| {
            let units: Vec<u16> = text.encode_utf16().collect();
            let at = usize::try_from(e["offset"].as_u64().unwrap()).unwrap();
            let len = usize::try_from(e["length"].as_u64().unwrap()).unwrap();
            String::from_utf16(&units[at..at + len]).unwrap()
        })
        .collect();
    assert!(bold.contains(&"ไม่เกิน 500,000 บาท".to_owned()), "{bold:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_routing_proposal_says_why_in_words_one_reason_a_line() {
    let s = Service::start().await;
    let f = &s.fake;
    f.register(OFFICER, "สมชาย ใจดี").await;
    f.text(
        OFFICER,
        OFFICER,
        "/case ผู้รับจ้างทิ้งงานกลางคัน ขอคำแนะนำเรื่องบอกเลิกสัญญาและค่าปรับ",
        None,
    );
    let proposal = f.wait_text(OFFICER, "เสนอส่งเรื่อง").await;
    let text = proposal.text();
    // No entry ids, no rule syntax, no reasons glued into one line.
    let id = regex::Regex::new(r"[a-z0-9]+(-[a-z0-9]+){2,}").unwrap();
    assert!(!id.is_match(&text), "{text}");
    assert!(!text.contains("คำว่า") && !text.contains("; "), "{text}");
    let reasons: Vec<&str> = text.lines().filter(|l| l.starts_with("• ")).collect();
    assert!(reasons.len() >= 2, "{text}");
    assert!(reasons.iter().any(|l| l.contains("ค่าปรับ")), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_press_is_answered_before_anything_else_it_causes() {
    let s = Service::start().await;
    let f = &s.fake;
    s.bind_and_join().await;
    f.register(OFFICER, "สมชาย ใจดี").await;
    let post = open_treasury_case(f).await;
    let claim = button(&post, "claim:");
    let press = f.press_on(EXPERT, TREASURY, post.message_id.unwrap(), &claim);
    f.wait_text(OFFICER, "🙋").await;
    f.wait_answer(&press).await;
    let calls = f.calls();
    let answered = calls
        .iter()
        .position(|c| c.answers().as_deref() == Some(press.as_str()))
        .unwrap();
    // What the claim causes: the officer's notice, the group's notice, the post edited.
    let caused = calls
        .iter()
        .position(|c| {
            (c.is_send() && c.chat() == OFFICER && c.text().starts_with("🙋"))
                || (c.is_send() && c.chat() == TREASURY && c.text().starts_with("✅"))
                || (c.is_edit() && c.chat() == TREASURY)
        })
        .unwrap();
    assert!(
        answered < caused,
        "the press was answered after the bot's messages"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn used_buttons_retire_and_refusals_pop_up_for_the_presser_alone() {
    let s = Service::start().await;
    let f = &s.fake;
    s.bind_and_join().await;
    f.register(OFFICER, "สมชาย ใจดี").await;
    let post = open_treasury_case(f).await;
    let claim = button(&post, "claim:");
    let r = case_ref(&claim);
    let post_id = post.message_id.unwrap();
    f.press_on(EXPERT, TREASURY, post_id, &claim);
    // The group's post now says who took it, and has no Claim button.
    let edited = f
        .wait_edit(TREASURY, |c| c.body["message_id"] == post_id)
        .await;
    assert!(edited.text().contains("ผู้ใช้201"), "{}", edited.text());
    assert!(edited.buttons().is_empty(), "{edited:?}");
    // A second press (an old client still shows the button) pops up for the presser only.
    let group_before = sends_to(f, TREASURY).len();
    let again = f.press_on(EXPERT, TREASURY, post_id, &claim);
    let refusal = f.wait_answer(&again).await;
    assert_eq!(refusal.body["show_alert"], true, "{refusal:?}");
    assert!(
        refusal.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("มีผู้รับเรื่องนี้ไปแล้ว"),
        "{refusal:?}"
    );
    f.text(
        EXPERT,
        TREASURY,
        &format!("/resolve {r} ใช้วิธีเฉพาะเจาะจงได้"),
        None,
    );
    let resolved = f.wait_text(OFFICER, "ใช้วิธีเฉพาะเจาะจงได้").await;
    assert_eq!(
        sends_to(f, TREASURY)[group_before..]
            .iter()
            .filter(|c| c.text().contains("⛔"))
            .count(),
        0,
        "the refusal was posted to the group"
    );
    // Confirming turns the same message into the rating; rating into "closed ⭐5".
    let resolved_id = resolved.message_id.unwrap();
    f.press_on(
        OFFICER,
        OFFICER,
        resolved_id,
        &button(&resolved, "confirm:"),
    );
    let rate = f
        .wait_edit(OFFICER, |c| c.body["message_id"] == resolved_id)
        .await;
    assert!(!rate.buttons().iter().any(|b| b.starts_with("confirm:")));
    let five = button(&rate, &format!("rate:{r}:5"));
    f.press_on(OFFICER, OFFICER, resolved_id, &five);
    let closed = f
        .wait_edit(OFFICER, |c| {
            c.body["message_id"] == resolved_id && c.text().contains("⭐5")
        })
        .await;
    assert!(closed.buttons().is_empty(), "{closed:?}");
    // The old reopen button, pressed after closing: refused in Thai words only.
    let reopen = f.press_on(OFFICER, OFFICER, resolved_id, &format!("reopen:{r}"));
    let refusal = f.wait_answer(&reopen).await;
    let said = refusal.body["text"].as_str().unwrap_or_default().to_owned();
    assert!(said.contains("⛔"), "{said}");
    assert!(!said.chars().any(|c| c.is_ascii_alphabetic()), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relayed_replies_and_photos_are_confirmed_as_sent() {
    let s = Service::start().await;
    let f = &s.fake;
    s.bind_and_join().await;
    f.register(OFFICER, "สมชาย ใจดี").await;
    let post = open_treasury_case(f).await;
    let claim = button(&post, "claim:");
    f.press_on(EXPERT, TREASURY, post.message_id.unwrap(), &claim);
    let claimed = f.wait_text(TREASURY, "ตอบกลับ (reply)").await;
    let officer_before = sends_to(f, OFFICER).len();
    f.photo(EXPERT, TREASURY, "PHOTO-XYZ", claimed.message_id);
    let photo = f.wait_for(OFFICER, |c| c.method == "sendphoto").await;
    // A caption-less photo arrives with who sent it, not a "[photo]" placeholder.
    assert!(!photo.text().contains("[รูปภาพ]"), "{}", photo.text());
    assert!(photo.text().contains(&case_ref(&claim)), "{}", photo.text());
    let sent = f.wait_text(TREASURY, "ส่งแล้ว ✓").await;
    assert_eq!(sent.body["reply_parameters"]["message_id"], 1, "{sent:?}");
    f.text(OFFICER, OFFICER, "แนบสัญญาแล้วครับ", photo.message_id);
    f.wait_text(TREASURY, "แนบสัญญาแล้วครับ").await;
    let ack = f.wait_text(OFFICER, "ส่งแล้ว ✓").await;
    assert!(sends_to(f, OFFICER).len() > officer_before);
    assert!(ack.body["reply_parameters"]["message_id"].is_number());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thanks_and_greetings_get_a_short_reply_not_a_search() {
    let s = Service::start().await;
    let f = &s.fake;
    f.register(OFFICER, "สมชาย ใจดี").await;
    for said in ["ขอบคุณครับ", "สวัสดีค่ะ", "ok"] {
        let before = sends_to(f, OFFICER).len();
        f.text(OFFICER, OFFICER, said, None);
        let reply = next_send(f, OFFICER, before).await;
        let text = reply.text();
        assert!(
            !text.contains("🤔") && !text.contains("📘"),
            "{said}: {text}"
        );
        assert!(reply.buttons().is_empty(), "{said}: {text}");
        assert!(text.chars().count() < 80, "{said}: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case_logs_name_people_and_agencies() {
    let mut s = Service::start().await;
    let f = &s.fake;
    s.bind_and_join().await;
    f.text(ADMIN, COORDINATORS, "/bind coordinators", None);
    f.wait_text(COORDINATORS, "ผู้ประสานงาน").await;
    f.register(OFFICER, "สมชาย ใจดี").await;
    let post = open_treasury_case(f).await;
    let claim = button(&post, "claim:");
    let r = case_ref(&claim);
    f.press_on(EXPERT, TREASURY, post.message_id.unwrap(), &claim);
    f.wait_text(OFFICER, "🙋").await;
    f.text(ADMIN, COORDINATORS, &format!("/case {r}"), None);
    let log = f.wait_text(COORDINATORS, "📂").await.text();
    assert!(log.contains("ผู้ใช้201"), "{log}");
    assert!(log.contains("สำนักงานคลังจังหวัด"), "{log}");
    assert!(!log.contains(&format!(" {EXPERT}")), "{log}");
    assert!(!log.contains("treasury"), "{log}");
    s.kill().await;
    let knowledge = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let shown = crate::support::clinic_on(
        &s.dir.path().join("clinic.db"),
        &knowledge,
        &["cases", "show", &r],
    );
    assert!(
        shown.contains("สมชาย ใจดี") && shown.contains("ผู้ใช้201"),
        "{shown}"
    );
    assert!(!shown.contains(&format!(" {OFFICER}]")), "{shown}");
    assert!(!shown.contains(&format!(" {EXPERT}")), "{shown}");
    assert!(!shown.contains("treasury"), "{shown}");
}

/// One HTTP/1.1 request to the dashboard; status line and headers, then the body.
pub(crate) async fn http(addr: &str, method: &str, path: &str, form: Option<&str>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let body = form.unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_link_has_no_preview_and_a_preview_fetch_cannot_spend_it() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let addr = format!("127.0.0.1:{port}");
    let url = format!("http://{addr}");
    let s = Service::start_with(&[("CLINIC_WEB_ADDR", &addr), ("CLINIC_WEB_URL", &url)]).await;
    let f = &s.fake;
    f.text(ADMIN, ADMIN, "/dashboard", None);
    let message = f.wait_text(ADMIN, "/login?token=").await;
    assert_eq!(
        message.body["link_preview_options"]["is_disabled"], true,
        "{message:?}"
    );
    let text = message.text();
    let link = text
        .split_whitespace()
        .find(|w| w.contains("/login?token="))
        .unwrap();
    let path = link.trim_start_matches(&url).to_owned();
    // What a link preview does: GET it, twice. Neither logs in nor spends the token.
    for _ in 0..2 {
        let preview = http(&addr, "GET", &path, None).await;
        assert!(preview.starts_with("HTTP/1.1 200"), "{preview}");
        assert!(
            !preview.to_ascii_lowercase().contains("set-cookie"),
            "{preview}"
        );
        assert!(preview.contains("<form method=\"post\""), "{preview}");
    }
    // The person presses "continue": the page's own POST redeems it, once.
    let token = path.split("token=").nth(1).unwrap();
    let login = http(&addr, "POST", "/login", Some(&format!("token={token}"))).await;
    assert!(login.to_ascii_lowercase().contains("set-cookie"), "{login}");
    let again = http(&addr, "POST", "/login", Some(&format!("token={token}"))).await;
    assert!(again.starts_with("HTTP/1.1 403"), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn command_menus_come_per_scope_from_the_command_table() {
    let s = Service::start().await;
    let f = &s.fake;
    s.bind_and_join().await;
    f.text(ADMIN, OTHER, "/start", None);
    let menus = |scope: &dyn Fn(&serde_json::Value) -> bool| -> Vec<Vec<String>> {
        f.calls()
            .into_iter()
            .filter(|c| c.method == "setmycommands" && scope(&c.body["scope"]))
            .map(|c| {
                c.body["commands"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["command"].as_str().unwrap().to_owned())
                    .collect()
            })
            .collect()
    };
    let private = menus(&|s| s["type"] == "all_private_chats");
    assert!(private.iter().any(|m| m.contains(&"case".to_owned())));
    assert!(!private.iter().flatten().any(|c| c == "resolve"));
    // The agency group gets the experts' menu as soon as it is bound.
    f.wait_for_within(
        TREASURY,
        |_| !menus(&|s| s["type"] == "chat" && s["chat_id"] == TREASURY).is_empty(),
        Duration::from_secs(10),
    )
    .await;
    let group = menus(&|s| s["type"] == "chat" && s["chat_id"] == TREASURY);
    let group = group.last().unwrap();
    assert!(group.contains(&"resolve".to_owned()) && !group.contains(&"plan".to_owned()));
    // Descriptions are Thai by default, English for English clients.
    let thai = f
        .calls()
        .into_iter()
        .find(|c| c.method == "setmycommands" && c.body["language_code"].is_null())
        .unwrap();
    assert!(
        thai.body["commands"][0]["description"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
    );
    assert!(
        f.calls()
            .iter()
            .any(|c| c.method == "setmycommands" && c.body["language_code"] == "en")
    );
}
