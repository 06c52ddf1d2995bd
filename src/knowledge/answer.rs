//! Answers: the best entry for a question, with its legal basis, a calibrated confidence, and
//! the alternatives when the bot is not sure enough to answer.

use chrono::NaiveDate;
use serde::Serialize;

use super::KnowledgeBase;
use super::entry::Entry;
use super::index::{Index, Ranking};

/// Below this confidence the bot does not answer: it offers the closest entries and a handoff.
pub const DEFAULT_THRESHOLD: f32 = 0.5;
const ALTERNATIVES: usize = 3;

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
    pub confidence: f32,
    pub alternatives: Vec<Alternative>,
    pub handoff_agency: Option<String>,
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
    pub threshold: f32,
}

impl Answerer {
    pub fn new(kb: KnowledgeBase) -> Self {
        let index = Index::build(&kb.entries, &kb.analyzer);
        Self {
            kb,
            index,
            threshold: DEFAULT_THRESHOLD,
        }
    }

    pub fn rank(&self, question: &str, today: NaiveDate, limit: usize) -> Ranking {
        self.index
            .search(question, &self.kb.analyzer, &self.kb.entries, today, limit)
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.kb.entries.iter().find(|e| e.id.as_str() == id)
    }

    /// Answers `question` as of `today` (expired entries are never served).
    pub fn ask(&self, question: &str, today: NaiveDate) -> Answer {
        let ranking = self.rank(question, today, ALTERNATIVES + 1);
        let confidences = confidences(&ranking);
        let best = ranking.hits.first().map(|h| &self.kb.entries[h.entry]);
        let confidence = confidences.first().copied().unwrap_or(0.0);
        let answered = best.is_some() && confidence >= self.threshold;
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
                answer: Some(answer_text(entry)),
                citations: entry.citation_lines(),
                verified: entry.verified,
                confidence: round3(confidence),
                alternatives,
                handoff_agency: Some(entry.agency.clone()),
            },
            _ => Answer {
                question: question.to_string(),
                answered: false,
                entry_id: None,
                title: None,
                answer: None,
                citations: Vec::new(),
                verified: false,
                confidence: round3(confidence),
                alternatives,
                handoff_agency: None,
            },
        }
    }
}

/// The short answer, followed by the caveat when the entry is not verified.
pub fn answer_text(entry: &Entry) -> String {
    if entry.verified {
        entry.short_answer.clone()
    } else {
        let caveat = match entry.lang {
            super::Lang::Th => UNVERIFIED_CAVEAT_TH,
            super::Lang::En => UNVERIFIED_CAVEAT_EN,
        };
        format!("{}\n\n{caveat}", entry.short_answer)
    }
}

fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// Turns the blended scores into confidences in 0..1.
///
/// The blend already lives in 0..1 (each signal is scaled per query); the mapping stretches
/// its middle, where right and wrong answers meet, and takes off for a near tie with the
/// runner-up (two entries equally likely means neither is sure).
pub fn confidences(ranking: &Ranking) -> Vec<f32> {
    let top = ranking.hits.first().map_or(0.0, |h| h.score);
    let second = ranking.hits.get(1).map_or(0.0, |h| h.score);
    ranking
        .hits
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let mut c = logistic(h.score);
            if i == 0 && top > 0.0 {
                let tie = (second / top).clamp(0.0, 1.0);
                c *= 1.0 - 0.25 * tie.powi(4);
            }
            c.clamp(0.0, 1.0)
        })
        .collect()
}

fn logistic(score: f32) -> f32 {
    1.0 / (1.0 + (-12.0 * (score - 0.42)).exp())
}
