//! What the desk sends: written to the outbox, sent by whichever adapter is running.
use crate::cases::CaseRef;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    /// Callback data (≤ 64 bytes, see `callback.rs`).
    pub data: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Attachment {
    /// A photo Telegram already has (relayed by file id).
    Photo { file_id: String },
    /// A document Telegram already has.
    Document { file_id: String },
    /// A file we made (ICS, XLSX).
    File { name: String, bytes: Vec<u8> },
    /// A picture we made (the brief's PNG chart), shown as a photo.
    Image { name: String, bytes: Vec<u8> },
}

/// Formatting of a stretch of a message's text, sent as a Telegram message entity: the text
/// itself carries no markup, so nothing a user typed is ever read as markup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub kind: EntityKind,
    /// Byte range in the text (at character boundaries).
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EntityKind {
    Bold,
    Italic,
    Link { url: String },
}

/// Which command menu a chat shows (Telegram's `setMyCommands` for that chat).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Menu {
    /// Officers, in their private chats (every private chat by default).
    Officers,
    /// An expert's private chat.
    Experts,
    /// A group bound to an agency.
    AgencyGroup,
    /// The coordinators' group.
    Coordinators,
    /// Any group nobody has bound yet.
    Groups,
}

/// Button presses are acknowledged apart from every chat's queue of messages: an answer never
/// waits behind the messages its own press causes (Telegram spins the button until then).
pub const PRESS_ANSWERS: i64 = 0;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Outgoing {
    pub chat_id: i64,
    /// Plain text (a caption when there is an attachment).
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<Vec<Button>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_ref: Option<CaseRef>,
    /// When sent, remember (chat, message id) → (case, this side) so replies find the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<Side>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
    /// Replace the text of a message sent before instead of sending a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_of: Option<i64>,
    /// Acknowledge a button press (Telegram's answerCallbackQuery); `text` is the toast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_answer: Option<String>,
    /// The answer to a press is a pop-up the presser must dismiss (a refusal meant for them).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alert: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    /// No link preview (a preview fetch must not touch a one-time link).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_preview: bool,
    /// Sent once this message has gone through: tells its author it was delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack: Option<Box<Outgoing>>,
    /// Not a message: set this chat's command menu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub menu: Option<Menu>,
}

impl Outgoing {
    pub fn text(chat_id: i64, text: impl Into<String>) -> Self {
        Self {
            chat_id,
            text: text.into(),
            ..Self::default()
        }
    }

    /// Text in the knowledge base's light Markdown (`**bold**`, `*italic*`, `[text](url)`,
    /// `- ` items), sent as plain text with entities.
    pub fn markdown(chat_id: i64, source: &str) -> Self {
        let (text, entities) = super::format::markdown(source);
        Self {
            chat_id,
            text,
            entities,
            ..Self::default()
        }
    }

    /// Not a message: sets `chat`'s command menu.
    pub fn menu(chat_id: i64, menu: Menu) -> Self {
        Self {
            chat_id,
            menu: Some(menu),
            ..Self::default()
        }
    }

    /// Replaces the text of the bot's message `message_id` (no buttons unless given).
    pub fn edit(chat_id: i64, message_id: i64, text: impl Into<String>) -> Self {
        Self {
            edit_of: Some(message_id),
            ..Self::text(chat_id, text)
        }
    }

    pub fn with_buttons(mut self, buttons: Vec<Vec<Button>>) -> Self {
        self.buttons = buttons;
        self
    }

    /// Linked to a case: a reply to it (Telegram reply-to) reaches the other side.
    pub fn for_case(mut self, case_ref: &CaseRef, side: Side) -> Self {
        self.case_ref = Some(case_ref.clone());
        self.relay = Some(side);
        self
    }

    pub fn from_payload(payload: &serde_json::Value) -> Result<Self, serde_json::Error> {
        Self::deserialize(payload)
    }
}

/// Which side of a case a chat is on; a reply to a relayed message goes to the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Officer,
    Agency,
    Coordinators,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Officer => "officer",
            Side::Agency => "agency",
            Side::Coordinators => "coordinators",
        }
    }
    pub fn parse(text: &str) -> Option<Side> {
        [Side::Officer, Side::Agency, Side::Coordinators]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

impl Button {
    pub fn new(label: impl Into<String>, data: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            data: data.into(),
        }
    }
}
