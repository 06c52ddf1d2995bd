//! The small vocabulary: budget types, fiscal years, percentages in basis points, unit names.
use crate::thai::Baht;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The two budget types a GFMIS disbursement row belongs to; "overall" is their sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetType {
    Recurrent,
    Investment,
}

impl BudgetType {
    pub const ALL: [BudgetType; 2] = [BudgetType::Recurrent, BudgetType::Investment];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            BudgetType::Recurrent => "recurrent",
            BudgetType::Investment => "investment",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == code)
    }

    /// What a report cell says: "งบประจำ", "รายจ่ายลงทุน", "investment"…
    pub fn from_label(label: &str) -> Option<Self> {
        let label = unit_key(label);
        match label.as_str() {
            "งบประจำ" | "รายจ่ายประจำ" | "งบรายจ่ายประจำ" | "recurrent" => {
                Some(BudgetType::Recurrent)
            }
            "งบลงทุน" | "รายจ่ายลงทุน" | "งบรายจ่ายลงทุน" | "investment" => {
                Some(BudgetType::Investment)
            }
            _ => None,
        }
    }

    pub fn label_th(self) -> &'static str {
        match self {
            BudgetType::Recurrent => "งบประจำ",
            BudgetType::Investment => "งบลงทุน",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            BudgetType::Recurrent => "recurrent",
            BudgetType::Investment => "investment",
        }
    }
}

/// A percentage in basis points (hundredths of a percent): 80.61 % is `Percent(8061)`.
/// Integers keep targets and results exact and comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(pub i64);

/// In JSON, a number of percent: 80.61.
impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64())
    }
}

impl Percent {
    pub fn from_percent(value: f64) -> Self {
        Self((value * 100.0).round() as i64)
    }
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl fmt::Display for Percent {
    /// "80.61"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// `part / whole` in basis points, rounded half up; 0 when nothing was allocated.
pub fn percent_of(part: Baht, whole: Baht) -> Percent {
    if whole.satang() <= 0 {
        return Percent(0);
    }
    let (p, w) = (i128::from(part.satang()), i128::from(whole.satang()));
    Percent(i64::try_from((p * 20_000 + w) / (2 * w)).unwrap_or(i64::MAX))
}

/// The sum of amounts, added in `i128` so it never wraps. Imports refuse figures whose sums
/// could leave `i64` (see `report.rs`); rows stored before that are held at the largest amount
/// instead of turning negative.
pub fn total(amounts: impl IntoIterator<Item = Baht>) -> Baht {
    let sum: i128 = amounts.into_iter().map(|b| i128::from(b.satang())).sum();
    Baht::from_satang(i64::try_from(sum.max(0)).unwrap_or(i64::MAX))
}

/// `percent` of `whole`, to the satang (rounded half up): the amount a target asks for.
pub fn share_of(whole: Baht, percent: Percent) -> Baht {
    let product = i128::from(whole.satang()) * i128::from(percent.0);
    Baht::from_satang(i64::try_from((product + 5_000).div_euclid(10_000)).unwrap_or(i64::MAX))
}

/// The Buddhist-era fiscal year a day falls in: FY N runs 1 October (N-1) to 30 September N.
pub fn fiscal_year_be(date: NaiveDate) -> i32 {
    date.year() + 543 + i32::from(date.month() >= 10)
}

/// The comparison form of a unit name. Officers type their unit freely when they register
/// (`users.unit`) and GFMIS prints its own spelling, so both sides are compared after
/// `thai::normalize` (Thai digits, invisible characters, Latin case) with every space removed:
/// "สำนักงาน จังหวัดลำปาง" and "สำนักงานจังหวัดลำปาง" are the same unit.
pub fn unit_key(name: &str) -> String {
    crate::thai::normalize(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lampang_fy2560_is_80_61_percent() {
        let allocated = Baht::from_satang(27_450_470_000);
        let disbursed = Baht::from_satang(22_128_670_685);
        assert_eq!(percent_of(disbursed, allocated).to_string(), "80.61");
    }

    #[test]
    fn a_target_share_is_exact_to_the_satang() {
        assert_eq!(
            share_of(Baht::from_baht(274_504_700), Percent(9600)),
            Baht::from_satang(26_352_451_200)
        );
        assert_eq!(share_of(Baht::from_satang(1), Percent(5000)).satang(), 1);
    }

    #[test]
    fn fiscal_years_start_in_october() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(fiscal_year_be(d(2016, 10, 1)), 2560);
        assert_eq!(fiscal_year_be(d(2017, 9, 30)), 2560);
        assert_eq!(fiscal_year_be(d(2017, 10, 1)), 2561);
    }

    #[test]
    fn budget_labels_and_unit_names_are_compared_loosely() {
        assert_eq!(
            BudgetType::from_label(" รายจ่าย ลงทุน "),
            Some(BudgetType::Investment)
        );
        assert_eq!(BudgetType::from_label("งบบุคลากร"), None);
        assert_eq!(
            unit_key("สำนักงาน  จังหวัด\u{200B}ลำปาง"),
            unit_key("สำนักงานจังหวัดลำปาง")
        );
    }
}
