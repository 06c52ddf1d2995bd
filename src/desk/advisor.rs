//! The advisor: knowledge answers plus routing, loaded once from the knowledge folder.

use std::path::Path;

use chrono::NaiveDate;

use crate::knowledge::{Answer, Answerer, KnowledgeBase, KnowledgeError};
use crate::routing::{self, Route, RoutingError, RoutingRules};
use crate::timeline::{Calendar, Rules, TimelineError};

use super::date_question;

#[derive(Debug, thiserror::Error)]
pub enum AdvisorError {
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    #[error(transparent)]
    Routing(#[from] RoutingError),
    #[error(transparent)]
    Timeline(#[from] TimelineError),
}

#[derive(Debug)]
pub struct Advisor {
    pub answerer: Answerer,
    pub rules: RoutingRules,
    /// The procurement timeline rules and the working calendar, for date questions.
    pub timeline: Rules,
    pub calendar: Calendar,
}

impl Advisor {
    pub fn load(knowledge: &Path) -> Result<Self, AdvisorError> {
        let kb = KnowledgeBase::load(knowledge)?;
        let rules = RoutingRules::load(&knowledge.join("routing.toml"), &kb.agencies)?;
        Ok(Self {
            answerer: Answerer::new(kb),
            rules,
            timeline: Rules::load(knowledge)?,
            calendar: Calendar::load(knowledge)?,
        })
    }

    /// An answer; a date that follows from a rule is computed; when the bot cannot answer,
    /// routing names who should take the case.
    pub fn ask(&self, question: &str, today: NaiveDate) -> Answer {
        if let Some(computed) = date_question::answer(
            question,
            today,
            &self.timeline,
            &self.calendar,
            &self.answerer,
        ) {
            return computed;
        }
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
