//! What arrives at the desk, whatever the transport (Telegram, the terminal chat).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incoming {
    /// Telegram's update id (the terminal chat numbers its lines).
    pub update_id: i64,
    pub user: Sender,
    pub chat: Chat,
    pub message_id: Option<i64>,
    /// The message this one replies to (Telegram reply-to): finds the case it belongs to.
    pub reply_to: Option<i64>,
    pub body: Body,
    pub time: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sender {
    pub id: i64,
    pub name: String,
    /// The client's language code (e.g. "th", "en"); the stored `/lang` wins.
    pub language: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatKind {
    Private,
    Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chat {
    pub id: i64,
    pub kind: ChatKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Body {
    Text {
        text: String,
    },
    /// `/name args…` (a `@botname` suffix already removed).
    Command {
        name: String,
        args: String,
    },
    Button {
        data: String,
        callback_id: String,
    },
    Photo {
        file_id: String,
        caption: Option<String>,
    },
    Document {
        file_id: String,
        file_name: Option<String>,
        caption: Option<String>,
    },
    EditedText {
        text: String,
    },
}

impl Body {
    /// What kind of update this is, for logs: `text`, `command`, `button`, `photo`…
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Text { .. } => "text",
            Body::Command { .. } => "command",
            Body::Button { .. } => "button",
            Body::Photo { .. } => "photo",
            Body::Document { .. } => "document",
            Body::EditedText { .. } => "edited_text",
        }
    }

    /// Text as the user typed it: a leading `/` makes a command.
    pub fn from_text(text: &str) -> Body {
        let trimmed = text.trim();
        match trimmed.strip_prefix('/') {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                let name = head.split('@').next().unwrap_or(head).to_ascii_lowercase();
                Body::Command {
                    name,
                    args: args.trim().to_owned(),
                }
            }
            _ => Body::Text {
                text: trimmed.to_owned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_lose_the_bot_name_and_keep_their_arguments() {
        assert_eq!(
            Body::from_text("/Resolve@clinic_bot ใช้ราคากลาง  ฉบับใหม่"),
            Body::Command {
                name: "resolve".into(),
                args: "ใช้ราคากลาง  ฉบับใหม่".into()
            }
        );
        assert_eq!(
            Body::from_text(" ราคากลางคืออะไร "),
            Body::Text {
                text: "ราคากลางคืออะไร".into()
            }
        );
        assert!(matches!(Body::from_text("/ 5"), Body::Text { .. }));
    }
}
