//! `clinic chat`: the whole desk in the terminal, on the local database, no token needed.
//! `/as officer|expert <agency>|coordinator` switches who you are; every message the desk sends
//! is printed with its number and chat, buttons as `[n] label` — type `n` (or the label) to
//! press one, `>N text` to reply to message #N (Telegram's reply-to), `/quit` to leave.
use super::database::{DatabaseArgs, connect, runtime, sync};
use chrono::{Duration, Utc};
use clinic::cases::{Actor, Role, UserId};
use clinic::desk::local::{Delivered, deliver};
use clinic::desk::{Advisor, Body, Chat, ChatKind, Desk, DeskConfig, Incoming, Sender};
use clinic::store::{ChatBinding, DeskStore, Engine};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, BufReader};

#[derive(clap::Args)]
pub struct ChatArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
}

const OFFICER: i64 = 1;
const COORDINATOR: i64 = 2;
const ADMIN: i64 = 9;
const COORDINATORS_CHAT: i64 = -99;

pub fn run(knowledge: &Path, args: ChatArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let advisor = Arc::new(Advisor::load(knowledge)?);
        match connect(&args.database).await? {
            Engine::Sqlite(store) => repl(store, knowledge, advisor, &args.database).await,
            Engine::Postgres(store) => repl(store, knowledge, advisor, &args.database).await,
        }
    })
}

/// Who is typing, and where.
struct Seat {
    user: i64,
    name: String,
    chat: i64,
}

struct Repl<S> {
    desk: Desk<S>,
    seat: Seat,
    labels: HashMap<i64, String>,
    groups: HashMap<String, i64>,
    /// Button number → (chat, callback data, label).
    buttons: Vec<(i64, String, String)>,
    update: i64,
}

async fn repl<S: DeskStore>(
    store: S,
    knowledge: &Path,
    advisor: Arc<Advisor>,
    db: &DatabaseArgs,
) -> anyhow::Result<()> {
    sync(&store, knowledge, db).await?;
    let now = Utc::now();
    store.bootstrap_admins(&[UserId(ADMIN)], now).await?;
    let mut labels = HashMap::from([
        (OFFICER, "แชทส่วนตัว · เจ้าหน้าที่".to_owned()),
        (COORDINATORS_CHAT, "กลุ่มผู้ประสานงาน".to_owned()),
    ]);
    let mut groups = HashMap::new();
    store
        .bind_chat(
            COORDINATORS_CHAT,
            &ChatBinding::Coordinators,
            UserId(ADMIN),
            now,
        )
        .await?;
    for (i, agency) in store.agencies().await?.into_iter().enumerate() {
        let chat = -100 - i64::try_from(i)?;
        store
            .bind_chat(
                chat,
                &ChatBinding::Agency(agency.code.clone()),
                UserId(ADMIN),
                now,
            )
            .await?;
        labels.insert(chat, format!("กลุ่ม {}", agency.name_th));
        groups.insert(agency.code.to_string(), chat);
    }
    let mut repl = Repl {
        // One local operator typing (or piping a script), no stranger: no flood guard.
        desk: Desk::new(
            store,
            advisor,
            DeskConfig {
                flood_per_minute: 0,
                ..DeskConfig::default()
            },
        ),
        seat: Seat {
            user: OFFICER,
            name: "เจ้าหน้าที่ (ท่าน)".into(),
            chat: OFFICER,
        },
        labels,
        groups,
        buttons: Vec::new(),
        update: 0,
    };
    println!(
        "clinic chat — ท่านคือเจ้าหน้าที่ พิมพ์คำถามได้เลย (/start เพื่อลงทะเบียน)\n\
         /as officer | /as expert <agency> | /as coordinator · N = กดปุ่ม N · >N ข้อความ = ตอบกลับข้อความ #N · /quit"
    );
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    while let Some(line) = lines.next_line().await? {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line == "/quit" || line == "/exit" {
            break;
        }
        if let Some(rest) = line.strip_prefix("/as ") {
            repl.switch(rest).await?;
            continue;
        }
        repl.input(line).await?;
    }
    Ok(())
}

impl<S: DeskStore> Repl<S> {
    async fn switch(&mut self, who: &str) -> anyhow::Result<()> {
        let store = &self.desk.store;
        let now = Utc::now();
        let admin = Actor::admin(UserId(ADMIN));
        let mut words = who.split_whitespace();
        self.seat = match (words.next(), words.next()) {
            (Some("officer"), _) => Seat {
                user: OFFICER,
                name: "เจ้าหน้าที่ (ท่าน)".into(),
                chat: OFFICER,
            },
            (Some("coordinator"), _) => {
                if store.user(UserId(COORDINATOR)).await?.map(|u| u.role) != Some(Role::Coordinator)
                {
                    store
                        .register_officer(UserId(COORDINATOR), "ผู้ประสานงาน", "ศูนย์ประสาน", now)
                        .await?;
                    store
                        .set_role(&admin, UserId(COORDINATOR), Role::Coordinator)
                        .await?;
                }
                Seat {
                    user: COORDINATOR,
                    name: "ผู้ประสานงาน".into(),
                    chat: COORDINATORS_CHAT,
                }
            }
            (Some("expert"), Some(code)) => {
                let Some(&chat) = self.groups.get(code) else {
                    println!(
                        "หน่วยงาน: {}",
                        self.groups.keys().cloned().collect::<Vec<_>>().join(", ")
                    );
                    return Ok(());
                };
                let user = 10 - chat; // one local expert per agency: 110, 111, …
                let agency = clinic::cases::AgencyCode::parse(code)?;
                let current = store.user(UserId(user)).await?;
                if current.as_ref().and_then(|u| u.agency.as_ref()) != Some(&agency) {
                    let invite = store
                        .create_invite(&admin, &agency, now, Duration::days(1))
                        .await?;
                    store
                        .redeem_invite(UserId(user), &format!("ผู้เชี่ยวชาญ {code}"), &invite.code, now)
                        .await?;
                }
                Seat {
                    user,
                    name: format!("ผู้เชี่ยวชาญ {code}"),
                    chat,
                }
            }
            _ => {
                println!("ใช้: /as officer | /as expert <agency> | /as coordinator");
                return Ok(());
            }
        };
        println!(
            "— ตอนนี้ท่านคือ {} ใน {}",
            self.seat.name,
            self.label(self.seat.chat)
        );
        Ok(())
    }

    fn label(&self, chat: i64) -> String {
        self.labels
            .get(&chat)
            .cloned()
            .unwrap_or_else(|| format!("แชท {chat}"))
    }

    async fn input(&mut self, line: &str) -> anyhow::Result<()> {
        let pressed = line
            .parse::<usize>()
            .ok()
            .and_then(|n| self.buttons.get(n.wrapping_sub(1)))
            .or_else(|| {
                self.buttons
                    .iter()
                    .rev()
                    .find(|(_, _, label)| label == line)
            })
            .cloned();
        let (chat, body, reply_to) = if let Some((chat, data, _)) = pressed {
            let callback_id = format!("local-{}", self.update);
            (chat, Body::Button { data, callback_id }, None)
        } else if let Some((n, text)) = line
            .strip_prefix('>')
            .and_then(|rest| rest.split_once(char::is_whitespace))
            .and_then(|(n, text)| Some((n.trim_start_matches('#').parse::<i64>().ok()?, text)))
        {
            (self.seat.chat, Body::from_text(text), Some(n))
        } else {
            (self.seat.chat, Body::from_text(line), None)
        };
        self.update += 1;
        let now = Utc::now();
        let incoming = Incoming {
            update_id: self.update,
            user: Sender {
                id: self.seat.user,
                name: self.seat.name.clone(),
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
            message_id: None,
            reply_to,
            body,
            time: now,
        };
        self.desk.handle(&incoming).await?;
        for message in deliver(&self.desk.store, now).await? {
            self.print(message);
        }
        Ok(())
    }

    fn print(&mut self, Delivered { message_id, out }: Delivered) {
        if out.callback_answer.is_some() {
            return;
        }
        println!("\n#{message_id} [{}]", self.label(out.chat_id));
        if !out.text.is_empty() {
            println!("{}", out.text);
        }
        if let Some(attachment) = &out.attachment {
            match attachment {
                clinic::conversation::Attachment::Photo { file_id } => println!("🖼️ {file_id}"),
                clinic::conversation::Attachment::Document { file_id } => println!("📄 {file_id}"),
                clinic::conversation::Attachment::File { name, bytes } => {
                    println!("📄 {name} ({} bytes)", bytes.len())
                }
                clinic::conversation::Attachment::Image { name, bytes } => {
                    println!("🖼️ {name} ({} bytes)", bytes.len())
                }
            }
        }
        for row in &out.buttons {
            let shown: Vec<String> = row
                .iter()
                .map(|b| {
                    self.buttons
                        .push((out.chat_id, b.data.clone(), b.label.clone()));
                    format!("[{}] {}", self.buttons.len(), b.label)
                })
                .collect();
            println!("  {}", shown.join("  "));
        }
    }
}
