//! What is turned away before the desk reads an update: a flood from one user, text longer than
//! any chat message can be, and invisible control characters that would make the other side
//! read something else than what was sent. The sender is told why, in their language; nothing
//! else is written (a dropped flood message writes nothing at all).
use super::flood::Verdict;
use super::incoming::{Body, ChatKind, Incoming};
use super::messages::Say;
use super::service::{Desk, Res, language};
use crate::cases::UserId;
use crate::conversation::outgoing::Outgoing;
use crate::store::{DeskStore, NewOutbox};

/// The longest text the desk takes: Telegram's own limit for one message, so nothing a real
/// client sends is refused; longer text only comes from forged updates or pasted files.
pub const MAX_INPUT_CHARS: usize = 4096;

/// Why a typed text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfit {
    TooLong { chars: usize },
    HiddenControls,
}

impl Unfit {
    /// Why, as the sender reads it.
    pub fn told(self, say: Say) -> String {
        match self {
            Unfit::TooLong { chars } => say.too_long(chars, MAX_INPUT_CHARS),
            Unfit::HiddenControls => say.hidden_controls(),
        }
    }
}

/// Refuse `text` if it is too long or carries hidden control characters.
pub fn unfit(text: &str) -> Option<Unfit> {
    let chars = text.chars().count();
    if chars > MAX_INPUT_CHARS {
        return Some(Unfit::TooLong { chars });
    }
    text.chars()
        .any(hidden_control)
        .then_some(Unfit::HiddenControls)
}

/// C0 and C1 controls other than line breaks and tabs, and the bidirectional embeddings,
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what a reader sees
/// ("Trojan Source"). Zero-width joiners and spaces are let through: emoji sequences and Thai
/// text copied from documents carry them, and `thai::normalize` drops them for search.
fn hidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A Telegram display name as others may read it: names are not typed to the desk (so they are
/// not refused), but a direction override in one would garble every relay that shows it.
pub fn shown_name(name: &str) -> String {
    name.chars().filter(|&c| !hidden_control(c)).collect()
}

/// Every piece of text a person typed into this update.
fn typed(body: &Body) -> Vec<&str> {
    match body {
        Body::Text { text } | Body::EditedText { text } => vec![text],
        Body::Command { name, args } => vec![name, args],
        Body::Photo { caption, .. } | Body::Document { caption, .. } => {
            caption.as_deref().into_iter().collect()
        }
        // Button data is parsed strictly (`callback.rs`); anything odd is a stale button.
        Body::Button { .. } => Vec::new(),
    }
}

/// Group chatter that is neither a command nor a reply is not for the desk: it neither counts
/// against the sender nor gets an answer.
fn chatter(inc: &Incoming) -> bool {
    inc.chat.kind == ChatKind::Group
        && inc.reply_to.is_none()
        && !matches!(inc.body, Body::Command { .. } | Body::Button { .. })
}

impl<S: DeskStore> Desk<S> {
    /// True when the update may go on to the desk; otherwise its answer (if any) is already in
    /// the outbox.
    pub(super) async fn admit(&self, inc: &Incoming) -> Res<bool> {
        if chatter(inc) {
            return Ok(true);
        }
        match self.flood.check(inc.user.id, inc.time) {
            Verdict::Admit => {}
            Verdict::Warn => {
                let say = self.say_to(inc).await?;
                self.answer_only(inc, say.flooded(self.flood.per_minute()))
                    .await?;
                return Ok(false);
            }
            Verdict::Drop => return Ok(false),
        }
        let Some(why) = typed(&inc.body).into_iter().find_map(unfit) else {
            return Ok(true);
        };
        // A group reply to someone else's message is not for the desk either: only refuse
        // what the desk would otherwise act on.
        let relayed = match inc.reply_to {
            Some(message) if inc.chat.kind == ChatKind::Group => {
                self.store.relay_link(inc.chat.id, message).await?.is_some()
            }
            _ => true,
        };
        if !relayed && !matches!(inc.body, Body::Command { .. }) {
            return Ok(true);
        }
        let say = self.say_to(inc).await?;
        self.answer_only(inc, why.told(say)).await?;
        Ok(false)
    }

    async fn say_to(&self, inc: &Incoming) -> Res<Say> {
        let settings = self.store.settings(UserId(inc.user.id)).await?;
        Ok(Say(language(&settings, inc)))
    }

    /// The one reply to a turned-away update (and the button's acknowledgement).
    async fn answer_only(&self, inc: &Incoming, text: String) -> Res<()> {
        let mut out = Vec::new();
        if let Body::Button { callback_id, .. } = &inc.body {
            out.push(Outgoing {
                chat_id: inc.chat.id,
                callback_answer: Some(callback_id.clone()),
                ..Outgoing::default()
            });
        }
        out.push(Outgoing::text(inc.chat.id, text));
        let messages = out.into_iter().flat_map(NewOutbox::for_message).collect();
        self.store.enqueue(messages, inc.time).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_client_can_send_passes() {
        for ok in [
            "ราคากลางคืออะไร",
            "บรรทัด\nใหม่\tแท็บ\r\n",
            "ครอบครัว 👨‍👩‍👧 ok",
            "ข้อ\u{200B}ความ\u{200C}ที่คัดลอกมา",
            &"ก".repeat(MAX_INPUT_CHARS),
        ] {
            assert_eq!(unfit(ok), None, "{ok:?}");
        }
    }

    #[test]
    fn overlong_and_spoofing_text_is_refused() {
        assert_eq!(
            unfit(&"ก".repeat(MAX_INPUT_CHARS + 1)),
            Some(Unfit::TooLong {
                chars: MAX_INPUT_CHARS + 1
            })
        );
        for bad in [
            "invoice\u{202E}fdp.exe",
            "a\u{2066}b",
            "bell\u{7}",
            "nul\u{0}",
            "esc\u{1b}[31m",
            "c1\u{85}",
            "del\u{7f}",
        ] {
            assert_eq!(unfit(bad), Some(Unfit::HiddenControls), "{bad:?}");
        }
    }

    #[test]
    fn display_names_lose_their_hidden_controls_only() {
        assert_eq!(shown_name("สมชาย\u{202E}ยาดีจใ"), "สมชายยาดีจใ");
        assert_eq!(shown_name("คลัง 👨‍👩‍👧 หนึ่ง"), "คลัง 👨‍👩‍👧 หนึ่ง");
    }
}
