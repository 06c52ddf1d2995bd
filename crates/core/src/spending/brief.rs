//! The executive brief: the province against its targets by budget type, the ten units
//! furthest behind, and the desk's open cases and visits — one phone screen.
use super::{
    BudgetType, Figure, Percent, ReportRow, SnapshotTargets, UnitStanding, standings, total,
};
use crate::thai::Baht;
use chrono::NaiveDate;
use serde::Serialize;

/// How many lagging units the brief lists.
pub const BEHIND_LISTED: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Brief {
    pub fiscal_year_be: i32,
    pub as_of: NaiveDate,
    /// Overall first, then recurrent and investment.
    pub budgets: Vec<Figure>,
    pub units: usize,
    pub lagging_units: usize,
    /// The lagging units furthest behind (at most [`BEHIND_LISTED`]), by gap in baht.
    pub behind: Vec<UnitStanding>,
    pub open_cases: usize,
    pub open_visits: usize,
}

fn figure(rows: &[&ReportRow], budget_type: Option<BudgetType>, target: Percent) -> Figure {
    let sum = |f: fn(&ReportRow) -> Baht| total(rows.iter().map(|r| f(r)));
    Figure::new(
        budget_type,
        sum(|r| r.allocated),
        sum(|r| r.disbursed),
        sum(|r| r.committed),
        target,
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brief_lists_the_ten_units_furthest_behind_and_counts_the_rest() {
        let targets = SnapshotTargets {
            overall: Percent(5000),
            recurrent: Percent(5000),
            investment: Percent(5000),
        };
        // Unit i has 1,000,000 allocated and i × 10,000 disbursed: unit 1 is furthest behind.
        let rows: Vec<ReportRow> = (1..=12)
            .map(|i| ReportRow {
                line: i + 1,
                unit: format!("หน่วย {i:02}"),
                budget_type: BudgetType::Investment,
                allocated: Baht::from_baht(1_000_000),
                disbursed: Baht::from_baht(i64::try_from(i).unwrap_or(0) * 10_000),
                committed: Baht::from_satang(0),
            })
            .collect();
        let brief = brief(2565, NaiveDate::MIN, &rows, &targets, 3, 1);
        assert_eq!((brief.units, brief.lagging_units), (12, 12));
        let listed: Vec<&str> = brief.behind.iter().map(|u| u.unit.as_str()).collect();
        assert_eq!(listed.len(), BEHIND_LISTED);
        assert_eq!(listed[0], "หน่วย 01");
        assert_eq!(listed[9], "หน่วย 10");
        assert_eq!(brief.behind[0].gap, Baht::from_baht(490_000));
        assert_eq!(brief.budgets[2].allocated, Baht::from_baht(12_000_000));
        assert_eq!(
            brief.budgets[1].allocated,
            Baht::from_satang(0),
            "no recurrent rows"
        );
        assert_eq!((brief.open_cases, brief.open_visits), (3, 1));
    }

    #[test]
    fn sums_past_the_largest_amount_never_turn_negative() {
        let targets = SnapshotTargets {
            overall: Percent(5000),
            recurrent: Percent(5000),
            investment: Percent(5000),
        };
        // Rows stored before imports refused such figures: their sum must not wrap.
        let rows: Vec<ReportRow> = (0..2)
            .map(|i| ReportRow {
                line: i + 2,
                unit: format!("หน่วย {i}"),
                budget_type: BudgetType::Investment,
                allocated: Baht::from_satang(i64::MAX - 1),
                disbursed: Baht::from_satang(i64::MAX - 1),
                committed: Baht::from_satang(0),
            })
            .collect();
        let brief = brief(2565, NaiveDate::MIN, &rows, &targets, 0, 0);
        assert!(
            brief.budgets[0].allocated.satang() > 0,
            "{:?}",
            brief.budgets[0]
        );
        assert!(brief.budgets[0].disbursed_percent.0 <= 10_000);
    }
}
