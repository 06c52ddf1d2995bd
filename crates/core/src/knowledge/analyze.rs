//! Text analysis shared by the index and the query: segmentation, synonym groups, stopwords.
//!
//! Synonyms are matched on token sequences (each variant segmented by the same segmenter), not
//! on raw substrings, so a short variant never fires inside an unrelated longer word. A matched
//! variant adds its group's term `≡<canonical>`; the original tokens stay, so an exact word still
//! outranks a synonym.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::KnowledgeError;
use super::index::FastHash;
use super::synonyms::Synonyms;
use crate::thai::{Segmenter, normalize};

#[derive(Debug)]
pub struct Analyzer {
    segmenter: Segmenter,
    /// First token of a variant → (the variant's tokens, group index).
    variants: HashMap<String, Vec<(Vec<String>, usize)>, FastHash>,
    group_terms: Vec<String>,
    stopwords: HashSet<String, FastHash>,
}

impl Analyzer {
    pub fn new(
        mut segmenter: Segmenter,
        synonyms: Synonyms,
        stopwords_path: &Path,
    ) -> Result<Self, KnowledgeError> {
        // Every synonym term is a word the segmenter must keep whole.
        let words: Vec<&str> = synonyms
            .groups
            .iter()
            .flatten()
            .filter(|t| !t.contains(' '))
            .map(String::as_str)
            .collect();
        segmenter.add_words(&words);
        let stopwords = match std::fs::read_to_string(stopwords_path) {
            Ok(text) => text
                .lines()
                .map(|l| normalize(l.trim()))
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashSet::default(),
            Err(source) => {
                return Err(KnowledgeError::Read {
                    path: stopwords_path.to_path_buf(),
                    source,
                });
            }
        };
        let mut variants: HashMap<String, Vec<(Vec<String>, usize)>, FastHash> = HashMap::default();
        let mut group_terms = Vec::new();
        for (g, group) in synonyms.groups.iter().enumerate() {
            group_terms.push(format!("≡{}", group[0]));
            for term in group {
                let tokens = segmenter.tokenize_normalized(term);
                if let Some(first) = tokens.first() {
                    variants.entry(first.clone()).or_default().push((tokens, g));
                }
            }
        }
        for list in variants.values_mut() {
            // Longest variant first: "ประกวดราคาอิเล็กทรอนิกส์" before "ประกวดราคา".
            list.sort_by_key(|(tokens, _)| std::cmp::Reverse(tokens.len()));
        }
        Ok(Self {
            segmenter,
            variants,
            group_terms,
            stopwords,
        })
    }

    /// Index terms of `text`: its words without stopwords, plus one `≡group` term per synonym
    /// variant found.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.terms_normalized(&normalize(text))
    }

    /// As [`Analyzer::terms`] for text that is already normalised.
    pub fn terms_normalized(&self, text: &str) -> Vec<String> {
        let mut tokens = self.segmenter.tokenize_normalized(text);
        let mut terms = Vec::with_capacity(tokens.len() + 4);
        let mut after_year_word = false;
        for i in 0..tokens.len() {
            if let Some(list) = self.variants.get(&tokens[i])
                && let Some((_, g)) = list
                    .iter()
                    .find(|(v, _)| tokens[i..].starts_with(v.as_slice()))
            {
                terms.push(self.group_terms[*g].clone());
            }
            let year = buddhist_year(&tokens[i], after_year_word);
            after_year_word = YEAR_WORDS.contains(&tokens[i].as_str());
            // Variants only look ahead, so the token itself can move into the terms.
            if !self.stopwords.contains(&tokens[i]) {
                terms.push(std::mem::take(&mut tokens[i]));
            }
            if let Some(year) = year {
                terms.push(year);
            }
        }
        terms
    }

    /// The text as a sequence of letters for the n-gram signal: normalised, with spaces and
    /// punctuation dropped, so segmentation misses and typos still share most trigrams.
    pub fn letters(&self, text: &str) -> Vec<char> {
        self.letters_normalized(&normalize(text))
    }

    /// As [`Analyzer::letters`] for text that is already normalised.
    pub fn letters_normalized(&self, text: &str) -> Vec<char> {
        let mut letters = Vec::with_capacity(text.len());
        letters.extend(
            text.chars()
                .filter(|c| ('\u{0E01}'..='\u{0E5B}').contains(c) || c.is_alphanumeric()),
        );
        letters
    }

    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }
}

/// Words after which a two-digit number is a Buddhist-era year ("ปีงบ 69" = 2569).
const YEAR_WORDS: &[&str] = &["ปี", "ปีงบ", "ปีงบประมาณ", "งบปี", "พ.ศ.", "พ.ศ", "fy", "ปีงบฯ"];

/// One term for a year however it is written — "2569", "ปีงบ 69", "2026", "fy2026" — so a
/// question about one fiscal year finds the entry about that year and not another's.
fn buddhist_year(token: &str, after_year_word: bool) -> Option<String> {
    let digits = token.strip_prefix("fy").unwrap_or(token);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    let be = match digits.len() {
        4 if (2400..2700).contains(&n) => n,
        4 if (1950..2150).contains(&n) => n + 543,
        2 if after_year_word || token.starts_with("fy") => 2500 + n,
        _ => return None,
    };
    Some(format!("ปีพ.ศ.{be}"))
}
