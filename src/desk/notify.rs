//! Who hears about a case change, and what they read. Runs inside the store's transaction (the
//! `outgoing` closure), so it only uses what was loaded beforehand: the `Directory`.
use super::messages::{Lang, Say};
use crate::cases::sla::add_working_secs;
use crate::cases::{Agency, AgencyCode, Case, Event, EventKind};
use crate::conversation::callback::Callback;
use crate::conversation::outgoing::{Attachment, Button, Outgoing};
use crate::store::{NewOutbox, Side, User};
use crate::timeline::Calendar;
use std::collections::HashMap;
use std::sync::Arc;

/// Everything the notifications of one case change need, loaded before the transaction.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub agencies: Vec<Agency>,
    pub groups: HashMap<AgencyCode, i64>,
    pub coordinators: Option<i64>,
    /// The case's officer (chat id = user id for a private chat) and their language.
    pub officer: Option<User>,
    pub officer_lang: Lang,
    /// The name of whoever acts (shown to the other side).
    pub actor_name: String,
    /// Closest knowledge entries, shown with a new case.
    pub matches: Vec<String>,
    /// A photo or document travelling with a reply.
    pub attachment: Option<Attachment>,
    /// The new owner's name on a reassignment.
    pub reassigned_to: Option<String>,
    /// The working calendar, for "expect a claim by …" (empty: weekends only).
    pub calendar: Arc<Calendar>,
    /// The message (chat, id) whose button caused this change: it is edited to the new state,
    /// so a used button does not stay behind.
    pub pressed: Option<(i64, i64)>,
    /// "Sent ✓" for the author of a relayed reply, sent once the relay went through.
    pub ack: Option<Outgoing>,
}

/// Attachments are kept in the case log by file id, on a line of their own after the caption.
const MARK: &str = "📎 ";

pub fn log_text(caption: &str, kind: &str, file_id: &str) -> String {
    let caption = caption.trim();
    match caption.is_empty() {
        true => format!("{MARK}{kind} {file_id}"),
        false => format!("{caption}\n{MARK}{kind} {file_id}"),
    }
}

/// The text without the attachment line (the attachment itself travels with the message, so
/// a bare photo or file has no text at all).
pub fn shown_text(text: &str) -> String {
    match text.rsplit_once('\n') {
        Some((caption, last)) if last.starts_with(MARK) => caption.to_owned(),
        _ if text.starts_with(MARK) => String::new(),
        _ => text.to_owned(),
    }
}

impl Directory {
    pub fn agency(&self, code: &AgencyCode) -> Option<&Agency> {
        self.agencies.iter().find(|a| &a.code == code)
    }

    /// The messages for `events`, which brought the case to `case`.
    pub fn messages(&self, case: &Case, events: &[Event]) -> Vec<NewOutbox> {
        events
            .iter()
            .flat_map(|e| self.for_event(case, e))
            .flat_map(NewOutbox::for_message)
            .collect()
    }

    fn officer_chat(&self, case: &Case) -> i64 {
        self.officer.as_ref().map_or(case.officer.0, |u| u.id.0)
    }

    fn to_officer(&self, case: &Case, text: String) -> Outgoing {
        Outgoing::text(self.officer_chat(case), text).for_case(&case.case_ref, Side::Officer)
    }

    /// The agency's group, or the coordinators (with a warning) when it has none.
    fn to_group(&self, case: &Case, code: &AgencyCode, text: String) -> Vec<Outgoing> {
        let th = Say(Lang::Th);
        match (self.groups.get(code), self.coordinators) {
            (Some(chat), _) => {
                vec![Outgoing::text(*chat, text).for_case(&case.case_ref, Side::Agency)]
            }
            (None, Some(chat)) => vec![
                Outgoing::text(chat, th.unbound_agency(case, code.as_str())),
                Outgoing::text(chat, text).for_case(&case.case_ref, Side::Coordinators),
            ],
            (None, None) => Vec::new(),
        }
    }

    fn post_text(&self, case: &Case, from: Option<&AgencyCode>) -> String {
        let th = Say(Lang::Th);
        let (name, unit) = self
            .officer
            .as_ref()
            .map_or((String::new(), String::new()), |u| {
                (u.name.clone(), u.unit.clone())
            });
        let from = from.and_then(|f| self.agency(f)).map(|a| th.agency(a));
        th.case_post(case, &name, &unit, &self.matches, from.as_deref())
    }

    fn case_post(&self, case: &Case, from: Option<&AgencyCode>) -> Vec<Outgoing> {
        let th = Say(Lang::Th);
        let text = self.post_text(case, from);
        let claim = Callback::Claim {
            case_ref: case.case_ref.clone(),
        };
        self.to_group(case, &case.agency, text)
            .into_iter()
            .map(|o| match o.relay {
                Some(_) => {
                    o.with_buttons(vec![vec![Button::new(th.button_claim(), claim.encode())]])
                }
                None => o,
            })
            .collect()
    }

    fn claim_by(&self, case: &Case) -> Option<chrono::DateTime<chrono::Utc>> {
        // The claim target counts working hours from when the case reached the agency.
        self.agency(&case.agency)
            .map(|a| add_working_secs(&self.calendar, case.routed_at, a.sla_claim_hours * 3600))
    }

    fn with_attachment(&self, mut o: Outgoing) -> Outgoing {
        o.attachment = self.attachment.clone();
        o
    }

    /// A relayed reply, with its attachment and the author's "sent ✓".
    fn relayed(&self, o: Outgoing) -> Outgoing {
        let mut o = self.with_attachment(o);
        o.ack = self.ack.clone().map(Box::new);
        o
    }

    /// The pressed message in the officer's chat turned into `text`, or a new message there.
    fn officer_update(&self, case: &Case, text: String) -> Outgoing {
        match self.pressed {
            Some((chat, message)) if chat == self.officer_chat(case) => {
                Outgoing::edit(chat, message, text)
            }
            _ => self.to_officer(case, text),
        }
    }

    fn for_event(&self, case: &Case, event: &Event) -> Vec<Outgoing> {
        let th = Say(Lang::Th);
        let say = Say(self.officer_lang);
        let who = self.actor_name.as_str();
        let mut out = Vec::new();
        match &event.what {
            EventKind::Opened { .. } => {
                out.extend(self.case_post(case, None));
                if let (Some(agency), Some(by)) = (self.agency(&case.agency), self.claim_by(case)) {
                    out.push(self.to_officer(case, say.case_opened(case, agency, by)));
                }
            }
            EventKind::Claimed { .. } => {
                // The post's Claim button goes; the post says who took the case.
                if let Some((chat, message)) = self.pressed {
                    let post = th.claimed_post(&self.post_text(case, None), who);
                    out.push(Outgoing::edit(chat, message, post));
                }
                out.push(self.to_officer(case, say.claimed_officer(case, who)));
                out.extend(self.to_group(case, &case.agency, th.claimed_group(case, who)));
            }
            EventKind::ExpertReplied { text } => {
                let o = self.to_officer(case, say.relay(case, who, &shown_text(text)));
                out.push(self.relayed(o));
            }
            EventKind::AskedOfficer { text } => {
                let o = self.to_officer(case, say.asked_officer(case, who, &shown_text(text)));
                out.push(self.with_attachment(o));
            }
            EventKind::OfficerReplied { text } => {
                let name = self.officer.as_ref().map_or(who, |u| u.name.as_str());
                let shown = th.relay(case, name, &shown_text(text));
                for o in self.to_group(case, &case.agency, shown) {
                    out.push(match o.relay {
                        Some(_) => self.relayed(o),
                        None => o,
                    });
                }
            }
            EventKind::Noted { text } => {
                let note = th.noted(case, who, &shown_text(text));
                out.extend(self.to_group(case, &case.agency, note));
            }
            EventKind::Transferred { from, to, reason } => {
                if let Some(agency) = self.agency(to) {
                    out.extend(self.to_group(case, from, th.transferred_group(case, agency)));
                    if let Some(by) = self.claim_by(case) {
                        let text = say.transferred_officer(case, agency, reason, by);
                        out.push(self.to_officer(case, text));
                    }
                }
                out.extend(self.case_post(case, Some(from)));
            }
            EventKind::Resolved { summary } => {
                let buttons = vec![
                    vec![Button::new(
                        say.button_confirm(),
                        Callback::Confirm {
                            case_ref: case.case_ref.clone(),
                        }
                        .encode(),
                    )],
                    vec![Button::new(
                        say.button_reopen(),
                        Callback::Reopen {
                            case_ref: case.case_ref.clone(),
                        }
                        .encode(),
                    )],
                ];
                let o = self.to_officer(case, say.resolved_officer(case, summary));
                out.push(o.with_buttons(buttons));
                out.extend(self.to_group(case, &case.agency, th.resolved_group(case)));
            }
            // The SLA clock (jobs::sla_clock) writes its own messages for these.
            EventKind::SlaReminder { .. }
            | EventKind::SlaBreached { .. }
            | EventKind::Released { .. } => {}
            EventKind::Reopened { .. } => {
                out.push(self.officer_update(case, say.reopened(case)));
                out.extend(self.to_group(case, &case.agency, th.reopened(case)));
            }
            EventKind::Confirmed => {
                let stars = (1..=5u8)
                    .map(|stars| {
                        Button::new(
                            "⭐".repeat(usize::from(stars)),
                            Callback::Rate {
                                case_ref: case.case_ref.clone(),
                                stars,
                            }
                            .encode(),
                        )
                    })
                    .map(|b| vec![b])
                    .collect();
                let o = self.officer_update(case, say.ask_rating(case));
                out.push(o.with_buttons(stars));
                out.extend(self.to_group(case, &case.agency, th.closed_group(case)));
            }
            EventKind::Closed { reason } => {
                out.push(self.to_officer(case, say.closed_officer(case, reason)));
                out.extend(self.to_group(case, &case.agency, th.closed_group(case)));
            }
            EventKind::Cancelled { .. } => {
                out.extend(self.to_group(case, &case.agency, th.cancelled(case)));
            }
            EventKind::Rated { stars } => {
                out.push(match self.pressed {
                    Some(_) => self.officer_update(case, say.closed_rated(case, *stars)),
                    None => self.to_officer(case, say.thanks_rating()),
                });
                out.extend(self.to_group(case, &case.agency, th.rated(case, *stars)));
            }
            EventKind::Reassigned { .. } => {
                let to = self.reassigned_to.as_deref().unwrap_or_default();
                out.extend(self.to_group(case, &case.agency, th.reassigned(case, to)));
            }
            EventKind::Escalated { reason } => {
                if let Some(chat) = self.coordinators {
                    out.push(Outgoing::text(chat, th.escalated(case, reason)));
                }
            }
            EventKind::MergedInto { .. } | EventKind::DuplicateLinked { .. } => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_stay_in_the_log_but_not_in_the_shown_text() {
        let logged = log_text("ใบเสนอราคา", "photo", "AgAD123");
        assert_eq!(logged, "ใบเสนอราคา\n📎 photo AgAD123");
        assert_eq!(shown_text(&logged), "ใบเสนอราคา");
        let bare = log_text("  ", "document", "BQAD9");
        assert_eq!(bare, "📎 document BQAD9");
        assert_eq!(shown_text(&bare), "");
        assert_eq!(shown_text("ธรรมดา"), "ธรรมดา");
    }
}
