//! Routing: which expert agency a case belongs to, with a score and the reasons.
//!
//! Two votes, added up per agency: keyword rules from `knowledge/routing.toml`, and the
//! knowledge base — the agencies of the entries that match the text, weighted by confidence.
//! Below `min_score` the text is no case for any agency.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::knowledge::{Agency, Answerer, Fault, Ranking, confidences};
use crate::thai::normalize;

#[derive(Debug, thiserror::Error)]
pub enum RoutingError {
    #[error("{0}")]
    Fault(Fault),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub agency: String,
    pub weight: f32,
    pub reason_th: String,
    pub reason_en: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingRules {
    pub min_score: f32,
    pub kb_weight: f32,
    /// Entries below this answer confidence do not vote.
    pub kb_min_confidence: f32,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AgencyScore {
    pub agency: String,
    pub score: f32,
}

/// A routing decision, in the shape of the `clinic route --json` contract.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    pub text: String,
    pub agency: Option<String>,
    pub confidence: f32,
    pub reasons: Vec<String>,
    pub alternatives: Vec<AgencyScore>,
}

impl RoutingRules {
    pub fn load(path: &Path, agencies: &[Agency]) -> Result<Self, RoutingError> {
        Self::check(path, agencies).map_err(|mut f| RoutingError::Fault(f.remove(0)))
    }

    /// Loads and validates, reporting every fault with its line.
    pub fn check(path: &Path, agencies: &[Agency]) -> Result<Self, Vec<Fault>> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| vec![Fault::new(path, 0, format!("cannot read: {e}"))])?;
        let mut rules: RoutingRules = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map_or(1, |s| 1 + text[..s.start].matches('\n').count());
            vec![Fault::new(path, line, e.message())]
        })?;
        let mut faults = Vec::new();
        for rule in &mut rules.rules {
            let line = text
                .lines()
                .position(|l| l.contains(&format!("agency = \"{}\"", rule.agency)))
                .map_or(1, |i| i + 1);
            if !agencies.iter().any(|a| a.code == rule.agency) {
                faults.push(Fault::new(
                    path,
                    line,
                    format!("unknown agency `{}`", rule.agency),
                ));
            }
            if rule.weight <= 0.0 || rule.keywords.is_empty() {
                faults.push(Fault::new(
                    path,
                    line,
                    "a rule needs a positive weight and keywords",
                ));
            }
            rule.keywords = rule.keywords.iter().map(|k| normalize(k)).collect();
        }
        if faults.is_empty() {
            Ok(rules)
        } else {
            Err(faults)
        }
    }
}

/// `text.contains(word)`, with a quick no when the word's first character is not in the text at
/// all (most keywords, for most texts): one scan for a character instead of setting up a
/// substring search per keyword.
fn contains(text: &str, word: &str) -> bool {
    word.chars().next().is_none_or(|c| text.contains(c)) && text.contains(word)
}

/// Proposes the agency for `text`.
pub fn route(rules: &RoutingRules, answerer: &Answerer, text: &str, today: NaiveDate) -> Route {
    route_ranked(rules, answerer, text, &answerer.rank(text, today, KB_VOTES))
}

/// How many of the best-ranked entries vote.
pub const KB_VOTES: usize = 3;

/// As [`route`], with the knowledge base's ranking of `text` already made (only its first
/// [`KB_VOTES`] hits vote; a longer ranking is read as if made with that limit).
pub fn route_ranked(
    rules: &RoutingRules,
    answerer: &Answerer,
    text: &str,
    ranking: &Ranking,
) -> Route {
    let normalized = normalize(text);
    let mut scores: BTreeMap<String, f32> = BTreeMap::new();
    let mut reasons: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for rule in &rules.rules {
        // The first keyword of the rule found in the text is the reason given.
        if let Some(first) = rule.keywords.iter().find(|k| contains(&normalized, k)) {
            *scores.entry(rule.agency.clone()).or_default() += rule.weight;
            reasons
                .entry(rule.agency.clone())
                .or_default()
                .push(format!("{} (คำว่า \"{first}\")", rule.reason_th));
        }
    }
    let votes;
    let ranking = if ranking.hits.len() > KB_VOTES {
        // The confidence of the last voter reads the hit after it: with the ranking cut at
        // KB_VOTES there is none, exactly as when the search itself stops there.
        votes = Ranking {
            hits: ranking.hits[..KB_VOTES].to_vec(),
            ..*ranking
        };
        &votes
    } else {
        ranking
    };
    for (hit, confidence) in ranking.hits.iter().zip(confidences(ranking)) {
        let entry = &answerer.kb.entries[hit.entry];
        let vote = rules.kb_weight * confidence;
        if confidence >= rules.kb_min_confidence {
            *scores.entry(entry.agency.clone()).or_default() += vote;
            reasons
                .entry(entry.agency.clone())
                .or_default()
                .push(format!("ตรงกับเรื่อง \"{}\" ({})", entry.title, entry.id));
        }
    }
    let mut ranked: Vec<AgencyScore> = scores
        .into_iter()
        .map(|(agency, score)| AgencyScore {
            agency,
            score: (score * 1000.0).round() / 1000.0,
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.agency.cmp(&b.agency)));
    let total: f32 = ranked.iter().map(|a| a.score).sum();
    match ranked.first() {
        Some(best) if best.score >= rules.min_score => {
            // Share of all votes, damped when the winning vote itself is weak.
            let confidence = (best.score / (total + 0.5)) * (best.score / 3.0).min(1.0);
            let agency = best.agency.clone();
            Route {
                text: text.to_string(),
                reasons: reasons.remove(&agency).unwrap_or_default(),
                agency: Some(agency),
                confidence: (confidence * 1000.0).round() / 1000.0,
                alternatives: ranked.into_iter().skip(1).collect(),
            }
        }
        _ => Route {
            text: text.to_string(),
            agency: None,
            confidence: 0.0,
            reasons: Vec::new(),
            alternatives: ranked,
        },
    }
}
