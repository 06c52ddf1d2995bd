//! Hostile input: a table of named cases, each one update a stranger, a
//! careless user or a malicious one could send, run through the real desk against one shared
//! story — an officer with a claimed treasury case, another officer (who reads English) with a
//! highways case, experts of both agencies, a coordinator, the groups bound.
//!
//! Each case checks three things:
//! 1. the sender gets a clear answer in their own language (a phrase of the actual text);
//! 2. nobody else hears anything (no notification, no leak to another chat);
//! 3. the database is unchanged: every **state** table — everything except the logs below —
//!    holds exactly the same rows before and after. **Log** tables may grow, because they record
//!    what arrived and what was said rather than what is true: `questions_log` (a question is
//!    logged when answered), `outbox` and `relay_links` (the reply itself and its delivery),
//!    `inbox` and `telegram_updates` (raw updates), and sqlx's own migration table. A new table
//!    counts as state until it is added here.
//!
//! The cases run one after another on the same database (each leaves it as it found it, which
//! is the point), on SQLite and on PostgreSQL.
use crate::desk::{
    ADMIN, COORDINATOR, COORDINATORS_GROUP, EXPERT, GOOD_QUESTION, HIGHWAYS_EXPERT, HIGHWAYS_GROUP,
    OFFICER, OTHER_OFFICER, Play, TREASURY_GROUP, button_data, text_to, to_chat,
};
use crate::on_both_engines;
use chrono::{DateTime, Duration, Utc};
use clinic::cases::CaseRef;
use clinic::desk::local::{Delivered, deliver};
use clinic::desk::{Body, Chat, ChatKind, DeskConfig, Incoming, Sender};
use clinic::store::{DeskStore, PgStore, SqliteStore};
use sqlx::AssertSqlSafe;
use std::collections::BTreeMap;
use std::future::Future;

on_both_engines!(
    every_hostile_input_is_answered_clearly_and_changes_nothing,
    markup_in_relayed_messages_arrives_verbatim_as_plain_text,
    an_overlong_relay_reaches_the_other_side_in_pieces_that_fit,
    a_flood_from_one_user_is_cut_off_and_told_once,
);

/// Tables that record traffic rather than state (see the module comment).
const LOGS: &[&str] = &[
    "questions_log",
    "outbox",
    "relay_links",
    "inbox",
    "telegram_updates",
    "_sqlx_migrations",
];

/// A group nobody bound: anyone may be in it.
const STRANGE_GROUP: i64 = -7777;
/// Someone who never registered.
const STRANGER: i64 = 555;

/// Every row of every table, as text, sorted, by table.
pub trait Snapshot {
    fn snapshot(&self) -> impl Future<Output = BTreeMap<String, Vec<String>>> + Send;
}

impl Snapshot for SqliteStore {
    async fn snapshot(&self) -> BTreeMap<String, Vec<String>> {
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(self.pool())
        .await
        .unwrap();
        let mut all = BTreeMap::new();
        for (table,) in tables {
            let columns: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                    .bind(&table)
                    .fetch_all(self.pool())
                    .await
                    .unwrap();
            // `quote()` renders any value (blobs too) as an SQL literal: exact and comparable.
            let row = columns
                .iter()
                .map(|(c,)| format!("quote(\"{c}\")"))
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            let sql = format!("SELECT {row} FROM \"{table}\"");
            let mut rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql))
                .fetch_all(self.pool())
                .await
                .unwrap();
            rows.sort();
            all.insert(table, rows);
        }
        all
    }
}

impl Snapshot for PgStore {
    async fn snapshot(&self) -> BTreeMap<String, Vec<String>> {
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
        .fetch_all(self.pool())
        .await
        .unwrap();
        let mut all = BTreeMap::new();
        for (table,) in tables {
            let sql = format!("SELECT row_to_json(t)::text FROM \"{table}\" t");
            let mut rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql))
                .fetch_all(self.pool())
                .await
                .unwrap();
            rows.sort();
            all.insert(table, rows);
        }
        all
    }
}

/// The state tables that differ between two snapshots, with what changed.
fn state_changes(
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let tables: std::collections::BTreeSet<_> = before.keys().chain(after.keys()).collect();
    tables
        .into_iter()
        .filter(|t| !LOGS.contains(&t.as_str()))
        .filter_map(|t| {
            let (b, a) = (before.get(t), after.get(t));
            (b != a).then(|| {
                let empty = Vec::new();
                let (b, a) = (b.unwrap_or(&empty), a.unwrap_or(&empty));
                let gone: Vec<_> = b.iter().filter(|r| !a.contains(r)).collect();
                let new: Vec<_> = a.iter().filter(|r| !b.contains(r)).collect();
                format!("{t}: removed {gone:?}, added {new:?}")
            })
        })
        .collect()
}

/// The shared story the hostile inputs are aimed at.
pub struct Story {
    /// The officer's treasury case, claimed by `EXPERT`.
    pub case: CaseRef,
    /// The other officer's highways case, open.
    pub other_case: CaseRef,
    /// A question the officer asked (its 👍/👎/details/handoff buttons carry this id).
    pub question: i64,
    /// The officer's copy of the claim notice: replying to it writes to the experts.
    pub officer_msg: i64,
    /// The treasury group's claim notice: replying to it writes to the officer.
    pub group_msg: i64,
}

pub async fn story<S: DeskStore>(play: &mut Play<S>) -> Story {
    play.cast().await;
    play.say(OTHER_OFFICER, OTHER_OFFICER, "/lang en").await;
    let answered = play.say(OFFICER, OFFICER, GOOD_QUESTION).await;
    let question = button_data(&answered, "fb:up:")
        .trim_start_matches("fb:up:")
        .parse()
        .unwrap();
    let (case, _post) = play.handoff_to_treasury().await;
    let claimed = play
        .press(EXPERT, TREASURY_GROUP, &format!("claim:{case}"))
        .await;
    let officer_msg = to_chat(&claimed, OFFICER).last().unwrap().message_id;
    let group_msg = to_chat(&claimed, TREASURY_GROUP).last().unwrap().message_id;
    play.say(
        OTHER_OFFICER,
        OTHER_OFFICER,
        "/case ขอหารือการแบ่งงวดงานซ่อมผิวทางลาดยาง",
    )
    .await;
    let opened = play
        .press(OTHER_OFFICER, OTHER_OFFICER, "open:highways")
        .await;
    let other_case =
        CaseRef::parse(button_data(&opened, "claim:").trim_start_matches("claim:")).unwrap();
    Story {
        case,
        other_case,
        question,
        officer_msg,
        group_msg,
    }
}

/// One update as a hostile sender makes it.
pub struct Hostile {
    pub user: i64,
    pub chat: i64,
    /// The client's language ("th"/"en"); a stored `/lang` wins, as for real users.
    pub lang: &'static str,
    pub body: Body,
    pub reply_to: Option<i64>,
}

fn text(user: i64, chat: i64, text: &str) -> Hostile {
    Hostile {
        user,
        chat,
        lang: "th",
        body: Body::from_text(text),
        reply_to: None,
    }
}

fn press(user: i64, chat: i64, data: &str) -> Hostile {
    Hostile {
        body: Body::Button {
            data: data.to_owned(),
            callback_id: "cb-hostile".into(),
        },
        ..text(user, chat, "")
    }
}

fn reply(user: i64, chat: i64, to: i64, said: &str) -> Hostile {
    Hostile {
        reply_to: Some(to),
        ..text(user, chat, said)
    }
}

fn en(mut h: Hostile) -> Hostile {
    h.lang = "en";
    h
}

/// The update a hostile sender makes, as the adapter hands it to the desk.
fn incoming(h: Hostile, id: i64, time: DateTime<Utc>) -> Incoming {
    Incoming {
        update_id: id,
        user: Sender {
            id: h.user,
            name: format!("user {}", h.user),
            language: Some(h.lang.into()),
        },
        chat: Chat {
            id: h.chat,
            kind: if h.chat > 0 {
                ChatKind::Private
            } else {
                ChatKind::Group
            },
        },
        message_id: Some(id),
        reply_to: h.reply_to,
        body: h.body,
        time,
    }
}

/// Send one update at the play's clock and deliver what it caused.
pub async fn send<S: DeskStore>(play: &mut Play<S>, h: Hostile) -> Vec<Delivered> {
    play.now += Duration::minutes(5);
    let inc = incoming(h, play.now.timestamp(), play.now);
    play.desk.handle(&inc).await.expect("the desk never fails");
    deliver(&play.desk.store, play.now + Duration::days(1))
        .await
        .unwrap()
}

/// A row of the table: what is sent (after `prepare`, if any, whose changes are part of the
/// setting) and a phrase the sender must read.
struct Case {
    name: &'static str,
    prepare: Option<fn(&Story) -> Hostile>,
    send: fn(&Story) -> Hostile,
    says: fn(&Story) -> String,
}

macro_rules! case {
    ($name:ident, $send:expr, $says:expr) => {
        Case {
            name: stringify!($name),
            prepare: None,
            send: $send,
            says: $says,
        }
    };
    ($name:ident, prepare $prepare:expr, $send:expr, $says:expr) => {
        Case {
            name: stringify!($name),
            prepare: Some($prepare),
            send: $send,
            says: $says,
        }
    };
}

const STALE: &str = "⛔ ปุ่มนี้ใช้ไม่ได้";
const NOT_YOURS_TH: &str = "⛔ เรื่องนี้ไม่ใช่เรื่องของท่าน";
const NOT_YOURS_EN: &str = "⛔ this is not your case";
const OTHER_AGENCY_EN: &str = "⛔ this case belongs to another agency";
const NOT_IN_GROUP: &str = "⛔ แสดงเรื่องในกลุ่มนี้ไม่ได้";
const TOO_LONG_TH: &str = "⛔ ข้อความยาวเกินไป";
const HIDDEN_TH: &str = "⛔ ข้อความมีอักขระควบคุมที่มองไม่เห็น";
const HIDDEN_EN: &str = "⛔ This message contains invisible control characters";
const RLO: char = '\u{202E}';

fn s(text: &str) -> String {
    text.to_owned()
}

fn cases() -> Vec<Case> {
    vec![
        // ── forged callback data ────────────────────────────────────────────────────────
        case!(
            officer_presses_claim_on_own_case,
            |s| press(OFFICER, OFFICER, &format!("claim:{}", s.case)),
            |_| s("⛔ เจ้าหน้าที่พัสดุ ไม่มีสิทธิ์รับเรื่อง")
        ),
        case!(
            other_officer_forges_show_of_someone_elses_case,
            |s| press(OTHER_OFFICER, OTHER_OFFICER, &format!("show:{}", s.case)),
            |_| s(NOT_YOURS_EN)
        ),
        case!(
            other_officer_forges_confirm,
            |s| press(OTHER_OFFICER, OTHER_OFFICER, &format!("confirm:{}", s.case)),
            |_| s(NOT_YOURS_EN)
        ),
        case!(
            other_officer_forges_reopen,
            |s| press(OTHER_OFFICER, OTHER_OFFICER, &format!("reopen:{}", s.case)),
            |_| s(NOT_YOURS_EN)
        ),
        case!(
            other_officer_forges_a_rating,
            |s| press(OTHER_OFFICER, OTHER_OFFICER, &format!("rate:{}:1", s.case)),
            |_| s(NOT_YOURS_EN)
        ),
        case!(
            rating_out_of_range,
            |s| press(OFFICER, OFFICER, &format!("rate:{}:9", s.case)),
            |_| s(STALE)
        ),
        case!(
            rating_a_case_that_is_not_closed,
            |s| press(OFFICER, OFFICER, &format!("rate:{}:5", s.case)),
            |_| s("⛔ ให้คะแนนไม่ได้ เพราะเรื่องอยู่ในสถานะ")
        ),
        case!(
            confirming_a_case_not_yet_answered,
            |s| press(OFFICER, OFFICER, &format!("confirm:{}", s.case)),
            |_| s("⛔ ยืนยันปิดเรื่องไม่ได้")
        ),
        case!(
            sql_tail_on_a_case_reference,
            |s| press(OFFICER, OFFICER, &format!("claim:{};drop", s.case)),
            |_| s(STALE)
        ),
        case!(
            callback_longer_than_telegram_allows,
            |s| press(
                OFFICER,
                OFFICER,
                &format!("show:{}{}", s.case, "0".repeat(60))
            ),
            |_| s(STALE)
        ),
        case!(
            callback_with_thai_digits,
            |_| press(OFFICER, OFFICER, "show:KK-๒๕๖๙-000001"),
            |_| s(STALE)
        ),
        case!(
            callback_for_a_case_that_does_not_exist,
            |_| press(OFFICER, OFFICER, "show:KK-2569-999999"),
            |_| s("⛔ ไม่พบเรื่อง KK-2569-999999")
        ),
        case!(
            feedback_on_someone_elses_question,
            |s| press(
                OTHER_OFFICER,
                OTHER_OFFICER,
                &format!("fb:down:{}", s.question)
            ),
            |_| s(NOT_YOURS_EN)
        ),
        case!(
            details_of_someone_elses_question,
            |s| press(
                OTHER_OFFICER,
                OTHER_OFFICER,
                &format!("more:{}", s.question)
            ),
            |_| s(NOT_YOURS_EN)
        ),
        case!(
            handoff_of_someone_elses_question,
            |s| press(
                OTHER_OFFICER,
                OTHER_OFFICER,
                &format!("handoff:{}", s.question)
            ),
            |_| s(NOT_YOURS_EN)
        ),
        case!(
            feedback_on_a_question_that_does_not_exist,
            |_| press(OFFICER, OFFICER, "fb:up:987654321"),
            |_| s(NOT_YOURS_TH)
        ),
        case!(
            feedback_id_with_leading_zeros,
            |s| press(OFFICER, OFFICER, &format!("fb:up:000{}", s.question)),
            |_| s(STALE)
        ),
        case!(
            open_at_an_agency_without_a_draft,
            |_| press(OFFICER, OFFICER, "open:treasury"),
            |_| s("ไม่พบเรื่องที่จะส่ง กรุณาพิมพ์ /case ตามด้วยข้อความ")
        ),
        case!(
            open_at_an_agency_that_does_not_exist,
            |_| press(OFFICER, OFFICER, "open:ministry_of_magic"),
            |_| s("ไม่พบเรื่องที่จะส่ง")
        ),
        case!(
            entry_that_does_not_exist,
            |_| press(OFFICER, OFFICER, "entry:no-such-entry"),
            |_| s(STALE)
        ),
        case!(
            entry_path_traversal,
            |_| press(OFFICER, OFFICER, "entry:../../etc/passwd"),
            |_| s(STALE)
        ),
        case!(
            plan_method_that_does_not_exist,
            |_| press(OFFICER, OFFICER, "plan:no-such-method"),
            |_| s(STALE)
        ),
        case!(
            unregistered_stranger_presses_claim,
            |s| press(STRANGER, STRANGER, &format!("claim:{}", s.case)),
            |_| s("ท่านยังไม่ได้ลงทะเบียน")
        ),
        // ── other users' case references ──────────────────────────────────────────────
        case!(
            other_officer_reads_someone_elses_case,
            |s| en(text(
                OTHER_OFFICER,
                OTHER_OFFICER,
                &format!("/case {}", s.case)
            )),
            |_| s(NOT_YOURS_EN)
        ),
        case!(
            other_officer_resolves_someone_elses_case,
            |s| text(
                OTHER_OFFICER,
                OTHER_OFFICER,
                &format!("/resolve {} done", s.case)
            ),
            |_| s(NOT_YOURS_EN)
        ),
        case!(
            officer_reads_the_other_officers_case,
            |s| text(OFFICER, OFFICER, &format!("/case {}", s.other_case)),
            |_| s(NOT_YOURS_TH)
        ),
        case!(
            officer_notes_on_the_other_officers_case,
            |s| text(OFFICER, OFFICER, &format!("/note {} แอบดู", s.other_case)),
            |_| s(NOT_YOURS_TH)
        ),
        case!(
            officer_transfers_the_other_officers_case,
            |s| text(
                OFFICER,
                OFFICER,
                &format!("/transfer {} treasury ย้าย", s.other_case)
            ),
            |_| s(NOT_YOURS_TH)
        ),
        case!(
            officer_relays_into_a_case_by_replying_to_a_message_of_another_chat,
            |s| reply(OFFICER, OFFICER, s.group_msg, "แทรกข้อความ"),
            // The group's message id means nothing in the officer's chat: it is a question.
            |_| s("🤔 ยังไม่แน่ใจคำตอบของคำถามนี้")
        ),
        // ── an expert of one agency on another agency's case ──────────────────────────
        case!(
            highways_expert_claims_a_treasury_case,
            |s| en(press(
                HIGHWAYS_EXPERT,
                HIGHWAYS_GROUP,
                &format!("claim:{}", s.case)
            )),
            |_| s(OTHER_AGENCY_EN)
        ),
        case!(
            highways_expert_resolves_a_treasury_case,
            |s| en(text(
                HIGHWAYS_EXPERT,
                HIGHWAYS_GROUP,
                &format!("/resolve {} answered", s.case)
            )),
            |_| s(OTHER_AGENCY_EN)
        ),
        case!(
            highways_expert_notes_on_a_treasury_case,
            |s| en(text(
                HIGHWAYS_EXPERT,
                HIGHWAYS_GROUP,
                &format!("/note {} peek", s.case)
            )),
            |_| s(OTHER_AGENCY_EN)
        ),
        case!(
            highways_expert_reads_a_treasury_case,
            |s| en(text(
                HIGHWAYS_EXPERT,
                HIGHWAYS_GROUP,
                &format!("/case {}", s.case)
            )),
            |_| s(OTHER_AGENCY_EN)
        ),
        case!(
            highways_expert_transfers_a_treasury_case,
            |s| en(text(
                HIGHWAYS_EXPERT,
                HIGHWAYS_GROUP,
                &format!("/transfer {} public_works mine now", s.case)
            )),
            |_| s(OTHER_AGENCY_EN)
        ),
        case!(
            highways_expert_asks_the_officer_of_a_treasury_case,
            |s| en(text(
                HIGHWAYS_EXPERT,
                HIGHWAYS_GROUP,
                &format!("/ask {} send me the contract", s.case)
            )),
            |_| s(OTHER_AGENCY_EN)
        ),
        case!(
            expert_reassigns_a_case,
            |s| text(
                EXPERT,
                TREASURY_GROUP,
                &format!("/reassign {} {}", s.case, EXPERT)
            ),
            |_| s("⛔ ผู้เชี่ยวชาญ ไม่มีสิทธิ์มอบหมายเรื่องใหม่")
        ),
        case!(
            officer_reassigns_own_case,
            |s| text(
                OFFICER,
                OFFICER,
                &format!("/reassign {} {}", s.case, EXPERT)
            ),
            |_| s("⛔ เจ้าหน้าที่พัสดุ ไม่มีสิทธิ์มอบหมายเรื่องใหม่")
        ),
        case!(
            expert_issues_an_invite,
            |_| text(EXPERT, TREASURY_GROUP, "/invite treasury"),
            |_| s("⛔ ผู้เชี่ยวชาญ ไม่มีสิทธิ์ออกรหัสเชิญ")
        ),
        // ── what a chat may see, and commands in the wrong kind of chat ───────────────
        case!(
            treasury_expert_shows_a_treasury_case_in_the_highways_group,
            |s| text(EXPERT, HIGHWAYS_GROUP, &format!("/case {}", s.case)),
            |_| s(NOT_IN_GROUP)
        ),
        case!(
            coordinator_shows_a_case_in_an_unbound_group,
            |s| text(COORDINATOR, STRANGE_GROUP, &format!("/case {}", s.case)),
            |_| s(NOT_IN_GROUP)
        ),
        case!(
            coordinator_presses_show_in_an_unbound_group,
            |s| press(COORDINATOR, STRANGE_GROUP, &format!("show:{}", s.case)),
            |_| s(NOT_IN_GROUP)
        ),
        case!(
            officer_lists_cases_in_an_unbound_group,
            |_| text(OFFICER, STRANGE_GROUP, "/mycases"),
            |_| s(NOT_IN_GROUP)
        ),
        case!(
            coordinator_posts_an_invite_in_an_unbound_group,
            |_| text(COORDINATOR, STRANGE_GROUP, "/invite treasury"),
            |_| s(NOT_IN_GROUP)
        ),
        case!(
            coordinator_posts_a_treasury_invite_in_the_highways_group,
            |_| text(COORDINATOR, HIGHWAYS_GROUP, "/invite treasury"),
            |_| s(NOT_IN_GROUP)
        ),
        case!(
            bind_in_a_private_chat,
            |_| text(ADMIN, ADMIN, "/bind treasury"),
            |_| s("⛔ ใช้คำสั่งนี้ที่นี่ไม่ได้")
        ),
        case!(
            expert_rebinds_the_group_to_another_agency,
            |_| text(EXPERT, TREASURY_GROUP, "/bind highways"),
            |_| s("⛔ คำสั่งนี้สำหรับผู้ดูแลระบบเท่านั้น")
        ),
        case!(
            plan_in_a_group,
            |_| text(EXPERT, TREASURY_GROUP, "/plan อีบิด 2.5 ล้าน"),
            |_| s("⛔ คำสั่งนี้ใช้ได้ในแชทส่วนตัวกับบอตเท่านั้น")
        ),
        case!(
            new_case_text_in_a_group,
            |_| text(EXPERT, TREASURY_GROUP, "/case ขอเปิดเรื่องในกลุ่ม"),
            |_| s("ใช้: /case เลขที่")
        ),
        case!(
            officer_asks_for_the_weekly_summary,
            |_| text(OFFICER, OFFICER, "/summary"),
            |_| s("คำสั่งนี้สำหรับผู้ประสานงานและผู้ดูแลระบบเท่านั้น")
        ),
        case!(
            unknown_command,
            |_| text(OFFICER, OFFICER, "/drop_table cases"),
            |_| s("ไม่รู้จักคำสั่งนี้ พิมพ์ /help")
        ),
        // ── oversized messages ────────────────────────────────────────────────────────
        case!(
            ten_kilobyte_question,
            |_| text(OFFICER, OFFICER, &"ก".repeat(10 * 1024)),
            |_| format!("{TOO_LONG_TH} (10240 ตัวอักษร) รับได้ไม่เกิน 4096")
        ),
        case!(
            hundred_kilobyte_question,
            |_| en(text(OTHER_OFFICER, OTHER_OFFICER, &"x".repeat(100 * 1024))),
            |_| s("⛔ This message is too long (102400 characters); the limit is 4096")
        ),
        case!(
            ten_kilobyte_relay_from_the_group,
            |s| reply(EXPERT, TREASURY_GROUP, s.group_msg, &"ข้อมูล ".repeat(1500)),
            |_| s(TOO_LONG_TH)
        ),
        case!(
            ten_kilobyte_new_case,
            |_| text(
                OFFICER,
                OFFICER,
                &format!("/case {}", "ช่วยด้วย".repeat(1300))
            ),
            |_| s(TOO_LONG_TH)
        ),
        case!(
            ten_kilobyte_caption_on_a_relayed_photo,
            |s| Hostile {
                body: Body::Photo {
                    file_id: "AgADhostile".into(),
                    caption: Some("ภาพ".repeat(3500)),
                },
                ..reply(OFFICER, OFFICER, s.officer_msg, "")
            },
            |_| s(TOO_LONG_TH)
        ),
        // ── invisible control characters ──────────────────────────────────────────────
        case!(
            rtl_override_in_a_relay_to_the_experts,
            |s| reply(
                OFFICER,
                OFFICER,
                s.officer_msg,
                &format!("ใบเสนอราคา{RLO}fdp.exe")
            ),
            |_| s(HIDDEN_TH)
        ),
        case!(
            rtl_isolate_in_a_resolution,
            |s| text(
                EXPERT,
                TREASURY_GROUP,
                &format!("/resolve {} ใช้ได้\u{2067}ไม่\u{2069}", s.case)
            ),
            |_| s(HIDDEN_TH)
        ),
        case!(
            nul_byte_in_a_note,
            |s| text(EXPERT, TREASURY_GROUP, &format!("/note {} a\u{0}b", s.case)),
            |_| s(HIDDEN_TH)
        ),
        case!(
            terminal_escape_sequence_in_a_question,
            |_| en(text(
                OTHER_OFFICER,
                OTHER_OFFICER,
                "\u{1b}[2J\u{1b}[31mwhat is a median price"
            )),
            |_| s(HIDDEN_EN)
        ),
        case!(
            rtl_override_in_an_edited_relay,
            |s| Hostile {
                body: Body::EditedText {
                    text: format!("แก้ไข{RLO}ข้อความ"),
                },
                ..reply(OFFICER, OFFICER, s.officer_msg, "")
            },
            |_| s(HIDDEN_TH)
        ),
        case!(
            rtl_override_in_a_registration_name,
            prepare | _ | text(STRANGER, STRANGER, "/start"),
            |_| text(STRANGER, STRANGER, &format!("สมชาย{RLO}ยาดีจใ")),
            |_| s(HIDDEN_TH)
        ),
        case!(
            control_character_in_a_command_name,
            |_| text(OFFICER, OFFICER, "/help\u{7}"),
            |_| s(HIDDEN_TH)
        ),
        case!(
            zero_width_joiners_inside_a_question_still_find_the_answer,
            |_| text(
                OFFICER,
                OFFICER,
                &GOOD_QUESTION
                    .chars()
                    .flat_map(|c| [c, '\u{200D}'])
                    .collect::<String>()
            ),
            |_| s("📘")
        ),
        case!(
            zero_width_space_in_a_language_code,
            |_| text(OFFICER, OFFICER, "/lang e\u{200B}n"),
            |_| s("ใช้: /lang th หรือ /lang en")
        ),
        // ── SQL-ish and markup text ───────────────────────────────────────────────────
        case!(
            sql_injection_as_a_question,
            |_| text(OFFICER, OFFICER, "'; DROP TABLE cases; --"),
            |_| s("🤔 ยังไม่แน่ใจคำตอบของคำถามนี้")
        ),
        case!(
            sql_injection_as_an_invite_code,
            |_| text(OTHER_OFFICER, OTHER_OFFICER, "/join ' OR '1'='1"),
            |_| s("⛔ unknown invite code")
        ),
        case!(
            sql_injection_as_an_agency,
            |s| text(
                EXPERT,
                TREASURY_GROUP,
                &format!("/transfer {} treasury'-- ย้าย", s.case)
            ),
            |_| s("⛔ ไม่รู้จักหน่วยงาน «treasury'--»")
        ),
        case!(
            sql_injection_in_bind,
            |_| text(
                ADMIN,
                STRANGE_GROUP,
                "/bind treasury'; DELETE FROM chat_bindings; --"
            ),
            |_| s("⛔ ไม่รู้จักหน่วยงาน «treasury'; DELETE FROM chat_bindings; --»")
        ),
        case!(
            sql_injection_as_a_user_id,
            |s| text(
                COORDINATOR,
                COORDINATORS_GROUP,
                &format!("/reassign {} 201;DELETE FROM users", s.case)
            ),
            |_| s("ใช้: /reassign เลขที่ รหัสผู้ใช้")
        ),
        case!(
            sql_injection_as_a_case_reference_in_a_group,
            |_| text(
                COORDINATOR,
                COORDINATORS_GROUP,
                "/case KK-2569-000001' OR 1=1 --"
            ),
            |_| s("ใช้: /case เลขที่")
        ),
        case!(
            sql_injection_as_a_language,
            |_| text(OFFICER, OFFICER, "/lang th'; --"),
            |_| s("ใช้: /lang th หรือ /lang en")
        ),
        case!(
            html_injection_is_echoed_as_plain_text,
            |s| text(
                EXPERT,
                TREASURY_GROUP,
                &format!("/transfer {} <b>x</b>[y](tg://user?id=1) ย้าย", s.case)
            ),
            |_| s("⛔ ไม่รู้จักหน่วยงาน «<b>x</b>[y](tg://user?id=1)»")
        ),
        // ── absurd amounts and dates ──────────────────────────────────────────────────
        case!(
            plan_with_an_amount_beyond_any_budget,
            |_| text(OFFICER, OFFICER, "/plan อีบิด 99999999999999999999999999 บาท"),
            |_| s("อ่านวงเงินไม่ออก")
        ),
        case!(
            plan_with_a_negative_amount,
            |_| text(OFFICER, OFFICER, "/plan อีบิด -5 บาท"),
            |_| s("อ่านวงเงินไม่ออก")
        ),
        case!(
            plan_with_the_thirty_first_of_february,
            |_| text(OFFICER, OFFICER, "/plan อีบิด 2.5 ล้าน เริ่ม 31 ก.พ. 69"),
            |_| s("⛔ อ่านวันที่เริ่มไม่ออก")
        ),
        case!(
            plan_in_the_year_9999,
            |_| text(OFFICER, OFFICER, "/plan อีบิด 2.5 ล้าน เริ่ม 5 ม.ค. 9999"),
            |_| s("หรือวันที่ห่างจากวันนี้เกิน 5 ปี")
        ),
        case!(
            plan_lengthening_a_step_by_four_billion_days,
            |_| text(OFFICER, OFFICER, "/plan อีบิด 2.5 ล้าน publish=4000000000"),
            |_| s("⛔ วันที่อยู่นอกช่วงที่คำนวณได้")
        ),
        case!(
            plan_amount_in_thai_digits_beyond_any_budget,
            prepare | _ | press(OFFICER, OFFICER, "plan:e-bidding"),
            |_| text(OFFICER, OFFICER, "๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙ ล้านบาท"),
            |_| s("อ่านวงเงินไม่ออก")
        ),
        case!(
            plan_amount_of_zero,
            prepare | _ | press(OFFICER, OFFICER, "plan:e-bidding"),
            |_| text(OFFICER, OFFICER, "0"),
            |_| s("อ่านวงเงินไม่ออก")
        ),
    ]
}

async fn every_hostile_input_is_answered_clearly_and_changes_nothing<S>(store: S)
where
    S: DeskStore + Snapshot,
{
    let mut play = Play::new(store).await;
    let story = story(&mut play).await;
    let table = cases();
    assert!(table.len() >= 50, "the suite promises at least 50 cases");
    let mut failures = Vec::new();
    for case in &table {
        if let Some(prepare) = case.prepare {
            send(&mut play, prepare(&story)).await;
        }
        let before = play.desk.store.snapshot().await;
        let hostile = (case.send)(&story);
        let chat = hostile.chat;
        let delivered = send(&mut play, hostile).await;
        let after = play.desk.store.snapshot().await;
        let expected = (case.says)(&story);
        let said = text_to(&delivered, chat);
        if !said.contains(&expected) {
            failures.push(format!(
                "{}: expected {expected:?} in the reply, got {:?}",
                case.name,
                said.chars().take(300).collect::<String>()
            ));
        }
        let elsewhere: Vec<_> = delivered.iter().filter(|d| d.out.chat_id != chat).collect();
        if !elsewhere.is_empty() {
            failures.push(format!("{}: also sent {elsewhere:?}", case.name));
        }
        for change in state_changes(&before, &after) {
            failures.push(format!("{}: state changed: {change}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases failed:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

/// Telegram is sent plain text (no `parse_mode`, see `bot/outbox.rs`), so markup needs no
/// escaping: it must arrive exactly as typed, neither interpreted nor mangled.
async fn markup_in_relayed_messages_arrives_verbatim_as_plain_text<S: DeskStore>(store: S) {
    let mut play = Play::new(store).await;
    let s = story(&mut play).await;
    for markup in [
        "<b>ด่วน</b> <a href=\"https://evil.example\">คลิก</a>",
        "*ตัวหนา* _เอียง_ [ลิงก์](https://evil.example) `code` ||spoiler||",
        "&lt;script&gt;alert(1)&lt;/script&gt; <script>alert(1)</script>",
    ] {
        let up = send(&mut play, reply(OFFICER, OFFICER, s.officer_msg, markup)).await;
        let group = text_to(&up, TREASURY_GROUP);
        assert!(group.contains(markup), "{markup:?} became {group:?}");
        let down = send(
            &mut play,
            reply(EXPERT, TREASURY_GROUP, s.group_msg, markup),
        )
        .await;
        let officer = text_to(&down, OFFICER);
        assert!(officer.contains(markup), "{markup:?} became {officer:?}");
    }
}

/// The longest message a client may send, plus the relay's header, is more than Telegram takes
/// in one message: it arrives in pieces that each fit, all of it, and a reply to any piece
/// still reaches the case.
async fn an_overlong_relay_reaches_the_other_side_in_pieces_that_fit<S: DeskStore>(store: S) {
    let mut play = Play::new(store).await;
    let s = story(&mut play).await;
    let long = "รายละเอียดงานซ่อมแซมถนน ".repeat(4096 / 24);
    assert!(long.chars().count() <= clinic::desk::MAX_INPUT_CHARS);
    let relayed = send(&mut play, reply(OFFICER, OFFICER, s.officer_msg, &long)).await;
    let pieces = to_chat(&relayed, TREASURY_GROUP);
    assert!(pieces.len() >= 2, "{pieces:?}");
    for p in &pieces {
        assert!(
            clinic::conversation::length::units(&p.out.text)
                <= clinic::conversation::length::MAX_TEXT
        );
    }
    let joined: String = pieces.iter().map(|p| p.out.text.as_str()).collect();
    assert!(
        joined
            .split_whitespace()
            .collect::<String>()
            .contains(&long.split_whitespace().collect::<String>()),
        "nothing is lost"
    );
    let last = pieces.last().unwrap().message_id;
    let back = send(&mut play, reply(EXPERT, TREASURY_GROUP, last, "ได้รับครบแล้ว")).await;
    assert!(text_to(&back, OFFICER).contains("ได้รับครบแล้ว"), "{back:?}");
}

/// 200 messages in one minute from one officer: the first `flood_per_minute` (and the trickle
/// the bucket refills) are handled, the officer is told once in their language, the rest are
/// dropped without a trace — nothing logged, nothing answered; others are not affected.
async fn a_flood_from_one_user_is_cut_off_and_told_once<S: DeskStore + Snapshot>(store: S) {
    let mut play = Play::new(store).await;
    let s = story(&mut play).await;
    let limit = DeskConfig::default().flood_per_minute;
    assert_eq!(limit, 30);
    let asked_before = play.desk.store.snapshot().await["questions_log"].len();
    let start = play.now + Duration::hours(1);
    let mut delivered = Vec::new();
    for i in 0..200 {
        play.now = start + Duration::milliseconds(i * 300);
        let question = text(OFFICER, OFFICER, &format!("{GOOD_QUESTION} {i}"));
        let inc = incoming(question, 1_000_000 + i, play.now);
        play.desk.handle(&inc).await.unwrap();
        delivered.extend(deliver(&play.desk.store, play.now).await.unwrap());
    }
    let told: Vec<_> = delivered
        .iter()
        .filter(|d| {
            d.out
                .text
                .contains("⏳ ท่านส่งข้อความเร็วเกินไป (เกิน 30 ข้อความต่อนาที)")
        })
        .collect();
    assert_eq!(told.len(), 1, "told exactly once in the minute");
    let answers = delivered
        .iter()
        .filter(|d| d.out.text.contains("📘"))
        .count();
    // A burst of 30, then one more every two seconds of the remaining minute.
    assert!((30..=61).contains(&answers), "{answers} answered");
    let asked = play.desk.store.snapshot().await["questions_log"].len() - asked_before;
    assert_eq!(asked, answers, "dropped messages are not even logged");
    // Meanwhile another user is served as usual, and the flooder is served again later.
    let other = send(&mut play, en(text(OTHER_OFFICER, OTHER_OFFICER, "/help"))).await;
    assert!(text_to(&other, OTHER_OFFICER).contains("my cases"));
    play.now += Duration::minutes(2);
    let again = send(
        &mut play,
        text(OFFICER, OFFICER, &format!("/case {}", s.case)),
    )
    .await;
    assert!(text_to(&again, OFFICER).contains(&s.case.to_string()));
}

/// Many people at once on one SQLite file: every update is handled, every case opens, and
/// nobody reads "database is locked" (or the apology that would hide it).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_on_sqlite_never_see_a_locked_database() {
    crate::support::on_sqlite(|store: SqliteStore| async move {
        let mut play = Play::new(store).await;
        play.cast().await;
        let start = play.now + Duration::hours(1);
        let officers: Vec<i64> = (0..24).map(|i| 5_000 + i).collect();
        let tasks: Vec<_> = officers
            .iter()
            .map(|&officer| {
                let desk = play.desk.clone();
                tokio::spawn(async move {
                    let steps = [
                        Body::from_text("/start"),
                        Body::from_text(&format!("เจ้าหน้าที่ {officer}")),
                        Body::from_text("อบต.ทดสอบ"),
                        Body::from_text(GOOD_QUESTION),
                        Body::from_text("/lang en"),
                        Body::from_text(&format!("/case เรื่องทดสอบพร้อมกัน {officer}")),
                        Body::Button {
                            data: "open:treasury".into(),
                            callback_id: format!("cb{officer}"),
                        },
                    ];
                    for (i, body) in steps.into_iter().enumerate() {
                        let n = i64::try_from(i).unwrap();
                        let step = Hostile {
                            body,
                            ..text(officer, officer, "")
                        };
                        let inc = incoming(step, officer * 100 + n, start + Duration::seconds(n));
                        desk.handle(&inc).await?;
                    }
                    Ok::<_, clinic::desk::DeskError>(())
                })
            })
            .collect();
        // Meanwhile the outbox is drained, as the sender would, competing for the same file.
        let store = play.desk.store.clone();
        let drain = tokio::spawn(async move {
            let mut sent = Vec::new();
            for _ in 0..50 {
                sent.extend(deliver(&store, start + Duration::days(1)).await.unwrap());
                tokio::task::yield_now().await;
            }
            sent
        });
        for task in tasks {
            task.await
                .unwrap()
                .expect("no store error reaches the desk");
        }
        let mut delivered = drain.await.unwrap();
        delivered.extend(
            deliver(&play.desk.store, start + Duration::days(1))
                .await
                .unwrap(),
        );
        let sorry = ["ระบบขัดข้อง", "something went wrong", "locked", "busy"];
        for d in &delivered {
            assert!(
                !sorry.iter().any(|s| d.out.text.contains(s)),
                "a user read: {}",
                d.out.text
            );
        }
        for officer in officers {
            let opened = text_to(&delivered, officer);
            assert!(opened.contains("📨 Case KK-2569-"), "{officer}: {opened}");
        }
    })
    .await;
}
