//! One knowledge entry: a curated answer with its phrasings, legal basis and validity.

use std::path::{Path, PathBuf};

pub use crate::lang::Lang;
use chrono::NaiveDate;
use serde::Deserialize;

use super::check::Fault;
use super::front_matter::{self, Split};

/// An entry's id: lower-case ASCII letters, digits and single dashes; equal to its file name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct EntryId(String);

impl EntryId {
    pub fn parse(s: &str) -> Option<Self> {
        let ok = !s.is_empty()
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        ok.then(|| Self(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EntryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The legal text and clause.
    pub basis: String,
    /// Where it was read.
    pub source: String,
}

/// Where one concrete claim of a verified entry was read: the primary text, a short verbatim
/// quote and the day it was read, so anyone can re-check it.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The claim in the entry's words: an amount, period, who approves, a section number.
    pub claim: String,
    /// The text read: its address and name.
    pub source: String,
    /// A short verbatim quote from the source.
    pub quote: String,
    #[serde(serialize_with = "serialize_toml_date")]
    pub read_on: toml::value::Datetime,
}

fn serialize_toml_date<S: serde::Serializer>(
    d: &toml::value::Datetime,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

impl Provenance {
    pub fn read_on(&self) -> Option<NaiveDate> {
        toml_date(&self.read_on)
    }
}

/// A legal duration the entry's text quotes, checked against `timelines.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DurationClaim {
    /// `<method>/<step>`.
    pub step: String,
    pub days: u32,
    /// For tiered steps: an amount inside the tier the text talks about.
    pub amount: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub id: EntryId,
    /// The folder under `entries/`.
    pub topic: String,
    pub path: PathBuf,
    pub title: String,
    pub questions: Vec<String>,
    pub tags: Vec<String>,
    pub agency: String,
    pub verified: bool,
    pub reviewed_on: NaiveDate,
    pub lang: Lang,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub citations: Vec<Citation>,
    pub durations: Vec<DurationClaim>,
    /// Where each claim of a verified entry was read (required when `verified`).
    pub provenance: Vec<Provenance>,
    /// The first paragraph: what the bot says in chat.
    pub short_answer: String,
    /// The rest, shown on request.
    pub details: String,
}

impl Entry {
    /// Whether the entry states the rule in force on `day` (expired entries are never served).
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= day)
            && self.valid_until.is_none_or(|until| day <= until)
    }

    /// The last day one of its claims was read in the source; `None` for unverified entries.
    pub fn checked_on(&self) -> Option<NaiveDate> {
        if !self.verified {
            return None;
        }
        self.provenance.iter().filter_map(Provenance::read_on).max()
    }

    /// Citations as one line each: "basis — source".
    pub fn citation_lines(&self) -> Vec<String> {
        self.citations.iter().map(|c| c.basis.clone()).collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    questions: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    agency: String,
    verified: bool,
    reviewed_on: toml::value::Datetime,
    #[serde(default)]
    lang: Option<Lang>,
    #[serde(default)]
    valid_from: Option<toml::value::Datetime>,
    #[serde(default)]
    valid_until: Option<toml::value::Datetime>,
    #[serde(default)]
    citations: Vec<Citation>,
    #[serde(default)]
    durations: Vec<DurationClaim>,
    #[serde(default)]
    provenance: Vec<Provenance>,
}

/// The fewest phrasings an entry may have: retrieval learns an entry from its questions.
pub const MIN_QUESTIONS: usize = 5;

pub(super) fn toml_date(d: &toml::value::Datetime) -> Option<NaiveDate> {
    match (&d.date, &d.time) {
        (Some(date), None) => {
            NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
        }
        _ => None,
    }
}

/// Parses one entry file's text; every fault found in it is returned, each with its line.
/// Public so tools and the fuzz target parse exactly what `KnowledgeBase::load` parses.
pub fn parse_entry(path: &Path, topic: &str, text: &str) -> Result<Entry, Vec<Fault>> {
    let split = front_matter::split(path, text).map_err(|f| vec![f])?;
    let front: FrontMatter = toml::from_str(split.front).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |s| front_matter::line_of_offset(&split, s.start));
        vec![Fault::new(path, line, e.message())]
    })?;
    let mut faults = Vec::new();
    let mut fault = |key: &str, message: String| {
        faults.push(Fault::new(
            path,
            front_matter::line_of_key(&split, key),
            message,
        ))
    };

    let id = EntryId::parse(&front.id);
    if id.is_none() {
        fault(
            "id",
            format!(
                "id `{}` must be lower-case ASCII letters, digits and single dashes",
                front.id
            ),
        );
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if front.id != stem {
        fault(
            "id",
            format!("id `{}` must equal the file name `{stem}`", front.id),
        );
    }
    if front.title.trim().is_empty() {
        fault("title", "title is empty".into());
    }
    let questions: Vec<String> = front
        .questions
        .iter()
        .map(|q| q.trim().to_string())
        .filter(|q| !q.is_empty())
        .collect();
    if questions.len() < MIN_QUESTIONS {
        fault(
            "questions",
            format!(
                "{} questions; write at least {MIN_QUESTIONS} real phrasings",
                questions.len()
            ),
        );
    }
    if front.citations.is_empty() {
        fault(
            "citations",
            "no citation: every entry names its legal basis and source".into(),
        );
    }
    for (i, c) in front.citations.iter().enumerate() {
        if c.basis.trim().is_empty() || c.source.trim().is_empty() {
            fault(
                "citations",
                format!("citation {} needs both `basis` and `source`", i + 1),
            );
        }
    }
    let reviewed_on = toml_date(&front.reviewed_on);
    if reviewed_on.is_none() {
        fault(
            "reviewed_on",
            "reviewed_on must be a date like 2026-11-25".into(),
        );
    }
    let mut date_field = |key: &str, value: &Option<toml::value::Datetime>| {
        value.as_ref().and_then(|d| {
            let date = toml_date(d);
            if date.is_none() {
                fault(key, format!("{key} must be a date like 2026-11-25"));
            }
            date
        })
    };
    let valid_from = date_field("valid_from", &front.valid_from);
    let valid_until = date_field("valid_until", &front.valid_until);
    if let (Some(from), Some(until)) = (valid_from, valid_until)
        && from > until
    {
        fault("valid_until", "valid_until is before valid_from".into());
    }
    for d in &front.durations {
        if d.step.split_once('/').is_none() {
            fault(
                "durations",
                format!("duration step `{}` must be `<method>/<step>`", d.step),
            );
        }
    }
    let (short_answer, details) = split_body(&split);
    if front.verified {
        for message in provenance_faults(&front.provenance, split.body) {
            fault("verified", message);
        }
    }
    if short_answer.is_empty() {
        fault(
            "id",
            "the body is empty: its first paragraph is the short answer".into(),
        );
    }

    match (id, reviewed_on, faults.is_empty()) {
        (Some(id), Some(reviewed_on), true) => Ok(Entry {
            id,
            topic: topic.to_string(),
            path: path.to_path_buf(),
            title: front.title.trim().to_string(),
            questions,
            tags: front.tags,
            agency: front.agency,
            verified: front.verified,
            reviewed_on,
            lang: front.lang.unwrap_or(Lang::Th),
            valid_from,
            valid_until,
            citations: front.citations,
            durations: front.durations,
            provenance: front.provenance,
            short_answer,
            details,
        }),
        _ => Err(faults),
    }
}

/// Why a verified entry's provenance does not cover it: a missing or half-filled record, or a
/// figure of the text (amount, percentage, period, section) that no recorded claim states.
fn provenance_faults(provenance: &[Provenance], body: &str) -> Vec<String> {
    if provenance.is_empty() {
        return vec![
            "verified = true without [[provenance]]: list where each claim was read (source, quote, read_on), or set verified = false".into(),
        ];
    }
    let mut faults = Vec::new();
    for (i, p) in provenance.iter().enumerate() {
        if p.claim.trim().is_empty() || p.source.trim().is_empty() || p.quote.trim().is_empty() {
            faults.push(format!(
                "provenance {} needs `claim`, `source` and `quote`",
                i + 1
            ));
        }
        if p.read_on().is_none() {
            faults.push(format!(
                "provenance {}: read_on must be a date like 2026-12-04",
                i + 1
            ));
        }
    }
    let claimed: std::collections::HashSet<String> =
        provenance.iter().flat_map(|p| figures(&p.claim)).collect();
    let mut missing: Vec<String> = figures(body)
        .into_iter()
        .filter(|f| !claimed.contains(f))
        .collect();
    missing.sort();
    missing.dedup();
    if !missing.is_empty() {
        faults.push(format!(
            "verified, but no provenance claim states the figure(s) {}: record where each was read, or set verified = false",
            missing.join(", ")
        ));
    }
    faults
}

/// The figures a text states: numbers in Arabic or Thai digits, thousands separators dropped.
/// Not counted: the year of a law's title ("พ.ศ. 2560", "B.E. 2560") and ordered-list markers.
pub fn figures(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if digit(chars[i]).is_none() {
                i += 1;
                continue;
            }
            let start = i;
            let mut number = String::new();
            while i < chars.len() {
                if let Some(d) = digit(chars[i]) {
                    number.push(d);
                } else if matches!(chars[i], ',' | '.')
                    && chars.get(i + 1).and_then(|c| digit(*c)).is_some()
                    && !number.is_empty()
                {
                    if chars[i] == '.' {
                        number.push('.');
                    }
                } else {
                    break;
                }
                i += 1;
            }
            let before: String = chars[..start].iter().collect();
            let before = before.trim_end();
            let year_of_title = before.ends_with("พ.ศ.") || before.ends_with("B.E.");
            let list_marker =
                before.trim().is_empty() && chars.get(i) == Some(&'.') && number.len() <= 2;
            if !year_of_title && !list_marker {
                out.push(number);
            }
        }
    }
    out
}

fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '๐'..='๙' => char::from_digit(c as u32 - '๐' as u32, 10),
        _ => None,
    }
}

fn split_body(split: &Split<'_>) -> (String, String) {
    let body = split.body.trim();
    match body.split_once("\n\n") {
        Some((first, rest)) => (first.trim().to_string(), rest.trim().to_string()),
        None => (body.to_string(), String::new()),
    }
}

/// Every `*.md` file under `entries/<topic>/`, sorted, with its topic.
pub fn entry_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, Fault> {
    let mut files = Vec::new();
    let topics = std::fs::read_dir(dir)
        .map_err(|e| Fault::new(dir, 0, format!("cannot read the entries folder: {e}")))?;
    for topic in topics.filter_map(Result::ok) {
        let topic_path = topic.path();
        if !topic_path.is_dir() {
            continue;
        }
        let name = topic.file_name().to_string_lossy().to_string();
        let inner = std::fs::read_dir(&topic_path)
            .map_err(|e| Fault::new(&topic_path, 0, format!("cannot read: {e}")))?;
        for file in inner.filter_map(Result::ok) {
            let p = file.path();
            if p.extension().is_some_and(|x| x == "md") {
                files.push((name.clone(), p));
            }
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(files)
}

/// Loads every entry; the first fault stops the load.
pub fn load_entries(dir: &Path) -> Result<Vec<Entry>, Fault> {
    let mut entries: Vec<Entry> = Vec::new();
    for (topic, path) in entry_files(dir)? {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Fault::new(&path, 0, format!("cannot read: {e}")))?;
        let entry = parse_entry(&path, &topic, &text).map_err(|mut f| f.remove(0))?;
        if let Some(twin) = entries.iter().find(|e| e.id == entry.id) {
            return Err(Fault::new(
                &path,
                1,
                format!(
                    "duplicate id `{}` (also in {})",
                    entry.id,
                    twin.path.display()
                ),
            ));
        }
        entries.push(entry);
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"+++
id = "x-rule"
title = "A rule"
questions = ["a", "b", "c", "d", "e"]
agency = "treasury"
verified = false
reviewed_on = 2026-11-25
valid_until = 2022-04-03

[[citations]]
basis = "Act s.1"
source = "somewhere"
+++
Short answer.

Details here.
"#;

    #[test]
    fn a_good_entry_parses_with_short_answer_and_details() {
        let e = parse_entry(Path::new("x-rule.md"), "t", GOOD).expect("parses");
        assert_eq!(e.short_answer, "Short answer.");
        assert_eq!(e.details, "Details here.");
        assert!(!e.is_valid_on(NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")));
        assert!(e.is_valid_on(NaiveDate::from_ymd_opt(2021, 1, 1).expect("date")));
    }

    #[test]
    fn faults_point_at_their_lines() {
        let bad = GOOD
            .replace(
                "questions = [\"a\", \"b\", \"c\", \"d\", \"e\"]",
                "questions = [\"a\"]",
            )
            .replace(
                "[[citations]]\nbasis = \"Act s.1\"\nsource = \"somewhere\"\n",
                "",
            );
        let faults = parse_entry(Path::new("x-rule.md"), "t", &bad).expect_err("faulty");
        let text: Vec<String> = faults.iter().map(ToString::to_string).collect();
        assert!(
            text.iter()
                .any(|f| f.starts_with("x-rule.md:4: 1 questions")),
            "{text:?}"
        );
        assert!(text.iter().any(|f| f.contains("no citation")), "{text:?}");
    }

    #[test]
    fn toml_errors_carry_the_file_line() {
        let bad = GOOD.replace("verified = false", "verified = maybe");
        let faults = parse_entry(Path::new("x-rule.md"), "t", &bad).expect_err("faulty");
        assert!(
            faults[0].to_string().starts_with("x-rule.md:6:"),
            "{}",
            faults[0]
        );
    }

    const VERIFIED: &str = r#"+++
id = "x-rule"
title = "A rule"
questions = ["a", "b", "c", "d", "e"]
agency = "treasury"
verified = true
reviewed_on = 2026-12-04

[[citations]]
basis = "Act s.56"
source = "somewhere"

[[provenance]]
claim = "the specific method is allowed up to 500,000 baht (Act s.56)"
source = "https://example.org/gazette/page30"
quote = "not exceeding the amount set by ministerial regulation"
read_on = 2026-12-04
+++
The specific method is allowed up to 500,000 baht (section 56 of the Act, พ.ศ. 2560).

- Above 500,000 baht use e-bidding.
"#;

    #[test]
    fn a_verified_entry_whose_figures_all_have_provenance_parses() {
        let e = parse_entry(Path::new("x-rule.md"), "t", VERIFIED).expect("parses");
        assert_eq!(e.provenance.len(), 1);
        assert_eq!(e.checked_on(), NaiveDate::from_ymd_opt(2026, 12, 4));
    }

    #[test]
    fn a_verified_entry_without_provenance_is_refused() {
        let bare = VERIFIED
            .split("[[provenance]]")
            .next()
            .expect("front")
            .to_string()
            + "+++\nShort answer.\n";
        let faults = parse_entry(Path::new("x-rule.md"), "t", &bare).expect_err("refused");
        assert!(
            faults[0].to_string().contains("without [[provenance]]"),
            "{}",
            faults[0]
        );
    }

    #[test]
    fn a_figure_no_provenance_claim_states_is_refused() {
        let text = VERIFIED.replace("- Above 500,000 baht", "- Above 500,000 baht within 7 days");
        let faults = parse_entry(Path::new("x-rule.md"), "t", &text).expect_err("refused");
        assert!(
            faults[0].to_string().contains("figure(s) 7:"),
            "{}",
            faults[0]
        );
    }

    #[test]
    fn figures_are_numbers_in_any_digits_but_not_law_years_or_list_markers() {
        assert_eq!(
            figures("1. ภายใน ๗ วัน วงเงิน 500,000.50 บาท ตาม พ.ร.บ. พ.ศ. 2560 มาตรา 56"),
            vec!["7", "500000.50", "56"]
        );
    }

    #[test]
    fn id_must_match_the_file_name() {
        let faults = parse_entry(Path::new("other.md"), "t", GOOD).expect_err("faulty");
        assert!(faults[0].to_string().contains("file name"));
    }
}
