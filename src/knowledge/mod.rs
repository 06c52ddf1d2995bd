//! The knowledge base: loading and validating `knowledge/`, the search index, and answers with
//! confidence and citations. Knows nothing of chat or SQL.
//!
//! `KnowledgeBase::load` refuses a broken folder with the first fault; `check` walks everything
//! and reports every fault as `file:line: message` (that is `clinic kb check`).

mod agencies;
mod analyze;
mod answer;
mod check;
mod entry;
mod front_matter;
mod index;
mod synonyms;

use std::path::{Path, PathBuf};

pub use agencies::{Agency, load_agencies};
pub use analyze::Analyzer;
pub use answer::{Alternative, Answer, Answerer, answer_text, confidences};
pub use check::{Fault, Stats, check, stats};
pub use entry::{Citation, DurationClaim, Entry, EntryId, Lang};
pub use index::{Hit, Index, Ranking};
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
}

impl KnowledgeBase {
    /// Loads and validates the folder; the first fault is the error.
    pub fn load(dir: &Path) -> Result<Self, KnowledgeError> {
        let agencies = load_agencies(&dir.join("agencies.toml"))?;
        let synonyms = Synonyms::load(&dir.join("synonyms.toml"))?;
        let entries = entry::load_entries(&dir.join("entries"))?;
        let segmenter = Segmenter::from_dictionary_dir(&dir.join("dictionary"))?;
        let analyzer = Analyzer::new(segmenter, synonyms, &dir.join("stopwords.txt"))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            entries,
            agencies,
            analyzer,
        })
    }

    pub fn agency(&self, code: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.code == code)
    }
}
