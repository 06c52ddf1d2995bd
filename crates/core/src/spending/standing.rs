//! Each unit against its targets: per budget type, the amount the target asks for on the
//! snapshot's date and the gap to what was disbursed. A unit lags when any of its budget types
//! is behind; its gap is the sum of those shortfalls, in baht (what coordinators rank by).
use super::{BudgetType, Percent, ReportRow, SnapshotTargets, percent_of, share_of, total};
use crate::thai::Baht;
use serde::Serialize;
use std::collections::HashMap;

/// Money against a target: one row of a unit, or a budget type (or all) of the province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// `None`: overall (both budget types).
    pub budget_type: Option<BudgetType>,
    pub allocated: Baht,
    pub disbursed: Baht,
    pub committed: Baht,
    pub disbursed_percent: Percent,
    pub target: Percent,
    /// `target` of `allocated`, to the satang.
    pub expected: Baht,
    /// `expected - disbursed` when positive, else 0.
    pub shortfall: Baht,
}

impl Figure {
    pub fn new(
        budget_type: Option<BudgetType>,
        allocated: Baht,
        disbursed: Baht,
        committed: Baht,
        target: Percent,
    ) -> Self {
        let expected = share_of(allocated, target);
        Self {
            budget_type,
            allocated,
            disbursed,
            committed,
            disbursed_percent: percent_of(disbursed, allocated),
            target,
            expected,
            shortfall: Baht::from_satang(
                expected.satang().saturating_sub(disbursed.satang()).max(0),
            ),
        }
    }

    pub fn label_th(&self) -> &'static str {
        self.budget_type.map_or("ภาพรวม", BudgetType::label_th)
    }

    pub fn label_en(&self) -> &'static str {
        self.budget_type.map_or("overall", BudgetType::label_en)
    }

    pub fn behind(&self) -> bool {
        self.shortfall.satang() > 0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitStanding {
    /// As the report spells it (first row of the unit).
    pub unit: String,
    pub unit_key: String,
    pub lines: Vec<Figure>,
    pub allocated: Baht,
    pub disbursed: Baht,
    pub disbursed_percent: Percent,
    /// Sum of the lines' shortfalls.
    pub gap: Baht,
}

impl UnitStanding {
    pub fn lags(&self) -> bool {
        self.gap.satang() > 0
    }
}

fn add(a: Baht, b: Baht) -> Baht {
    total([a, b])
}

/// Every unit of a snapshot, the furthest behind first (by gap in baht, then by name).
pub fn standings(rows: &[ReportRow], targets: &SnapshotTargets) -> Vec<UnitStanding> {
    let mut units: Vec<UnitStanding> = Vec::new();
    // Where each unit is in `units`: one look-up a row, not a search.
    let mut at: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let line = Figure::new(
            Some(row.budget_type),
            row.allocated,
            row.disbursed,
            row.committed,
            targets.of(row.budget_type),
        );
        let key = row.unit_key();
        let unit = match at.get(&key) {
            Some(&i) => &mut units[i],
            None => {
                at.insert(key.clone(), units.len());
                units.push(UnitStanding {
                    unit: row.unit.clone(),
                    unit_key: key,
                    lines: Vec::new(),
                    allocated: Baht::from_satang(0),
                    disbursed: Baht::from_satang(0),
                    disbursed_percent: Percent(0),
                    gap: Baht::from_satang(0),
                });
                units.last_mut().expect("just pushed")
            }
        };
        unit.allocated = add(unit.allocated, line.allocated);
        unit.disbursed = add(unit.disbursed, line.disbursed);
        unit.gap = add(unit.gap, line.shortfall);
        unit.disbursed_percent = percent_of(unit.disbursed, unit.allocated);
        unit.lines.push(line);
    }
    units.sort_by(|a, b| b.gap.cmp(&a.gap).then_with(|| a.unit.cmp(&b.unit)));
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(unit: &str, budget_type: BudgetType, allocated: i64, disbursed: i64) -> ReportRow {
        ReportRow {
            line: 2,
            unit: unit.into(),
            budget_type,
            allocated: Baht::from_baht(allocated),
            disbursed: Baht::from_baht(disbursed),
            committed: Baht::from_satang(0),
        }
    }

    #[test]
    fn a_unit_lags_by_the_shortfall_of_its_budget_types_and_surplus_does_not_offset_it() {
        let targets = SnapshotTargets {
            overall: Percent(9600),
            recurrent: Percent(9800),
            investment: Percent(8700),
        };
        let rows = [
            row("ก", BudgetType::Recurrent, 1_000_000, 990_000),
            row("ก", BudgetType::Investment, 1_000_000, 800_000),
            row("ข", BudgetType::Recurrent, 100_000, 99_000),
        ];
        let units = standings(&rows, &targets);
        assert_eq!(units[0].unit, "ก");
        // Investment: 870,000 expected, 800,000 paid → 70,000 behind; recurrent is ahead.
        assert_eq!(units[0].gap, Baht::from_baht(70_000));
        assert!(units[0].lags());
        assert_eq!(units[1].unit, "ข");
        assert!(!units[1].lags());
    }
}
