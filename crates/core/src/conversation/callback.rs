//! Button data: short strings, parsed strictly. The data comes back from the client, so it is
//! untrusted — parsing only says what was asked; every action is authorised again on the server.
use crate::cases::{AgencyCode, CaseRef};
use crate::knowledge::EntryId;

/// Telegram's limit for callback data.
pub const MAX_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// 👍 / 👎 on a logged question.
    Feedback {
        question: i64,
        helpful: bool,
    },
    /// "รายละเอียด": the details of the entry that answered a logged question.
    Details {
        question: i64,
    },
    /// One of the closest entries offered below the threshold.
    Entry {
        entry: EntryId,
    },
    /// The answer to the question the bot asked back about a logged question: option `option`.
    Clarify {
        question: i64,
        option: usize,
    },
    /// "ส่งต่อผู้เชี่ยวชาญ": open a case from a logged question.
    Handoff {
        question: i64,
    },
    /// The officer picks the agency for the case being drafted.
    OpenAt {
        agency: AgencyCode,
    },
    Claim {
        case_ref: CaseRef,
    },
    Confirm {
        case_ref: CaseRef,
    },
    Reopen {
        case_ref: CaseRef,
    },
    Rate {
        case_ref: CaseRef,
        stars: u8,
    },
    /// Show a case and its log.
    Show {
        case_ref: CaseRef,
    },
    /// `/plan`: the method picked.
    PlanMethod {
        method: String,
    },
    /// `/learn`: the course picked (start or resume).
    Course {
        course: String,
    },
    /// An answer to a course's quiz question: option `option` of quiz `quiz` of lesson `lesson`.
    QuizAnswer {
        course: String,
        lesson: usize,
        quiz: usize,
        option: usize,
    },
}

impl Callback {
    pub fn encode(&self) -> String {
        match self {
            Callback::Feedback { question, helpful } => {
                format!("fb:{}:{question}", if *helpful { "up" } else { "down" })
            }
            Callback::Details { question } => format!("more:{question}"),
            Callback::Entry { entry } => format!("entry:{entry}"),
            Callback::Clarify { question, option } => format!("which:{question}:{option}"),
            Callback::Handoff { question } => format!("handoff:{question}"),
            Callback::OpenAt { agency } => format!("open:{agency}"),
            Callback::Claim { case_ref } => format!("claim:{case_ref}"),
            Callback::Confirm { case_ref } => format!("confirm:{case_ref}"),
            Callback::Reopen { case_ref } => format!("reopen:{case_ref}"),
            Callback::Rate { case_ref, stars } => format!("rate:{case_ref}:{stars}"),
            Callback::Show { case_ref } => format!("show:{case_ref}"),
            Callback::PlanMethod { method } => format!("plan:{method}"),
            Callback::Course { course } => format!("learn:{course}"),
            Callback::QuizAnswer {
                course,
                lesson,
                quiz,
                option,
            } => format!("quiz:{course}:{lesson}:{quiz}:{option}"),
        }
    }

    /// `None` for anything that is not exactly one of our shapes.
    pub fn parse(data: &str) -> Option<Callback> {
        if data.len() > MAX_LEN {
            return None;
        }
        let parts: Vec<&str> = data.split(':').collect();
        // Canonical digits only: "007" would mean 7 too, and one button must have one spelling
        // (a decoded callback encodes back to exactly the data it came from).
        let id = |s: &str| -> Option<i64> {
            let canonical = s == "0" || !s.starts_with('0');
            (canonical && !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let case = |s: &str| CaseRef::parse(s).ok().filter(|r| r.to_string() == s);
        Some(match parts.as_slice() {
            ["fb", "up", q] => Callback::Feedback {
                question: id(q)?,
                helpful: true,
            },
            ["fb", "down", q] => Callback::Feedback {
                question: id(q)?,
                helpful: false,
            },
            ["more", q] => Callback::Details { question: id(q)? },
            ["entry", e] => Callback::Entry {
                entry: EntryId::parse(e)?,
            },
            ["which", q, o] if o.len() == 1 => Callback::Clarify {
                question: id(q)?,
                option: usize::try_from(id(o)?).ok()?,
            },
            ["handoff", q] => Callback::Handoff { question: id(q)? },
            ["open", a] => Callback::OpenAt {
                agency: AgencyCode::parse(a).ok()?,
            },
            ["claim", r] => Callback::Claim { case_ref: case(r)? },
            ["confirm", r] => Callback::Confirm { case_ref: case(r)? },
            ["reopen", r] => Callback::Reopen { case_ref: case(r)? },
            ["rate", r, n] if n.len() == 1 => Callback::Rate {
                case_ref: case(r)?,
                stars: n.parse().ok().filter(|s| (1..=5).contains(s))?,
            },
            ["show", r] => Callback::Show { case_ref: case(r)? },
            ["plan", m]
                if !m.is_empty()
                    && m.bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-') =>
            {
                Callback::PlanMethod {
                    method: (*m).to_owned(),
                }
            }
            ["learn", c] if course_id(c) => Callback::Course {
                course: (*c).to_owned(),
            },
            ["quiz", c, l, q, o] if course_id(c) => Callback::QuizAnswer {
                course: (*c).to_owned(),
                lesson: usize::try_from(id(l)?).ok()?,
                quiz: usize::try_from(id(q)?).ok()?,
                option: usize::try_from(id(o)?).ok()?,
            },
            _ => return None,
        })
    }
}

/// A course id's shape (`knowledge/courses`): lowercase letters, digits and dashes.
fn course_id(s: &str) -> bool {
    EntryId::parse(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_callback_round_trips_and_fits_telegram() {
        let r = CaseRef::parse("KK-2569-000001").expect("ref");
        let all = [
            Callback::Feedback {
                question: 12,
                helpful: true,
            },
            Callback::Feedback {
                question: 12,
                helpful: false,
            },
            Callback::Details { question: 3 },
            Callback::Entry {
                entry: EntryId::parse("specific-method-limit").expect("id"),
            },
            Callback::Handoff { question: 9 },
            Callback::Clarify {
                question: 123_456_789_012_345_678,
                option: 3,
            },
            Callback::OpenAt {
                agency: AgencyCode::parse("public_works").expect("code"),
            },
            Callback::Claim {
                case_ref: r.clone(),
            },
            Callback::Confirm {
                case_ref: r.clone(),
            },
            Callback::Reopen {
                case_ref: r.clone(),
            },
            Callback::Rate {
                case_ref: r.clone(),
                stars: 5,
            },
            Callback::Show { case_ref: r },
            Callback::PlanMethod {
                method: "price-quotation".into(),
            },
            Callback::Course {
                course: "new-supply-officer".into(),
            },
            Callback::QuizAnswer {
                course: "budget-disbursement".into(),
                lesson: 10,
                quiz: 1,
                option: 3,
            },
        ];
        for c in all {
            let data = c.encode();
            assert!(data.len() <= MAX_LEN, "{data}");
            assert_eq!(Callback::parse(&data), Some(c), "{data}");
        }
    }

    #[test]
    fn forged_or_malformed_data_is_rejected() {
        for bad in [
            "",
            "claim",
            "claim:",
            "claim:KK-2569-1",
            "claim:kk-2569-000001",
            "claim:KK-2569-000001:x",
            "rate:KK-2569-000001:6",
            "rate:KK-2569-000001:0",
            "rate:KK-2569-000001:05",
            "fb:up:-1",
            "fb:up:1e3",
            "fb:up:012",
            "more:00",
            "handoff:0009",
            "fb:sideways:1",
            "open:Treasury",
            "open:'; DROP TABLE cases",
            "entry:../../etc",
            "delete:KK-2569-000001",
            "learn:New",
            "learn:",
            "quiz:budget:1:0",
            "quiz:budget:01:0:1",
            "quiz:budget:1:0:-1",
            "which:12",
            "which:12:",
            "which:12:10",
            "which:12:-1",
            "which:012:1",
            "which:12:1:2",
        ] {
            assert_eq!(Callback::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Callback::parse(&"x".repeat(65)), None);
    }

    /// The property the `callback` fuzz target checks, on the inputs that broke it.
    #[test]
    fn whatever_parses_encodes_back_to_the_same_data() {
        for data in [
            "fb:up:0",
            "fb:up:012",
            "more:007",
            "handoff:00",
            "rate:KK-2569-000001:5",
        ] {
            if let Some(callback) = Callback::parse(data) {
                assert_eq!(callback.encode(), data, "{data:?}");
            }
        }
    }
}
