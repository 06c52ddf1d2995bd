//! Slash commands, in any chat; who may do what is decided by roles in the store and by
//! `cases::decide`, not by which chat the command came from (except binding and relaying).
use super::dialogue::Dialogue;
use super::messages::Lang;
use super::service::{Desk, Res, Turn};
use crate::cases::{AgencyCode, CaseRef, Command, Role, UserId};
use crate::conversation::callback::Callback;
use crate::conversation::{Button, Menu, Outgoing};
use crate::store::{CaseFilter, ChatBinding, DeskStore};
use chrono::Duration;

/// What a slash command does, once its name is read from [`COMMANDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    Start,
    Help,
    Lang,
    Cancel,
    Join,
    Bind,
    Summary,
    Brief,
    Dashboard,
    Plan,
    Learn,
    Calendar,
    Case,
    MyCases,
    Cases,
    Note,
    Resolve,
    Ask,
    Transfer,
    Reassign,
    Invite,
}

/// One command: the name typed (Telegram allows only a-z, 0-9 and `_`), what the menus say it
/// does in Thai and in English, and the menus that list it.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub name: &'static str,
    pub cmd: Cmd,
    pub th: &'static str,
    pub en: &'static str,
    pub menus: &'static [Menu],
}

const fn spec(
    name: &'static str,
    cmd: Cmd,
    th: &'static str,
    en: &'static str,
    menus: &'static [Menu],
) -> CommandSpec {
    CommandSpec {
        name,
        cmd,
        th,
        en,
        menus,
    }
}

use Menu::{AgencyGroup, Coordinators, Experts, Groups, Officers};

/// Every command the desk knows: the parser reads names from here and `setMyCommands` builds
/// each menu from here. A name listed twice is one command described for different menus.
pub const COMMANDS: &[CommandSpec] = &[
    spec(
        "start",
        Cmd::Start,
        "เริ่มต้น / ลงทะเบียน",
        "start / register",
        &[Officers, Experts],
    ),
    spec(
        "help",
        Cmd::Help,
        "คำสั่งทั้งหมด",
        "all commands",
        &[Officers, Experts, AgencyGroup, Coordinators, Groups],
    ),
    spec(
        "case",
        Cmd::Case,
        "ส่งเรื่องถึงผู้เชี่ยวชาญ",
        "ask an expert",
        &[Officers],
    ),
    spec(
        "case",
        Cmd::Case,
        "ประวัติเรื่อง (ตามด้วยเลขที่)",
        "a case's log (give its reference)",
        &[Experts, AgencyGroup, Coordinators],
    ),
    spec(
        "mycases",
        Cmd::MyCases,
        "เรื่องของฉัน",
        "my cases",
        &[Officers],
    ),
    spec(
        "plan",
        Cmd::Plan,
        "วางแผนระยะเวลาจัดซื้อจัดจ้าง",
        "plan a procurement timeline",
        &[Officers],
    ),
    spec(
        "learn",
        Cmd::Learn,
        "บทเรียนสำหรับเจ้าหน้าที่",
        "courses",
        &[Officers, Experts],
    ),
    spec(
        "calendar",
        Cmd::Calendar,
        "ลิงก์ปฏิทินส่วนตัว (/calendar off ยกเลิก)",
        "your calendar feed (/calendar off revokes it)",
        &[Officers, Experts, Coordinators],
    ),
    spec(
        "cases",
        Cmd::Cases,
        "เรื่องที่ยังไม่ปิด",
        "cases not closed",
        &[Experts, AgencyGroup, Coordinators],
    ),
    spec(
        "note",
        Cmd::Note,
        "บันทึกภายใน",
        "internal note",
        &[Experts, AgencyGroup],
    ),
    spec(
        "ask",
        Cmd::Ask,
        "ขอข้อมูลเพิ่มจากเจ้าหน้าที่",
        "ask the officer for more",
        &[Experts, AgencyGroup],
    ),
    spec(
        "transfer",
        Cmd::Transfer,
        "โอนเรื่องไปหน่วยงานอื่น",
        "transfer to another agency",
        &[Experts, AgencyGroup],
    ),
    spec(
        "resolve",
        Cmd::Resolve,
        "ตอบข้อหารือ",
        "answer the case",
        &[Experts, AgencyGroup],
    ),
    spec(
        "invite",
        Cmd::Invite,
        "ออกรหัสเชิญผู้เชี่ยวชาญ",
        "invite an expert",
        &[Coordinators],
    ),
    spec(
        "reassign",
        Cmd::Reassign,
        "มอบหมายเรื่องใหม่",
        "reassign a case",
        &[Coordinators],
    ),
    spec(
        "summary",
        Cmd::Summary,
        "สรุปประจำสัปดาห์",
        "last week's summary",
        &[Coordinators],
    ),
    spec(
        "brief",
        Cmd::Brief,
        "สรุปผู้บริหาร: การเบิกจ่ายเทียบเป้าหมาย",
        "executive brief: spending",
        &[Coordinators],
    ),
    spec(
        "dashboard",
        Cmd::Dashboard,
        "ลิงก์เข้าแดชบอร์ด (ส่งทางแชทส่วนตัว)",
        "dashboard link (sent privately)",
        &[Coordinators],
    ),
    spec(
        "join",
        Cmd::Join,
        "เข้าร่วมเป็นผู้เชี่ยวชาญด้วยรหัสเชิญ",
        "join as an expert with a code",
        &[Officers, Groups, AgencyGroup],
    ),
    spec(
        "bind",
        Cmd::Bind,
        "ผูกกลุ่มกับหน่วยงาน (ผู้ดูแลระบบ)",
        "bind this group (admins)",
        &[Groups],
    ),
    spec(
        "lang",
        Cmd::Lang,
        "ภาษา th / en",
        "language th / en",
        &[Officers, Experts],
    ),
    spec(
        "cancel",
        Cmd::Cancel,
        "ยกเลิกสิ่งที่ทำค้างอยู่",
        "cancel what is under way",
        &[],
    ),
];

/// The command typed as `/name`, if the desk knows it.
pub fn parse(name: &str) -> Option<Cmd> {
    COMMANDS.iter().find(|c| c.name == name).map(|c| c.cmd)
}

/// The commands `menu` lists, in table order.
pub fn menu(menu: Menu) -> impl Iterator<Item = &'static CommandSpec> {
    COMMANDS.iter().filter(move |c| c.menus.contains(&menu))
}

/// The invite code a deep link carries (`/start join-CODE`).
fn join_payload(args: &str) -> Option<&str> {
    args.trim()
        .strip_prefix("join-")
        .filter(|code| !code.is_empty())
}

/// Split `[REF] rest`: an explicit reference first, else the case of the replied-to message.
fn split_ref(args: &str) -> (Option<CaseRef>, String) {
    let (head, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    match CaseRef::parse(head) {
        Ok(r) => (Some(r), rest.trim().to_owned()),
        Err(_) => (None, args.trim().to_owned()),
    }
}

/// Whether everyone in the chat may read about a case of `agency` (`None`: cases of any agency,
/// filtered by the chat): the user alone in a private chat, the coordinators in theirs, an
/// agency's experts about their own agency. An unbound group may hold anyone.
fn audience_may_see(t: &Turn<'_>, agency: Option<&AgencyCode>) -> bool {
    match (&t.binding, t.is_private()) {
        (_, true) | (Some(ChatBinding::Coordinators), _) => true,
        (Some(ChatBinding::Agency(code)), _) => agency.is_none_or(|a| a == code),
        (None, false) => false,
    }
}

impl<S: DeskStore> Desk<S> {
    pub(super) async fn command(
        &self,
        t: &mut Turn<'_>,
        name: &str,
        args: &str,
        dialogue: Option<Dialogue>,
    ) -> Res<()> {
        let say = t.say;
        let Some(cmd) = parse(name) else {
            t.reply(say.unknown_command());
            return Ok(());
        };
        match cmd {
            Cmd::Start if t.is_private() => match join_payload(args) {
                // Telegram's deep link: the invite's Start button joins at once.
                Some(code) => self.join(t, code, dialogue).await?,
                None if t.user.is_some() => t.reply(say.help_private()),
                None => {
                    let question = match dialogue {
                        Some(Dialogue::Name { question } | Dialogue::Unit { question, .. }) => {
                            question
                        }
                        _ => None,
                    };
                    return self.start_registration(t, question).await;
                }
            },
            Cmd::Help | Cmd::Start => {
                let text = match (&t.binding, t.is_private()) {
                    (_, true) => say.help_private(),
                    (Some(ChatBinding::Coordinators), _) => say.help_coordinators(),
                    (Some(ChatBinding::Agency(_)), _) => say.help_group(),
                    (None, false) => say.unbound_group(),
                };
                t.reply(text);
            }
            Cmd::Lang => match Lang::parse(args) {
                Some(lang) => {
                    self.store.set_lang(t.uid(), lang.code(), t.now()).await?;
                    t.say = super::Say(lang);
                    t.reply(t.say.lang_set());
                }
                None => t.reply(say.lang_usage()),
            },
            Cmd::Cancel if dialogue.is_some() => {
                self.set_dialogue(t, None).await?;
                t.reply(say.help_private());
            }
            Cmd::Cancel => t.reply(say.unknown_command()),
            Cmd::Join => self.join(t, args, dialogue).await?,
            Cmd::Bind => self.bind(t, args).await?,
            Cmd::Summary => self.summary(t).await?,
            Cmd::Brief => self.brief(t).await?,
            Cmd::Dashboard => self.dashboard(t).await?,
            Cmd::Plan if t.is_private() && args.trim().is_empty() => self.plan_start(t).await?,
            Cmd::Plan if t.is_private() => self.plan_text(t, args).await?,
            Cmd::Plan => t.reply(say.private_only()),
            Cmd::Learn => self.learn_start(t).await?,
            Cmd::Calendar => self.calendar_feed(t, args).await?,
            Cmd::Case => match CaseRef::parse(args.split_whitespace().next().unwrap_or_default()) {
                Ok(case_ref) => return self.show_case(t, &case_ref).await,
                Err(_) if !t.is_private() => t.reply(say.usage("/case เลขที่", "/case REF")),
                Err(_) if args.trim().is_empty() => t.reply(say.case_usage()),
                Err(_) => return self.draft_case(t, args.trim()).await,
            },
            Cmd::MyCases => self.list_cases(t, false).await?,
            Cmd::Cases => self.list_cases(t, true).await?,
            Cmd::Note | Cmd::Resolve | Cmd::Ask => self.case_text_command(t, cmd, args).await?,
            Cmd::Transfer => self.transfer(t, args).await?,
            Cmd::Reassign => self.reassign(t, args).await?,
            Cmd::Invite => self.invite(t, args).await?,
        }
        Ok(())
    }

    /// `/join CODE` or the invite's deep link: the user becomes an expert of the agency. Any
    /// sign-up under way ends here (what they type next is not a name), and a question they
    /// asked before it is answered now.
    async fn join(&self, t: &mut Turn<'_>, code: &str, dialogue: Option<Dialogue>) -> Res<()> {
        let user = self
            .store
            .redeem_invite(
                t.uid(),
                &super::gate::shown_name(&t.inc.user.name),
                code,
                t.now(),
            )
            .await?;
        let agencies = self.store.agencies().await?;
        if let Some(agency) = agencies
            .iter()
            .find(|a| Some(&a.code) == user.agency.as_ref())
        {
            t.reply(t.say.joined(agency));
        }
        t.user = Some(user);
        t.reply_with(Outgoing::menu(t.uid().0, Menu::Experts));
        let pending = match dialogue {
            Some(Dialogue::Name { question } | Dialogue::Unit { question, .. }) => {
                self.set_dialogue(t, None).await?;
                question
            }
            _ => None,
        };
        match pending {
            Some(question) if t.is_private() => self.answer(t, &question).await,
            _ => Ok(()),
        }
    }

    async fn bind(&self, t: &mut Turn<'_>, args: &str) -> Res<()> {
        let say = t.say;
        if t.is_private() {
            t.reply(say.not_here());
            return Ok(());
        }
        if t.user.as_ref().map(|u| u.role) != Some(Role::Admin) {
            t.reply(say.admins_only());
            return Ok(());
        }
        let arg = args.trim();
        let (binding, text, menu) = if arg == "coordinators" {
            (
                ChatBinding::Coordinators,
                say.bound_coordinators(),
                Menu::Coordinators,
            )
        } else {
            let agencies = self.store.agencies().await?;
            let Some(agency) = agencies.iter().find(|a| a.code.as_str() == arg) else {
                t.reply(say.unknown_agency(arg));
                return Ok(());
            };
            (
                ChatBinding::Agency(agency.code.clone()),
                say.bound_agency(agency),
                Menu::AgencyGroup,
            )
        };
        self.store
            .bind_chat(t.inc.chat.id, &binding, t.uid(), t.now())
            .await?;
        t.binding = Some(binding);
        t.reply(text);
        t.reply_with(Outgoing::menu(t.inc.chat.id, menu));
        Ok(())
    }

    pub(super) async fn show_case(&self, t: &mut Turn<'_>, case_ref: &CaseRef) -> Res<()> {
        let Some(actor) = t.actor() else {
            t.reply(t.say.not_registered());
            return Ok(());
        };
        let case = self.store.case(&actor, case_ref).await?;
        if !audience_may_see(t, Some(&case.agency)) {
            t.reply(t.say.not_in_this_group());
            return Ok(());
        }
        let events = self.store.events(&actor, case_ref).await?;
        // Internal notes stay with the staff, also in a private chat of an expert.
        let notes = actor.role != Role::Officer;
        let names = crate::store::names_in(&self.store, &events).await?;
        t.reply(t.say.case_log(&case, &events, notes, &names));
        Ok(())
    }

    async fn list_cases(&self, t: &mut Turn<'_>, open_only: bool) -> Res<()> {
        let Some(actor) = t.actor() else {
            t.reply(t.say.not_registered());
            return Ok(());
        };
        if !audience_may_see(t, None) {
            t.reply(t.say.not_in_this_group());
            return Ok(());
        }
        let mut filter = CaseFilter::default();
        if let Some(ChatBinding::Agency(code)) = &t.binding {
            filter.agency = Some(code.clone());
        }
        let mut cases = self.store.cases(&actor, &filter).await?;
        if open_only {
            cases.retain(|c| !c.status.is_final());
        }
        if cases.is_empty() {
            t.reply(t.say.no_cases());
            return Ok(());
        }
        let recent: Vec<_> = cases.iter().rev().take(20).collect();
        let names = crate::store::names_in(&self.store, &[]).await?;
        let mut text = t.say.cases_header(cases.len());
        for case in &recent {
            text.push('\n');
            text.push_str(&t.say.case_line(case, &names));
        }
        let buttons = recent
            .iter()
            .take(10)
            .map(|c| {
                vec![Button::new(
                    c.case_ref.to_string(),
                    Callback::Show {
                        case_ref: c.case_ref.clone(),
                    }
                    .encode(),
                )]
            })
            .collect();
        t.reply_with(Outgoing::text(t.inc.chat.id, text).with_buttons(buttons));
        Ok(())
    }

    /// The case a staff command is about: `REF` in the text, or the replied-to case message.
    async fn target(&self, t: &mut Turn<'_>, args: &str) -> Res<Option<(CaseRef, String)>> {
        let (explicit, rest) = split_ref(args);
        let linked = match (explicit.is_none(), t.inc.reply_to) {
            (true, Some(message)) => self
                .store
                .relay_link(t.inc.chat.id, message)
                .await?
                .map(|(r, _)| r),
            _ => None,
        };
        match explicit.or(linked) {
            Some(r) => Ok(Some((r, rest))),
            None => {
                t.reply(t.say.need_case());
                Ok(None)
            }
        }
    }

    async fn case_text_command(&self, t: &mut Turn<'_>, cmd: Cmd, args: &str) -> Res<()> {
        let Some(actor) = t.actor() else {
            t.reply(t.say.not_registered());
            return Ok(());
        };
        let Some((case_ref, text)) = self.target(t, args).await? else {
            return Ok(());
        };
        let command = match cmd {
            Cmd::Note => Command::Note { text },
            Cmd::Ask => Command::AskOfficer { text },
            _ => Command::Resolve { summary: text },
        };
        self.act(t, &actor, &case_ref, command, None, None).await?;
        Ok(())
    }

    async fn transfer(&self, t: &mut Turn<'_>, args: &str) -> Res<()> {
        let Some(actor) = t.actor() else {
            t.reply(t.say.not_registered());
            return Ok(());
        };
        let Some((case_ref, rest)) = self.target(t, args).await? else {
            return Ok(());
        };
        let (code, reason) = rest.split_once(char::is_whitespace).unwrap_or((&rest, ""));
        let agencies = self.store.agencies().await?;
        let Some(to) = AgencyCode::parse(code)
            .ok()
            .filter(|c| agencies.iter().any(|a| &a.code == c))
        else {
            let usage = t.say.usage(
                "/transfer [เลขที่] หน่วยงาน เหตุผล",
                "/transfer [REF] AGENCY REASON",
            );
            t.reply(format!("{}\n{usage}", t.say.unknown_agency(code)));
            return Ok(());
        };
        let command = Command::Transfer {
            to,
            reason: reason.trim().to_owned(),
        };
        self.act(t, &actor, &case_ref, command, None, None).await?;
        Ok(())
    }

    async fn reassign(&self, t: &mut Turn<'_>, args: &str) -> Res<()> {
        let Some(actor) = t.actor() else {
            t.reply(t.say.not_registered());
            return Ok(());
        };
        let mut parts = args.split_whitespace();
        let (Some(Ok(case_ref)), Some(Ok(id))) = (
            parts.next().map(CaseRef::parse),
            parts.next().map(str::parse::<i64>),
        ) else {
            t.reply(
                t.say
                    .usage("/reassign เลขที่ รหัสผู้ใช้", "/reassign REF USER_ID"),
            );
            return Ok(());
        };
        let Some(to) = self.store.user(UserId(id)).await? else {
            t.reply(t.say.unknown_user(&id.to_string()));
            return Ok(());
        };
        let command = Command::Reassign { to: to.actor() };
        self.act(t, &actor, &case_ref, command, None, Some(to.name))
            .await?;
        Ok(())
    }

    async fn invite(&self, t: &mut Turn<'_>, args: &str) -> Res<()> {
        let Some(actor) = t.actor() else {
            t.reply(t.say.not_registered());
            return Ok(());
        };
        let agencies = self.store.agencies().await?;
        let Some(agency) = agencies.iter().find(|a| a.code.as_str() == args.trim()) else {
            t.reply(t.say.unknown_agency(args.trim()));
            return Ok(());
        };
        // Whoever reads the code can redeem it: never post it where strangers read.
        if !audience_may_see(t, Some(&agency.code)) {
            t.reply(t.say.not_in_this_group());
            return Ok(());
        }
        let days = Duration::days(self.config.invite_valid_days);
        let invite = self
            .store
            .create_invite(&actor, &agency.code, t.now(), days)
            .await?;
        let link = self
            .config
            .bot_username
            .as_deref()
            .map(|bot| format!("https://t.me/{bot}?start=join-{}", invite.code));
        let mut text = t.say.invite(&invite.code, agency, invite.expires_at);
        if let Some(link) = link {
            text.push_str(&t.say.invite_link(&link));
        }
        t.reply_with(Outgoing {
            no_preview: true,
            ..Outgoing::text(t.inc.chat.id, text)
        });
        Ok(())
    }

    /// Coordinators and admins only; anyone else is told so, in their language.
    fn supervisor_or_refuse(t: &mut Turn<'_>) -> bool {
        let staff = t.user.as_ref().is_some_and(|u| u.role.supervises());
        if !staff {
            t.reply(t.say.coordinators_only());
        }
        staff
    }

    /// Staff only, and not into a group nobody bound: the figures are not for strangers.
    async fn staff_here_or_refuse(&self, t: &mut Turn<'_>) -> Res<bool> {
        if !Self::supervisor_or_refuse(t) {
            return Ok(false);
        }
        if !t.is_private() && self.store.chat_binding(t.inc.chat.id).await?.is_none() {
            t.reply(t.say.not_in_an_unbound_group());
            return Ok(false);
        }
        Ok(true)
    }

    /// Last week's summary (coordinators and admins), the same as `clinic report weekly`.
    async fn summary(&self, t: &mut Turn<'_>) -> Res<()> {
        if !self.staff_here_or_refuse(t).await? {
            return Ok(());
        }
        let today = crate::cases::sla::local_date(t.now());
        let last_week = today - chrono::Days::new(7);
        let monday = last_week
            - chrono::Days::new(u64::from(
                chrono::Datelike::weekday(&last_week).num_days_from_monday(),
            ));
        let summary = crate::jobs::weekly_summary(&self.store, &self.calendar(), monday).await?;
        let agencies = self.store.agencies().await?;
        t.reply(crate::jobs::weekly_summary::render_th(&summary, &agencies));
        let courses = &self.advisor.answerer.kb.courses;
        let learning =
            crate::course_progress::learning_report(&self.store, courses, t.now()).await?;
        t.reply(crate::course_progress::render_th(&learning));
        Ok(())
    }

    /// The executive brief of the latest spending snapshot (coordinators and admins), the same
    /// as `clinic spending brief`: one message with the figures, then the chart as a photo.
    async fn brief(&self, t: &mut Turn<'_>) -> Res<()> {
        use crate::spending::{chart_png, messages};
        if !self.staff_here_or_refuse(t).await? {
            return Ok(());
        }
        let lang = t.say.0;
        let Some(brief) = crate::jobs::latest_brief(&self.store).await? else {
            t.reply(messages::no_snapshot(lang));
            return Ok(());
        };
        t.reply(messages::brief_text(&brief, lang));
        let mut chart = Outgoing::text(t.inc.chat.id, messages::chart_caption(lang));
        chart.attachment = Some(super::Attachment::Image {
            name: format!("brief-{}.png", brief.as_of),
            bytes: chart_png(&brief),
        });
        t.reply_with(chart);
        Ok(())
    }

    /// `/calendar`: a new secret feed address (the earlier one stops working), sent to the
    /// private chat; `/calendar off` revokes it.
    async fn calendar_feed(&self, t: &mut Turn<'_>, args: &str) -> Res<()> {
        if !t.is_private() {
            t.reply(t.say.private_only());
            return Ok(());
        }
        if t.user.is_none() {
            t.reply(t.say.not_registered());
            return Ok(());
        }
        if matches!(args.trim(), "off" | "revoke" | "ยกเลิก") {
            let count = self.store.revoke_calendar_tokens(t.uid(), t.now()).await?;
            t.reply(t.say.calendar_revoked(count));
            return Ok(());
        }
        let token = crate::sessions::issue_calendar_token(&self.store, t.uid(), t.now()).await?;
        let url = format!(
            "{}/calendar/{token}.ics",
            self.config.web_url.trim_end_matches('/')
        );
        t.reply(t.say.calendar_link(&url));
        Ok(())
    }

    /// A one-time login link to the dashboard, always sent to the user's private chat: in a
    /// group, everyone could use it.
    async fn dashboard(&self, t: &mut Turn<'_>) -> Res<()> {
        let token = match crate::sessions::issue_login_token(&self.store, t.uid(), t.now()).await {
            Ok(token) => token,
            Err(crate::store::StoreError::Refused(_) | crate::store::StoreError::NoUser(_)) => {
                t.reply(t.say.dashboard_staff_only());
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        let link = format!(
            "{}/login?token={token}",
            self.config.web_url.trim_end_matches('/')
        );
        let private = Outgoing {
            no_preview: true,
            ..Outgoing::text(t.uid().0, t.say.dashboard_link(&link))
        };
        t.reply_with(private);
        if !t.is_private() {
            t.reply(t.say.dashboard_sent_privately());
        }
        Ok(())
    }
}
