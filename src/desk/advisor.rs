//! The advisor: knowledge answers plus routing, loaded once from the knowledge folder.

use std::path::Path;

use chrono::NaiveDate;

use crate::knowledge::{Answer, Answerer, KnowledgeBase, KnowledgeError};
use crate::routing::{self, Route, RoutingError, RoutingRules};

#[derive(Debug, thiserror::Error)]
pub enum AdvisorError {
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    #[error(transparent)]
    Routing(#[from] RoutingError),
}

#[derive(Debug)]
pub struct Advisor {
    pub answerer: Answerer,
    pub rules: RoutingRules,
}

impl Advisor {
    pub fn load(knowledge: &Path) -> Result<Self, AdvisorError> {
        let kb = KnowledgeBase::load(knowledge)?;
        let rules = RoutingRules::load(&knowledge.join("routing.toml"), &kb.agencies)?;
        Ok(Self {
            answerer: Answerer::new(kb),
            rules,
        })
    }

    /// An answer; when the bot cannot answer, routing names who should take the case.
    pub fn ask(&self, question: &str, today: NaiveDate) -> Answer {
        let mut answer = self.answerer.ask(question, today);
        if !answer.answered {
            answer.handoff_agency = self.route(question, today).agency;
        }
        answer
    }

    pub fn route(&self, text: &str, today: NaiveDate) -> Route {
        routing::route(&self.rules, &self.answerer, text, today)
    }
}
