//! Where a user is in a multi-step exchange; stored as JSON in `user_settings.dialogue`.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Dialogue {
    /// Registration, first step; a question asked before registering is answered afterwards.
    Name { question: Option<String> },
    Unit {
        name: String,
        question: Option<String>,
    },
    /// A case being drafted: the officer picks the agency by button. What routing proposed is
    /// kept to log against the officer's pick.
    Draft {
        subject: String,
        #[serde(default)]
        proposed: Option<String>,
        #[serde(default)]
        runner_up: Option<String>,
        #[serde(default)]
        unsure: bool,
    },
    /// `/plan`: the method is chosen, the amount (and optionally a start date) comes next.
    PlanAmount { method: String },
}

impl Dialogue {
    pub fn from_json(value: Option<serde_json::Value>) -> Option<Dialogue> {
        value.and_then(|v| serde_json::from_value(v).ok())
    }
    pub fn to_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }
}
