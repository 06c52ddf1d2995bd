//! The desk: one `Incoming` in, state changes and outbox rows out.
//!
//! Every reply is written to the outbox — case notifications inside the case's own transaction
//! (`Store::act`'s `outgoing`), the rest at the end of `handle` — so whichever adapter runs
//! (Telegram, the terminal chat) sends what the outbox holds, and nothing is sent twice.
use super::Advisor;
use super::dialogue::Dialogue;
use super::flood::FloodGuard;
use super::incoming::{Body, ChatKind, Incoming};
use super::messages::{Lang, Say};
use super::notify::Directory;
use crate::cases::{Actor, AgencyCode, Case, CaseRef, Command, UserId};
use crate::conversation::callback::Callback;
use crate::conversation::outgoing::{Attachment, Outgoing};
use crate::store::{ChatBinding, DeskStore, NewOutbox, StoreError, User, UserSettings};
use crate::telemetry::{series, spans, tally::Tally};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::sync::Arc;
use tracing::Instrument;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Res<T> = Result<T, DeskError>;

#[derive(Debug, Clone)]
pub struct DeskConfig {
    /// A resolved case the officer neither confirms nor reopens closes after this many days.
    pub auto_close_days: i64,
    pub invite_valid_days: i64,
    /// Where the dashboard is reached, for the `/dashboard` login link.
    pub web_url: String,
    /// Updates a minute one user may send before the flood guard drops them (0: no limit).
    pub flood_per_minute: u32,
    /// The bot's @username, for deep links (`t.me/<bot>?start=…`); learnt from Telegram.
    pub bot_username: Option<String>,
}

impl Default for DeskConfig {
    fn default() -> Self {
        Self {
            auto_close_days: 7,
            invite_valid_days: 7,
            web_url: "http://127.0.0.1:8080".to_string(),
            flood_per_minute: 30,
            bot_username: None,
        }
    }
}

/// The system itself, when a worker acts (auto-close).
pub const SYSTEM: UserId = UserId(0);

pub struct Desk<S> {
    pub store: S,
    pub advisor: Arc<Advisor>,
    pub config: DeskConfig,
    /// Shared by clones: every worker handling updates counts against the same buckets.
    pub(super) flood: Arc<FloodGuard>,
}

impl<S: Clone> Clone for Desk<S> {
    fn clone(&self) -> Self {
        Self {
            store: self.store.clone(),
            advisor: self.advisor.clone(),
            config: self.config.clone(),
            flood: self.flood.clone(),
        }
    }
}

/// One request being handled: who, where, in which language, and the replies so far.
pub(super) struct Turn<'a> {
    pub inc: &'a Incoming,
    pub say: Say,
    pub user: Option<User>,
    pub binding: Option<ChatBinding>,
    /// The language in the user's settings when the turn began (`/lang`): notifications about
    /// their cases use it, else Thai, where `say` falls back to their client's language.
    pub chosen_lang: Option<Lang>,
    pub out: Vec<Outgoing>,
    /// A refusal meant for whoever pressed a button: a pop-up for them, not a chat message.
    pub alert: Option<String>,
    /// Questions, handoffs and case changes, counted once the turn is committed.
    pub tally: Tally,
}

impl Turn<'_> {
    pub fn now(&self) -> DateTime<Utc> {
        self.inc.time
    }
    pub fn today(&self) -> NaiveDate {
        self.inc
            .time
            .with_timezone(&chrono_tz::Asia::Bangkok)
            .date_naive()
    }
    pub fn uid(&self) -> UserId {
        UserId(self.inc.user.id)
    }
    /// A reply in the chat the request came from.
    pub fn reply(&mut self, text: String) {
        self.out.push(Outgoing::text(self.inc.chat.id, text));
    }
    pub fn reply_with(&mut self, o: Outgoing) {
        self.out.push(o);
    }
    /// A refusal: a pop-up when a button was pressed (only the presser reads it; a group
    /// need not), else a reply.
    pub fn refuse(&mut self, text: String) {
        match self.inc.body {
            Body::Button { .. } => self.alert = Some(text),
            _ => self.reply(text),
        }
    }
    /// The bot's message whose button was pressed, if this turn is a press.
    pub fn pressed(&self) -> Option<(i64, i64)> {
        match self.inc.body {
            Body::Button { .. } => self.inc.message_id.map(|m| (self.inc.chat.id, m)),
            _ => None,
        }
    }
    pub fn actor(&self) -> Option<Actor> {
        self.user.as_ref().map(User::actor)
    }
    pub fn name(&self) -> String {
        match &self.user {
            Some(u) if !u.name.is_empty() && u.name != "admin" => u.name.clone(),
            _ => super::gate::shown_name(&self.inc.user.name),
        }
    }
    pub fn is_private(&self) -> bool {
        self.inc.chat.kind == ChatKind::Private
    }
}

impl<S: DeskStore> Desk<S> {
    pub fn new(store: S, advisor: Arc<Advisor>, config: DeskConfig) -> Self {
        Self {
            store,
            advisor,
            flood: Arc::new(FloodGuard::new(config.flood_per_minute)),
            config,
        }
    }

    /// Handle one incoming message or button press; everything to send lands in the outbox.
    pub async fn handle(&self, inc: &Incoming) -> Res<()> {
        self.handle_update(inc, None).await
    }

    /// Handle one stored Telegram update: what it changes, the replies it causes and, with
    /// `inbox`, the inbox row marked done are one transaction — after a crash at any point the
    /// update is either wholly done (and not redone) or wholly redone, so no reply is doubled
    /// and no change is applied twice. The unit first claims the inbox row, so when several
    /// instances share a database exactly one of them handles each update.
    pub async fn handle_update(&self, inc: &Incoming, inbox: Option<InboxMark>) -> Res<()> {
        let unit = self.store.begin_unit().await?;
        self.handle_in_unit(unit, inc, inbox).await
    }

    /// `handle_update` in a unit the caller has begun (and taken the update in, with
    /// `inbox_next`); the unit is committed or rolled back here.
    pub async fn handle_in_unit(
        &self,
        unit: S,
        inc: &Incoming,
        inbox: Option<InboxMark>,
    ) -> Res<()> {
        let span = tracing::info_span!(
            "update",
            update_id = inc.update_id,
            chat = inc.chat.id,
            kind = %inc.body.kind()
        );
        async {
            let started = std::time::Instant::now();
            let handled = self.run_unit(unit, inc, inbox).await?;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            match handled {
                Handled::Done(tally) => {
                    tally.record();
                    series::update_handled(ms / 1000.0);
                    tracing::info!(ms, "update handled");
                }
                Handled::Failed => {
                    series::update_handled(ms / 1000.0);
                    tracing::info!(ms, "update failed; the user was told");
                }
                Handled::Elsewhere => tracing::debug!("update handled by another instance"),
            }
            Ok(())
        }
        .instrument(span)
        .await
    }

    async fn run_unit(&self, unit: S, inc: &Incoming, inbox: Option<InboxMark>) -> Res<Handled> {
        if !claim(&unit, inbox.as_ref(), None).await? {
            unit.rollback_unit().await?;
            return Ok(Handled::Elsewhere);
        }
        let done = match self.on(unit.clone()).turn(inc).await {
            Ok((messages, tally)) => {
                let written = async {
                    unit.enqueue(messages, inc.time).await?;
                    unit.commit_unit().await
                };
                written.await.map(|()| tally).map_err(DeskError::from)
            }
            Err(error) => Err(error),
        };
        let error = match done {
            Ok(tally) => return Ok(Handled::Done(tally)),
            Err(error) => error,
        };
        // Nothing of the failed turn stays; the user hears that it failed, the inbox keeps why.
        if let Err(e) = unit.rollback_unit().await {
            tracing::debug!(%e, "rollback after a failed update");
        }
        tracing::error!(%error, update = inc.update_id, "desk failed");
        let why = error.to_string();
        let unit = self.store.begin_unit().await?;
        if !claim(&unit, inbox.as_ref(), Some(&why)).await? {
            unit.rollback_unit().await?;
            return Ok(Handled::Elsewhere);
        }
        let settings = unit.settings(UserId(inc.user.id)).await;
        let say = Say(settings.map(|s| language(&s, inc)).unwrap_or_default());
        let mut out = vec![Outgoing::text(inc.chat.id, say.something_went_wrong())];
        answer_button(inc, None, &mut out);
        let messages = out.into_iter().flat_map(NewOutbox::for_message).collect();
        unit.enqueue(messages, inc.time).await?;
        unit.commit_unit().await?;
        Ok(Handled::Failed)
    }

    /// The same desk on another handle of its store (a unit, or one tagged `for_update`).
    pub fn on(&self, store: S) -> Desk<S> {
        Desk {
            store,
            advisor: self.advisor.clone(),
            config: self.config.clone(),
            flood: self.flood.clone(),
        }
    }

    /// One turn: the replies to send and what it counts, or the error nobody can act on.
    async fn turn(&self, inc: &Incoming) -> Res<(Vec<NewOutbox>, Tally)> {
        // Flood and unfit input are turned away inside the unit: their one reply is written
        // with the inbox mark like any other.
        if !self.admit(inc).await? {
            return Ok((Vec::new(), Tally::default()));
        }
        let (user, settings) = self.store.user_and_settings(UserId(inc.user.id)).await?;
        let mut turn = Turn {
            inc,
            say: Say(language(&settings, inc)),
            user,
            binding: match inc.chat.kind {
                ChatKind::Group => self.store.chat_binding(inc.chat.id).await?,
                ChatKind::Private => None,
            },
            chosen_lang: chosen_lang(&settings),
            out: Vec::new(),
            alert: None,
            tally: Tally::default(),
        };
        let dialogue = Dialogue::from_json(settings.dialogue);
        if let Err(DeskError::Store(error)) = self.route(&mut turn, dialogue).await {
            match explain(turn.say, &error) {
                Some(text) => turn.refuse(text),
                None => return Err(error.into()),
            }
        }
        answer_button(inc, turn.alert.take(), &mut turn.out);
        let messages = turn
            .out
            .into_iter()
            .flat_map(NewOutbox::for_message)
            .collect();
        Ok((messages, turn.tally))
    }

    async fn route(&self, t: &mut Turn<'_>, dialogue: Option<Dialogue>) -> Res<()> {
        match &t.inc.body {
            Body::Command { name, args } => self.command(t, name, args, dialogue).await,
            Body::Button { data, .. } => match Callback::parse(data) {
                Some(callback) => self.button(t, callback, dialogue).await,
                None => {
                    t.refuse(t.say.stale_button());
                    Ok(())
                }
            },
            Body::Text { text } => {
                let text = text.clone();
                if self.relay_reply(t, &text, None).await? {
                    return Ok(());
                }
                match t.inc.chat.kind {
                    ChatKind::Private => self.private_text(t, &text, dialogue).await,
                    // Group chatter that is not a reply to a case message is not for us.
                    ChatKind::Group => Ok(()),
                }
            }
            Body::EditedText { text } => {
                let text = format!("✏️ {text}");
                self.relay_reply(t, &text, None).await?;
                Ok(())
            }
            Body::Photo { file_id, caption } => {
                let attachment = Attachment::Photo {
                    file_id: file_id.clone(),
                };
                self.relay_file(t, "photo", file_id, caption.as_deref(), attachment)
                    .await
            }
            Body::Document {
                file_id, caption, ..
            } => {
                let attachment = Attachment::Document {
                    file_id: file_id.clone(),
                };
                self.relay_file(t, "document", file_id, caption.as_deref(), attachment)
                    .await
            }
        }
    }

    /// A photo or document replying to a case message: relayed, its file id kept in the log.
    async fn relay_file(
        &self,
        t: &mut Turn<'_>,
        kind: &str,
        file_id: &str,
        caption: Option<&str>,
        attachment: Attachment,
    ) -> Res<()> {
        let logged = super::notify::log_text(caption.unwrap_or_default(), kind, file_id);
        if !self.relay_reply(t, &logged, Some(attachment)).await? && t.is_private() {
            t.reply(t.say.need_case());
        }
        Ok(())
    }

    /// A reply (Telegram reply-to) to a message the bot sent for a case goes to the other side.
    /// False when the message is not such a reply.
    async fn relay_reply(
        &self,
        t: &mut Turn<'_>,
        text: &str,
        attachment: Option<Attachment>,
    ) -> Res<bool> {
        let Some(reply_to) = t.inc.reply_to else {
            return Ok(false);
        };
        let Some((case_ref, _side)) = self.store.relay_link(t.inc.chat.id, reply_to).await? else {
            return Ok(false);
        };
        let Some(actor) = t.actor() else {
            t.reply(t.say.not_registered());
            return Ok(true);
        };
        let command = Command::Reply {
            text: text.to_owned(),
        };
        self.act(t, &actor, &case_ref, command, attachment, None)
            .await?;
        Ok(true)
    }

    /// Load what notifications need, then run the command through `cases::decide` in the store.
    pub(super) async fn act(
        &self,
        t: &mut Turn<'_>,
        actor: &Actor,
        case_ref: &CaseRef,
        command: Command,
        attachment: Option<Attachment>,
        reassigned_to: Option<String>,
    ) -> Res<Case> {
        let before = self.store.case(actor, case_ref).await?;
        // An officer acting on their own case was read at the start of this turn; nothing
        // that acts on a case has changed their user or settings row before.
        let officer = match &t.user {
            Some(user) if user.id == before.officer => (Some(user.clone()), t.chosen_lang),
            _ => self.officer(&before).await?,
        };
        let mut dir = self.directory(officer).await?;
        dir.actor_name = t.name();
        dir.attachment = attachment;
        dir.reassigned_to = reassigned_to;
        dir.pressed = t.pressed();
        if let (Command::Reply { .. }, Some(message)) = (&command, t.inc.message_id) {
            let mut ack = Outgoing::text(t.inc.chat.id, t.say.relayed());
            ack.reply_to = Some(message);
            dir.ack = Some(ack);
        }
        if let Command::Transfer { .. } | Command::Claim = &command {
            dir.matches = self.matches(&before.subject, t.today());
        }
        let action = command.name();
        let span = spans::case_change(case_ref, action);
        let case = self
            .store
            .act(actor, case_ref, command, t.now(), move |case, events| {
                dir.messages(case, events)
            })
            .instrument(span.clone())
            .await?;
        span.in_scope(|| tracing::info!(status = case.status.as_str(), "case changed"));
        t.tally.case_changed(action);
        Ok(case)
    }

    pub(super) async fn open(
        &self,
        t: &mut Turn<'_>,
        actor: &Actor,
        agency: &AgencyCode,
        subject: &str,
    ) -> Res<Case> {
        let chats = self.store.agency_chats().await?;
        let dir = Directory {
            agencies: chats.agencies,
            groups: chats.groups,
            coordinators: chats.coordinators,
            officer: t.user.clone(),
            officer_lang: t.say.0,
            actor_name: t.name(),
            matches: self.matches(subject, t.today()),
            calendar: self.calendar(),
            ..Directory::default()
        };
        let case = self
            .store
            .open_case(actor, agency, subject, t.now(), move |case, events| {
                dir.messages(case, events)
            })
            .await?;
        spans::case_change(&case.case_ref, "open")
            .in_scope(|| tracing::info!(agency = %agency, "case opened"));
        t.tally.handoff();
        Ok(case)
    }

    pub(super) fn calendar(&self) -> Arc<crate::timeline::Calendar> {
        self.advisor
            .planner
            .as_ref()
            .map(|p| p.calendar.clone())
            .unwrap_or_default()
    }

    /// The case's officer and the language they chose, if any.
    async fn officer(&self, case: &Case) -> Res<(Option<User>, Option<Lang>)> {
        let (user, settings) = self.store.user_and_settings(case.officer).await?;
        Ok((user, chosen_lang(&settings)))
    }

    /// What notifications about a case need, given its officer (see `officer`).
    async fn directory(&self, (officer, lang): (Option<User>, Option<Lang>)) -> Res<Directory> {
        let chats = self.store.agency_chats().await?;
        Ok(Directory {
            agencies: chats.agencies,
            groups: chats.groups,
            coordinators: chats.coordinators,
            officer,
            officer_lang: lang.unwrap_or_default(),
            calendar: self.calendar(),
            ..Directory::default()
        })
    }

    /// Titles of the closest knowledge entries, for the experts reading a new case.
    fn matches(&self, subject: &str, today: NaiveDate) -> Vec<String> {
        let answerer = &self.advisor.answerer;
        answerer
            .rank(subject, today, 3)
            .hits
            .iter()
            .map(|h| answerer.kb.entries[h.entry].title.clone())
            .collect()
    }

    pub(super) async fn set_dialogue(&self, t: &Turn<'_>, d: Option<Dialogue>) -> Res<()> {
        self.store
            .set_dialogue(t.uid(), d.and_then(|d| d.to_json()), t.now())
            .await?;
        Ok(())
    }

    /// Worker: resolved cases nobody confirmed within `auto_close_days` close themselves.
    /// Returns how many were closed. Safe to run from several places: a case closed meanwhile
    /// is simply refused.
    pub async fn close_unconfirmed(&self, now: DateTime<Utc>) -> Res<usize> {
        let system = Actor::admin(SYSTEM);
        let filter = crate::store::CaseFilter {
            status: Some(crate::cases::Status::Resolved),
            ..Default::default()
        };
        let limit = Duration::days(self.config.auto_close_days);
        let mut closed = 0;
        for case in self.store.cases(&system, &filter).await? {
            if case.resolved_at.is_none_or(|at| now < at + limit) {
                continue;
            }
            let mut dir = self.directory(self.officer(&case).await?).await?;
            dir.actor_name = String::new();
            let reason = Say(dir.officer_lang).auto_close_reason(self.config.auto_close_days);
            let span = spans::case_change(&case.case_ref, "close");
            let done = self
                .store
                .act(
                    &system,
                    &case.case_ref,
                    Command::Close { reason },
                    now,
                    move |case, events| dir.messages(case, events),
                )
                .instrument(span.clone())
                .await;
            match done {
                Ok(_) => {
                    closed += 1;
                    span.in_scope(|| tracing::info!("case closed by the clock"));
                    series::case_changed("close");
                }
                Err(StoreError::Refused(_) | StoreError::Conflict) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(closed)
    }
}

/// A button press is answered first (Telegram shows a spinner until then); a refusal meant
/// for the presser is the answer's pop-up.
fn answer_button(inc: &Incoming, alert: Option<String>, out: &mut Vec<Outgoing>) {
    if let Body::Button { callback_id, .. } = &inc.body {
        out.insert(
            0,
            Outgoing {
                chat_id: inc.chat.id,
                callback_answer: Some(callback_id.clone()),
                alert: alert.is_some(),
                text: alert.unwrap_or_default(),
                ..Outgoing::default()
            },
        );
    }
}

/// Inside `unit`: mark the update's inbox row processed; false when it already was (another
/// instance handled it). Always true without an inbox row.
async fn claim<S: DeskStore>(
    unit: &S,
    inbox: Option<&InboxMark>,
    error: Option<&str>,
) -> Res<bool> {
    match inbox {
        Some(mark) => Ok(unit.inbox_claim(mark.update_id, mark.at, error).await?),
        None => Ok(true),
    }
}

/// What became of an update handed to `handle_update`.
enum Handled {
    /// Its changes and replies are committed, with what they count.
    Done(Tally),
    /// The turn failed and was rolled back; the user was told, the inbox keeps why.
    Failed,
    /// Another instance had already taken it.
    Elsewhere,
}

/// Which stored update a turn completes, and when it was processed.
#[derive(Debug, Clone, Copy)]
pub struct InboxMark {
    pub update_id: i64,
    pub at: DateTime<Utc>,
}

/// The language in the user's settings (`/lang`), if any.
fn chosen_lang(settings: &UserSettings) -> Option<Lang> {
    settings.lang.as_deref().and_then(Lang::parse)
}

/// The user's language: their `/lang` choice, else their client's, else Thai.
pub(super) fn language(settings: &UserSettings, inc: &Incoming) -> Lang {
    chosen_lang(settings)
        .or_else(|| {
            inc.user
                .language
                .as_deref()
                .and_then(|l| Lang::parse(l.split('-').next().unwrap_or(l)))
        })
        .unwrap_or_default()
}

/// Store errors a user can do something about, in their language.
fn explain(say: Say, error: &StoreError) -> Option<String> {
    match error {
        StoreError::Refused(refusal) => Some(say.refusal(refusal)),
        StoreError::NoCase(r) => Some(say.unknown_case(&r.to_string())),
        StoreError::NoAgency(a) => Some(say.unknown_agency(a)),
        StoreError::NoUser(u) => Some(say.unknown_user(&u.to_string())),
        StoreError::Conflict => Some(say.something_went_wrong()),
        _ => None,
    }
}
