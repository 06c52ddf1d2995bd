//! The follow-up committee's subgroups (`knowledge/subgroups.toml`): each follows its member
//! units and sends the mobile-clinic team when one lags; its visits go to one agency's experts.
use super::{SpendingError, unit_key};
use crate::cases::AgencyCode;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subgroup {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    /// The agency whose experts take this subgroup's visit cases (usually the treasury office).
    pub agency: AgencyCode,
    /// Member units, spelled as GFMIS spells them.
    pub units: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subgroups {
    #[serde(default, rename = "subgroup")]
    pub list: Vec<Subgroup>,
}

impl Subgroups {
    /// Reads `<knowledge>/subgroups.toml`; a unit may belong to one subgroup only.
    pub fn load(knowledge: &Path) -> Result<Self, SpendingError> {
        let path = knowledge.join("subgroups.toml");
        let text = std::fs::read_to_string(&path).map_err(|source| SpendingError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Self, SpendingError> {
        let groups: Subgroups =
            toml::from_str(text).map_err(|e| SpendingError::file(path, e.to_string()))?;
        let mut seen: Vec<(String, &str)> = Vec::new();
        for (i, group) in groups.list.iter().enumerate() {
            if groups.list[..i].iter().any(|g| g.code == group.code) {
                return Err(SpendingError::file(
                    path,
                    format!("subgroup code `{}` is used twice", group.code),
                ));
            }
            for unit in &group.units {
                let key = unit_key(unit);
                if let Some((_, other)) = seen.iter().find(|(k, _)| *k == key) {
                    return Err(SpendingError::file(
                        path,
                        format!(
                            "unit «{unit}» is in subgroups `{other}` and `{}`",
                            group.code
                        ),
                    ));
                }
                seen.push((key, &group.code));
            }
        }
        Ok(groups)
    }

    /// The subgroup following a unit (by its normalised name).
    pub fn of_unit(&self, key: &str) -> Option<&Subgroup> {
        self.list
            .iter()
            .find(|g| g.units.iter().any(|u| unit_key(u) == key))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_belongs_to_one_subgroup() {
        let text = "[[subgroup]]\ncode = \"a\"\nname_th = \"ก\"\nname_en = \"A\"\n\
                    agency = \"treasury\"\nunits = [\"สำนักงานจังหวัด\"]\n\
                    [[subgroup]]\ncode = \"b\"\nname_th = \"ข\"\nname_en = \"B\"\n\
                    agency = \"treasury\"\nunits = [\"สำนักงาน จังหวัด\"]\n";
        let err = Subgroups::parse(Path::new("subgroups.toml"), text)
            .unwrap_err()
            .to_string();
        assert!(err.contains("`a`") && err.contains("`b`"), "{err}");
    }

    #[test]
    fn the_shipped_file_is_valid() {
        let knowledge = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge");
        let groups = Subgroups::load(&knowledge).expect("subgroups.toml");
        assert_eq!(groups.list.len(), 4);
        assert!(groups.of_unit(&unit_key("สำนักงานจังหวัดลำปาง")).is_some());
    }
}
