//! `check`: every fault in the timeline data, for `clinic kb check`.
use super::calendar::{YearList, holiday_files};
use super::source;
use super::{Fault, Rules, TimelineError};
use std::path::Path;

/// Validates `<knowledge_dir>/timelines.toml` and every `<knowledge_dir>/holidays/<year>.toml`;
/// returns one `file:line: message` string per fault, empty when all is well.
pub fn check(knowledge_dir: &Path) -> Vec<String> {
    let mut faults: Vec<Fault> = Vec::new();
    let mut absorb = |result: Result<(), TimelineError>, path: &Path| match result {
        Ok(()) => {}
        Err(TimelineError::InvalidData(mut f)) => faults.append(&mut f),
        Err(other) => faults.push(Fault::new(path, 1, other.to_string())),
    };
    let timelines = knowledge_dir.join("timelines.toml");
    absorb(Rules::load(knowledge_dir).map(drop), &timelines);
    let holidays = knowledge_dir.join("holidays");
    match holiday_files(&holidays) {
        Ok(files) => {
            for path in files {
                let parsed = source::read(&path).and_then(|text| {
                    YearList::parse(&text, &path)
                        .map(drop)
                        .map_err(TimelineError::InvalidData)
                });
                absorb(parsed, &path);
            }
        }
        Err(e) => absorb(Err(e), &holidays),
    }
    faults.iter().map(ToString::to_string).collect()
}
