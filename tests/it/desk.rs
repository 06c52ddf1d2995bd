//! Desk stories without Telegram: Incoming in, outbox out, on SQLite and PostgreSQL.
use crate::on_both_engines;
use crate::support::monday_morning;
use chrono::{DateTime, Duration, Utc};
use clinic::cases::{CaseRef, Status, UserId, parse_agencies};
use clinic::desk::local::{Delivered, deliver};
use clinic::desk::{Advisor, Body, Chat, ChatKind, Desk, DeskConfig, Incoming, Sender};
use clinic::store::DeskStore;
use std::sync::{Arc, OnceLock};

on_both_engines!(
    officer_registers_asks_and_is_answered,
    low_confidence_handoff_claim_relay_resolve_confirm_rate,
    a_case_moves_between_agencies_by_transfer,
    forged_buttons_are_refused_and_change_nothing,
    unconfirmed_resolutions_close_themselves,
    coordinators_get_the_summary_and_dashboard_links_arrive_privately,
);

pub const ADMIN: i64 = 900;
pub const OFFICER: i64 = 101;
pub const OTHER_OFFICER: i64 = 102;
pub const COORDINATOR: i64 = 800;
pub const EXPERT: i64 = 201;
pub const HIGHWAYS_EXPERT: i64 = 301;
pub const TREASURY_GROUP: i64 = -1001;
pub const HIGHWAYS_GROUP: i64 = -1002;
pub const COORDINATORS_GROUP: i64 = -1009;

/// Clearly answered by the knowledge base / clearly not.
pub const GOOD_QUESTION: &str = "วิธีเฉพาะเจาะจงใช้ได้ในวงเงินเท่าไร";
pub const VAGUE_QUESTION: &str = "ผู้รับจ้างทิ้งงานกลางคันและขอให้ช่วยดูสัญญาเช่ารถยนต์ของหน่วยงาน";

pub fn advisor() -> Arc<Advisor> {
    static ADVISOR: OnceLock<Arc<Advisor>> = OnceLock::new();
    ADVISOR
        .get_or_init(|| {
            Arc::new(
                Advisor::load(std::path::Path::new(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/knowledge"
                )))
                .expect("knowledge loads"),
            )
        })
        .clone()
}

/// A desk and a clock; every step delivers what the outbox holds.
pub struct Play<S> {
    pub desk: Desk<S>,
    pub now: DateTime<Utc>,
    update: i64,
}

impl<S: DeskStore> Play<S> {
    pub async fn new(store: S) -> Self {
        let agencies = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/knowledge/agencies.toml"
        ))
        .unwrap();
        store
            .sync_agencies(&parse_agencies(&agencies).unwrap())
            .await
            .unwrap();
        store
            .bootstrap_admins(&[UserId(ADMIN)], monday_morning())
            .await
            .unwrap();
        let desk = Desk::new(store, advisor(), DeskConfig::default());
        Play {
            desk,
            now: monday_morning(),
            update: 0,
        }
    }

    pub async fn send(
        &mut self,
        user: i64,
        chat: i64,
        body: Body,
        reply_to: Option<i64>,
    ) -> Vec<Delivered> {
        self.update += 1;
        self.now += Duration::minutes(5);
        let inc = Incoming {
            update_id: self.update,
            user: Sender {
                id: user,
                name: format!("user {user}"),
                language: Some("th".into()),
            },
            chat: Chat {
                id: chat,
                kind: if chat > 0 {
                    ChatKind::Private
                } else {
                    ChatKind::Group
                },
            },
            message_id: Some(10_000 + self.update),
            reply_to,
            body,
            time: self.now,
        };
        self.desk.handle(&inc).await.expect("desk handles it");
        deliver(&self.desk.store, self.now + Duration::days(1))
            .await
            .expect("delivered")
    }

    pub async fn say(&mut self, user: i64, chat: i64, text: &str) -> Vec<Delivered> {
        self.send(user, chat, Body::from_text(text), None).await
    }

    pub async fn reply(&mut self, user: i64, chat: i64, to: i64, text: &str) -> Vec<Delivered> {
        self.send(user, chat, Body::from_text(text), Some(to)).await
    }

    pub async fn press(&mut self, user: i64, chat: i64, data: &str) -> Vec<Delivered> {
        let body = Body::Button {
            data: data.into(),
            callback_id: format!("cb{}", self.update),
        };
        self.send(user, chat, body, None).await
    }

    /// The cast: groups bound, an officer registered, a coordinator, experts joined by invite.
    pub async fn cast(&mut self) {
        self.say(ADMIN, TREASURY_GROUP, "/bind treasury").await;
        self.say(ADMIN, HIGHWAYS_GROUP, "/bind highways").await;
        self.say(ADMIN, COORDINATORS_GROUP, "/bind coordinators")
            .await;
        self.register(OFFICER, "สมชาย ใจดี", "อบต.บ้านเป็ด").await;
        self.register(OTHER_OFFICER, "สมหญิง รักงาน", "เทศบาลเมืองศิลา")
            .await;
        self.register(COORDINATOR, "ประสาน งานดี", "ศูนย์ประสาน").await;
        let admin = self.desk.store.user(UserId(ADMIN)).await.unwrap().unwrap();
        self.desk
            .store
            .set_role(
                &admin.actor(),
                UserId(COORDINATOR),
                clinic::cases::Role::Coordinator,
            )
            .await
            .unwrap();
        self.join(EXPERT, TREASURY_GROUP, "treasury").await;
        self.join(HIGHWAYS_EXPERT, HIGHWAYS_GROUP, "highways").await;
    }

    pub async fn register(&mut self, user: i64, name: &str, unit: &str) {
        let asked = self.say(user, user, "/start").await;
        assert!(text_to(&asked, user).contains("ชื่อ"), "{asked:?}");
        self.say(user, user, name).await;
        let done = self.say(user, user, unit).await;
        assert!(text_to(&done, user).contains("ลงทะเบียนเรียบร้อย"), "{done:?}");
    }

    pub async fn join(&mut self, user: i64, group: i64, agency: &str) {
        let invite = self
            .say(
                COORDINATOR,
                COORDINATORS_GROUP,
                &format!("/invite {agency}"),
            )
            .await;
        let text = text_to(&invite, COORDINATORS_GROUP);
        let code = text
            .split("/join ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("an invite code")
            .to_owned();
        let joined = self.say(user, group, &format!("/join {code}")).await;
        assert!(text_to(&joined, group).contains("ผู้เชี่ยวชาญ"), "{joined:?}");
    }

    pub async fn status(&self, case_ref: &CaseRef) -> Status {
        let admin = self.desk.store.user(UserId(ADMIN)).await.unwrap().unwrap();
        self.desk
            .store
            .case(&admin.actor(), case_ref)
            .await
            .unwrap()
            .status
    }

    /// Officer hands a vague question to the treasury; returns the case and the group post id.
    pub async fn handoff_to_treasury(&mut self) -> (CaseRef, i64) {
        let unsure = self.say(OFFICER, OFFICER, VAGUE_QUESTION).await;
        let handoff = button_data(&unsure, "handoff:");
        let proposal = self.press(OFFICER, OFFICER, &handoff).await;
        assert!(button_data(&proposal, "open:").starts_with("open:"));
        let opened = self.press(OFFICER, OFFICER, "open:treasury").await;
        let post = to_chat(&opened, TREASURY_GROUP)
            .into_iter()
            .find(|d| !d.out.buttons.is_empty())
            .expect("a case post with a Claim button");
        let claim = post.out.buttons[0][0].data.clone();
        let case_ref = CaseRef::parse(claim.trim_start_matches("claim:")).unwrap();
        assert!(
            text_to(&opened, OFFICER).contains("คาดว่าจะมีผู้รับเรื่องภายใน"),
            "{opened:?}"
        );
        (case_ref, post.message_id)
    }
}

pub fn to_chat(delivered: &[Delivered], chat: i64) -> Vec<Delivered> {
    delivered
        .iter()
        // A press's answer counts when it says something: the presser reads it as a pop-up.
        .filter(|d| {
            d.out.chat_id == chat && (d.out.callback_answer.is_none() || !d.out.text.is_empty())
        })
        .cloned()
        .collect()
}

pub fn text_to(delivered: &[Delivered], chat: i64) -> String {
    to_chat(delivered, chat)
        .iter()
        .map(|d| d.out.text.clone())
        .collect::<Vec<_>>()
        .join("\n---\n")
}

/// The data of the first button whose data starts with `prefix`.
pub fn button_data(delivered: &[Delivered], prefix: &str) -> String {
    delivered
        .iter()
        .flat_map(|d| d.out.buttons.iter().flatten())
        .find(|b| b.data.starts_with(prefix))
        .map(|b| b.data.clone())
        .unwrap_or_else(|| panic!("no {prefix} button in {delivered:?}"))
}

fn last_id(delivered: &[Delivered], chat: i64) -> i64 {
    to_chat(delivered, chat)
        .last()
        .expect("a message")
        .message_id
}

async fn officer_registers_asks_and_is_answered<S: DeskStore>(store: S) {
    let mut play = Play::new(store).await;
    // A question before registering is kept and answered once registered.
    let asked = play.say(OFFICER, OFFICER, GOOD_QUESTION).await;
    assert!(text_to(&asked, OFFICER).contains("ชื่อ"));
    play.say(OFFICER, OFFICER, "สมชาย ใจดี").await;
    let answered = play.say(OFFICER, OFFICER, "อบต.บ้านเป็ด").await;
    let text = text_to(&answered, OFFICER);
    assert!(text.contains("ลงทะเบียนเรียบร้อย"), "{text}");
    assert!(text.contains("📘") && text.contains("⚖️"), "{text}");
    let up = button_data(&answered, "fb:up:");
    button_data(&answered, "handoff:");
    let details = button_data(&answered, "more:");
    let thanks = play.press(OFFICER, OFFICER, &up).await;
    assert!(text_to(&thanks, OFFICER).contains("ขอบคุณ"));
    assert!(thanks.iter().any(|d| d.out.callback_answer.is_some()));
    let more = play.press(OFFICER, OFFICER, &details).await;
    assert!(text_to(&more, OFFICER).contains("📖"));
    // English on request.
    play.say(OFFICER, OFFICER, "/lang en").await;
    let help = play.say(OFFICER, OFFICER, "/help").await;
    assert!(text_to(&help, OFFICER).contains("my cases"));
}

async fn low_confidence_handoff_claim_relay_resolve_confirm_rate<S: DeskStore>(store: S) {
    let mut play = Play::new(store).await;
    play.cast().await;
    let (r, _post) = play.handoff_to_treasury().await;
    assert_eq!(play.status(&r).await, Status::Open);
    let claimed = play
        .press(EXPERT, TREASURY_GROUP, &format!("claim:{r}"))
        .await;
    assert!(text_to(&claimed, OFFICER).contains("รับเรื่อง"));
    assert_eq!(play.status(&r).await, Status::Claimed);
    // Expert replies (with a photo, no caption) to the group's claim message.
    let group_msg = last_id(&claimed, TREASURY_GROUP);
    let photo = Body::Photo {
        file_id: "PHOTO-1".into(),
        caption: None,
    };
    let relayed = play
        .send(EXPERT, TREASURY_GROUP, photo, Some(group_msg))
        .await;
    let to_officer = to_chat(&relayed, OFFICER);
    assert_eq!(
        to_officer[0].out.attachment,
        Some(clinic::conversation::Attachment::Photo {
            file_id: "PHOTO-1".into()
        })
    );
    // Officer answers by replying to that message; the text reaches the group.
    let back = play
        .reply(
            OFFICER,
            OFFICER,
            to_officer[0].message_id,
            "แนบใบเสนอราคาแล้วครับ",
        )
        .await;
    assert!(text_to(&back, TREASURY_GROUP).contains("แนบใบเสนอราคาแล้วครับ"));
    // An internal note never reaches the officer.
    let noted = play
        .say(
            EXPERT,
            TREASURY_GROUP,
            &format!("/note {r} ตรวจระเบียบข้อ 79 แล้ว"),
        )
        .await;
    assert!(to_chat(&noted, OFFICER).is_empty());
    let resolved = play
        .say(
            EXPERT,
            TREASURY_GROUP,
            &format!("/resolve {r} ใช้วิธีเฉพาะเจาะจงได้"),
        )
        .await;
    assert_eq!(button_data(&resolved, "confirm:"), format!("confirm:{r}"));
    let confirmed = play.press(OFFICER, OFFICER, &format!("confirm:{r}")).await;
    assert_eq!(play.status(&r).await, Status::Closed);
    let rate = button_data(&confirmed, "rate:");
    let rated = play.press(OFFICER, OFFICER, &format!("rate:{r}:5")).await;
    assert!(rate.starts_with("rate:"));
    assert!(text_to(&rated, TREASURY_GROUP).contains("5/5"));
    // The officer's log hides the note; the coordinator's shows it and the photo's file id.
    let mine = play.say(OFFICER, OFFICER, &format!("/case {r}")).await;
    assert!(!text_to(&mine, OFFICER).contains("ข้อ 79"));
    let full = play
        .say(COORDINATOR, COORDINATORS_GROUP, &format!("/case {r}"))
        .await;
    let log = text_to(&full, COORDINATORS_GROUP);
    assert!(log.contains("ข้อ 79") && log.contains("PHOTO-1"), "{log}");
    let list = play.say(OFFICER, OFFICER, "/mycases").await;
    assert!(text_to(&list, OFFICER).contains(&r.to_string()));
}

async fn a_case_moves_between_agencies_by_transfer<S: DeskStore>(store: S) {
    let mut play = Play::new(store).await;
    play.cast().await;
    let (r, post) = play.handoff_to_treasury().await;
    play.press(EXPERT, TREASURY_GROUP, &format!("claim:{r}"))
        .await;
    let moved = play
        .reply(EXPERT, TREASURY_GROUP, post, "/transfer highways งานทาง")
        .await;
    assert!(button_data(&to_chat(&moved, HIGHWAYS_GROUP), "claim:").ends_with(&r.to_string()));
    assert!(text_to(&moved, OFFICER).contains("ถูกส่งต่อ"));
    assert_eq!(play.status(&r).await, Status::Open);
    // The treasury expert may no longer claim it; the highways expert may.
    let refused = play
        .press(EXPERT, TREASURY_GROUP, &format!("claim:{r}"))
        .await;
    assert!(text_to(&refused, TREASURY_GROUP).contains("⛔"));
    play.press(HIGHWAYS_EXPERT, HIGHWAYS_GROUP, &format!("claim:{r}"))
        .await;
    assert_eq!(play.status(&r).await, Status::Claimed);
}

async fn forged_buttons_are_refused_and_change_nothing<S: DeskStore>(store: S) {
    let mut play = Play::new(store).await;
    play.cast().await;
    let (r, _) = play.handoff_to_treasury().await;
    let forged = play.press(OFFICER, OFFICER, &format!("claim:{r}")).await;
    assert!(text_to(&forged, OFFICER).contains("⛔"));
    assert!(to_chat(&forged, TREASURY_GROUP).is_empty());
    assert_eq!(play.status(&r).await, Status::Open);
    let peek = play
        .press(OTHER_OFFICER, OTHER_OFFICER, &format!("show:{r}"))
        .await;
    let text = text_to(&peek, OTHER_OFFICER);
    assert!(
        text.contains("⛔") && !text.contains("KK-2569-000001 ·"),
        "{text}"
    );
    let junk = play
        .press(OFFICER, OFFICER, "claim:KK-2569-000001;drop")
        .await;
    assert!(text_to(&junk, OFFICER).contains("⛔"));
    let confirm = play
        .press(OTHER_OFFICER, OTHER_OFFICER, &format!("confirm:{r}"))
        .await;
    assert!(text_to(&confirm, OTHER_OFFICER).contains("⛔"));
    assert_eq!(play.status(&r).await, Status::Open);
    // Not an admin: binding is refused.
    let bind = play.say(OFFICER, -5555, "/bind treasury").await;
    assert!(text_to(&bind, -5555).contains("⛔"));
}

async fn unconfirmed_resolutions_close_themselves<S: DeskStore>(store: S) {
    let mut play = Play::new(store).await;
    play.cast().await;
    let (r, _) = play.handoff_to_treasury().await;
    play.press(EXPERT, TREASURY_GROUP, &format!("claim:{r}"))
        .await;
    play.say(EXPERT, TREASURY_GROUP, &format!("/resolve {r} ตอบแล้ว"))
        .await;
    let soon = play.now + Duration::days(1);
    assert_eq!(play.desk.close_unconfirmed(soon).await.unwrap(), 0);
    let later = play.now + Duration::days(8);
    assert_eq!(play.desk.close_unconfirmed(later).await.unwrap(), 1);
    assert_eq!(play.status(&r).await, Status::Closed);
    let told = deliver(&play.desk.store, later).await.unwrap();
    assert!(text_to(&told, OFFICER).contains("7 วัน"));
}

async fn coordinators_get_the_summary_and_dashboard_links_arrive_privately<S: DeskStore>(store: S) {
    let mut play = Play::new(store).await;
    play.cast().await;
    let summary = play.say(COORDINATOR, COORDINATORS_GROUP, "/summary").await;
    assert!(
        text_to(&summary, COORDINATORS_GROUP).contains("สรุป"),
        "{summary:?}"
    );
    let refused = play.say(OFFICER, OFFICER, "/summary").await;
    assert!(
        text_to(&refused, OFFICER).contains("ผู้ประสานงาน"),
        "{refused:?}"
    );

    // Asked in the group, the link goes to the coordinator's private chat, never the group.
    let link = play
        .say(COORDINATOR, COORDINATORS_GROUP, "/dashboard")
        .await;
    assert!(
        text_to(&link, COORDINATOR).contains("/login?token="),
        "{link:?}"
    );
    assert!(
        !text_to(&link, COORDINATORS_GROUP).contains("token="),
        "{link:?}"
    );
    let officer = play.say(OFFICER, OFFICER, "/dashboard").await;
    assert!(
        !text_to(&officer, OFFICER).contains("token="),
        "{officer:?}"
    );
}

on_both_engines!(summary_and_brief_are_refused_in_a_group_nobody_bound);

/// The figures are for the center's staff: a coordinator typing /summary or /brief in a group
/// nobody bound is told why, and nothing is posted there.
async fn summary_and_brief_are_refused_in_a_group_nobody_bound<S: DeskStore>(store: S) {
    const UNBOUND: i64 = -4242;
    let mut play = Play::new(store).await;
    play.cast().await;
    for command in ["/summary", "/brief"] {
        let said = play.say(COORDINATOR, UNBOUND, command).await;
        let text = text_to(&said, UNBOUND);
        assert!(text.contains("กลุ่มที่ผูกไว้แล้วเท่านั้น"), "{command}: {said:?}");
        assert_eq!(to_chat(&said, UNBOUND).len(), 1, "{command}: {said:?}");
    }
    let bound = play.say(COORDINATOR, COORDINATORS_GROUP, "/summary").await;
    assert!(!text_to(&bound, COORDINATORS_GROUP).contains("กลุ่มที่ผูกไว้แล้วเท่านั้น"));
}
