//! Synonym groups (`synonyms.toml`): words that mean the same thing to an officer — Thai,
//! English, transliterations, abbreviations and common misspellings. The first term of a group
//! is its canonical name.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::check::Fault;
use crate::thai::normalize;

#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    pub groups: Vec<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    terms: Vec<String>,
}

impl Synonyms {
    /// Loads the groups; a term in two groups, or a group of fewer than two terms, is a fault.
    pub fn load(path: &Path) -> Result<Self, Fault> {
        Self::check(path).map_err(|mut f| f.remove(0))
    }

    /// As `load`, reporting every fault.
    pub fn check(path: &Path) -> Result<Self, Vec<Fault>> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| vec![Fault::new(path, 0, format!("cannot read: {e}"))])?;
        let file: SynonymsFile = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map_or(1, |s| 1 + text[..s.start].matches('\n').count());
            vec![Fault::new(path, line, e.message())]
        })?;
        let line_of = |term: &str| {
            text.lines()
                .position(|l| l.contains(&format!("\"{term}\"")))
                .map_or(1, |i| i + 1)
        };
        let mut faults = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut groups = Vec::new();
        for (g, group) in file.groups.iter().enumerate() {
            let mut terms: Vec<String> = Vec::new();
            for term in group.terms.iter().map(|t| normalize(t.trim())) {
                // The same word written twice in one group (e.g. with Thai digits) is harmless.
                if !term.is_empty() && !terms.contains(&term) {
                    terms.push(term);
                }
            }
            if terms.len() < 2 {
                let first = group.terms.first().map_or("", String::as_str);
                faults.push(Fault::new(
                    path,
                    line_of(first),
                    "a group needs at least two terms",
                ));
            }
            for term in &terms {
                if let Some(other) = seen.insert(term.clone(), g) {
                    faults.push(Fault::new(
                        path,
                        line_of(term),
                        format!(
                            "term `{term}` is also in group {} (one group per term)",
                            other + 1
                        ),
                    ));
                }
            }
            groups.push(terms);
        }
        if faults.is_empty() {
            Ok(Self { groups })
        } else {
            Err(faults)
        }
    }
}
