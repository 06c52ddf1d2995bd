//! Every knowledge file the service uses, checked together: entries, synonyms, agencies,
//! routing, `timelines.toml`, the holidays, the durations entries quote, and the spending
//! targets and subgroups. `clinic kb check` prints these faults; `Advisor::load` refuses to
//! start on any of them, so `ask` and `run` never serve with a file silently left out.
use crate::knowledge::{self, load_agencies};
use crate::routing::{AgencyTerms, RoutingRules, check_examples};
use std::path::Path;

/// Each fault once, as `file:line: message`.
pub fn knowledge_faults(dir: &Path) -> Vec<String> {
    let mut faults = knowledge::check(dir);
    faults.extend(knowledge::check_durations_in(dir));
    if let Ok(agencies) = load_agencies(&dir.join("agencies.toml")) {
        if let Err(f) = RoutingRules::check(&dir.join("routing.toml"), &agencies) {
            faults.extend(f);
        }
        if let Err(f) = AgencyTerms::check(&dir.join("agency-terms.toml"), &agencies) {
            faults.extend(f);
        }
        if let Err(f) = check_examples(&dir.join("routing-examples.jsonl"), &agencies) {
            faults.extend(f);
        }
    }
    let mut text: Vec<String> = faults.iter().map(ToString::to_string).collect();
    text.extend(crate::timeline::check(dir));
    text.extend(spending_faults(dir));
    once_each(text)
}

/// The same fault found by two checks (the spending book reads the entries too, without the
/// line) is reported once, with its line.
fn once_each(faults: Vec<String>) -> Vec<String> {
    let lined: Vec<(String, String)> = faults
        .iter()
        .filter_map(|f| file_and_message(f))
        .filter(|(_, line, _)| *line != "0")
        .map(|(file, _, message)| (file.to_owned(), message.to_owned()))
        .collect();
    let mut kept: Vec<String> = Vec::new();
    for fault in faults {
        let repeated = file_and_message(&fault).is_some_and(|(file, line, message)| {
            line == "0" && lined.iter().any(|(f, m)| f == file && m == message)
        });
        if !repeated && !kept.contains(&fault) {
            kept.push(fault);
        }
    }
    kept
}

/// `file:line: message` taken apart.
fn file_and_message(fault: &str) -> Option<(&str, &str, &str)> {
    let (place, message) = fault.split_once(": ")?;
    let (file, line) = place.rsplit_once(':')?;
    Some((file, line, message))
}

/// Targets, subgroups, advice entries, and every subgroup's agency known to `agencies.toml`
/// (a visit for an unknown agency could not be opened).
fn spending_faults(dir: &Path) -> Vec<String> {
    let book = match crate::spending::SpendingBook::load(dir) {
        Ok(book) => book,
        Err(e) => return vec![e.to_string()],
    };
    let Ok(agencies) = load_agencies(&dir.join("agencies.toml")) else {
        return Vec::new();
    };
    book.subgroups
        .list
        .iter()
        .filter(|g| !agencies.iter().any(|a| a.code == g.agency.as_str()))
        .map(|g| {
            format!(
                "{}:0: subgroup `{}`: agency `{}` is not in agencies.toml",
                dir.join("subgroups.toml").display(),
                g.code,
                g.agency
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_found_twice_is_kept_once_with_its_line() {
        let faults = vec![
            "a.md:14: bad value".to_owned(),
            "a.md:0: bad value".to_owned(),
            "b.toml:0: missing".to_owned(),
            "b.toml:0: missing".to_owned(),
        ];
        assert_eq!(
            once_each(faults),
            vec!["a.md:14: bad value", "b.toml:0: missing"]
        );
    }
}
