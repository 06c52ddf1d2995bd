//! A small trained router: multinomial naive Bayes over the text's words (the knowledge base's
//! segmenter and synonym groups) and its letter trigrams (which survive misspellings and words
//! the dictionary does not know). Fitted at load time in a few milliseconds from labelled
//! texts, so it never drifts from the knowledge folder it was fitted on.

use std::collections::HashMap;

use crate::knowledge::Analyzer;

/// A labelled text to learn from.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub agency: String,
    /// How many times the text counts (case texts count more than a single lexicon word).
    pub weight: f32,
}

/// How the model reads a text.
#[derive(Debug, Clone, Copy)]
pub struct ModelSettings {
    /// Additive smoothing of the counts.
    pub smoothing: f32,
    /// How much a letter trigram counts next to a word.
    pub trigram_weight: f32,
    /// Posterior temperature: naive Bayes adds up every feature as if independent, which makes
    /// it far too sure; dividing the log-odds flattens that.
    pub temperature: f32,
}

#[derive(Debug, Clone)]
pub struct Model {
    classes: Vec<String>,
    /// Feature → log P(feature | class), per class.
    log_likelihood: HashMap<String, Vec<f32>>,
    /// log P(unseen feature | class), per class and kind (word, trigram).
    unseen: [Vec<f32>; 2],
    settings: ModelSettings,
}

/// The model's reading of one text.
#[derive(Debug, Clone)]
pub struct Prediction {
    /// Per class, in [`Model::classes`] order; sums to 1.
    pub probabilities: Vec<f32>,
    /// The words that speak most for the best class against the runner-up, strongest first.
    pub telling_words: Vec<String>,
    /// How many of the text's words the model learned anything from.
    pub known_words: usize,
}

const WORD: usize = 0;
const TRIGRAM: usize = 1;

fn features(analyzer: &Analyzer, normalized: &str) -> (Vec<String>, Vec<String>) {
    let words = analyzer
        .terms_normalized(normalized)
        .into_iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let letters = analyzer.letters_normalized(normalized);
    let trigrams = letters
        .windows(3)
        .map(|w| {
            let mut t = String::from("\u{1}");
            t.extend(w);
            t
        })
        .collect();
    (words, trigrams)
}

impl Model {
    pub fn fit(
        classes: &[String],
        examples: &[Example],
        analyzer: &Analyzer,
        settings: ModelSettings,
    ) -> Self {
        let k = classes.len();
        let mut counts: HashMap<String, Vec<f32>> = HashMap::new();
        let mut totals = [vec![0.0f32; k], vec![0.0f32; k]];
        let mut vocabulary = [0usize; 2];
        for example in examples {
            let Some(c) = classes.iter().position(|a| *a == example.agency) else {
                continue;
            };
            let (words, trigrams) = features(analyzer, &crate::thai::normalize(&example.text));
            for (kind, list) in [(WORD, words), (TRIGRAM, trigrams)] {
                for f in list {
                    let row = counts.entry(f).or_insert_with(|| {
                        vocabulary[kind] += 1;
                        vec![0.0; k]
                    });
                    row[c] += example.weight;
                    totals[kind][c] += example.weight;
                }
            }
        }
        let a = settings.smoothing;
        let denominator =
            |kind: usize, c: usize| (totals[kind][c] + a * vocabulary[kind] as f32).ln();
        let unseen = [
            (0..k).map(|c| a.ln() - denominator(WORD, c)).collect(),
            (0..k).map(|c| a.ln() - denominator(TRIGRAM, c)).collect(),
        ];
        let log_likelihood = counts
            .into_iter()
            .map(|(f, row)| {
                let kind = if f.starts_with('\u{1}') {
                    TRIGRAM
                } else {
                    WORD
                };
                let logs = row
                    .iter()
                    .enumerate()
                    .map(|(c, n)| (n + a).ln() - denominator(kind, c))
                    .collect();
                (f, logs)
            })
            .collect();
        Self {
            classes: classes.to_vec(),
            log_likelihood,
            unseen,
            settings,
        }
    }

    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// Reads `normalized` text. Classes are taken as equally likely beforehand: the knowledge
    /// base has far more treasury entries than others, which says nothing about new cases.
    pub fn predict(&self, analyzer: &Analyzer, normalized: &str) -> Prediction {
        let k = self.classes.len();
        let (words, trigrams) = features(analyzer, normalized);
        let mut scores = vec![0.0f32; k];
        let mut known_words = 0;
        let mut word_logs: Vec<(&str, &[f32])> = Vec::new();
        for w in &words {
            if let Some(logs) = self.log_likelihood.get(w) {
                known_words += 1;
                word_logs.push((w, logs));
                for (s, l) in scores.iter_mut().zip(logs) {
                    *s += l;
                }
            }
        }
        let tw = self.settings.trigram_weight;
        for t in &trigrams {
            let logs = self
                .log_likelihood
                .get(t)
                .map_or(&self.unseen[TRIGRAM][..], Vec::as_slice);
            for (s, l) in scores.iter_mut().zip(logs) {
                *s += tw * l;
            }
        }
        let top = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp: Vec<f32> = scores
            .iter()
            .map(|s| ((s - top) / self.settings.temperature).exp())
            .collect();
        let sum: f32 = exp.iter().sum();
        let probabilities: Vec<f32> = exp.iter().map(|e| e / sum).collect();

        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
        let (best, runner_up) = (order[0], order.get(1).copied().unwrap_or(order[0]));
        let mut telling: Vec<(f32, &str)> = word_logs
            .iter()
            // Short words are mostly particles ("ถึง", "ได้"): no reason an officer can use.
            .filter(|(w, _)| !w.starts_with('≡') && w.chars().count() > 3)
            .map(|(w, logs)| (logs[best] - logs[runner_up], *w))
            .filter(|(lift, _)| *lift > 1.5)
            .collect();
        telling.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut telling_words: Vec<String> = Vec::new();
        for (_, w) in telling {
            if !telling_words.iter().any(|t| t == w) && telling_words.len() < 3 {
                telling_words.push(w.to_string());
            }
        }
        Prediction {
            probabilities,
            telling_words,
            known_words,
        }
    }
}
