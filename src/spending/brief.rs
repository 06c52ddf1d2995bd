//! The executive brief: the province against its targets by budget type, the ten units
//! furthest behind, and the desk's open cases and visits — one phone screen.
use super::{
    BudgetType, Percent, ReportRow, SnapshotTargets, UnitStanding, percent_of, share_of, standings,
};
use crate::thai::Baht;
use chrono::NaiveDate;
use serde::Serialize;

/// How many lagging units the brief lists.
pub const BEHIND_LISTED: usize = 10;

/// One line of "spending against targets": overall, recurrent or investment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetFigure {
    /// `None` is the overall line.
    pub budget_type: Option<BudgetType>,
    pub allocated: Baht,
    pub disbursed: Baht,
    pub committed: Baht,
    pub disbursed_percent: Percent,
    pub target: Percent,
    pub expected: Baht,
}

impl BudgetFigure {
    pub fn label_th(&self) -> &'static str {
        self.budget_type.map_or("ภาพรวม", BudgetType::label_th)
    }
    pub fn label_en(&self) -> &'static str {
        self.budget_type.map_or("overall", BudgetType::label_en)
    }
    pub fn behind(&self) -> bool {
        self.disbursed < self.expected
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Brief {
    pub fiscal_year_be: i32,
    pub as_of: NaiveDate,
    /// Overall first, then recurrent and investment.
    pub budgets: Vec<BudgetFigure>,
    pub units: usize,
    pub lagging_units: usize,
    /// The lagging units furthest behind (at most [`BEHIND_LISTED`]), by gap in baht.
    pub behind: Vec<UnitStanding>,
    pub open_cases: usize,
    pub open_visits: usize,
}

fn figure(rows: &[&ReportRow], budget_type: Option<BudgetType>, target: Percent) -> BudgetFigure {
    let sum =
        |f: fn(&ReportRow) -> Baht| Baht::from_satang(rows.iter().map(|r| f(r).satang()).sum());
    let allocated = sum(|r| r.allocated);
    let disbursed = sum(|r| r.disbursed);
    BudgetFigure {
        budget_type,
        allocated,
        disbursed,
        committed: sum(|r| r.committed),
        disbursed_percent: percent_of(disbursed, allocated),
        target,
        expected: share_of(allocated, target),
    }
}

pub fn brief(
    fiscal_year_be: i32,
    as_of: NaiveDate,
    rows: &[ReportRow],
    targets: &SnapshotTargets,
    open_cases: usize,
    open_visits: usize,
) -> Brief {
    let all: Vec<&ReportRow> = rows.iter().collect();
    let mut budgets = vec![figure(&all, None, targets.overall)];
    for budget_type in BudgetType::ALL {
        let of_type: Vec<&ReportRow> = rows
            .iter()
            .filter(|r| r.budget_type == budget_type)
            .collect();
        budgets.push(figure(&of_type, Some(budget_type), targets.of(budget_type)));
    }
    let units = standings(rows, targets);
    let lagging: Vec<UnitStanding> = units.iter().filter(|u| u.lags()).cloned().collect();
    Brief {
        fiscal_year_be,
        as_of,
        budgets,
        units: units.len(),
        lagging_units: lagging.len(),
        behind: lagging.into_iter().take(BEHIND_LISTED).collect(),
        open_cases,
        open_visits,
    }
}
