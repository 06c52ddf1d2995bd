//! `changes.toml`: amendments and rulings that bear on entries. An entry a change affects must
//! have been reviewed on or after the change's date, so a new ruling forces a fresh reading.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::check::{Fault, line_of};
use super::entry::{Entry, toml_date};

#[derive(Debug, Clone)]
pub struct Change {
    pub id: String,
    /// Its line in `changes.toml`, for faults.
    pub line: usize,
    pub title: String,
    /// When it was issued or took effect (the earliest day it can bear on an answer).
    pub date: NaiveDate,
    pub source: String,
    /// Whether its text was read (false: only reported).
    pub verified: bool,
    pub summary: String,
    /// Entries it bears on, by id.
    pub affects: Vec<String>,
    /// Entries it bears on, by a phrase of a citation's basis ("ระเบียบกระทรวงการคลัง").
    pub affects_basis: Vec<String>,
}

impl Change {
    pub fn affects_entry(&self, entry: &Entry) -> bool {
        self.affects.iter().any(|id| id == entry.id.as_str())
            || self.affects_basis.iter().any(|phrase| {
                entry
                    .citations
                    .iter()
                    .any(|c| c.basis.contains(phrase.as_str()))
            })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    changes: Vec<toml::Spanned<RawChange>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    id: String,
    title: String,
    date: toml::value::Datetime,
    /// "day" (default), "month" or "year": how precisely `date` is known.
    #[serde(default)]
    date_precision: Option<String>,
    source: String,
    verified: bool,
    summary: String,
    #[serde(default)]
    affects: Vec<String>,
    #[serde(default)]
    affects_basis: Vec<String>,
}

/// Reads `changes.toml`; a missing file is no changes.
pub fn load_changes(path: &Path) -> Result<Vec<Change>, Vec<Fault>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(vec![Fault::new(path, 0, format!("cannot read: {e}"))]),
    };
    let file: File = toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(&text, s.start));
        vec![Fault::new(path, line, e.message())]
    })?;
    let mut faults = Vec::new();
    let mut changes = Vec::new();
    for spanned in file.changes {
        let line = line_of(&text, spanned.span().start);
        let raw = spanned.into_inner();
        let Some(date) = toml_date(&raw.date) else {
            faults.push(Fault::new(
                path,
                line,
                format!("{}: date must be a date like 2025-10-01", raw.id),
            ));
            continue;
        };
        if !matches!(
            raw.date_precision.as_deref(),
            None | Some("day" | "month" | "year")
        ) {
            faults.push(Fault::new(
                path,
                line,
                format!("{}: date_precision is day, month or year", raw.id),
            ));
        }
        if raw.title.trim().is_empty()
            || raw.source.trim().is_empty()
            || raw.summary.trim().is_empty()
        {
            faults.push(Fault::new(
                path,
                line,
                format!("{}: title, source and summary are required", raw.id),
            ));
        }
        if raw.affects.is_empty() && raw.affects_basis.is_empty() {
            faults.push(Fault::new(
                path,
                line,
                format!(
                    "{}: name the entries it affects (affects or affects_basis)",
                    raw.id
                ),
            ));
        }
        if changes.iter().any(|c: &Change| c.id == raw.id) {
            faults.push(Fault::new(
                path,
                line,
                format!("duplicate change id `{}`", raw.id),
            ));
        }
        changes.push(Change {
            id: raw.id,
            line,
            title: raw.title,
            date,
            source: raw.source,
            verified: raw.verified,
            summary: raw.summary,
            affects: raw.affects,
            affects_basis: raw.affects_basis,
        });
    }
    if faults.is_empty() {
        Ok(changes)
    } else {
        Err(faults)
    }
}

/// Faults of `changes.toml` against the entries: an unknown entry id, a basis phrase no entry
/// cites, or an affected entry last reviewed before the change.
pub fn check_changes(path: &Path, changes: &[Change], entries: &[Entry]) -> Vec<Fault> {
    let mut faults = Vec::new();
    for change in changes {
        let line = change.line;
        for id in &change.affects {
            if !entries.iter().any(|e| e.id.as_str() == id) {
                faults.push(Fault::new(
                    path,
                    line,
                    format!("{}: affects unknown entry `{id}`", change.id),
                ));
            }
        }
        for phrase in &change.affects_basis {
            if !entries.iter().any(|e| {
                e.citations
                    .iter()
                    .any(|c| c.basis.contains(phrase.as_str()))
            }) {
                faults.push(Fault::new(
                    path,
                    line,
                    format!("{}: no entry cites `{phrase}`", change.id),
                ));
            }
        }
        for entry in entries.iter().filter(|e| change.affects_entry(e)) {
            if entry.reviewed_on < change.date {
                faults.push(Fault::new(
                    &entry.path,
                    1,
                    format!(
                        "reviewed on {} before {} ({}, {}): read the entry against it and update reviewed_on",
                        entry.reviewed_on, change.id, change.title, change.date
                    ),
                ));
            }
        }
    }
    faults
}
