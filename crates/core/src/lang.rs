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

    /// The language a message is written in: English when most of its letters are Latin,
    /// Thai otherwise. Digits, spaces and signs count for neither, so a question full of figures
    /// ("Is 2026-12-07 a working day?") is still English.
    pub fn of_text(text: &str) -> Lang {
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        if text.chars().filter(char::is_ascii_alphabetic).count() * 2 > letters {
            Lang::En
        } else {
            Lang::Th
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_full_of_figures_is_read_by_its_words() {
        assert_eq!(Lang::of_text("Is 2026-12-07 a working day?"), Lang::En);
        assert_eq!(Lang::of_text("THB 300,000 which method?"), Lang::En);
        assert_eq!(Lang::of_text("หลักประกันสัญญา e-bidding 2,400,000"), Lang::Th);
        assert_eq!(Lang::of_text("7/12/2569"), Lang::Th);
    }
}
