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
}

impl Outgoing {
    pub fn text(chat_id: i64, text: impl Into<String>) -> Self {
        Self {
            chat_id,
            text: text.into(),
            ..Self::default()
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
