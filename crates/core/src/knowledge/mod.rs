//! The knowledge base: loading and validating `knowledge/`, the search index, and answers with
//! confidence and citations. Knows nothing of chat or SQL.
//!
//! `KnowledgeBase::load` refuses a broken folder with the first fault; `check` walks everything
//! and reports every fault as `file:line: message` (that is `clinic kb check`).

mod agencies;
mod analyze;
mod answer;
pub mod basis;
pub mod calibration;
mod changes;
mod check;
mod clarify;
pub mod course;
pub mod day_rules;
pub mod deadlines;
mod durations;
mod entry;
mod front_matter;
mod index;
pub mod methods;
mod parts;
mod rank;
pub mod slots;
pub mod sums;
mod synonyms;

use std::path::{Path, PathBuf};

pub use agencies::{Agency, load_agencies};
pub use analyze::Analyzer;
pub use answer::{
    Alternative, Answer, Answerer, COEFFICIENTS, FEATURES, UNVERIFIED_CAVEAT_EN,
    UNVERIFIED_CAVEAT_TH, answer_text, confidence, confidences, features, with_caveat,
};
pub use changes::{Change, check_changes, load_changes};
pub use check::{Fault, Stats, check, stats};
pub use clarify::{Clarification, ClarifyOption, SLOT_PENALTY};
pub use course::{Course, Lesson, Quiz, QuizOption, check_courses, load_courses};
pub use durations::{check_durations, check_durations_in};
pub use entry::load_entries;
pub use entry::{Citation, DurationClaim, Entry, EntryId, Lang, Provenance, figures, parse_entry};
pub use index::{BLEND, Hit, Index, Ranking};
pub use rank::{TUNING, Tuning};
pub use synonyms::Synonyms;

use crate::thai::{Segmenter, SegmenterError};

#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("{0}")]
    Fault(Fault),
    #[error(transparent)]
    Segmenter(#[from] SegmenterError),
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl From<Fault> for KnowledgeError {
    fn from(f: Fault) -> Self {
        Self::Fault(f)
    }
}

/// Everything loaded from a knowledge folder, ready to answer.
#[derive(Debug)]
pub struct KnowledgeBase {
    pub dir: PathBuf,
    pub entries: Vec<Entry>,
    pub agencies: Vec<Agency>,
    pub analyzer: Analyzer,
    /// The amount lines of the procurement rules (`timelines.toml` tiers), for retrieval.
    pub amount_lines: Vec<u64>,
    /// Sums computed from an amount (`sums.toml`).
    pub sums: Vec<sums::Sum>,
    /// Which method an estimate and a circumstance allow (`methods.toml`).
    pub methods: methods::MethodTable,
    /// The entries stating the day-counting rules (`day-rules.toml`).
    pub day_rules: day_rules::DayRules,
    /// Deadlines counted from an event date (`deadlines.toml`).
    pub deadlines: Vec<deadlines::Deadline>,
    /// The courses of `courses/`, each lesson on one of `entries`.
    pub courses: Vec<Course>,
}

impl KnowledgeBase {
    /// Loads and validates the folder; the first fault is the error.
    pub fn load(dir: &Path) -> Result<Self, KnowledgeError> {
        let agencies = load_agencies(&dir.join("agencies.toml"))?;
        let synonyms = Synonyms::load(&dir.join("synonyms.toml"))?;
        let entries = entry::load_entries(&dir.join("entries"))?;
        let sums_path = dir.join("sums.toml");
        let sums = sums::load_sums(&sums_path).map_err(|mut f| f.remove(0))?;
        if let Some(fault) = sums::unknown_entries(&sums_path, &sums, &entries)
            .into_iter()
            .next()
        {
            return Err(fault.into());
        }
        let methods_path = dir.join("methods.toml");
        let methods = methods::load_methods(&methods_path).map_err(|mut f| f.remove(0))?;
        if let Some(fault) = methods::unknown_names(&methods_path, &methods, &entries, None)
            .into_iter()
            .next()
        {
            return Err(fault.into());
        }
        let day_rules_path = dir.join("day-rules.toml");
        let day_rules = day_rules::load_day_rules(&day_rules_path)?;
        if let Some(fault) = day_rules::unknown_entries(&day_rules_path, &day_rules, &entries)
            .into_iter()
            .next()
        {
            return Err(fault.into());
        }
        let deadlines_path = dir.join("deadlines.toml");
        let deadlines = deadlines::load_deadlines(&deadlines_path).map_err(|mut f| f.remove(0))?;
        if let Some(fault) = deadlines::unknown_entries(&deadlines_path, &deadlines, &entries)
            .into_iter()
            .next()
        {
            return Err(fault.into());
        }
        let courses = load_courses(dir).map_err(|mut f| f.remove(0))?;
        if let Some(fault) = check_courses(&courses, &entries).into_iter().next() {
            return Err(fault.into());
        }
        let segmenter = Segmenter::from_dictionary_dir(&dir.join("dictionary"))?;
        let analyzer = Analyzer::new(segmenter, synonyms, &dir.join("stopwords.txt"))?;
        // Amount lines are optional for retrieval: a folder without timelines still answers.
        let amount_lines = crate::timeline::Rules::load(dir)
            .map(|rules| {
                rules
                    .methods()
                    .iter()
                    .flat_map(|m| m.tiers.iter())
                    .flat_map(|t| std::iter::once(t.above).chain(t.up_to))
                    .filter(|line| *line > 0)
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            dir: dir.to_path_buf(),
            entries,
            agencies,
            analyzer,
            amount_lines,
            sums,
            methods,
            day_rules,
            deadlines,
            courses,
        })
    }

    pub fn agency(&self, code: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.code == code)
    }
}
