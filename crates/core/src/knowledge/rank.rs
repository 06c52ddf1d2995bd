//! Ranking a question: the index's signals for the whole question or for each of its asks
//! (`parts`), a lift for the entries that cite a provision the question names, then the slot
//! checks (an entry about another method, year, band or kind ranks lower).

use chrono::NaiveDate;

use super::answer::Answerer;
use super::index::{BLEND, Ranking};

/// The weights of the ranking, in one place so `examples/rank_report.rs` can try others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// How the index's signals are blended (see [`BLEND`]).
    pub blend: [f32; 4],
    /// The weight of every ask after the first in a two-part question (the first weighs 1).
    pub later_parts: f32,
    /// Added to the score of an entry that cites (or is tagged with) a provision the question
    /// names: an officer who writes "ข้อ 183" has told us where the answer is.
    pub provision: f32,
}

/// The shipped weights.
pub const TUNING: Tuning = Tuning {
    blend: BLEND,
    later_parts: 0.2,
    provision: 0.2,
};

/// How many entries each ask of a two-part question brings to the combination.
const PART_WINDOW: usize = 30;

impl Answerer {
    /// The entries for `question`, best first; an entry that contradicts a slot the question
    /// states (another method, year, amount band or kind) ranks lower and is marked.
    pub fn rank(&self, question: &str, today: NaiveDate, limit: usize) -> Ranking {
        self.rank_with(question, today, limit, &TUNING)
    }

    /// As [`Answerer::rank`], with the weights of `tuning`.
    pub fn rank_with(
        &self,
        question: &str,
        today: NaiveDate,
        limit: usize,
        tuning: &Tuning,
    ) -> Ranking {
        self.rank_leading(question, 0, today, limit, tuning)
    }

    /// The asks of a two-part question, in order (one ask: the whole question).
    pub fn asks(&self, question: &str) -> Vec<String> {
        let text = crate::thai::normalize(question);
        super::parts::split(&text)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// As [`Answerer::rank_with`], with ask `lead` of a two-part question at full weight and the
    /// others lighter: the ranking for that ask, with the rest of the message as its context.
    pub(super) fn rank_leading(
        &self,
        question: &str,
        lead: usize,
        today: NaiveDate,
        limit: usize,
        tuning: &Tuning,
    ) -> Ranking {
        let window = limit.saturating_add(super::clarify::SLOT_WINDOW);
        let text = crate::thai::normalize(question);
        let named = self
            .basis
            .naming(&super::basis::provisions_in_question(&text));
        let search = |text: &str, limit: usize| {
            self.index.search_with(
                text,
                &self.kb.analyzer,
                &self.kb.entries,
                today,
                limit,
                tuning.blend,
                &named,
            )
        };
        let mut parts = super::parts::split(&text);
        if lead > 0 && lead < parts.len() {
            let ask = parts.remove(lead);
            parts.insert(0, ask);
        }
        let mut ranking = if parts.len() > 1 && tuning.later_parts > 0.0 {
            let window = window.max(PART_WINDOW);
            let weights = std::iter::once(1.0).chain(std::iter::repeat(tuning.later_parts));
            let rankings = parts
                .iter()
                .map(|p| search(p, window))
                .zip(weights)
                .collect();
            let mut combined = super::parts::combine(rankings);
            // Scored with its asks, the whole question ranked no better on the tuning pool; but
            // the share of it the index does not know, and the share each entry's phrasings
            // use, are the question's.
            combined.unknown_share = self.index.unknown_share(&text, &self.kb.analyzer);
            self.index
                .cover_phrasings(&text, &self.kb.analyzer, &mut combined.hits);
            combined
        } else {
            // Every named entry is kept: its lift may move it past the window.
            search(&text, window.saturating_add(named.len()))
        };
        if !named.is_empty() && tuning.provision != 0.0 {
            for hit in &mut ranking.hits {
                if named.contains(&hit.entry) {
                    hit.score += tuning.provision;
                }
            }
            ranking
                .hits
                .sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        }
        ranking.hits.truncate(window);
        self.fit_slots(question, &mut ranking);
        ranking.hits.truncate(limit);
        ranking
    }
}
