//! Two-part questions: "ประกาศกี่วัน แล้วต้องรออุทธรณ์ไหม" asks two things. Scored whole, the
//! entry for either ask shares the question's weight with the other ask's words, and an entry
//! touching a little of both can outrank them. So the question is split into its asks, each is
//! ranked on its own, and the rankings are combined: the first ask (usually the one the officer
//! came for) at full weight, later asks lighter, so the entry for the first ask leads and the
//! entry for a later one still ranks.
//!
//! A split needs an ask on both sides (a question word or mark), so "ส่งงานแล้ว กรรมการต้องตรวจ
//! ภายในกี่วัน" stays whole: its first half is the situation, not a question.

use std::collections::HashMap;

use super::index::{Hit, Ranking};

/// Words that, opening a clause, start another ask: "แล้วต้องรออุทธรณ์ไหม", "และต้องแจ้งใครด้วย".
const JOINERS: &[&str] = &[
    "แล้ว",
    "และ",
    "กับ",
    "ส่วน",
    "ถ้า",
    "and ",
    "also ",
    "what ",
    "how ",
];

/// Endings of a word that closes an ask: question words and the polite particles that end a
/// sentence in chat.
const ASK_ENDINGS: &[&str] = &[
    "?",
    "ไหม",
    "มั้ย",
    "มั๊ย",
    "ไม่",
    "เปล่า",
    "ไง",
    "อะไร",
    "ใคร",
    "ไหน",
    "ไหร่",
    "ไร",
    "บ้าง",
    "ล่ะ",
    "ครับ",
    "คับ",
    "คะ",
    "ค่ะ",
];

/// What makes a stretch of text an ask.
const ASK_MARKS: &[&str] = &[
    "?",
    "ไหม",
    "มั้ย",
    "มั๊ย",
    "หรือไม่",
    "หรือเปล่า",
    "ยังไง",
    "อย่างไร",
    "ไง",
    "อะไร",
    "ใคร",
    "ไหน",
    "เมื่อไหร่",
    "เมื่อไร",
    "เท่าไหร่",
    "เท่าไร",
    "กี่",
    "บ้าง",
    "how ",
    "what ",
    "when ",
    "who ",
    "where ",
    "which ",
    "do we ",
    "can we ",
    "must we ",
    "is there ",
];

/// Fewer letters than this is not an ask of its own ("ไหม", "แล้วไง").
const MIN_LETTERS: usize = 5;

fn is_ask(text: &str) -> bool {
    ASK_MARKS.iter().any(|m| text.contains(m))
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// The asks of a normalised question, in order; a question with one ask is one part.
pub fn split(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    // Candidate cuts: every space (and every "?") after which more text follows.
    let cuts = text
        .char_indices()
        .filter(|(_, c)| c.is_whitespace() || *c == '?')
        .map(|(i, c)| i + c.len_utf8());
    for cut in cuts {
        if cut <= start || cut >= text.len() {
            continue;
        }
        let before = text[start..cut].trim_end();
        let after = text[cut..].trim_start();
        let closes = ASK_ENDINGS.iter().any(|e| before.ends_with(e))
            || before
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|word| word.contains("กี่"));
        let opens = JOINERS.iter().any(|j| after.starts_with(j))
            || before.trim_end_matches(',').len() < before.len();
        if !(closes || opens) {
            continue;
        }
        let before = before.trim_end_matches([',', ' ']);
        if is_ask(before)
            && is_ask(after)
            && letters(before) >= MIN_LETTERS
            && letters(after) >= MIN_LETTERS
        {
            parts.push(before.trim());
            start = cut;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() || parts.is_empty() {
        parts.push(rest);
    }
    parts
}

/// One ranking from weighted rankings (of the whole question and of each of its parts): an
/// entry's score is the weighted sum of its scores. An entry's signals are those of the ranking
/// where it weighs most; how much of the question is unknown, and which entry BM25F puts first,
/// are the first ranking's.
pub fn combine(rankings: Vec<(Ranking, f32)>) -> Ranking {
    let mut by_entry: HashMap<usize, (Hit, f32, f32)> = HashMap::new();
    for (ranking, weight) in &rankings {
        for hit in &ranking.hits {
            let weighted = weight * hit.score;
            let slot = by_entry.entry(hit.entry).or_insert((*hit, 0.0, f32::MIN));
            slot.1 += weighted;
            if weighted > slot.2 {
                slot.0 = *hit;
                slot.2 = weighted;
            }
        }
    }
    let mut hits: Vec<Hit> = by_entry
        .into_values()
        .map(|(mut hit, score, _)| {
            hit.score = score;
            hit
        })
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
    let first = rankings.first().map(|(r, _)| r);
    Ranking {
        hits,
        unknown_share: first.map_or(1.0, |r| r.unknown_share),
        bm25_leader: first.and_then(|r| r.bm25_leader),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_ask_after_then_is_a_part_of_its_own() {
        assert_eq!(
            split("ประกวดราคาอิเล็กทรอนิกส์ลงประกาศกี่วันคะ แล้วลงนามสัญญาก่อนครบอุทธรณ์ได้ไหม"),
            vec![
                "ประกวดราคาอิเล็กทรอนิกส์ลงประกาศกี่วันคะ",
                "แล้วลงนามสัญญาก่อนครบอุทธรณ์ได้ไหม"
            ]
        );
        assert_eq!(
            split("เงินล่วงหน้าให้ได้กี่% และต้องวางหลักประกันอะไรด้วย"),
            vec!["เงินล่วงหน้าให้ได้กี่%", "และต้องวางหลักประกันอะไรด้วย"]
        );
    }

    #[test]
    fn a_question_word_followed_by_another_ask_ends_the_first() {
        assert_eq!(
            split("หลักประกันการเสนอราคาต้องเรียกทุกงานไหมครับ เรียกกี่ %"),
            vec!["หลักประกันการเสนอราคาต้องเรียกทุกงานไหมครับ", "เรียกกี่ %"]
        );
        assert_eq!(
            split("can we waive the fine after a flood? what does the contractor need to do?"),
            vec![
                "can we waive the fine after a flood?",
                "what does the contractor need to do?"
            ]
        );
    }

    #[test]
    fn a_situation_before_the_ask_is_not_an_ask() {
        let q = "ผู้รับจ้างส่งงานแล้ว กรรมการต้องเริ่มตรวจภายในกี่วัน";
        assert_eq!(split(q), vec![q]);
        let q = "มีผู้ยื่นอุทธรณ์เข้ามาแล้วค่ะ หน่วยงานต้องพิจารณาภายในกี่วัน";
        assert_eq!(split(q), vec![q]);
    }

    #[test]
    fn a_comparison_of_two_things_stays_one_ask() {
        let q = "e-market กับ e-bidding ต่างกันยังไง";
        assert_eq!(split(q), vec![q]);
        let q = "แบบ บส.01 กับ บส.04 ต่างกันยังไง";
        assert_eq!(split(q), vec![q]);
    }

    fn hit(entry: usize, score: f32) -> Hit {
        Hit {
            entry,
            score,
            bm25: score,
            phrasing: 0.0,
            trigram: 0.0,
            phrasing_cover: 0.0,
            amount_fit: 0.0,
            conflict: None,
            unstated_slots: 0,
        }
    }

    fn ranking(hits: Vec<Hit>) -> Ranking {
        Ranking {
            bm25_leader: hits.first().map(|h| h.entry),
            hits,
            unknown_share: 0.0,
        }
    }

    #[test]
    fn the_first_part_leads_and_an_entry_for_the_second_still_ranks() {
        // Entry 1 matches a little of both asks (0.5 and 0.5): whole, it would lead.
        let first = ranking(vec![hit(0, 0.8), hit(1, 0.5)]);
        let second = ranking(vec![hit(2, 0.9), hit(1, 0.5)]);
        let combined = combine(vec![(first, 1.0), (second, 0.3)]);
        let order: Vec<usize> = combined.hits.iter().map(|h| h.entry).collect();
        // 0: 0.8; 1: 0.5 + 0.3 × 0.5 = 0.65; 2: 0.3 × 0.9 = 0.27.
        assert_eq!(order, vec![0, 1, 2]);
        assert!((combined.hits[1].score - 0.65).abs() < 1e-6);
        assert_eq!(combined.bm25_leader, Some(0));
    }
}
