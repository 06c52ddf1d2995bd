//! `knowledge/methods.toml`: which procurement method an estimate and a circumstance allow —
//! amount bands by e-catalog listing, the grounds that allow another method at any amount, what
//! else the amount decides (who inspects) — each line tied to the entry that states its rule.

use std::path::Path;

use serde::Deserialize;

use super::check::{Fault, line_of, read_optional_toml};
use crate::lang::Lang;
use crate::thai::Baht;

/// Whether the item is in the e-catalog, as a band requires or a question says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Catalog {
    Any,
    Listed,
    Unlisted,
}

/// An amount range: estimates `> above` and `<= up_to` (no `up_to`: no ceiling).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    pub above: u64,
    pub up_to: Option<u64>,
}

impl Range {
    pub fn contains(&self, amount: Baht) -> bool {
        let satang = i128::from(amount.satang());
        let baht = |b: u64| i128::from(b) * 100;
        satang > baht(self.above) && self.up_to.is_none_or(|u| satang <= baht(u))
    }

    fn overlaps(&self, other: &Range) -> bool {
        let below = |r: &Range, b: u64| r.up_to.is_some_and(|u| u <= b);
        !(below(self, other.above) || below(other, self.above))
    }
}

/// One rule of the table: a band, a ground or a note.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodRule {
    pub id: String,
    #[serde(default)]
    pub above: u64,
    #[serde(default)]
    pub up_to: Option<u64>,
    #[serde(default)]
    pub catalog: Option<Catalog>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub also_words: Vec<String>,
    #[serde(default)]
    pub replaces: Option<String>,
    /// For a ground: the `outside` kind it belongs to (consultancy grounds apply only to a
    /// consultancy question, and ordinary grounds never do).
    #[serde(default)]
    pub within: Option<String>,
    #[serde(default)]
    pub method_th: Option<String>,
    #[serde(default)]
    pub method_en: Option<String>,
    #[serde(default)]
    pub text_th: Option<String>,
    #[serde(default)]
    pub text_en: Option<String>,
    /// The method code in `timelines.toml` whose publication minimum applies.
    #[serde(default)]
    pub timeline: Option<String>,
    /// Whether the contract waits for the appeal period.
    #[serde(default)]
    pub appeal: Option<bool>,
    #[serde(default)]
    pub entry: Option<String>,
    /// The English twin of `entry` (`<entry>-en`), named by English answers.
    #[serde(default)]
    pub entry_en: Option<String>,
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(default)]
    pub basis_en: Option<String>,
    /// For `outside`: who takes the question.
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(skip)]
    pub line: usize,
}

impl MethodRule {
    pub fn range(&self) -> Range {
        Range {
            above: self.above,
            up_to: self.up_to,
        }
    }

    /// The method as a reader of `lang` reads it.
    pub fn method(&self, lang: Lang) -> &str {
        pick(lang, &self.method_th, &self.method_en)
    }

    pub fn text(&self, lang: Lang) -> &str {
        pick(lang, &self.text_th, &self.text_en)
    }

    pub fn basis(&self, lang: Lang) -> &str {
        pick(lang, &self.basis, &self.basis_en)
    }

    /// The entry an answer in `lang` names: the English twin when there is one.
    pub fn entry(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.entry_en.as_deref().or(self.entry.as_deref()),
            Lang::Th => self.entry.as_deref(),
        }
    }

    /// Whether normalised `text` names this ground (or outside kind).
    pub fn named_in(&self, text: &str) -> bool {
        self.words.iter().any(|w| says(text, w))
            && (self.also_words.is_empty() || self.also_words.iter().any(|w| says(text, w)))
    }
}

/// The Thai or English text of a field pair (`kb check` requires both wherever one is set).
fn pick<'a>(lang: Lang, th: &'a Option<String>, en: &'a Option<String>) -> &'a str {
    match lang {
        Lang::Th => th.as_deref().unwrap_or_default(),
        Lang::En => en.as_deref().unwrap_or_default(),
    }
}

/// How far apart the parts of a word written with "…" may be, in characters: officers put a
/// few words between "ตัวแทนจำหน่าย" and "รายเดียว" ("ตัวแทนจำหน่ายในไทยแค่เจ้าเดียว").
const GAP_CHARS: usize = 16;

/// Whether `text` says `word` and does not deny it ("ไม่ได้ด่วน", "ไม่เร่งด่วน"). A word may be
/// written in parts joined by "…": the parts in order, each within [`GAP_CHARS`] of the last.
fn says(text: &str, word: &str) -> bool {
    let mut parts = word.split('…').filter(|p| !p.is_empty());
    let Some(first) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    text.match_indices(first).any(|(at, _)| {
        if denied(&text[..at]) {
            return false;
        }
        let mut end = at + first.len();
        rest.iter().all(|part| {
            let window: String = text[end..]
                .chars()
                .take(GAP_CHARS + part.chars().count())
                .collect();
            match window.find(part) {
                Some(i) => {
                    end += i + part.len();
                    true
                }
                None => false,
            }
        })
    })
}

/// Whether the text just before a word denies it: "ไม่", "ไม่ได้", "ไม่ใช่", "ไม่เร่ง".
fn denied(before: &str) -> bool {
    let b = before.trim_end();
    let b = b.strip_suffix("เร่ง").unwrap_or(b).trim_end();
    let b = b
        .strip_suffix("ได้")
        .or_else(|| b.strip_suffix("ใช่"))
        .unwrap_or(b)
        .trim_end();
    b.ends_with("ไม่")
}

#[derive(Debug, Clone, Default)]
pub struct MethodTable {
    pub undecided_entry: Option<String>,
    pub undecided_entry_en: Option<String>,
    pub no_appeal_basis: Option<String>,
    pub no_appeal_basis_en: Option<String>,
    pub bands: Vec<MethodRule>,
    pub grounds: Vec<MethodRule>,
    pub notes: Vec<MethodRule>,
    pub outside: Vec<MethodRule>,
}

impl MethodTable {
    /// The bands for an estimate: with the listing known, the listed/unlisted band wins over an
    /// "any" band; unknown, every band that holds the amount.
    pub fn bands_for(&self, amount: Baht, catalog: Option<Catalog>) -> Vec<&MethodRule> {
        let holding = self.bands.iter().filter(|b| b.range().contains(amount));
        match catalog {
            None | Some(Catalog::Any) => {
                let any: Vec<&MethodRule> = holding
                    .clone()
                    .filter(|b| b.catalog == Some(Catalog::Any))
                    .collect();
                if any.is_empty() {
                    holding.collect()
                } else {
                    any
                }
            }
            Some(listing) => {
                let exact: Vec<&MethodRule> = holding
                    .clone()
                    .filter(|b| b.catalog == Some(listing))
                    .collect();
                if exact.is_empty() {
                    holding
                        .filter(|b| b.catalog == Some(Catalog::Any))
                        .collect()
                } else {
                    exact
                }
            }
        }
    }

    /// Every entry the table names.
    pub fn entries(&self) -> impl Iterator<Item = (&MethodRule, &str)> {
        self.all()
            .filter_map(|r| r.entry.as_deref().map(|e| (r, e)))
    }

    fn all(&self) -> impl Iterator<Item = &MethodRule> {
        self.bands
            .iter()
            .chain(&self.grounds)
            .chain(&self.notes)
            .chain(&self.outside)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    undecided_entry: Option<String>,
    #[serde(default)]
    undecided_entry_en: Option<String>,
    #[serde(default)]
    no_appeal_basis: Option<String>,
    #[serde(default)]
    no_appeal_basis_en: Option<String>,
    #[serde(default)]
    bands: Vec<toml::Spanned<MethodRule>>,
    #[serde(default)]
    grounds: Vec<toml::Spanned<MethodRule>>,
    #[serde(default)]
    notes: Vec<toml::Spanned<MethodRule>>,
    #[serde(default)]
    outside: Vec<toml::Spanned<MethodRule>>,
}

/// Reads and checks `methods.toml`; a missing file is an empty table.
pub fn load_methods(path: &Path) -> Result<MethodTable, Vec<Fault>> {
    let Some((file, text)) = read_optional_toml::<File>(path).map_err(|f| vec![f])? else {
        return Ok(MethodTable::default());
    };
    let spanned = |rules: Vec<toml::Spanned<MethodRule>>| -> Vec<MethodRule> {
        rules
            .into_iter()
            .map(|s| {
                let line = line_of(&text, s.span().start);
                let mut rule = s.into_inner();
                rule.line = line;
                // Matched against normalised questions: normalise the words once, here.
                for w in rule.words.iter_mut().chain(rule.also_words.iter_mut()) {
                    *w = crate::thai::normalize(w);
                }
                rule
            })
            .collect()
    };
    let table = MethodTable {
        undecided_entry: file.undecided_entry,
        undecided_entry_en: file.undecided_entry_en,
        no_appeal_basis: file.no_appeal_basis,
        no_appeal_basis_en: file.no_appeal_basis_en,
        bands: spanned(file.bands),
        grounds: spanned(file.grounds),
        notes: spanned(file.notes),
        outside: spanned(file.outside),
    };
    let faults = faults_of(path, &table);
    if faults.is_empty() {
        Ok(table)
    } else {
        Err(faults)
    }
}

fn faults_of(path: &Path, table: &MethodTable) -> Vec<Fault> {
    let mut faults = Vec::new();
    let mut fault = |rule: &MethodRule, what: &str| {
        faults.push(Fault::new(path, rule.line, format!("{}: {what}", rule.id)));
    };
    let mut ids: Vec<&str> = Vec::new();
    for rule in table.all() {
        if ids.contains(&rule.id.as_str()) {
            fault(rule, "duplicate id");
        }
        ids.push(&rule.id);
        if rule.up_to.is_some_and(|u| u <= rule.above) {
            fault(rule, "up_to must be above `above`");
        }
    }
    // English questions are answered from the same table: every Thai text has its English.
    for rule in table.all() {
        for (field, th, en) in [
            ("method_en", &rule.method_th, &rule.method_en),
            ("text_en", &rule.text_th, &rule.text_en),
            ("basis_en", &rule.basis, &rule.basis_en),
        ] {
            if th.is_some() != en.is_some() {
                fault(
                    rule,
                    &format!("{field} must be set exactly when its Thai field is"),
                );
            }
        }
    }
    for band in &table.bands {
        if band.catalog.is_none() {
            fault(
                band,
                "a band needs catalog = \"any\", \"listed\" or \"unlisted\"",
            );
        }
        if band.method_th.is_none()
            || band.entry.is_none()
            || band.basis.is_none()
            || band.appeal.is_none()
        {
            fault(band, "a band needs method_th, appeal, entry and basis");
        }
        if table.bands.iter().any(|other| {
            other.line < band.line
                && other.catalog == band.catalog
                && other.range().overlaps(&band.range())
        }) {
            fault(band, "overlaps an earlier band with the same catalog");
        }
    }
    for ground in &table.grounds {
        if ground.words.is_empty() {
            fault(ground, "a ground needs words");
        }
        if ground.method_th.is_none()
            || ground.entry.is_none()
            || ground.basis.is_none()
            || ground.appeal.is_none()
        {
            fault(ground, "a ground needs method_th, appeal, entry and basis");
        }
        if let Some(other) = &ground.replaces
            && !table.grounds.iter().any(|g| &g.id == other)
        {
            fault(ground, &format!("replaces unknown ground `{other}`"));
        }
        if let Some(kind) = &ground.within
            && !table.outside.iter().any(|o| &o.id == kind)
        {
            fault(ground, &format!("within unknown outside kind `{kind}`"));
        }
    }
    for note in &table.notes {
        if note.text_th.is_none() || note.entry.is_none() || note.basis.is_none() {
            fault(note, "a note needs text_th, entry and basis");
        }
    }
    for outside in &table.outside {
        if outside.words.is_empty() || outside.text_th.is_none() {
            fault(outside, "an outside kind needs words and text_th");
        }
        if outside.entry.is_some() && (outside.method_th.is_none() || outside.basis.is_none()) {
            fault(
                outside,
                "an outside kind with an entry needs method_th and basis",
            );
        }
    }
    if table.no_appeal_basis.is_some() != table.no_appeal_basis_en.is_some() {
        faults.push(Fault::new(
            path,
            1,
            "no_appeal_basis_en must be set exactly when no_appeal_basis is".to_string(),
        ));
    }
    faults
}

/// A fault for every entry the table names that is not among `entries`, and for every
/// timeline code that is not among `timeline_codes` (when timelines loaded).
pub fn unknown_names(
    path: &Path,
    table: &MethodTable,
    entries: &[super::Entry],
    timeline_codes: Option<&[&str]>,
) -> Vec<Fault> {
    let known = |id: &str| entries.iter().any(|e| e.id.as_str() == id);
    let mut faults: Vec<Fault> = table
        .entries()
        .filter(|(_, id)| !known(id))
        .map(|(r, id)| {
            Fault::new(
                path,
                r.line,
                format!("`{}` names unknown entry `{id}`", r.id),
            )
        })
        .collect();
    if let Some(id) = &table.undecided_entry
        && !known(id)
    {
        faults.push(Fault::new(
            path,
            1,
            format!("undecided_entry names unknown entry `{id}`"),
        ));
    }
    // An English answer names the English twin of the rule's entry whenever there is one.
    let twin_fault = |field: &str, entry: Option<&String>, entry_en: Option<&String>| {
        let twin = entry.map(|e| format!("{e}-en")).filter(|t| known(t));
        match (twin, entry_en) {
            (Some(t), None) => Some(format!("{field} must name the English twin `{t}`")),
            (Some(t), Some(en)) if *en != t => {
                Some(format!("{field} is `{en}`, the English twin is `{t}`"))
            }
            (None, Some(en)) => Some(format!(
                "{field} names `{en}`, not the English twin of the entry"
            )),
            _ => None,
        }
    };
    for rule in table.all() {
        if let Some(what) = twin_fault("entry_en", rule.entry.as_ref(), rule.entry_en.as_ref()) {
            faults.push(Fault::new(path, rule.line, format!("{}: {what}", rule.id)));
        }
    }
    if let Some(what) = twin_fault(
        "undecided_entry_en",
        table.undecided_entry.as_ref(),
        table.undecided_entry_en.as_ref(),
    ) {
        faults.push(Fault::new(path, 1, what));
    }
    if let Some(codes) = timeline_codes {
        for rule in table.all() {
            if let Some(code) = &rule.timeline
                && !codes.contains(&code.as_str())
            {
                faults.push(Fault::new(
                    path,
                    rule.line,
                    format!("`{}` names unknown timeline method `{code}`", rule.id),
                ));
            }
        }
    }
    faults
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn table(text: &str) -> Result<MethodTable, Vec<Fault>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("methods.toml");
        std::fs::write(&path, text).unwrap();
        load_methods(&path)
    }

    const BANDS: &str = r#"
[[bands]]
id = "small"
up_to = 500_000
catalog = "any"
method_th = "เฉพาะเจาะจง"
method_en = "specific"
appeal = false
entry = "a"
basis = "b"
basis_en = "b"

[[bands]]
id = "listed"
above = 500_000
catalog = "listed"
method_th = "e-market"
method_en = "e-market"
appeal = true
entry = "a"
basis = "b"
basis_en = "b"

[[bands]]
id = "unlisted"
above = 500_000
catalog = "unlisted"
method_th = "e-bidding"
method_en = "e-bidding"
appeal = true
entry = "a"
basis = "b"
basis_en = "b"
"#;

    #[test]
    fn half_a_million_is_the_last_baht_of_the_small_band() {
        let t = table(BANDS).unwrap();
        let ids = |amount: i64, c| {
            t.bands_for(Baht::from_baht(amount), c)
                .iter()
                .map(|b| b.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(500_000, None), ["small"]);
        assert_eq!(ids(500_000, Some(Catalog::Listed)), ["small"]);
        assert_eq!(ids(500_001, Some(Catalog::Listed)), ["listed"]);
        // Unknown listing above the line: both bands, the answer gives both.
        assert_eq!(ids(800_000, None), ["listed", "unlisted"]);
    }

    #[test]
    fn a_word_in_parts_allows_a_few_words_between_and_a_denied_word_is_not_said() {
        assert!(says("มีตัวแทนจำหน่ายในไทยแค่เจ้าเดียว", "ตัวแทนจำหน่าย…เจ้าเดียว"));
        assert!(!says(
            "ตัวแทนจำหน่ายมีหลายรายในประเทศไทยแต่ผู้ผลิตมีเจ้าเดียว",
            "ตัวแทนจำหน่าย…เจ้าเดียว"
        ));
        assert!(says("ต้องซื้อด่วน", "ด่วน"));
        for denied in ["ไม่ได้ด่วน", "ไม่ด่วน", "ไม่เร่งด่วน", "ไม่ใช่ ด่วน"]
        {
            assert!(!says(denied, "ด่วน"), "{denied}");
        }
    }

    #[test]
    fn overlapping_bands_with_the_same_catalog_are_a_fault() {
        let text = format!(
            "{BANDS}\n[[bands]]\nid = \"again\"\nabove = 1_000_000\ncatalog = \"unlisted\"\nmethod_th = \"x\"\nmethod_en = \"x\"\nappeal = true\nentry = \"a\"\nbasis = \"b\"\nbasis_en = \"b\"\n"
        );
        let faults = table(&text).unwrap_err();
        assert_eq!(faults.len(), 1);
        assert!(
            faults[0].to_string().contains("again: overlaps"),
            "{}",
            faults[0]
        );
    }

    #[test]
    fn a_method_without_its_english_is_a_fault() {
        let text = BANDS.replacen("method_en = \"specific\"\n", "", 1);
        let faults = table(&text).unwrap_err();
        assert!(
            faults[0].to_string().contains("small: method_en"),
            "{}",
            faults[0]
        );
    }

    #[test]
    fn a_band_without_its_basis_is_a_fault() {
        let faults = table("[[bands]]\nid = \"x\"\ncatalog = \"any\"\nmethod_th = \"m\"\nmethod_en = \"m\"\nappeal = true\nentry = \"a\"\n").unwrap_err();
        assert!(faults[0].to_string().contains("basis"));
    }
}
