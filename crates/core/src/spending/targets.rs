//! The cabinet's quarter-end disbursement targets, one file per fiscal year
//! (`knowledge/targets/<BE year>.toml`), and the target for any day between quarter ends.
use super::{BudgetType, Percent, SpendingError};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Cumulative targets at the end of Q1..Q4 (31 Dec, 31 Mar, 30 Jun, 30 Sep).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Curve([Percent; 4]);

#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    pub fiscal_year_be: i32,
    /// Where the figures were read (the file must say).
    pub source: String,
    pub overall: Curve,
    pub recurrent: Curve,
    pub investment: Curve,
    /// Knowledge entries on speeding disbursement, sent with the alerts.
    pub advice: Vec<String>,
}

/// The targets a snapshot was judged against: fixed when it is imported, so a later edit of a
/// targets file does not rewrite history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SnapshotTargets {
    pub overall: Percent,
    pub recurrent: Percent,
    pub investment: Percent,
}

impl SnapshotTargets {
    pub fn of(&self, budget: BudgetType) -> Percent {
        match budget {
            BudgetType::Recurrent => self.recurrent,
            BudgetType::Investment => self.investment,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetsFile {
    fiscal_year: i32,
    source: String,
    overall: Vec<f64>,
    recurrent: Vec<f64>,
    investment: Vec<f64>,
    #[serde(default)]
    advice: Vec<String>,
}

fn curve(path: &Path, name: &str, values: &[f64]) -> Result<Curve, SpendingError> {
    let [q1, q2, q3, q4] = values else {
        return Err(SpendingError::file(
            path,
            format!(
                "`{name}` needs 4 quarter-end percentages, found {}",
                values.len()
            ),
        ));
    };
    let points = [q1, q2, q3, q4].map(|v| Percent::from_percent(*v));
    let in_range = [q1, q2, q3, q4].iter().all(|v| (0.0..=100.0).contains(*v));
    if !in_range || points.windows(2).any(|w| w[0] > w[1]) {
        return Err(SpendingError::file(
            path,
            format!("`{name}` must be cumulative: 0–100 and never decreasing, got {values:?}"),
        ));
    }
    Ok(Curve(points))
}

impl Targets {
    pub fn parse(path: &Path, text: &str) -> Result<Self, SpendingError> {
        let file: TargetsFile =
            toml::from_str(text).map_err(|e| SpendingError::file(path, e.to_string()))?;
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if stem != file.fiscal_year.to_string() {
            return Err(SpendingError::file(
                path,
                format!(
                    "fiscal_year {} does not match the file name (expected {}.toml)",
                    file.fiscal_year, file.fiscal_year
                ),
            ));
        }
        if file.source.trim().is_empty() {
            return Err(SpendingError::file(
                path,
                "`source` must say where the targets come from",
            ));
        }
        Ok(Self {
            fiscal_year_be: file.fiscal_year,
            source: file.source,
            overall: curve(path, "overall", &file.overall)?,
            recurrent: curve(path, "recurrent", &file.recurrent)?,
            investment: curve(path, "investment", &file.investment)?,
            advice: file.advice,
        })
    }

    /// 1 October, then the four quarter ends, of this fiscal year.
    fn milestones(&self) -> Option<[NaiveDate; 5]> {
        let ce = self.fiscal_year_be - 543;
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        Some([
            d(ce - 1, 10, 1)?,
            d(ce - 1, 12, 31)?,
            d(ce, 3, 31)?,
            d(ce, 6, 30)?,
            d(ce, 9, 30)?,
        ])
    }

    /// The cumulative target on `date`: linear between quarter ends, from 0 % on 1 October;
    /// the year-end figure after 30 September.
    fn on(&self, curve: &Curve, date: NaiveDate) -> Percent {
        let Some(days) = self.milestones() else {
            return Percent(0);
        };
        let values = [Percent(0), curve.0[0], curve.0[1], curve.0[2], curve.0[3]];
        if date <= days[0] {
            return Percent(0);
        }
        for i in 1..days.len() {
            if date <= days[i] {
                let span = (days[i] - days[i - 1]).num_days();
                let done = (date - days[i - 1]).num_days();
                let (from, to) = (values[i - 1].0, values[i].0);
                // Rounded half up to the basis point.
                let rise = ((to - from) * done * 2 + span) / (2 * span);
                return Percent(from + rise);
            }
        }
        values[4]
    }

    pub fn at(&self, date: NaiveDate) -> SnapshotTargets {
        SnapshotTargets {
            overall: self.on(&self.overall, date),
            recurrent: self.on(&self.recurrent, date),
            investment: self.on(&self.investment, date),
        }
    }
}

/// Every fiscal year with a targets file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetBook {
    years: BTreeMap<i32, Targets>,
}

impl TargetBook {
    /// Reads `<knowledge>/targets/*.toml`; a missing folder is an empty book.
    pub fn load(knowledge: &Path) -> Result<Self, SpendingError> {
        let dir = knowledge.join("targets");
        let mut book = Self::default();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(book);
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|source| SpendingError::Read {
                path: path.display().to_string(),
                source,
            })?;
            let targets = Targets::parse(&path, &text)?;
            book.years.insert(targets.fiscal_year_be, targets);
        }
        Ok(book)
    }

    pub fn year(&self, fiscal_year_be: i32) -> Option<&Targets> {
        self.years.get(&fiscal_year_be)
    }

    pub fn years(&self) -> impl Iterator<Item = &Targets> {
        self.years.values()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fy2565() -> Targets {
        Targets::parse(
            Path::new("targets/2565.toml"),
            "fiscal_year = 2565\nsource = \"cabinet 21 Dec 2564\"\n\
             overall = [30, 51, 72, 93]\nrecurrent = [34, 57, 79, 98]\n\
             investment = [13, 29, 46, 75]\n",
        )
        .expect("valid targets")
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn quarter_ends_give_the_cabinet_figures() {
        let t = fy2565();
        assert_eq!(t.at(day(2021, 12, 31)).overall, Percent(3000));
        assert_eq!(t.at(day(2022, 3, 31)).recurrent, Percent(5700));
        assert_eq!(t.at(day(2022, 6, 30)).investment, Percent(4600));
        assert_eq!(t.at(day(2022, 9, 30)).overall, Percent(9300));
        assert_eq!(t.at(day(2022, 11, 1)).overall, Percent(9300));
    }

    #[test]
    fn days_between_quarter_ends_are_interpolated_from_zero_on_1_october() {
        let t = fy2565();
        assert_eq!(t.at(day(2021, 10, 1)).overall, Percent(0));
        // 1 Oct → 31 Dec is 91 days; 15 Nov is 45 days in: 30 × 45 / 91 = 14.835… %.
        assert_eq!(t.at(day(2021, 11, 15)).overall, Percent(1484));
        // 31 Mar → 30 Jun is 91 days; 15 May is 45 days in: 51 + 21 × 45 / 91 = 61.384… %.
        assert_eq!(t.at(day(2022, 5, 15)).overall, Percent(6138));
    }

    #[test]
    fn a_decreasing_or_short_curve_is_refused_with_the_file_name() {
        let bad = Targets::parse(
            Path::new("targets/2565.toml"),
            "fiscal_year = 2565\nsource = \"x\"\noverall = [30, 20, 72, 93]\n\
             recurrent = [34, 57, 79, 98]\ninvestment = [13, 29, 46]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            bad.contains("2565.toml") && bad.contains("overall"),
            "{bad}"
        );
        let misnamed = Targets::parse(
            Path::new("targets/2566.toml"),
            "fiscal_year = 2565\nsource = \"x\"\noverall = [30, 51, 72, 93]\n\
             recurrent = [34, 57, 79, 98]\ninvestment = [13, 29, 46, 75]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(misnamed.contains("file name"), "{misnamed}");
    }
}
