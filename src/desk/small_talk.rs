//! Thanks, greetings and "ok" are not questions: searched, they find the nearest entry to
//! "ขอบคุณครับ" and offer three unrelated topics. Recognised here, they get a short reply.

/// What kind of small talk a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallTalk {
    Thanks,
    Greeting,
    Ok,
}

/// Polite endings and fillers that do not change what was said.
const PARTICLES: &[&str] = &[
    "ครับผม",
    "ครับ",
    "คับ",
    "ค่ะ",
    "คะ",
    "ค่า",
    "จ้ะ",
    "จ้า",
    "จ้าา",
    "นะ",
    "มากๆ",
    "มาก",
    "มากมาย",
    "ๆ",
    "เลย",
    "นะคะ",
    "🙏",
    "😊",
];

const THANKS: &[&str] = &[
    "ขอบคุณ",
    "ขอบใจ",
    "ขอบพระคุณ",
    "thanks",
    "thank you",
    "thankyou",
    "thx",
    "ty",
    "🙏",
];
const GREETINGS: &[&str] = &["สวัสดี", "หวัดดี", "ดีครับ", "hello", "hi", "hey", "good morning"];
const OKS: &[&str] = &[
    "ok",
    "okay",
    "โอเค",
    "โอเคร",
    "ได้",
    "ได้เลย",
    "รับทราบ",
    "ทราบแล้ว",
    "เข้าใจแล้ว",
    "เข้าใจ",
    "👍",
    "👌",
];

/// `text` as small talk, or `None` for anything that may be a question.
pub fn small_talk(text: &str) -> Option<SmallTalk> {
    let mut said: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '.' | '!' | ',' | '~' | '^' | '?') && !c.is_whitespace())
        .collect();
    if said.is_empty() || said.chars().count() > 30 {
        return None;
    }
    // Endings come off from the back, repeatedly ("ขอบคุณมากครับ").
    while let Some(p) = PARTICLES
        .iter()
        .find(|p| said.ends_with(*p) && said.len() > p.len())
    {
        said.truncate(said.len() - p.len());
    }
    let matches = |list: &[&str]| list.iter().any(|w| w.replace(' ', "") == said);
    if matches(THANKS) {
        Some(SmallTalk::Thanks)
    } else if matches(GREETINGS) {
        Some(SmallTalk::Greeting)
    } else if matches(OKS) {
        Some(SmallTalk::Ok)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thanks_greetings_and_ok_are_small_talk_and_questions_are_not() {
        for (text, kind) in [
            ("ขอบคุณครับ", SmallTalk::Thanks),
            ("ขอบคุณมากครับ 🙏", SmallTalk::Thanks),
            ("Thank you!", SmallTalk::Thanks),
            ("สวัสดีค่ะ", SmallTalk::Greeting),
            ("ok", SmallTalk::Ok),
            ("รับทราบครับ", SmallTalk::Ok),
        ] {
            assert_eq!(small_talk(text), Some(kind), "{text}");
        }
        for text in [
            "ขอบคุณครับ แล้ววิธีเฉพาะเจาะจงซื้อได้เท่าไร",
            "ได้ไหมครับ",
            "วิธีเฉพาะเจาะจงใช้ได้ในวงเงินเท่าไร",
            "",
        ] {
            assert_eq!(small_talk(text), None, "{text}");
        }
    }
}
