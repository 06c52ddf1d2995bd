//! The advisor: knowledge answers plus routing, loaded once from the knowledge folder.

use std::path::Path;

use chrono::NaiveDate;

use crate::knowledge::{
    Alternative, Answer, Answerer, Clarification, KnowledgeBase, KnowledgeError, Lang,
    UNVERIFIED_CAVEAT_EN, UNVERIFIED_CAVEAT_TH, with_caveat,
};
use crate::routing::{Route, Router, RoutingError};
use crate::timeline::{Calendar, Rules};

use super::computed;

#[derive(Debug, thiserror::Error)]
pub enum AdvisorError {
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    #[error(transparent)]
    Routing(#[from] RoutingError),
    #[error(transparent)]
    Timeline(#[from] crate::timeline::TimelineError),
    /// Some knowledge file is broken: the service does not start without it.
    #[error("ไฟล์ความรู้ผิดพลาด เริ่มบริการไม่ได้ (knowledge files have faults):\n{}", .0.join("\n"))]
    Faults(Vec<String>),
}

/// Timeline rules and the working calendar, for `/plan` in chat and date questions.
#[derive(Debug)]
pub struct Planner {
    pub rules: Rules,
    pub calendar: std::sync::Arc<Calendar>,
}

#[derive(Debug)]
pub struct Advisor {
    pub answerer: Answerer,
    pub router: Router,
    /// Always there once loaded; an `Option` for advisors built without timeline data.
    pub planner: Option<Planner>,
}

impl Advisor {
    /// Refuses a folder with any fault `clinic kb check` would report: a broken timeline or
    /// holiday file must stop the service, not quietly turn date answers off.
    pub fn load(knowledge: &Path) -> Result<Self, AdvisorError> {
        let faults = super::knowledge_faults(knowledge);
        if !faults.is_empty() {
            return Err(AdvisorError::Faults(faults));
        }
        let kb = KnowledgeBase::load(knowledge)?;
        let planner = Some(Planner {
            rules: Rules::load(knowledge)?,
            calendar: std::sync::Arc::new(Calendar::load(knowledge)?),
        });
        let answerer = Answerer::new(kb);
        let router = Router::load(knowledge, &answerer)?;
        Ok(Self {
            answerer,
            router,
            planner,
        })
    }

    /// An answer; a date, sum, method or day count that follows from a rule is computed (every
    /// such ask in the message); when the bot cannot answer,
    /// routing names who should take the case.
    pub fn ask(&self, question: &str, today: NaiveDate) -> Answer {
        self.consult(question, today).0
    }

    /// As [`Advisor::ask`], with the question to ask back when the answer is declined between
    /// sibling entries that differ in one thing the question leaves open.
    pub fn consult(&self, question: &str, today: NaiveDate) -> (Answer, Option<Clarification>) {
        if let Some(mut computed) =
            computed::answer(question, today, self.planner.as_ref(), &self.answerer)
        {
            self.answer_other_asks(&mut computed, question, today, true);
            return (computed, None);
        }
        if let Some(lookup) = self.answerer.look_up_provision(question, today) {
            return (lookup, None);
        }
        // One search serves both the answer and, when there is none, the routing.
        let (mut answer, ranking) = self.answerer.ask_ranked(question, today);
        let clarification = self.answerer.clarify(question, &ranking, &answer);
        if answer.answered {
            self.answer_other_asks(&mut answer, question, today, false);
        } else {
            answer.handoff_agency = self
                .router
                .route_ranked(&self.answerer, question, &ranking)
                .agency;
        }
        (answer, clarification)
    }

    /// Adds to an answer the entries that answer the other asks of a two-part question ("ประกาศ
    /// กี่วัน แล้วเซ็นสัญญาก่อนได้ไหม"): each ask ranked with the rest of the message as its
    /// context, and added only when the bot is sure of it on its own and it is not an entry the
    /// answer already gives. A ranked answer was chosen for the first ask. A computed answer
    /// answered the asks it computed; its text replaces its rule entry's, so another ask is
    /// answered first from the line of that entry that says it ("จ่ายล่วงหน้าได้เท่าไร แล้วต้อง
    /// วางหลักประกันอะไร"), and only then from another entry.
    fn answer_other_asks(
        &self,
        answer: &mut Answer,
        question: &str,
        today: NaiveDate,
        computed_first: bool,
    ) {
        let asks = self.answerer.asks(question);
        if asks.len() < 2 {
            return;
        }
        let lang = answer
            .entry_id
            .as_deref()
            .and_then(|id| self.answerer.entry(id))
            .map(|e| e.lang);
        let computed_text = answer.answer.clone();
        let mut given: Vec<String> = answer.entry_id.iter().cloned().collect();
        for (lead, ask) in asks.iter().enumerate() {
            let covered = if computed_first {
                self.computes(ask, lead, &asks, computed_text.as_deref(), today)
            } else {
                lead == 0
            };
            if covered {
                continue;
            }
            if computed_first
                && let Some(rule) = answer.entry_id.clone()
                && let Some(line) = self.answerer.passage_for(&rule, ask)
            {
                add_line(answer, &line, lang);
                continue;
            }
            let part = self.answerer.answer_ask(question, lead, today);
            let Some(id) = part.entry_id.clone().filter(|_| part.answered) else {
                continue;
            };
            let same_lang = self.answerer.entry(&id).map(|e| e.lang) == lang;
            if given.contains(&id) || !same_lang {
                continue;
            }
            add_part(answer, part, lang);
            given.push(id);
        }
    }

    /// Whether the computed answer answers ask `lead`: the ask is computable on its own, or the
    /// message without it computes less ("อุทธรณ์ครบวันไหน เซ็นสัญญาได้วันไหน": the signing day
    /// needs the date the first ask gives, and goes when its ask goes).
    fn computes(
        &self,
        ask: &str,
        lead: usize,
        asks: &[String],
        computed_text: Option<&str>,
        today: NaiveDate,
    ) -> bool {
        let compute = |text: &str| {
            computed::answer(text, today, self.planner.as_ref(), &self.answerer)
                .and_then(|a| a.answer)
        };
        if compute(ask).is_some() {
            return true;
        }
        let rest: Vec<&str> = asks
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != lead)
            .map(|(_, a)| a.as_str())
            .collect();
        compute(&rest.join(" ")).as_deref() != computed_text
    }

    pub fn route(&self, text: &str, today: NaiveDate) -> Route {
        self.router.route(&self.answerer, text, today)
    }
}

/// Appends a line of the answer's own entry that answers another ask, before the caveat.
fn add_line(answer: &mut Answer, line: &str, lang: Option<Lang>) {
    let text = strip_caveat(answer.answer.as_deref().unwrap_or_default());
    answer.answer = Some(with_caveat(
        format!("{text}\n\n▸ {line}"),
        answer.verified,
        lang.unwrap_or(Lang::Th),
    ));
}

fn strip_caveat(text: &str) -> String {
    text.replace(UNVERIFIED_CAVEAT_TH, "")
        .replace(UNVERIFIED_CAVEAT_EN, "")
        .trim_end()
        .to_string()
}

/// Appends the answer to another ask: its title and text after the first answer's, its basis
/// to the citations, one caveat at the end when either part is unverified.
fn add_part(answer: &mut Answer, part: Answer, lang: Option<Lang>) {
    let first = strip_caveat(answer.answer.as_deref().unwrap_or_default());
    let second = strip_caveat(part.answer.as_deref().unwrap_or_default());
    let verified = answer.verified && part.verified;
    let text = format!(
        "{first}\n\n➕ {}\n{second}",
        part.title.as_deref().unwrap_or_default()
    );
    answer.answer = Some(with_caveat(text, verified, lang.unwrap_or(Lang::Th)));
    for citation in part.citations {
        if !answer.citations.contains(&citation) {
            answer.citations.push(citation);
        }
    }
    answer.checked_on = match (verified, answer.checked_on, part.checked_on) {
        (true, Some(a), Some(b)) => Some(a.min(b)),
        _ => None,
    };
    answer.verified = verified;
    answer.also_answered.push(Alternative {
        entry_id: part.entry_id.unwrap_or_default(),
        title: part.title.unwrap_or_default(),
        confidence: part.confidence,
    });
}
