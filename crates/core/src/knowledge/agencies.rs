//! The expert agencies (`agencies.toml`): data, not code — adding one here is all it takes.

use std::path::Path;

use serde::Deserialize;

use super::check::Fault;

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub handles: String,
    pub handles_en: String,
    /// Service targets in working hours.
    pub sla_claim_hours: u32,
    pub sla_first_reply_hours: u32,
    pub sla_resolve_hours: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgenciesFile {
    agencies: Vec<Agency>,
}

pub fn load_agencies(path: &Path) -> Result<Vec<Agency>, Fault> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fault::new(path, 0, format!("cannot read: {e}")))?;
    let file: AgenciesFile = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |s| 1 + text[..s.start].matches('\n').count());
        Fault::new(path, line, e.message())
    })?;
    for (i, a) in file.agencies.iter().enumerate() {
        let valid_code =
            !a.code.is_empty() && a.code.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        let line = text
            .lines()
            .position(|l| {
                l.trim_start().starts_with("code") && l.contains(&format!("\"{}\"", a.code))
            })
            .map_or(1, |i| i + 1);
        if !valid_code {
            return Err(Fault::new(
                path,
                line,
                format!("agency code `{}` must be lower-case ASCII and `_`", a.code),
            ));
        }
        if file.agencies[..i].iter().any(|b| b.code == a.code) {
            return Err(Fault::new(
                path,
                line,
                format!("duplicate agency code `{}`", a.code),
            ));
        }
        if a.sla_claim_hours == 0 || a.sla_resolve_hours < a.sla_claim_hours {
            return Err(Fault::new(
                path,
                line,
                format!(
                    "agency `{}`: SLA hours must be positive and resolve ≥ claim",
                    a.code
                ),
            ));
        }
    }
    if file.agencies.is_empty() {
        return Err(Fault::new(path, 1, "no agencies"));
    }
    Ok(file.agencies)
}
