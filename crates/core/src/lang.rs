//! The language a person reads: Thai first, English on request or when the question is English.
//! One type for entries, answers and every message, so no layer translates between two.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Th,
    En,
}

impl Lang {
    /// A language a person named (`/lang en`, `ไทย`).
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "th" | "ไทย" => Some(Lang::Th),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }

    /// The language a message is written in: English when most of its characters are Latin
    /// letters, Thai otherwise.
    pub fn of_text(text: &str) -> Lang {
        if text.chars().filter(char::is_ascii_alphabetic).count() > text.chars().count() / 2 {
            Lang::En
        } else {
            Lang::Th
        }
    }
}
