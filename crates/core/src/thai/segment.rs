//! Word segmentation: Thai is written without spaces between words, so a dictionary-based
//! segmenter (PyThaiNLP's newmm, in Rust as `nlpo3`) finds the words; Latin words and numbers
//! are split by their own rules.

use std::path::{Path, PathBuf};

use nlpo3::tokenizer::newmm::NewmmTokenizer;
use nlpo3::tokenizer::tokenizer_trait::Tokenizer;

use super::normalize::normalize;

#[derive(Debug, thiserror::Error)]
pub enum SegmenterError {
    #[error("{path}: cannot read the word list: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: the word list is empty")]
    Empty(PathBuf),
}

/// A Thai word segmenter loaded from word lists (one word per line).
pub struct Segmenter {
    newmm: NewmmTokenizer,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

impl Segmenter {
    /// Loads every `*.txt` word list in `dir` and its `parts/` folder. The main list is
    /// PyThaiNLP's `words_th.txt`; the others are our domain words, so experts can add terms.
    pub fn from_dictionary_dir(dir: &Path) -> Result<Self, SegmenterError> {
        let mut words = Vec::new();
        for path in word_list_files(dir)? {
            let text = std::fs::read_to_string(&path).map_err(|source| SegmenterError::Read {
                path: path.clone(),
                source,
            })?;
            words.extend(
                text.lines()
                    .map(|l| normalize(l.trim()))
                    .filter(|w| !w.is_empty() && !w.starts_with('#')),
            );
        }
        if words.is_empty() {
            return Err(SegmenterError::Empty(dir.to_path_buf()));
        }
        Ok(Self::from_words(words))
    }

    /// A segmenter over an explicit word list (tests, and the synthetic benchmark).
    pub fn from_words(words: Vec<String>) -> Self {
        Self {
            newmm: NewmmTokenizer::from_word_list(words),
        }
    }

    /// Adds words (e.g. every synonym term) so that segmentation keeps them whole.
    pub fn add_words(&mut self, words: &[&str]) {
        self.newmm.add_word(words);
    }

    /// Normalises `text` and splits it into words: Thai words from the dictionary, Latin words
    /// (lower-cased, inner `-` `.` `/` kept: "e-gp", "0405.2") and numbers (commas dropped).
    /// Whitespace and punctuation are not tokens.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        self.tokenize_normalized(&normalize(text))
    }

    /// As [`Segmenter::tokenize`] for text that is already normalised.
    pub fn tokenize_normalized(&self, text: &str) -> Vec<String> {
        let mut tokens = Vec::new();
        for run in script_runs(text) {
            match run {
                Run::Thai(s) => {
                    // `safe` bounds the search on long unbroken text (hostile 100 kB input).
                    if let Ok(words) = self.newmm.segment(s, true, false) {
                        tokens.extend(
                            words
                                .into_iter()
                                .map(|w| {
                                    // Most words have nothing to trim: keep their String.
                                    let trimmed = w.trim();
                                    if trimmed.len() == w.len() {
                                        w
                                    } else {
                                        trimmed.to_string()
                                    }
                                })
                                .filter(|w| !w.is_empty()),
                        );
                    }
                }
                Run::Word(s) => {
                    let word: String = if s.chars().all(|c| c.is_ascii_digit() || c == ',') {
                        s.chars().filter(|c| *c != ',').collect()
                    } else {
                        s.to_string()
                    };
                    tokens.push(word);
                }
            }
        }
        tokens
    }
}

fn word_list_files(dir: &Path) -> Result<Vec<PathBuf>, SegmenterError> {
    let mut files = Vec::new();
    for folder in [dir.to_path_buf(), dir.join("parts")] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            if folder == dir {
                return Err(SegmenterError::Read {
                    path: folder,
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
                });
            }
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

enum Run<'a> {
    Thai(&'a str),
    Word(&'a str),
}

fn is_thai(c: char) -> bool {
    ('\u{0E01}'..='\u{0E5B}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && !is_thai(c) && c.is_alphanumeric())
}

/// Splits text into maximal Thai runs and Latin/number words; a `-` `.` `,` or `/` between two
/// word characters stays inside the word.
fn script_runs(text: &str) -> Vec<Run<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if is_thai(c) {
            let mut j = i + 1;
            while j < chars.len() && is_thai(chars[j].1) {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |x| x.0);
            runs.push(Run::Thai(&text[start..end]));
            i = j;
        } else if is_word_char(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let joins = matches!(d, '-' | '.' | ',' | '/')
                    && j + 1 < chars.len()
                    && is_word_char(chars[j + 1].1)
                    && is_word_char(chars[j - 1].1);
                if is_word_char(d) || joins {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |x| x.0);
            runs.push(Run::Word(&text[start..end]));
            i = j;
        } else {
            i += 1;
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segmenter() -> Segmenter {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge/dictionary");
        Segmenter::from_dictionary_dir(&dir).expect("the shipped dictionary loads")
    }

    #[test]
    fn thai_without_spaces_is_split_into_words() {
        let tokens = segmenter().tokenize("ขอสอบถามเรื่องการจัดซื้อจัดจ้างวิธีเฉพาะเจาะจง");
        assert!(tokens.contains(&"จัดซื้อจัดจ้าง".to_string()), "{tokens:?}");
        // Domain words from knowledge/dictionary/domain.txt may keep "วิธีเฉพาะเจาะจง" whole.
        assert!(
            tokens.iter().any(|t| t.ends_with("เฉพาะเจาะจง")),
            "{tokens:?}"
        );
        assert!(tokens.contains(&"สอบถาม".to_string()), "{tokens:?}");
    }

    #[test]
    fn latin_words_and_numbers_keep_their_shape() {
        let tokens = segmenter().tokenize("งาน E-Bidding วงเงิน ๕๐๐,๐๐๐ บาท ตาม ว.119 หรือ 2.5 ล้าน");
        for want in ["e-bidding", "500000", "119", "2.5", "ล้าน", "บาท"] {
            assert!(
                tokens.contains(&want.to_string()),
                "{want} missing in {tokens:?}"
            );
        }
        assert!(!tokens.iter().any(|t| t.trim().is_empty()));
    }

    #[test]
    fn added_words_stay_whole() {
        let mut s = segmenter();
        s.add_words(&["อีบิดดิ้ง"]);
        assert!(s.tokenize("งานอีบิดดิ้งกี่วัน").contains(&"อีบิดดิ้ง".to_string()));
    }

    #[test]
    fn a_missing_dictionary_is_an_error_not_a_panic() {
        assert!(Segmenter::from_dictionary_dir(Path::new("/no/such/dir")).is_err());
    }

    #[test]
    fn long_unbroken_input_is_handled() {
        let long = "ก".repeat(20_000);
        let tokens = segmenter().tokenize(&long);
        assert!(!tokens.is_empty());
    }
}
