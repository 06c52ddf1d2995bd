//! Case kinds: most cases are an officer's question; a *visit* is a mobile-clinic visit the
//! system proposes for a unit whose disbursement lags two snapshots in a row, taken by the
//! agency of the subgroup that follows the unit.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    Question,
    Visit,
}

impl CaseKind {
    /// The `cases.kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Question => "question",
            CaseKind::Visit => "visit",
        }
    }
}

/// What a visit case is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    /// The unit as the disbursement report spells it.
    pub unit: String,
    /// Its comparison form (`spending::unit_key`): one open visit per unit.
    pub unit_key: String,
    /// The subgroup code (`knowledge/subgroups.toml`).
    pub subgroup: String,
}
