//! The advisor: knowledge answers plus routing, loaded once from the knowledge folder.

use std::path::Path;

use chrono::NaiveDate;

use crate::knowledge::{Answer, Answerer, Clarification, KnowledgeBase, KnowledgeError};
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
        if let Some(computed) =
            computed::answer(question, today, self.planner.as_ref(), &self.answerer)
        {
            return (computed, None);
        }
        if let Some(lookup) = self.answerer.look_up_provision(question, today) {
            return (lookup, None);
        }
        // One search serves both the answer and, when there is none, the routing.
        let (mut answer, ranking) = self.answerer.ask_ranked(question, today);
        let clarification = self.answerer.clarify(question, &ranking, &answer);
        if !answer.answered {
            answer.handoff_agency = self
                .router
                .route_ranked(&self.answerer, question, &ranking)
                .agency;
        }
        (answer, clarification)
    }

    pub fn route(&self, text: &str, today: NaiveDate) -> Route {
        self.router.route(&self.answerer, text, today)
    }
}
