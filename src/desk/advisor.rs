//! The advisor: knowledge answers plus routing, loaded once from the knowledge folder.

use std::path::Path;

use chrono::NaiveDate;

use crate::knowledge::{Answer, Answerer, KnowledgeBase, KnowledgeError};
use crate::routing::{Route, Router, RoutingError};
use crate::timeline::{Calendar, Rules};

use super::date_question;

#[derive(Debug, thiserror::Error)]
pub enum AdvisorError {
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    #[error(transparent)]
    Routing(#[from] RoutingError),
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
    /// `None` when the knowledge folder has no timeline data (`/plan` then says so).
    pub planner: Option<Planner>,
}

impl Advisor {
    pub fn load(knowledge: &Path) -> Result<Self, AdvisorError> {
        let kb = KnowledgeBase::load(knowledge)?;
        let planner = match (Rules::load(knowledge), Calendar::load(knowledge)) {
            (Ok(rules), Ok(calendar)) => Some(Planner {
                rules,
                calendar: std::sync::Arc::new(calendar),
            }),
            _ => None,
        };
        let answerer = Answerer::new(kb);
        let router = Router::load(knowledge, &answerer)?;
        Ok(Self {
            answerer,
            router,
            planner,
        })
    }

    /// An answer; a date that follows from a rule is computed; when the bot cannot answer,
    /// routing names who should take the case.
    pub fn ask(&self, question: &str, today: NaiveDate) -> Answer {
        if let Some(planner) = &self.planner
            && let Some(computed) = date_question::answer(
                question,
                today,
                &planner.rules,
                &planner.calendar,
                &self.answerer,
            )
        {
            return computed;
        }
        // One search serves both the answer and, when there is none, the routing.
        let (mut answer, ranking) = self.answerer.ask_ranked(question, today);
        if !answer.answered {
            answer.handoff_agency = self
                .router
                .route_ranked(&self.answerer, question, &ranking)
                .agency;
        }
        answer
    }

    pub fn route(&self, text: &str, today: NaiveDate) -> Route {
        self.router.route(&self.answerer, text, today)
    }
}
