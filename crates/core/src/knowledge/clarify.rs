//! Slots in the answer: an entry that contradicts what the question states loses its place,
//! and when the closest entries are siblings that differ in one slot the question leaves open,
//! the bot asks which one instead of declining ("e-market หรือ e-bidding?").

use chrono::NaiveDate;
use serde::Serialize;

use super::answer::{Answer, Answerer, confidences};
use super::index::{Ranking, band_of_normalized};
use super::slots::{Slot, SlotValue, Slots};

/// How much of its blended score an entry loses for contradicting the question (the blend is
/// 0..1; a sibling that fits and scored within this much of it now ranks above it).
pub const SLOT_PENALTY: f32 = 0.2;
/// How far below the first entry a sibling may score and still be offered as a choice.
const CLARIFY_CLOSE: f32 = 0.2;
/// How many entries beyond the asked-for ones are ranked, so a fitting entry just below the cut
/// can move up.
pub(super) const SLOT_WINDOW: usize = 6;
const MAX_OPTIONS: usize = 4;

/// The one question asked back, and the entry each answer leads to.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Clarification {
    pub slot: Slot,
    pub options: Vec<ClarifyOption>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClarifyOption {
    pub value: SlotValue,
    pub entry_id: String,
    pub title: String,
    pub confidence: f32,
}

impl Answerer {
    /// The slots `question` states.
    pub fn question_slots(&self, question: &str) -> Slots {
        let text = crate::thai::normalize(question);
        Slots::of_question(&text, band_of_normalized(&self.amount_lines, &text))
    }

    /// Marks the hits whose entry contradicts a slot of the question, lowers their score and
    /// ranks again.
    pub(super) fn fit_slots(&self, question: &str, ranking: &mut Ranking) {
        let asked = self.question_slots(question);
        let mut moved = false;
        for hit in &mut ranking.hits {
            hit.unstated_slots = asked.left_unstated_by(&self.slots[hit.entry]);
            hit.conflict = asked.contradicted_by(&self.slots[hit.entry]);
            if let Some(slot) = hit.conflict {
                hit.score -= match slot {
                    // Another government's budget law: offered after every entry that fits.
                    Slot::Sector => 1.0,
                    _ => SLOT_PENALTY,
                };
                moved = true;
            }
        }
        if moved {
            ranking
                .hits
                .sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        }
    }

    /// The question to ask back when `answer` (from `ranking`) declines and its closest entries
    /// are siblings differing in one slot the question does not state; `None` otherwise.
    pub fn clarify(
        &self,
        question: &str,
        ranking: &Ranking,
        answer: &Answer,
    ) -> Option<Clarification> {
        if answer.answered {
            return None;
        }
        let asked = self.question_slots(question);
        // "ใช้วิธีไหน" asked back as "which method?" would only return the question.
        let which_method = super::slots::asks_which_method(&crate::thai::normalize(question));
        let confidences = confidences(ranking);
        let fitting: Vec<(usize, f32, f32)> = ranking
            .hits
            .iter()
            .zip(&confidences)
            .filter(|(h, _)| h.conflict.is_none())
            .map(|(h, c)| (h.entry, h.score, *c))
            .collect();
        let (first, top, _) = *fitting.first()?;
        let anchor = &self.kb.entries[first];
        let close: Vec<(usize, f32)> = fitting
            .iter()
            .filter(|(e, score, _)| {
                let entry = &self.kb.entries[*e];
                *score >= top - CLARIFY_CLOSE
                    && entry.lang == anchor.lang
                    && entry.topic == anchor.topic
            })
            .map(|(e, _, c)| (*e, *c))
            .collect();
        let slot = close.iter().skip(1).find_map(|(e, _)| {
            self.slots[first]
                .sibling_slot(&self.slots[*e])
                .filter(|s| !(asked.states(*s) || (which_method && *s == Slot::Method)))
        })?;
        let mut options: Vec<ClarifyOption> = Vec::new();
        for (e, confidence) in &close {
            let is_sibling =
                *e == first || self.slots[first].sibling_slot(&self.slots[*e]) == Some(slot);
            let Some(value) = self.slots[*e].value(slot, &self.amount_lines) else {
                continue;
            };
            if is_sibling && !options.iter().any(|o| o.value == value) {
                let entry = &self.kb.entries[*e];
                options.push(ClarifyOption {
                    value,
                    entry_id: entry.id.to_string(),
                    title: entry.title.clone(),
                    confidence: (confidence * 1000.0).round() / 1000.0,
                });
            }
        }
        options.truncate(MAX_OPTIONS);
        options.sort_by_key(|o| o.value);
        (options.len() >= 2).then_some(Clarification { slot, options })
    }

    /// The answer from the entry the officer chose among the options of a clarifying question:
    /// its lead and the detail lines that match the question, as for any answer.
    pub fn answer_chosen(
        &self,
        question: &str,
        option: &ClarifyOption,
        today: NaiveDate,
    ) -> Option<Answer> {
        let index = self
            .kb
            .entries
            .iter()
            .position(|e| e.id.as_str() == option.entry_id)?;
        let entry = &self.kb.entries[index];
        if !entry.is_valid_on(today) {
            return None;
        }
        Some(Answer {
            question: question.to_string(),
            answered: true,
            entry_id: Some(entry.id.to_string()),
            title: Some(entry.title.clone()),
            answer: Some(self.answer_for(index, entry, question)),
            citations: entry.citation_lines(),
            verified: entry.verified,
            checked_on: entry.checked_on(),
            confidence: option.confidence,
            alternatives: Vec::new(),
            handoff_agency: Some(entry.agency.clone()),
            also_answered: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::KnowledgeBase;

    fn answerer() -> Answerer {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge");
        Answerer::new(KnowledgeBase::load(&dir).expect("knowledge loads"))
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
    }

    fn slots_of(a: &Answerer, id: &str) -> Slots {
        let i =
            a.kb.entries
                .iter()
                .position(|e| e.id.as_str() == id)
                .expect("entry exists");
        a.slots[i].clone()
    }

    #[test]
    fn entries_state_the_method_year_band_and_kind_they_are_about() {
        let a = answerer();
        use super::super::slots::{Kind, Method};
        assert_eq!(
            slots_of(&a, "emarket-price-above-amount").methods,
            [Method::EMarket]
        );
        assert_eq!(
            slots_of(&a, "winning-price-above-amount-negotiate").methods,
            [Method::EBidding]
        );
        // An entry comparing methods pins none.
        assert!(slots_of(&a, "which-method-by-amount").methods.is_empty());
        assert_eq!(slots_of(&a, "fy2568-investment-target").years, [2568]);
        assert_eq!(slots_of(&a, "fy2569-disbursement-targets").years, [2569]);
        // The year of a law named in a tag is not the year the entry is about.
        assert!(slots_of(&a, "state-land-use").years.is_empty());
        assert_eq!(slots_of(&a, "e-bidding-publish-5wd").bands, [1]);
        assert_eq!(slots_of(&a, "goods-inspection-3wd").kinds, [Kind::Goods]);
        assert_eq!(
            slots_of(&a, "construction-inspection-3wd").kinds,
            [Kind::Works]
        );
    }

    #[test]
    fn an_entry_for_another_method_loses_to_the_sibling_that_fits() {
        let a = answerer();
        let ranking = a.rank("e-market ราคาต่ำสุดยังสูงกว่าวงเงิน ต่อรองได้ไหม", today(), 4);
        let first = &a.kb.entries[ranking.hits[0].entry];
        assert_eq!(first.id.as_str(), "emarket-price-above-amount");
        for hit in &ranking.hits {
            let id = a.kb.entries[hit.entry].id.as_str();
            if id == "winning-price-above-amount-negotiate" {
                assert_eq!(hit.conflict, Some(Slot::Method));
            }
        }
    }

    #[test]
    fn an_entry_for_another_fiscal_year_is_never_the_answer() {
        let a = answerer();
        for question in [
            "ปีงบ 2568 เป้าเบิกจ่ายงบลงทุนกี่เปอร์เซ็นต์",
            "ปีงบ 67 ตั้งเป้าเบิกจ่ายลงทุนไว้เท่าไร",
        ] {
            let answer = a.ask(question, today());
            let asked = a.question_slots(question);
            if let Some(id) = &answer.entry_id {
                let entry = slots_of(&a, id);
                assert_eq!(asked.contradicted_by(&entry), None, "{question} → {id}");
            }
        }
    }

    #[test]
    fn a_year_left_open_between_yearly_siblings_is_asked_back() {
        let a = answerer();
        let question = "เป้าเบิกจ่ายงบลงทุนตั้งไว้กี่เปอร์เซ็นต์";
        let (answer, ranking) = a.ask_ranked(question, today());
        assert!(!answer.answered, "{answer:?}");
        let clarification = a.clarify(question, &ranking, &answer).expect("asks back");
        assert_eq!(clarification.slot, Slot::Year);
        let years: Vec<String> = clarification
            .options
            .iter()
            .map(|o| o.value.code())
            .collect();
        assert!(years.len() >= 2, "{years:?}");
        for option in &clarification.options {
            assert!(option.entry_id.starts_with("fy"), "{option:?}");
        }
    }

    #[test]
    fn a_stated_slot_is_never_asked_back() {
        let a = answerer();
        // The same question with the year stated is answered from that year's entry.
        let question = "ปีงบ 2568 เป้าเบิกจ่ายงบลงทุนตั้งไว้กี่เปอร์เซ็นต์";
        let (answer, ranking) = a.ask_ranked(question, today());
        assert_eq!(a.clarify(question, &ranking, &answer), None);
        assert_eq!(answer.entry_id.as_deref(), Some("fy2568-investment-target"));
    }

    #[test]
    fn the_chosen_option_answers_from_its_entry() {
        let a = answerer();
        let option = ClarifyOption {
            value: SlotValue::Year(2568),
            entry_id: "fy2568-investment-target".into(),
            title: String::new(),
            confidence: 0.5,
        };
        let answer = a
            .answer_chosen("เป้าเบิกจ่ายงบลงทุน", &option, today())
            .expect("entry exists");
        assert!(answer.answered);
        assert_eq!(answer.entry_id.as_deref(), Some("fy2568-investment-target"));
        let forged = ClarifyOption {
            entry_id: "no-such-entry".into(),
            ..option
        };
        assert!(a.answer_chosen("x", &forged, today()).is_none());
    }
}
