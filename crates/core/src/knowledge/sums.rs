//! `knowledge/sums.toml`: sums the desk computes from an amount — guarantees, the advance-payment
//! ceiling, daily fines with their floor — each tied to the entry that states its rule.

use std::path::Path;

use serde::Deserialize;

use super::check::{Fault, line_of, read_optional_toml};
use crate::thai::Baht;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SumKind {
    /// The rate of the amount.
    Share,
    /// A ceiling: at most the rate of the amount.
    ShareAtMost,
    /// A floor: at least the rate of the amount (a minimum fine, a spending target).
    ShareAtLeast,
    /// A price may pass the amount by at most the rate: the ceiling is the amount plus the
    /// rate of it, and a price written after the amount is checked against it.
    CeilingAbove,
    /// The rate of the amount per day, never below the floor.
    DailyFine,
    /// A sum already reached against a line of the amount: the amount written after a part
    /// word ("ค่าปรับสะสม 250,000") is checked against the rate of the largest amount written
    /// (the contract's): its share, and whether it passed the line or how much is left.
    LineCheck,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sum {
    pub id: String,
    pub name_th: String,
    pub name_en: String,
    pub kind: SumKind,
    /// 500 = 5 %.
    pub basis_points: u32,
    #[serde(default)]
    pub floor_baht: Option<i64>,
    pub of_th: String,
    pub of_en: String,
    /// The entry that states the rule.
    pub entry: String,
    /// Its English twin (an entry whose file ends in `-en.md`), named by English answers.
    #[serde(default)]
    pub entry_en: Option<String>,
    pub words: Vec<String>,
    #[serde(default)]
    pub when: Vec<String>,
    /// Words that say another rule is asked ("จ้างช่วง" in a question about a fine): the sum
    /// is not used.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Words naming the part the rate applies to ("ที่ยังไม่ส่ง 350,000"): the amount written
    /// right after one of them is the base, not the contract's.
    #[serde(default)]
    pub part_words: Vec<String>,
    /// Words that ask for this sum besides the usual "เท่าไร" ("รับได้ไหม" of a price above the
    /// amount).
    #[serde(default)]
    pub asks: Vec<String>,
    /// Daily fines: the share the fines may reach before the agency must consider terminating.
    #[serde(default)]
    pub line_basis_points: Option<u32>,
    /// The entry that states that line.
    #[serde(default)]
    pub line_entry: Option<String>,
    /// Its line in `sums.toml`, for faults.
    #[serde(skip)]
    pub line: usize,
}

impl Sum {
    /// The rate's share of `amount`, rounded to the satang (half up).
    pub fn share_of(&self, amount: Baht) -> Baht {
        share(amount, self.basis_points)
    }

    /// One day's fine on `amount`, not below the floor.
    pub fn daily(&self, amount: Baht) -> Baht {
        let daily = self.share_of(amount);
        match self.floor_baht.map(Baht::from_baht) {
            Some(floor) if daily.satang() < floor.satang() => floor,
            _ => daily,
        }
    }

    /// The first day on which the fines added up pass the line (`line_basis_points` of the
    /// contract's `amount`), at which the agency must consider terminating; the fines run on
    /// `base` (the contract, or only the items not yet delivered).
    pub fn day_fines_pass_line(&self, amount: Baht, base: Baht) -> Option<i64> {
        let line = share(amount, self.line_basis_points?).satang();
        let daily = self.daily(base).satang();
        (daily > 0).then(|| line / daily + 1)
    }

    /// Every entry the sum's answer rests on.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.entry.as_str()).chain(self.line_entry.as_deref())
    }
}

/// `basis_points` of `amount` in satang, rounded half up; wide arithmetic so no amount wraps.
pub fn share(amount: Baht, basis_points: u32) -> Baht {
    let product = i128::from(amount.satang()) * i128::from(basis_points);
    let rounded = (product + 5_000) / 10_000;
    Baht::from_satang(i64::try_from(rounded).unwrap_or(i64::MAX))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    sums: Vec<toml::Spanned<Sum>>,
}

/// Reads and checks `sums.toml`; a missing file is no sums.
pub fn load_sums(path: &Path) -> Result<Vec<Sum>, Vec<Fault>> {
    let Some((file, text)) = read_optional_toml::<File>(path).map_err(|f| vec![f])? else {
        return Ok(Vec::new());
    };
    let mut faults = Vec::new();
    let mut sums: Vec<Sum> = Vec::new();
    for spanned in file.sums {
        let line = line_of(&text, spanned.span().start);
        let mut sum = spanned.into_inner();
        sum.line = line;
        // Matched against normalised questions: normalise the words once, here.
        for w in sum
            .words
            .iter_mut()
            .chain(sum.when.iter_mut())
            .chain(sum.unless.iter_mut())
            .chain(sum.part_words.iter_mut())
            .chain(sum.asks.iter_mut())
        {
            *w = crate::thai::normalize(w);
        }
        if sums.iter().any(|s| s.id == sum.id) {
            faults.push(Fault::new(
                path,
                line,
                format!("duplicate sum id `{}`", sum.id),
            ));
        }
        if sum.basis_points == 0 || sum.basis_points > 10_000 {
            faults.push(Fault::new(
                path,
                line,
                format!("{}: basis_points must be 1..=10000", sum.id),
            ));
        }
        if sum.words.iter().all(|w| w.trim().is_empty()) {
            faults.push(Fault::new(path, line, format!("{}: no words", sum.id)));
        }
        if sum.kind == SumKind::LineCheck && sum.part_words.is_empty() {
            faults.push(Fault::new(
                path,
                line,
                format!(
                    "{}: a line_check names the sum reached in part_words",
                    sum.id
                ),
            ));
        }
        if sum.floor_baht.is_some_and(|f| f <= 0) {
            faults.push(Fault::new(
                path,
                line,
                format!("{}: floor_baht must be positive", sum.id),
            ));
        }
        sums.push(sum);
    }
    if faults.is_empty() {
        Ok(sums)
    } else {
        Err(faults)
    }
}

/// A fault for every entry a sum names that is not among `entries`, and for an English twin
/// named that is not an English entry.
pub fn unknown_entries(path: &Path, sums: &[Sum], entries: &[super::Entry]) -> Vec<Fault> {
    let find = |id: &str| entries.iter().find(|e| e.id.as_str() == id);
    let mut faults: Vec<Fault> = sums
        .iter()
        .flat_map(|s| s.entries().map(move |id| (s, id)))
        .filter(|(_, id)| find(id).is_none())
        .map(|(s, id)| {
            Fault::new(
                path,
                s.line,
                format!("sum `{}` names unknown entry `{id}`", s.id),
            )
        })
        .collect();
    for s in sums {
        for twin in s.entry_en.iter() {
            match find(twin) {
                None => faults.push(Fault::new(
                    path,
                    s.line,
                    format!("sum `{}` names unknown English twin `{twin}`", s.id),
                )),
                Some(e) if e.lang != super::Lang::En => faults.push(Fault::new(
                    path,
                    s.line,
                    format!("sum `{}`: `{twin}` is not an English entry", s.id),
                )),
                Some(_) => {}
            }
        }
    }
    faults
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fine(bp: u32, floor: Option<i64>) -> Sum {
        Sum {
            id: "f".into(),
            name_th: "ค่าปรับ".into(),
            name_en: "fine".into(),
            kind: SumKind::DailyFine,
            basis_points: bp,
            floor_baht: floor,
            of_th: "ราคา".into(),
            of_en: "price".into(),
            entry: "e".into(),
            entry_en: None,
            words: vec!["ค่าปรับ".into()],
            when: Vec::new(),
            unless: Vec::new(),
            part_words: Vec::new(),
            asks: Vec::new(),
            line_basis_points: Some(1000),
            line_entry: None,
            line: 1,
        }
    }

    #[test]
    fn five_percent_of_3_2_million_is_160_000_baht() {
        assert_eq!(
            share(Baht::from_baht(3_200_000), 500),
            Baht::from_baht(160_000)
        );
    }

    #[test]
    fn a_share_rounds_half_a_satang_up() {
        // 0.10 % of 1,234.50 baht = 1.2345 baht → 1.23 baht (123.45 satang → 123).
        assert_eq!(share(Baht::from_satang(123_450), 10).satang(), 123);
        // 0.25 % of 10.02 baht = 0.02505 baht → 3 satang.
        assert_eq!(share(Baht::from_satang(1_002), 25).satang(), 3);
    }

    #[test]
    fn a_hire_fine_never_falls_below_100_baht_a_day() {
        let hire = fine(10, Some(100));
        assert_eq!(hire.daily(Baht::from_baht(50_000)), Baht::from_baht(100));
        assert_eq!(
            hire.daily(Baht::from_baht(1_500_000)),
            Baht::from_baht(1_500)
        );
    }

    #[test]
    fn fines_at_0_10_percent_pass_10_percent_on_day_101() {
        // 1,500 baht a day on 1,500,000: 100 days make exactly 150,000 (10 %); day 101 passes it.
        assert_eq!(
            fine(10, Some(100))
                .day_fines_pass_line(Baht::from_baht(1_500_000), Baht::from_baht(1_500_000)),
            Some(101)
        );
        // 0.20 %: 50 days make exactly 10 %; day 51 passes it.
        assert_eq!(
            fine(20, None).day_fines_pass_line(Baht::from_baht(480_000), Baht::from_baht(480_000)),
            Some(51)
        );
        // Late items worth 120,000 of a 500,000 purchase: 240 baht a day against a line of
        // 50,000 — 208 days make 49,920, day 209 passes it.
        assert_eq!(
            fine(20, None).day_fines_pass_line(Baht::from_baht(500_000), Baht::from_baht(120_000)),
            Some(209)
        );
    }
}
