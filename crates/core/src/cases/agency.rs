//! An expert agency as `knowledge/agencies.toml` describes it; the store keeps a synced copy.
use super::AgencyCode;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub code: AgencyCode,
    pub name_th: String,
    pub name_en: String,
    pub handles: String,
    pub handles_en: String,
    /// Service targets in working hours (Mon–Fri 08:30–16:30 Asia/Bangkok).
    pub sla_claim_hours: i64,
    pub sla_first_reply_hours: i64,
    pub sla_resolve_hours: i64,
}

#[derive(Debug, thiserror::Error)]
#[error("agencies.toml: {0}")]
pub struct AgencyFileError(#[from] toml::de::Error);

#[derive(Deserialize)]
struct AgencyFile {
    agencies: Vec<Agency>,
}

/// Parse the text of `agencies.toml`; the caller reads the file.
pub fn parse_agencies(text: &str) -> Result<Vec<Agency>, AgencyFileError> {
    Ok(toml::from_str::<AgencyFile>(text)?.agencies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shipped_agencies_file() {
        let text = include_str!("../../../../knowledge/agencies.toml");
        let agencies = parse_agencies(text).expect("agencies.toml parses");
        let codes: Vec<_> = agencies.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["treasury", "public_works", "highways", "forestry"]);
        assert!(agencies.iter().all(|a| a.sla_claim_hours > 0));
    }
}
