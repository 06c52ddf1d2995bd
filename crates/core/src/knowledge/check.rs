//! `clinic kb check` and `clinic kb stats` for the files this module owns (entries, synonyms,
//! agencies, dictionary). Routing and timeline rules are checked by their own modules; the
//! command line puts all faults together.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use super::agencies::load_agencies;
use super::changes::{check_changes, load_changes};
use super::entry::{self, Entry, Lang};
use super::synonyms::Synonyms;

/// A fault in a knowledge file, printed as `file:line: message` (line 0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl Fault {
    pub fn new(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

/// Reads an optional data file of `knowledge/` (`sums.toml`, `methods.toml`, `deadlines.toml`):
/// `None` when it is missing, else the parsed file and its text (for the lines of later faults);
/// a TOML error is a fault at its line.
pub(super) fn read_optional_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
) -> Result<Option<(T, String)>, Fault> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Fault::new(path, 0, format!("cannot read: {e}"))),
    };
    match toml::from_str(&text) {
        Ok(file) => Ok(Some((file, text))),
        Err(e) => Err(Fault::new(
            path,
            e.span().map_or(1, |s| line_of(&text, s.start)),
            e.message(),
        )),
    }
}

/// The 1-based line of a byte offset in a knowledge file's text (toml spans are offsets).
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Every fault in the knowledge folder's entries, synonyms, agencies and dictionary.
pub fn check(dir: &Path) -> Vec<Fault> {
    let mut faults = Vec::new();
    let agencies = match load_agencies(&dir.join("agencies.toml")) {
        Ok(a) => a,
        Err(f) => {
            faults.push(f);
            Vec::new()
        }
    };
    if let Err(f) = Synonyms::check(&dir.join("synonyms.toml")) {
        faults.extend(f);
    }
    let words = dir.join("dictionary").join("words_th.txt");
    if !words.is_file() {
        faults.push(Fault::new(&words, 0, "the Thai word list is missing"));
    }
    let files = match entry::entry_files(&dir.join("entries")) {
        Ok(f) => f,
        Err(f) => {
            faults.push(f);
            return faults;
        }
    };
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut parsed: Vec<Entry> = Vec::new();
    for (topic, path) in files {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                faults.push(Fault::new(&path, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        match entry::parse_entry(&path, &topic, &text) {
            Ok(e) => {
                if !agencies.is_empty() && !agencies.iter().any(|a| a.code == e.agency) {
                    faults.push(Fault::new(
                        &path,
                        key_line(&text, "agency"),
                        format!("unknown agency `{}` (see agencies.toml)", e.agency),
                    ));
                }
                if let Some(first) = seen.insert(e.id.to_string(), path.clone()) {
                    faults.push(Fault::new(
                        &path,
                        key_line(&text, "id"),
                        format!("duplicate id `{}` (also in {})", e.id, first.display()),
                    ));
                }
                parsed.push(e);
            }
            Err(f) => faults.extend(f),
        }
    }
    let sums_path = dir.join("sums.toml");
    match super::sums::load_sums(&sums_path) {
        Ok(sums) => faults.extend(super::sums::unknown_entries(&sums_path, &sums, &parsed)),
        Err(f) => faults.extend(f),
    }
    let methods_path = dir.join("methods.toml");
    match super::methods::load_methods(&methods_path) {
        Ok(methods) => {
            let rules = crate::timeline::Rules::load(dir).ok();
            let codes: Option<Vec<&str>> = rules
                .as_ref()
                .map(|r| r.methods().iter().map(|m| m.code.as_str()).collect());
            faults.extend(super::methods::unknown_names(
                &methods_path,
                &methods,
                &parsed,
                codes.as_deref(),
            ));
        }
        Err(f) => faults.extend(f),
    }
    let day_rules_path = dir.join("day-rules.toml");
    match super::day_rules::load_day_rules(&day_rules_path) {
        Ok(rules) => faults.extend(super::day_rules::unknown_entries(
            &day_rules_path,
            &rules,
            &parsed,
        )),
        Err(f) => faults.push(f),
    }
    let deadlines_path = dir.join("deadlines.toml");
    match super::deadlines::load_deadlines(&deadlines_path) {
        Ok(rules) => faults.extend(super::deadlines::unknown_entries(
            &deadlines_path,
            &rules,
            &parsed,
        )),
        Err(f) => faults.extend(f),
    }
    faults.extend(super::course::check_course_folder(dir, &parsed));
    let changes_path = dir.join("changes.toml");
    match load_changes(&changes_path) {
        Ok(changes) => faults.extend(check_changes(&changes_path, &changes, &parsed)),
        Err(f) => faults.extend(f),
    }
    faults
}

fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key) && l.contains('='))
        .map_or(1, |i| i + 1)
}

/// Counts for `clinic kb stats`.
#[derive(Debug, Default, serde::Serialize)]
pub struct Stats {
    pub entries: usize,
    pub questions: usize,
    pub with_citations: usize,
    pub verified: usize,
    pub unverified: usize,
    pub english: usize,
    pub by_topic: BTreeMap<String, usize>,
    pub by_agency: BTreeMap<String, usize>,
    pub unverified_ids: Vec<String>,
}

pub fn stats(entries: &[Entry]) -> Stats {
    let mut s = Stats {
        entries: entries.len(),
        ..Stats::default()
    };
    for e in entries {
        s.questions += e.questions.len();
        s.with_citations += usize::from(!e.citations.is_empty());
        if e.verified {
            s.verified += 1;
        } else {
            s.unverified += 1;
            s.unverified_ids.push(e.id.to_string());
        }
        s.english += usize::from(e.lang == Lang::En);
        *s.by_topic.entry(e.topic.clone()).or_default() += 1;
        *s.by_agency.entry(e.agency.clone()).or_default() += 1;
    }
    s
}
