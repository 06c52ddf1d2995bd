//! Telegram update → desk `Incoming`. Updates the desk has no use for map to `None`.
use crate::desk::{Body, Chat, ChatKind, Incoming, Sender};
use chrono::{DateTime, Utc};
use teloxide::types::{Message, Update, UpdateKind, User};

fn sender(user: &User) -> Sender {
    Sender {
        id: i64::try_from(user.id.0).unwrap_or(i64::MAX),
        name: user.full_name(),
        language: user.language_code.clone(),
    }
}

fn chat_of(message: &Message) -> Chat {
    Chat {
        id: message.chat.id.0,
        kind: if message.chat.is_private() {
            ChatKind::Private
        } else {
            ChatKind::Group
        },
    }
}

fn body(message: &Message) -> Option<Body> {
    if let Some(text) = message.text() {
        return Some(Body::from_text(text));
    }
    let caption = message.caption().map(str::to_owned);
    if let Some(sizes) = message.photo() {
        // The largest size comes last.
        let file_id = sizes.last()?.file.id.0.clone();
        return Some(Body::Photo { file_id, caption });
    }
    message.document().map(|doc| Body::Document {
        file_id: doc.file.id.0.clone(),
        file_name: doc.file_name.clone(),
        caption,
    })
}

pub fn incoming(update: &Update, now: DateTime<Utc>) -> Option<Incoming> {
    let update_id = i64::from(update.id.0);
    match &update.kind {
        UpdateKind::Message(message) => Some(Incoming {
            update_id,
            user: sender(message.from.as_ref()?),
            chat: chat_of(message),
            message_id: Some(i64::from(message.id.0)),
            reply_to: message.reply_to_message().map(|r| i64::from(r.id.0)),
            body: body(message)?,
            time: now,
        }),
        UpdateKind::EditedMessage(message) => Some(Incoming {
            update_id,
            user: sender(message.from.as_ref()?),
            chat: chat_of(message),
            message_id: Some(i64::from(message.id.0)),
            reply_to: message.reply_to_message().map(|r| i64::from(r.id.0)),
            body: Body::EditedText {
                text: message.text().or(message.caption())?.to_owned(),
            },
            time: now,
        }),
        UpdateKind::CallbackQuery(query) => {
            let user = sender(&query.from);
            let (chat, message_id) = match &query.message {
                Some(m) => (
                    Chat {
                        id: m.chat().id.0,
                        kind: if m.chat().is_private() {
                            ChatKind::Private
                        } else {
                            ChatKind::Group
                        },
                    },
                    Some(i64::from(m.id().0)),
                ),
                None => (
                    Chat {
                        id: user.id,
                        kind: ChatKind::Private,
                    },
                    None,
                ),
            };
            Some(Incoming {
                update_id,
                user,
                chat,
                message_id,
                reply_to: None,
                body: Body::Button {
                    data: query.data.clone()?,
                    callback_id: query.id.0.clone(),
                },
                time: now,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_update_from_telegram_becomes_a_command() {
        let raw = serde_json::json!({"update_id": 7, "message": {"message_id": 3, "date": 1_767_578_400,
            "chat": {"id": 101, "type": "private", "first_name": "สมชาย"},
            "from": {"id": 101, "is_bot": false, "first_name": "สมชาย", "language_code": "th"},
            "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}});
        let m: Result<teloxide::types::Message, _> = serde_json::from_value(raw["message"].clone());
        assert!(m.is_ok(), "{m:?}");
        let update: Update = serde_json::from_str(&raw.to_string()).expect("parses");
        let stored = serde_json::to_value(&update).expect("serialises");
        let again: Update = serde_json::from_str(&stored.to_string()).expect("round trip");
        assert!(matches!(update.kind, UpdateKind::Message(_)), "{update:?}");
        let inc = incoming(&again, Utc::now()).expect("an incoming");
        assert_eq!(inc.chat.kind, ChatKind::Private);
        assert!(matches!(inc.body, Body::Command { ref name, .. } if name == "start"));
    }
}
