//! Reading a knowledge TOML file and turning byte offsets into line numbers, so that every
//! fault points at `file:line`.
use super::{Fault, TimelineError};
use serde::de::DeserializeOwned;
use std::path::Path;

pub(crate) fn read(path: &Path) -> Result<String, TimelineError> {
    std::fs::read_to_string(path).map_err(|source| TimelineError::Io {
        path: path.to_path_buf(),
        source,
    })
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Deserialises, reporting a syntax or shape error at its line.
pub(crate) fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, Vec<Fault>> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |span| line_of(text, span.start));
        vec![Fault::new(file, line, e.message().to_string())]
    })
}
