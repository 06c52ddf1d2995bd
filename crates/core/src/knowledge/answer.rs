//! Answers: the best entry for a question, with its legal basis, a calibrated confidence, and
//! the alternatives when the bot is not sure enough to answer.

use chrono::NaiveDate;
use serde::Serialize;

use super::KnowledgeBase;
use super::entry::Entry;
use super::index::{Index, Ranking};

/// Below this confidence the bot does not answer: it offers the closest entries and a handoff.
/// Chosen from the calibration run (`cargo run --example calibrate`): the lowest threshold at
/// which fewer than 5 % of the evaluation questions are answered with a wrong entry.
pub const DEFAULT_THRESHOLD: f32 = 0.8;
const ALTERNATIVES: usize = 3;

/// The confidence at which the entry for a later ask of a two-part question is added to an
/// answer already given. Lower than [`DEFAULT_THRESHOLD`]: leaving the ask out leaves the answer
/// half wrong anyway. On the judged two-part questions of the tuning pool, the entries added
/// below about 0.65 were the ones that did not answer the ask.
pub const LATER_ASK_THRESHOLD: f32 = 0.7;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alternative {
    pub entry_id: String,
    pub title: String,
    pub confidence: f32,
}

/// One answer, in the shape of the `clinic ask --json` contract.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub question: String,
    pub answered: bool,
    pub entry_id: Option<String>,
    pub title: Option<String>,
    /// The short answer; for an unverified entry the caveat follows it.
    pub answer: Option<String>,
    pub citations: Vec<String>,
    pub verified: bool,
    /// The last day a claim of the entry was read in its source (verified entries only).
    pub checked_on: Option<NaiveDate>,
    pub confidence: f32,
    pub alternatives: Vec<Alternative>,
    pub handoff_agency: Option<String>,
    /// The entries that answer the other asks of a two-part question, their text added to
    /// `answer` and their basis to `citations`.
    pub also_answered: Vec<Alternative>,
}

/// Shown with every answer whose entry is not verified against the Thai original.
pub const UNVERIFIED_CAVEAT_TH: &str =
    "⚠️ ข้อมูลบางส่วนในคำตอบนี้ยังไม่ได้ตรวจทานกับต้นฉบับกฎหมาย โปรดตรวจสอบกับสำนักงานคลังจังหวัดก่อนใช้อ้างอิง";
pub const UNVERIFIED_CAVEAT_EN: &str = "⚠️ Part of this answer has not yet been checked against the Thai legal text; please confirm with the provincial treasury office before relying on it.";

/// The knowledge base with its index, ready to answer.
#[derive(Debug)]
pub struct Answerer {
    pub kb: KnowledgeBase,
    pub index: Index,
    /// Which entries cite which legal provision, for "มาตรา 66 ว่าไง".
    pub basis: super::basis::BasisIndex,
    /// Each entry's detail lines with their index terms, to show the one the question is about.
    passages: Vec<Vec<Passage>>,
    /// What each entry is about (method, amount band, year, kind), for the slot checks.
    pub(super) slots: Vec<super::slots::Slots>,
    /// The procurement amount lines, sorted.
    pub(super) amount_lines: Vec<u64>,
    pub threshold: f32,
}

impl Answerer {
    pub fn new(kb: KnowledgeBase) -> Self {
        let index = Index::build(&kb.entries, &kb.analyzer, &kb.amount_lines);
        let basis = super::basis::BasisIndex::build(&kb.entries);
        let passages = kb
            .entries
            .iter()
            .map(|e| Passage::of_entry(e, &kb.analyzer))
            .collect();
        let slots = kb
            .entries
            .iter()
            .zip(&index.amount_bands)
            .map(|(e, bands)| super::slots::Slots::of_entry(e, bands.clone()))
            .collect();
        let amount_lines = index.amount_lines.clone();
        Self {
            kb,
            index,
            basis,
            passages,
            slots,
            amount_lines,
            threshold: DEFAULT_THRESHOLD,
        }
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.kb.entries.iter().find(|e| e.id.as_str() == id)
    }

    /// `entry` as the reader sees it: for an English reader its English twin (`<id>-en`) when
    /// the knowledge base has one, else `entry` itself.
    pub fn in_language<'a>(
        &'a self,
        entry: Option<&'a Entry>,
        lang: super::Lang,
    ) -> Option<&'a Entry> {
        match lang {
            super::Lang::En => entry
                .and_then(|e| self.entry(&format!("{}-en", e.id)))
                .or(entry),
            super::Lang::Th => entry,
        }
    }

    /// What the knowledge base says under a provision the question asks to look up
    /// ("มาตรา 66 ว่าไง"), or `None` when the question is not such a lookup.
    pub fn look_up_provision(&self, question: &str, today: NaiveDate) -> Option<Answer> {
        let provision = super::basis::asked_provision(question)?;
        Some(super::basis::lookup_answer(
            question,
            provision,
            &self.kb.entries,
            &self.basis,
            today,
        ))
    }

    /// Answers `question` as of `today` (expired entries are never served).
    pub fn ask(&self, question: &str, today: NaiveDate) -> Answer {
        self.ask_ranked(question, today).0
    }

    /// The answer to ask `lead` of a two-part question (see [`Answerer::asks`]): ranked with that
    /// ask leading and the rest of the message as its context, its passage chosen by the ask's
    /// own words.
    pub fn answer_ask(&self, question: &str, lead: usize, today: NaiveDate) -> Answer {
        let asks = self.asks(question);
        let ask = asks.get(lead).map_or(question, String::as_str);
        let ranking = self.rank_leading(
            question,
            lead,
            today,
            ALTERNATIVES + 1,
            &super::rank::TUNING,
        );
        self.answer_or_decline(ask, &ranking, LATER_ASK_THRESHOLD)
    }

    /// As [`Answerer::ask`], with the ranking the answer was chosen from (its hits are those of
    /// `rank(question, today, 4)`; a caller that needs fewer can truncate them), so a caller
    /// that routes an unanswered question need not search a second time.
    pub fn ask_ranked(&self, question: &str, today: NaiveDate) -> (Answer, Ranking) {
        let ranking = self.rank(question, today, ALTERNATIVES + 1);
        let answer = self.answer_from(question, &ranking);
        (answer, ranking)
    }

    fn answer_from(&self, question: &str, ranking: &Ranking) -> Answer {
        let answer = self.answer_or_decline(question, ranking, self.threshold);
        if answer.answered {
            // Close siblings that differ in what the question leaves open (which fiscal year?)
            // are asked back, however sure the first of them looks.
            let declined = self.answer_or_decline(question, ranking, f32::INFINITY);
            if self.clarify(question, ranking, &declined).is_some() {
                return declined;
            }
        }
        answer
    }

    /// The answer from `ranking`, or (when its confidence is below `threshold`) the closest
    /// entries without one.
    fn answer_or_decline(&self, question: &str, ranking: &Ranking, threshold: f32) -> Answer {
        let confidences = confidences(ranking);
        let best = ranking.hits.first().map(|h| &self.kb.entries[h.entry]);
        let confidence = confidences.first().copied().unwrap_or(0.0);
        // An entry about another method, year or band is never the answer, however close.
        let fits = ranking.hits.first().is_some_and(|h| h.conflict.is_none());
        let answered = best.is_some() && fits && confidence >= threshold;
        let skip = usize::from(answered);
        let alternatives = ranking
            .hits
            .iter()
            .zip(&confidences)
            .skip(skip)
            .take(ALTERNATIVES)
            .map(|(h, c)| {
                let e = &self.kb.entries[h.entry];
                Alternative {
                    entry_id: e.id.to_string(),
                    title: e.title.clone(),
                    confidence: round3(*c),
                }
            })
            .collect();
        match best {
            Some(entry) if answered => Answer {
                question: question.to_string(),
                answered: true,
                entry_id: Some(entry.id.to_string()),
                title: Some(entry.title.clone()),
                answer: Some(self.answer_for(best_index(ranking), entry, question)),
                citations: entry.citation_lines(),
                verified: entry.verified,
                checked_on: entry.checked_on(),
                confidence: round3(confidence),
                alternatives,
                handoff_agency: Some(entry.agency.clone()),
                also_answered: Vec::new(),
            },
            _ => Answer {
                question: question.to_string(),
                answered: false,
                entry_id: None,
                title: None,
                answer: None,
                citations: Vec::new(),
                verified: false,
                checked_on: None,
                confidence: round3(confidence),
                alternatives,
                handoff_agency: None,
                also_answered: Vec::new(),
            },
        }
    }
}

/// The short answer, followed by the caveat when the entry is not verified.
pub fn answer_text(entry: &Entry) -> String {
    with_caveat(entry.short_answer.clone(), entry.verified, entry.lang)
}

/// `text`, followed by the caveat in `lang` when what it says is not verified.
pub fn with_caveat(mut text: String, verified: bool, lang: super::Lang) -> String {
    if !verified {
        text.push_str("\n\n");
        text.push_str(match lang {
            super::Lang::Th => UNVERIFIED_CAVEAT_TH,
            super::Lang::En => UNVERIFIED_CAVEAT_EN,
        });
    }
    text
}

fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// One line of an entry's details (a bullet is a self-contained fact) with its index terms.
#[derive(Debug)]
struct Passage {
    text: String,
    terms: Vec<String>,
}

impl Passage {
    fn of_entry(entry: &Entry, analyzer: &super::Analyzer) -> Vec<Passage> {
        let lead: std::collections::HashSet<String> =
            analyzer.terms(&entry.short_answer).into_iter().collect();
        entry
            .details
            .lines()
            .map(|l| l.trim().trim_start_matches(['-', '•', '*']).trim())
            .filter(|l| !l.is_empty())
            .map(|l| {
                // Terms the lead already states do not make a line more relevant.
                let mut terms: Vec<String> = analyzer
                    .terms(l)
                    .into_iter()
                    .filter(|t| !lead.contains(t))
                    .collect();
                terms.sort();
                terms.dedup();
                Passage {
                    text: l.to_string(),
                    terms,
                }
            })
            .collect()
    }
}

/// How many of the question's own terms (beyond the lead's) a detail line must share before it
/// is shown with the answer of a long entry.
const PASSAGE_MIN_SHARED: usize = 2;

/// An entry whose details fit in this many characters is shown whole: the second fact an officer
/// asked for, or the exception that is their case, often sits in a line that shares few words
/// with the question, and a short entry reads best as its author wrote it.
const WHOLE_DETAILS_CHARS: usize = 2_000;

fn best_index(ranking: &Ranking) -> usize {
    ranking.hits.first().map_or(0, |h| h.entry)
}

impl Answerer {
    /// The entry's short answer and, for a short entry, all of its details; for a long one, the
    /// detail lines that share the most of the question's own terms (a second line only when it
    /// covers terms the first does not: the other half of a two-part question). Then the caveat
    /// for an unverified entry.
    pub(super) fn answer_for(&self, index: usize, entry: &Entry, question: &str) -> String {
        let details = entry.details.trim();
        if details.is_empty() {
            return answer_text(entry);
        }
        if details.chars().count() <= WHOLE_DETAILS_CHARS {
            let text = format!("{}\n\n{}", entry.short_answer, details);
            return with_caveat(text, entry.verified, entry.lang);
        }
        let Some(first) = self.best_passage(index, question, None) else {
            return answer_text(entry);
        };
        let mut text = format!("{}\n\n▸ {}", entry.short_answer, first.text);
        if let Some(second) = self.best_passage(index, question, Some(first)) {
            text.push_str(&format!("\n▸ {}", second.text));
        }
        with_caveat(text, entry.verified, entry.lang)
    }

    /// The detail line of entry `id` that answers `ask` (see [`Answerer::answer_for`]): a
    /// computed answer replaces the entry's text, so an ask it does not compute ("แล้วต้องวาง
    /// หลักประกันอะไร") is answered from the line of the rule's own entry that says it.
    pub fn passage_for(&self, id: &str, ask: &str) -> Option<String> {
        let index = self.kb.entries.iter().position(|e| e.id.as_str() == id)?;
        self.best_passage(index, ask, None).map(|p| p.text.clone())
    }

    /// The detail line of entry `index` sharing the most of the question's own terms (at least
    /// [`PASSAGE_MIN_SHARED`]); with `not_in`, counting only terms that line does not cover.
    fn best_passage(
        &self,
        index: usize,
        question: &str,
        not_in: Option<&Passage>,
    ) -> Option<&Passage> {
        let asked: std::collections::HashSet<String> =
            self.kb.analyzer.terms(question).into_iter().collect();
        let passages = self.passages.get(index).map_or(&[][..], Vec::as_slice);
        let shared = |p: &Passage| {
            asked
                .iter()
                .filter(|t| p.terms.binary_search(t).is_ok())
                .filter(|t| not_in.is_none_or(|other| other.terms.binary_search(t).is_err()))
                .count()
        };
        passages
            .iter()
            .filter(|p| not_in.is_none_or(|other| !std::ptr::eq(*p, other)))
            .map(|p| (shared(p), p))
            .filter(|(n, _)| *n >= PASSAGE_MIN_SHARED)
            .max_by_key(|(n, _)| *n)
            .map(|(_, p)| p)
    }
}

/// What the confidence is computed from, for one ranked entry: its BM25F, closest-phrasing
/// and trigram signals, its lead over the next entry, the share of the question the knowledge
/// base has never seen, whether BM25F alone also puts it first, the share of the question's
/// weight its title and phrasings use (words only its body mentions say less), how many slots
/// the question states (method, amount, year, kind, sector) that it leaves open, and its lead
/// over the next entry in trigrams alone (a phrasing much closer than any other entry's).
///
/// Each is in 0..1 but the slot count (0..5) and the leads (-1..1). The slot count weighs for
/// the entry: the words that state a slot ("อีบิด", "15 ล้าน") are words a general entry does
/// not use, which the other signals count against it.
/// Chosen by cross-validation grouped by entry on the tuning pool (`examples/calibrate.rs`): each
/// of the last three raised the held-out area under the ROC curve and the questions answered
/// right at the threshold, with no more answered wrongly; the share of the question's words the
/// entry uses anywhere, the best detail line's cover, whether the question's rarest words are in
/// the entry, the ratio of the first two scores, whether they are siblings, the question's length
/// and its number of asks did not.
pub fn features(ranking: &Ranking, i: usize) -> [f32; FEATURES] {
    let Some(hit) = ranking.hits.get(i) else {
        return [0.0; FEATURES];
    };
    let next = ranking.hits.get(i + 1);
    [
        hit.bm25,
        hit.phrasing,
        hit.trigram,
        hit.score - next.map_or(0.0, |h| h.score),
        ranking.unknown_share,
        f32::from(u8::from(ranking.bm25_leader == Some(hit.entry))),
        hit.phrasing_cover,
        f32::from(hit.unstated_slots),
        hit.trigram - next.map_or(0.0, |h| h.trigram),
    ]
}

pub const FEATURES: usize = 9;

/// Logistic-regression weights (features in the order of [`features`], then the bias), fitted
/// by `cargo run --release --example calibrate` (`knowledge::calibration::fit`) to predict "the
/// first entry is the right one" on the tuning pool (`tests/eval/questions.jsonl` and the judged
/// blind sets); `tests/it/eval.rs` refits and fails when these differ from the fit.
pub const COEFFICIENTS: [f32; FEATURES + 1] = [
    0.98, -1.37, 2.55, 5.84, -1.91, 0.09, 1.95, 0.54, 2.24, -1.68,
];

/// The probability, by the fitted model, that the entry ranked `i` is the right answer.
pub fn confidence(ranking: &Ranking, i: usize) -> f32 {
    let x = features(ranking, i);
    let z = COEFFICIENTS[FEATURES] + x.iter().zip(&COEFFICIENTS).map(|(x, w)| x * w).sum::<f32>();
    1.0 / (1.0 + (-z).exp())
}

/// Confidences for every ranked entry, best first.
pub fn confidences(ranking: &Ranking) -> Vec<f32> {
    (0..ranking.hits.len())
        .map(|i| confidence(ranking, i))
        .collect()
}
