//! Routing: which expert agency a case belongs to, with a score and the reasons.
//!
//! Four votes, added up per agency:
//! - the agencies' vocabulary (`knowledge/agency-terms.toml`): building elements, pavement,
//!   protected trees, guarantees… each word found counts for the agency that owns it;
//! - a small naive Bayes model fitted at load time on the knowledge folder (every entry's
//!   phrasings under its agency, the agencies' descriptions, the vocabulary and the example case
//!   texts of `knowledge/routing-examples.jsonl`), which weighs words no list names;
//! - the knowledge base: the agencies of the entries that match the text;
//! - optional keyword rules in `knowledge/routing.toml` (which also holds the weights).
//!
//! Then the precedence rules of the vocabulary put a governing domain first (a site in a forest
//! goes to forestry whatever is built). Below `min_score` the text is no case for any agency;
//! when the two best are close, the route is marked unsure and the officer is asked.

mod model;
mod terms;

pub use model::{Example, Model, ModelSettings, Prediction};
pub use terms::{AgencyTerms, Precedence, TermGroup, TermHit};

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

impl RoutingError {
    fn first(mut faults: Vec<Fault>) -> Self {
        Self::Fault(faults.remove(0))
    }
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
    /// How much the vocabulary's score counts.
    #[serde(default = "one")]
    pub terms_weight: f32,
    /// What the model adds to an agency it is sure of (nothing for an even guess).
    #[serde(default)]
    pub model_weight: f32,
    /// The model speaks only about texts with at least this many words it has learned from.
    #[serde(default = "one_word")]
    pub model_min_words: usize,
    #[serde(default = "default_smoothing")]
    pub model_smoothing: f32,
    #[serde(default = "default_trigram_weight")]
    pub model_trigram_weight: f32,
    #[serde(default = "default_temperature")]
    pub model_temperature: f32,
    /// How far ahead of the runner-up the best agency must be for the desk not to ask.
    #[serde(default)]
    pub unsure_margin: f32,
    /// How far a governing agency is put ahead of those it governs.
    #[serde(default = "one")]
    pub precedence_lead: f32,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

fn one() -> f32 {
    1.0
}
fn one_word() -> usize {
    1
}
fn default_smoothing() -> f32 {
    0.5
}
fn default_trigram_weight() -> f32 {
    0.2
}
fn default_temperature() -> f32 {
    4.0
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AgencyScore {
    pub agency: String,
    pub score: f32,
    /// One line on why this agency is in the running.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A routing decision, in the shape of the `clinic route --json` contract.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    pub text: String,
    pub agency: Option<String>,
    pub confidence: f32,
    pub reasons: Vec<String>,
    pub alternatives: Vec<AgencyScore>,
    /// The best agency is not clearly ahead of the next: ask the officer.
    pub unsure: bool,
}

impl RoutingRules {
    pub fn load(path: &Path, agencies: &[Agency]) -> Result<Self, RoutingError> {
        Self::check(path, agencies).map_err(RoutingError::first)
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
        if rules.model_temperature <= 0.0 || rules.model_smoothing <= 0.0 {
            faults.push(Fault::new(
                path,
                1,
                "model_temperature and model_smoothing must be positive",
            ));
        }
        if faults.is_empty() {
            Ok(rules)
        } else {
            Err(faults)
        }
    }

    fn model_settings(&self) -> ModelSettings {
        ModelSettings {
            smoothing: self.model_smoothing,
            trigram_weight: self.model_trigram_weight,
            temperature: self.model_temperature,
        }
    }
}

#[derive(Deserialize)]
struct ExampleLine {
    text: String,
    agency: Option<String>,
}

/// The example case texts in `path` (JSON lines of `text` and `agency`; a `null` agency is a
/// text that is no case, which the model does not learn from).
pub fn check_examples(path: &Path, agencies: &[Agency]) -> Result<Vec<Example>, Vec<Fault>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(vec![Fault::new(path, 0, format!("cannot read: {e}"))]),
    };
    let mut examples = Vec::new();
    let mut faults = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<ExampleLine>(line) {
            Ok(ExampleLine {
                text,
                agency: Some(agency),
            }) => {
                if agencies.iter().any(|a| a.code == agency) {
                    examples.push(Example {
                        text,
                        agency,
                        weight: EXAMPLE_WEIGHT,
                    });
                } else {
                    faults.push(Fault::new(
                        path,
                        i + 1,
                        format!("unknown agency `{agency}`"),
                    ));
                }
            }
            Ok(_) => {}
            Err(e) => faults.push(Fault::new(path, i + 1, e.to_string())),
        }
    }
    if faults.is_empty() {
        Ok(examples)
    } else {
        Err(faults)
    }
}

/// A whole case text says more about its agency than one phrasing of an entry.
const EXAMPLE_WEIGHT: f32 = 2.0;
const LEXICON_WEIGHT: f32 = 1.0;
const PHRASING_WEIGHT: f32 = 1.0;

/// Everything in the knowledge folder the model learns from, besides the example case texts:
/// each entry's title, phrasings and tags under its agency, each agency's description, and each
/// word of the vocabulary under its agency.
pub fn knowledge_examples(answerer: &Answerer, terms: &AgencyTerms) -> Vec<Example> {
    let kb = &answerer.kb;
    let mut out = Vec::new();
    for entry in &kb.entries {
        for text in std::iter::once(&entry.title)
            .chain(&entry.questions)
            .chain(&entry.tags)
        {
            out.push(Example {
                text: text.clone(),
                agency: entry.agency.clone(),
                weight: PHRASING_WEIGHT,
            });
        }
    }
    for agency in &kb.agencies {
        for text in [&agency.handles, &agency.handles_en, &agency.name_th] {
            out.push(Example {
                text: text.clone(),
                agency: agency.code.clone(),
                weight: PHRASING_WEIGHT,
            });
        }
    }
    for group in &terms.groups {
        for term in &group.terms {
            out.push(Example {
                text: term.clone(),
                agency: group.agency.clone(),
                weight: LEXICON_WEIGHT,
            });
        }
    }
    out
}

/// The router: the vocabulary, the model and the weights, loaded once.
#[derive(Debug, Clone)]
pub struct Router {
    pub rules: RoutingRules,
    pub terms: AgencyTerms,
    pub model: Model,
}

/// `text.contains(word)`, with a quick no when the word's first character is not in the text at
/// all (most keywords, for most texts): one scan for a character instead of setting up a
/// substring search per keyword.
fn contains(text: &str, word: &str) -> bool {
    word.chars().next().is_none_or(|c| text.contains(c)) && text.contains(word)
}

/// How many of the best-ranked entries vote.
pub const KB_VOTES: usize = 3;

/// One agency's votes while a text is routed.
#[derive(Default)]
struct Tally {
    score: f32,
    /// Why, strongest reason first: precedence, vocabulary, keyword rules, model, knowledge base.
    reasons: Vec<String>,
}

impl Router {
    /// Loads `routing.toml`, `agency-terms.toml` and `routing-examples.jsonl` from the knowledge
    /// folder and fits the model.
    pub fn load(knowledge: &Path, answerer: &Answerer) -> Result<Self, RoutingError> {
        let agencies = &answerer.kb.agencies;
        let rules = RoutingRules::load(&knowledge.join("routing.toml"), agencies)?;
        let terms = AgencyTerms::check(&knowledge.join("agency-terms.toml"), agencies)
            .map_err(RoutingError::first)?;
        let examples = check_examples(&knowledge.join("routing-examples.jsonl"), agencies)
            .map_err(RoutingError::first)?;
        Ok(Self::fit(rules, terms, answerer, &examples))
    }

    /// Fits the model on the knowledge folder and `examples` (the example case texts; a
    /// cross-check passes a subset).
    pub fn fit(
        rules: RoutingRules,
        terms: AgencyTerms,
        answerer: &Answerer,
        examples: &[Example],
    ) -> Self {
        let mut training = knowledge_examples(answerer, &terms);
        training.extend_from_slice(examples);
        let classes: Vec<String> = answerer
            .kb
            .agencies
            .iter()
            .map(|a| a.code.clone())
            .collect();
        let model = Model::fit(
            &classes,
            &training,
            &answerer.kb.analyzer,
            rules.model_settings(),
        );
        Self {
            rules,
            terms,
            model,
        }
    }

    /// Proposes the agency for `text`.
    pub fn route(&self, answerer: &Answerer, text: &str, today: NaiveDate) -> Route {
        self.route_ranked(answerer, text, &answerer.rank(text, today, KB_VOTES))
    }

    /// As [`Router::route`], with the knowledge base's ranking of `text` already made (only its
    /// first [`KB_VOTES`] hits vote; a longer ranking is read as if made with that limit).
    pub fn route_ranked(&self, answerer: &Answerer, text: &str, ranking: &Ranking) -> Route {
        let rules = &self.rules;
        let normalized = normalize(text);
        let mut tally: BTreeMap<String, Tally> = BTreeMap::new();

        let hits = self.terms.find(&normalized);
        for (agency, score) in self.terms.scores(&hits) {
            tally.entry(agency).or_default().score += rules.terms_weight * score;
        }
        for (g, group) in self.terms.groups.iter().enumerate() {
            let words: Vec<String> = hits
                .iter()
                .filter(|h| h.group == g)
                .map(|h| format!("\"{}\"", h.term))
                .collect();
            if !words.is_empty() {
                tally
                    .entry(group.agency.clone())
                    .or_default()
                    .reasons
                    .push(format!("{}: {}", group.topic_th, words.join(", ")));
            }
        }

        for rule in &rules.rules {
            // The first keyword of the rule found in the text is the reason given.
            if let Some(first) = rule.keywords.iter().find(|k| contains(&normalized, k)) {
                let t = tally.entry(rule.agency.clone()).or_default();
                t.score += rule.weight;
                t.reasons.push(format!("{}: \"{first}\"", rule.reason_th));
            }
        }

        if rules.model_weight > 0.0 {
            let prediction = self.model.predict(&answerer.kb.analyzer, &normalized);
            if prediction.known_words >= rules.model_min_words {
                let k = self.model.classes().len() as f32;
                for (code, p) in self.model.classes().iter().zip(&prediction.probabilities) {
                    // An even guess (1/k) adds nothing; certainty adds the full weight.
                    let lift = ((p - 1.0 / k) * k / (k - 1.0)).max(0.0);
                    if lift > 0.0 {
                        tally.entry(code.clone()).or_default().score += rules.model_weight * lift;
                    }
                }
                let best = prediction
                    .probabilities
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .map(|(i, _)| i);
                if let Some(best) = best
                    && !prediction.telling_words.is_empty()
                {
                    let words: Vec<String> = prediction
                        .telling_words
                        .iter()
                        .map(|w| format!("\"{w}\""))
                        .collect();
                    tally
                        .entry(self.model.classes()[best].clone())
                        .or_default()
                        .reasons
                        .push(format!("ถ้อยคำที่มักเป็นเรื่องของหน่วยงานนี้: {}", words.join(", ")));
                }
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
            if confidence >= rules.kb_min_confidence {
                let t = tally.entry(entry.agency.clone()).or_default();
                t.score += rules.kb_weight * confidence;
                // The entry's title, never its id: officers read this.
                t.reasons
                    .push(format!("ตรงกับเรื่อง \"{}\" ในคลังความรู้", entry.title));
            }
        }

        // Least binding rule first, so that the first rule of the file has the last word.
        let mut governed_by: Option<&str> = None;
        for rule in self.terms.precedence.iter().rev() {
            if !hits.iter().any(|h| rule.when.contains(&h.group)) {
                continue;
            }
            let governed = rule
                .over
                .iter()
                .filter_map(|o| tally.get(o).map(|t| t.score))
                .fold(0.0f32, f32::max);
            let t = tally.entry(rule.agency.clone()).or_default();
            if governed > 0.0 && t.score < governed + rules.precedence_lead {
                t.score = governed + rules.precedence_lead;
                t.reasons.insert(0, rule.reason_th.clone());
                governed_by = Some(&rule.agency);
            }
        }

        let mut ranked: Vec<(String, Tally)> = tally.into_iter().collect();
        ranked.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
        let total: f32 = ranked.iter().map(|(_, t)| t.score).sum();
        let runner_up = ranked.get(1).map_or(0.0, |(_, t)| t.score);
        let round = |x: f32| (x * 1000.0).round() / 1000.0;
        let mut scores = ranked.into_iter().map(|(agency, t)| {
            let reason = t.reasons.first().cloned();
            (
                AgencyScore {
                    agency,
                    score: round(t.score),
                    reason,
                },
                t.reasons,
            )
        });
        match scores.next() {
            Some((best, reasons)) if best.score >= rules.min_score => {
                // A precedence rule that put the best first settles it: no need to ask.
                let unsure = governed_by != Some(best.agency.as_str())
                    && best.score - runner_up < rules.unsure_margin;
                // Share of all votes, damped when the winning vote itself is weak.
                let confidence = (best.score / (total + 0.5)) * (best.score / 3.0).min(1.0);
                Route {
                    text: text.to_string(),
                    agency: Some(best.agency),
                    confidence: round(confidence),
                    reasons,
                    alternatives: scores.map(|(s, _)| s).collect(),
                    unsure,
                }
            }
            best => Route {
                text: text.to_string(),
                agency: None,
                confidence: 0.0,
                reasons: Vec::new(),
                alternatives: best.into_iter().chain(scores).map(|(s, _)| s).collect(),
                unsure: true,
            },
        }
    }
}
