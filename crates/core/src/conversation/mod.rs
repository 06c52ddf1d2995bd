//! What the desk says and what a pressed button means, in terms every layer shares: the desk
//! writes `Outgoing` messages with `Button`s whose data is a `Callback`; oversight jobs write
//! the same; the bot and the terminal chat only translate them. Nothing here knows Telegram.

pub mod callback;
pub mod format;
pub mod length;
pub mod outgoing;

pub use callback::Callback;
pub use outgoing::{Attachment, Button, Entity, EntityKind, Menu, Outgoing, PRESS_ANSWERS, Side};
