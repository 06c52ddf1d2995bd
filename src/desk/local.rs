//! Delivery without a transport: `clinic chat` and the desk tests take what the outbox holds,
//! "send" it (the outbox id stands in for Telegram's message id) and record relay links just
//! as the Telegram sender does.
use crate::conversation::outgoing::Outgoing;
use crate::store::{DeskStore, StoreError};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq)]
pub struct Delivered {
    pub message_id: i64,
    pub out: Outgoing,
}

/// Everything due by `until`, oldest first per chat.
pub async fn deliver<S: DeskStore>(
    store: &S,
    until: DateTime<Utc>,
) -> Result<Vec<Delivered>, StoreError> {
    let mut delivered = Vec::new();
    let lease = store.outbox_lease().await?;
    loop {
        let due = store.outbox_claim(until, 100, &lease).await?;
        if due.is_empty() {
            return Ok(delivered);
        }
        for message in due {
            let out = Outgoing::from_payload(&message.payload)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            store
                .outbox_sent(message.id, until, Some(message.id), out.relay)
                .await?;
            delivered.push(Delivered {
                message_id: message.id,
                out,
            });
        }
    }
}
