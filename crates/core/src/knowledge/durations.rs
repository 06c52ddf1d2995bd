//! Entries that quote a legal duration must agree with `timelines.toml`, where each number is
//! written once: a `[[durations]]` claim names the step, and its days must be the step's
//! minimum for the tier of the claim's amount, and must appear in the entry's own text.

use std::path::Path;

use super::check::Fault;
use super::entry::Entry;
use crate::timeline::{Baht, Rules};

/// Faults for every claim that disagrees with the rules.
pub fn check_durations(entries: &[Entry], rules: &Rules) -> Vec<Fault> {
    let mut faults = Vec::new();
    for entry in entries {
        let text = std::fs::read_to_string(&entry.path).unwrap_or_default();
        let line = durations_line(&text);
        let prose = format!("{}\n{}\n{}", entry.title, entry.short_answer, entry.details);
        for claim in &entry.durations {
            let mut fault = |message: String| faults.push(Fault::new(&entry.path, line, message));
            let Some((method_code, step_id)) = claim.step.split_once('/') else {
                fault(format!(
                    "duration step `{}` must be `<method>/<step>`",
                    claim.step
                ));
                continue;
            };
            let method = match rules.method(method_code) {
                Ok(m) => m,
                Err(_) => {
                    fault(format!(
                        "unknown method `{method_code}` (see timelines.toml)"
                    ));
                    continue;
                }
            };
            let step = match method.step(step_id) {
                Ok(s) => s,
                Err(_) => {
                    fault(format!("method `{method_code}` has no step `{step_id}`"));
                    continue;
                }
            };
            let tier = match claim.amount {
                Some(amount) => Baht::whole(amount)
                    .ok()
                    .and_then(|a| method.tier_for(a).ok()),
                None if method.tiers.len() == 1 => method.tiers.first(),
                None => {
                    let minima: Vec<u32> = method.tiers.iter().map(|t| step.min_days(t)).collect();
                    if minima.windows(2).all(|w| w[0] == w[1]) {
                        method.tiers.first()
                    } else {
                        fault(format!(
                            "`{}` differs by amount tier: give `amount`",
                            claim.step
                        ));
                        continue;
                    }
                }
            };
            let Some(tier) = tier else {
                fault(format!(
                    "amount {:?} is outside every tier of `{method_code}`",
                    claim.amount
                ));
                continue;
            };
            let rule_days = step.min_days(tier);
            if claim.days != rule_days {
                fault(format!(
                    "`{}` claims {} days but timelines.toml says {rule_days} ({})",
                    claim.step, claim.days, tier.name_th
                ));
            }
            if !mentions_number(&prose, claim.days) {
                fault(format!(
                    "`{}` claims {} days but the entry's text never says {}",
                    claim.step, claim.days, claim.days
                ));
            }
        }
    }
    faults
}

fn durations_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.trim() == "[[durations]]")
        .map_or(1, |i| i + 1)
}

/// Whether `n` is written in the text as a whole number (ASCII or Thai digits).
fn mentions_number(text: &str, n: u32) -> bool {
    let text = crate::thai::thai_digits_to_ascii(text);
    let wanted = n.to_string();
    let bytes = text.as_bytes();
    text.match_indices(&wanted).any(|(at, m)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + m.len()).copied();
        !before.is_some_and(|b| b.is_ascii_digit()) && !after.is_some_and(|b| b.is_ascii_digit())
    })
}

/// Loads what `check_durations` needs and reports faults (for `clinic kb check`).
pub fn check_durations_in(dir: &Path) -> Vec<Fault> {
    let rules = match Rules::load(dir) {
        Ok(r) => r,
        // The timeline module reports its own file's faults.
        Err(_) => return Vec::new(),
    };
    match super::entry::load_entries(&dir.join("entries")) {
        Ok(entries) => check_durations(&entries, &rules),
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_matched_whole() {
        assert!(mentions_number("อุทธรณ์ภายใน ๗ วันทำการ", 7));
        assert!(mentions_number("ภายใน 7 วัน", 7));
        assert!(!mentions_number("ภายใน 17 วัน", 7));
        assert!(!mentions_number("ภายใน 70 วัน", 7));
    }
}
