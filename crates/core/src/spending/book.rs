//! Everything spending reads from the knowledge folder, loaded and cross-checked once: the
//! targets, the subgroups, and the titles of the advice entries the alerts point to.
use super::messages::Advice;
use super::{SpendingError, Subgroups, TargetBook};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpendingBook {
    pub targets: TargetBook,
    pub subgroups: Subgroups,
    /// Entry id → title, for the advice lists.
    titles: BTreeMap<String, String>,
}

impl SpendingBook {
    /// Fails on an invalid file, or an advice id that names no knowledge entry.
    pub fn load(knowledge: &Path) -> Result<Self, SpendingError> {
        let targets = TargetBook::load(knowledge)?;
        let subgroups = Subgroups::load(knowledge)?;
        let entries_dir = knowledge.join("entries");
        let entries = crate::knowledge::load_entries(&entries_dir)
            .map_err(|f| SpendingError::file(&f.file, f.message))?;
        let titles: BTreeMap<String, String> = entries
            .into_iter()
            .map(|e| (e.id.as_str().to_owned(), e.title))
            .collect();
        for year in targets.years() {
            if let Some(missing) = year.advice.iter().find(|id| !titles.contains_key(*id)) {
                return Err(SpendingError::file(
                    &knowledge
                        .join("targets")
                        .join(format!("{}.toml", year.fiscal_year_be)),
                    format!("advice `{missing}` is not a knowledge entry"),
                ));
            }
        }
        Ok(Self {
            targets,
            subgroups,
            titles,
        })
    }

    /// The advice entries for a fiscal year's alerts.
    pub fn advice(&self, fiscal_year_be: i32) -> Vec<Advice> {
        self.targets
            .year(fiscal_year_be)
            .map(|t| {
                t.advice
                    .iter()
                    .filter_map(|id| self.titles.get(id).map(|title| (id.clone(), title.clone())))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_knowledge_has_fy2560_and_fy2565_targets_and_their_advice() {
        let knowledge = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge");
        let book = SpendingBook::load(&knowledge).expect("spending data");
        for year in [2560, 2565] {
            assert!(book.targets.year(year).is_some(), "FY{year}");
            assert_eq!(book.advice(year).len(), 3, "FY{year}");
        }
    }
}
