//! The in-memory search index over the entries.
//!
//! Three signals, because officers' questions are short, colloquial and misspelt:
//! - BM25F over each entry's title, questions, tags and body (fields weighted), on segmented
//!   words plus synonym groups — "is this entry about these words?";
//! - the closest single phrasing: idf-weighted overlap between the question and each of the
//!   entry's `questions` — "has somebody asked it this way before?";
//! - character trigrams of the question against each phrasing and title — typos and words the
//!   segmenter split differently still share most trigrams.
//!
//! Each signal is scaled to 0..1 for the query at hand, so their blend is comparable across
//! questions and can be read as a confidence (see `answer.rs`).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::analyze::Analyzer;
use super::entry::Entry;

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Field weights for BM25F: a word in a title or tag says more than one deep in the body
/// (the body's long explanations mostly add noise to short questions: see calibrate).
const W_TITLE: f32 = 2.0;
const W_QUESTION: f32 = 1.0;
const W_TAG: f32 = 1.5;
const W_BODY: f32 = 0.1;
/// How many entries each signal nominates for full scoring.
const BM25_CANDIDATES: usize = 30;
const TRIGRAM_CANDIDATES: usize = 15;
/// Trigrams found in more than this share of phrasings carry no signal and cost time.
const TRIGRAM_MAX_SHARE: f32 = 0.08;

type TermId = u32;
type Trigram = u64;

/// The index's (and the analyzer's) maps are keyed by the knowledge base's own words and
/// trigrams and only read with a question's, so they need no protection against chosen
/// collisions: rustc's FxHash costs a fraction of the default SipHash on every word and
/// trigram of a question.
pub(super) type FastHash = rustc_hash::FxBuildHasher;

#[derive(Debug)]
struct Phrasing {
    entry: u32,
    /// Sorted, unique.
    terms: Vec<TermId>,
    trigrams: u32,
}

#[derive(Debug)]
pub struct Index {
    vocabulary: HashMap<String, TermId, FastHash>,
    /// Per term: (entry, the term's BM25F score in the entry). A term's score in an entry does
    /// not depend on the question, so it is computed once, here.
    postings: Vec<Vec<(u32, f32)>>,
    idf: Vec<f32>,
    phrasings: Vec<Phrasing>,
    /// Per term: (phrasing, the term's BM25 score in that phrasing), for the phrasings that
    /// use it.
    phrasing_postings: Vec<Vec<(u32, f32)>>,
    trigram_postings: HashMap<Trigram, Vec<u32>, FastHash>,
    /// An unknown word weighs as much as a word seen in one entry.
    oov_idf: f32,
    /// The procurement amount lines (whole baht) that split amounts into bands, sorted.
    pub(super) amount_lines: Vec<u64>,
    /// Per entry: the amount bands its quoted durations apply to (empty: any amount).
    pub(super) amount_bands: Vec<Vec<usize>>,
    entry_count: usize,
}

/// One scored entry.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    /// Position in the entries the index was built from.
    pub entry: usize,
    pub score: f32,
    pub bm25: f32,
    pub phrasing: f32,
    pub trigram: f32,
    /// The share of the question's idf weight made of words that the entry's title or one of
    /// its phrasings uses (0..1): a question whose rare words only the body mentions is seldom
    /// about the entry.
    pub phrasing_cover: f32,
    /// +1 when the question's amount falls in the band the entry is about, -1 when it falls in
    /// another band, 0 when either says nothing about amounts.
    pub amount_fit: f32,
    /// The slot the question states that this entry states otherwise (set by the answerer).
    pub conflict: Option<super::slots::Slot>,
    /// How many slots the question states that this entry says nothing about (set by the
    /// answerer): a general entry does not use the words that state them.
    pub unstated_slots: u8,
}

/// How the signals are blended into one score; each signal is in 0..1 (amount fit in -1..1).
/// Weights chosen on the tuning pool with `cargo run --example rank_report -- --grid` (right
/// entry first on the judged blind sets and the team set); a little of the closest phrasing
/// ranks better than none once two-part questions are split.
pub const BLEND: [f32; 4] = [0.6, 0.1, 0.3, 0.15];

impl Hit {
    pub fn blend(&self, w: [f32; 4]) -> f32 {
        w[0] * self.bm25 + w[1] * self.phrasing + w[2] * self.trigram + w[3] * self.amount_fit
    }
}

/// The band of an amount between the procurement amount lines (each line is the inclusive top
/// of its band: "up to 500,000", "over 500,000 up to 5 million" …).
pub(super) fn amount_band(lines: &[u64], baht: u64) -> usize {
    lines.iter().take_while(|line| baht > **line).count()
}

/// Words that, just before an amount, put it above the line it names: "เกิน 50 ล้าน" is in
/// the band over 50 million, not the band up to it (each line is the top of its own band).
const OVER_WORDS: &[&str] = &[
    "เกิน",
    "เกินกว่า",
    "มากกว่า",
    "สูงกว่า",
    "over",
    "above",
    "more than",
    "exceeding",
];

/// The band of the first amount in `question`, reading "over X" as just above X; "ไม่เกิน X"
/// ("not over X") stays X.
#[cfg(test)]
fn question_band(lines: &[u64], question: &str) -> Option<usize> {
    band_of_normalized(lines, &crate::thai::normalize(question))
}

/// As `question_band`, for a question already normalised.
pub(super) fn band_of_normalized(lines: &[u64], text: &str) -> Option<usize> {
    let (baht, start) = crate::thai::find_money(text)?;
    let before = text[..start].trim_end();
    let over = OVER_WORDS.iter().any(|w| {
        before
            .strip_suffix(w)
            .is_some_and(|rest| !rest.trim_end().ends_with("ไม่") && !rest.ends_with("not "))
    });
    let baht = baht.whole_baht().max(0) as u64;
    Some(amount_band(lines, baht + u64::from(over)))
}

/// The ranked hits for one question, best first, and how much of the question the index knew.
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    pub hits: Vec<Hit>,
    /// Share of the question's idf weight made of words the knowledge base has never seen.
    pub unknown_share: f32,
    /// The entry with the highest BM25F score, whether or not it ranks first overall.
    pub bm25_leader: Option<usize>,
}

/// The BM25 score of one term of weight `idf` found `tf` times in a text of `len` words, where
/// texts have `avg_len` words on average.
fn bm25_term(idf: f32, tf: f32, len: f32, avg_len: f32) -> f32 {
    let len_norm = 1.0 - B + B * len / avg_len;
    idf * tf * (K1 + 1.0) / (tf + K1 * len_norm)
}

fn idf(n: usize, df: usize) -> f32 {
    let n = n as f32;
    let df = df as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

fn trigrams(letters: &[char]) -> Vec<Trigram> {
    let mut out: Vec<Trigram> = letters
        .windows(3)
        .map(|w| (u64::from(w[0]) << 42) | (u64::from(w[1]) << 21) | u64::from(w[2]))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl Index {
    /// Builds the index. `amount_lines` are the amount lines of the procurement rules (from
    /// `timelines.toml`): a question naming an amount prefers entries about that amount's band.
    pub fn build(entries: &[Entry], analyzer: &Analyzer, amount_lines: &[u64]) -> Self {
        let analyzed = analyze_all(entries, analyzer);
        let mut amount_lines = amount_lines.to_vec();
        amount_lines.sort_unstable();
        amount_lines.dedup();
        let amount_bands = entries
            .iter()
            .map(|e| {
                let mut bands: Vec<usize> = e
                    .durations
                    .iter()
                    .filter_map(|d| d.amount)
                    .map(|a| amount_band(&amount_lines, a))
                    .collect();
                bands.sort_unstable();
                bands.dedup();
                bands
            })
            .collect();
        let mut vocabulary: HashMap<String, TermId, FastHash> = HashMap::default();
        let mut intern = |t: String| {
            let next = vocabulary.len() as TermId;
            *vocabulary.entry(t).or_insert(next)
        };
        let mut doc_terms: Vec<HashMap<TermId, f32>> = Vec::with_capacity(entries.len());
        let mut doc_len = Vec::with_capacity(entries.len());
        let mut phrasings = Vec::new();
        let mut trigram_postings: HashMap<Trigram, Vec<u32>, FastHash> = HashMap::default();
        for (e, fields) in analyzed.into_iter().enumerate() {
            let mut tf: HashMap<TermId, f32> = HashMap::new();
            let mut len = 0.0;
            for (terms, weight, grams) in fields {
                let mut ids: Vec<TermId> = terms.into_iter().map(&mut intern).collect();
                for id in &ids {
                    *tf.entry(*id).or_default() += weight;
                    len += weight;
                }
                // Title and questions are phrasings too: matched one by one.
                if let Some(grams) = grams {
                    ids.sort_unstable();
                    ids.dedup();
                    let p = phrasings.len() as u32;
                    for g in &grams {
                        trigram_postings.entry(*g).or_default().push(p);
                    }
                    phrasings.push(Phrasing {
                        entry: e as u32,
                        terms: ids,
                        trigrams: grams.len() as u32,
                    });
                }
            }
            doc_terms.push(tf);
            doc_len.push(len);
        }
        let mut postings = vec![Vec::new(); vocabulary.len()];
        for (e, tf) in doc_terms.into_iter().enumerate() {
            for (id, f) in tf {
                postings[id as usize].push((e as u32, f));
            }
        }
        let mut phrasing_postings = vec![Vec::new(); vocabulary.len()];
        for (p, ph) in phrasings.iter().enumerate() {
            for t in &ph.terms {
                phrasing_postings[*t as usize].push((p as u32, 0.0));
            }
        }
        let avg_phrasing_len = if phrasings.is_empty() {
            1.0
        } else {
            phrasings.iter().map(|p| p.terms.len() as f32).sum::<f32>() / phrasings.len() as f32
        };
        let n = entries.len();
        let idf_values: Vec<f32> = postings.iter().map(|p| idf(n, p.len())).collect();
        let avg_len = if n == 0 {
            1.0
        } else {
            doc_len.iter().sum::<f32>() / n as f32
        };
        // Each term's score in each entry and phrasing, once for all questions.
        for ((list, phrasing_list), idf) in postings
            .iter_mut()
            .zip(&mut phrasing_postings)
            .zip(&idf_values)
        {
            for (e, tf) in list.iter_mut() {
                *tf = bm25_term(*idf, *tf, doc_len[*e as usize], avg_len);
            }
            for (p, score) in phrasing_list.iter_mut() {
                let len = phrasings[*p as usize].terms.len() as f32;
                *score = bm25_term(*idf, 1.0, len, avg_phrasing_len);
            }
        }
        Self {
            vocabulary,
            postings,
            idf: idf_values,
            phrasings,
            phrasing_postings,
            trigram_postings,
            oov_idf: idf(n, 1),
            amount_lines,
            amount_bands,
            entry_count: n,
        }
    }

    /// Ranks the entries for `question`; entries not valid on `today` are never returned.
    pub fn search(
        &self,
        question: &str,
        analyzer: &Analyzer,
        entries: &[Entry],
        today: NaiveDate,
        limit: usize,
    ) -> Ranking {
        self.search_with(question, analyzer, entries, today, limit, BLEND, &[])
    }

    /// As [`Index::search`], with the signals blended by `blend` and the entries of `extra`
    /// scored whatever the signals nominate (the entries citing a provision the question names).
    #[allow(clippy::too_many_arguments)]
    pub fn search_with(
        &self,
        question: &str,
        analyzer: &Analyzer,
        entries: &[Entry],
        today: NaiveDate,
        limit: usize,
        blend: [f32; 4],
        extra: &[usize],
    ) -> Ranking {
        // Normalised once here for the words, the letters and the amount.
        let text = crate::thai::normalize(question);
        let (known, total_weight, unknown_share) = self.known_terms(&text, analyzer);
        if self.entry_count == 0 {
            return Ranking {
                unknown_share,
                ..Ranking::default()
            };
        }

        // BM25F, normalised by the query's own weight so 1.0 means "every word matched".
        let mut bm25 = vec![0.0_f32; self.entry_count];
        for t in &known {
            for (e, score) in &self.postings[*t as usize] {
                bm25[*e as usize] += score;
            }
        }
        if total_weight > 0.0 {
            for s in &mut bm25 {
                *s = (*s / total_weight).min(1.0);
            }
        }

        // BM25 of the question against each phrasing on its own, best phrasing per entry: the
        // closest way somebody has asked it before.
        // Only the phrasings a question word or trigram reaches are visited (`touched`); the
        // best per entry does not depend on the order they are visited in.
        let mut by_phrasing = vec![0.0_f32; self.phrasings.len()];
        let mut touched: Vec<u32> = Vec::new();
        // The same walk counts each question word once per entry whose phrasings use it.
        let mut cover = vec![0.0_f32; self.entry_count];
        let mut counted: Vec<Option<TermId>> = vec![None; self.entry_count];
        for t in &known {
            for (p, score) in &self.phrasing_postings[*t as usize] {
                let sum = &mut by_phrasing[*p as usize];
                if *sum == 0.0 {
                    touched.push(*p);
                }
                // Every term's score is positive, so a phrasing is touched once.
                *sum += score;
                let e = self.phrasings[*p as usize].entry as usize;
                if counted[e] != Some(*t) {
                    counted[e] = Some(*t);
                    cover[e] += self.idf[*t as usize];
                }
            }
        }
        let mut phrasing_best = vec![0.0_f32; self.entry_count];
        for p in &touched {
            let score = by_phrasing[*p as usize];
            if score > 0.0 {
                let best = &mut phrasing_best[self.phrasings[*p as usize].entry as usize];
                *best = best.max((score / total_weight.max(f32::EPSILON)).min(1.0));
            }
        }

        // Trigram Dice per phrasing, best phrasing per entry.
        let grams = trigrams(&analyzer.letters_normalized(&text));
        let mut shared = vec![0_u16; self.phrasings.len()];
        touched.clear();
        let cap = ((self.phrasings.len() as f32) * TRIGRAM_MAX_SHARE).max(20.0) as usize;
        let mut used = 0_u32;
        for g in &grams {
            if let Some(list) = self.trigram_postings.get(g) {
                if list.len() > cap {
                    continue;
                }
                for p in list {
                    let count = &mut shared[*p as usize];
                    if *count == 0 {
                        touched.push(*p);
                    }
                    *count = count.saturating_add(1);
                }
            }
            used += 1;
        }
        let mut trigram = vec![0.0_f32; self.entry_count];
        for p in &touched {
            let count = &shared[*p as usize];
            if *count > 0 {
                let ph = &self.phrasings[*p as usize];
                let dice = 2.0 * f32::from(*count) / (used + ph.trigrams).max(1) as f32;
                let best = &mut trigram[ph.entry as usize];
                *best = best.max(dice);
            }
        }

        let question_band = band_of_normalized(&self.amount_lines, &text);
        let bm25_leader = leader(&bm25);
        let mut candidates: Vec<usize> = top_positions(&bm25, BM25_CANDIDATES);
        for e in top_positions(&trigram, TRIGRAM_CANDIDATES)
            .into_iter()
            .chain(top_positions(&phrasing_best, TRIGRAM_CANDIDATES))
            .chain(extra.iter().copied().filter(|e| *e < self.entry_count))
        {
            if !candidates.contains(&e) {
                candidates.push(e);
            }
        }
        let mut hits: Vec<Hit> = candidates
            .into_iter()
            .filter(|e| entries[*e].is_valid_on(today))
            .map(|e| {
                let phrasing = phrasing_best[e];
                let bands = &self.amount_bands[e];
                let amount_fit = match question_band {
                    Some(band) if !bands.is_empty() => {
                        if bands.contains(&band) {
                            1.0
                        } else {
                            -1.0
                        }
                    }
                    _ => 0.0,
                };
                let mut hit = Hit {
                    entry: e,
                    score: 0.0,
                    bm25: bm25[e],
                    phrasing,
                    trigram: trigram[e],
                    phrasing_cover: (cover[e] / total_weight.max(f32::EPSILON)).min(1.0),
                    amount_fit,
                    conflict: None,
                    unstated_slots: 0,
                };
                hit.score = hit.blend(blend);
                hit
            })
            .filter(|h| h.score > 0.0 || extra.contains(&h.entry))
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        hits.truncate(limit);
        Ranking {
            hits,
            unknown_share,
            bm25_leader,
        }
    }

    /// The question's terms the index knows (sorted, unique), the question's whole idf weight,
    /// and the share of that weight made of words the index has never seen.
    fn known_terms(&self, text: &str, analyzer: &Analyzer) -> (Vec<TermId>, f32, f32) {
        let mut known: Vec<TermId> = Vec::new();
        let mut unknown_weight = 0.0;
        for term in analyzer.terms_normalized(text) {
            match self.vocabulary.get(&term) {
                Some(id) => known.push(*id),
                None => unknown_weight += self.oov_idf,
            }
        }
        known.sort_unstable();
        known.dedup();
        let known_weight: f32 = known.iter().map(|t| self.idf[*t as usize]).sum();
        let total_weight = known_weight + unknown_weight;
        let unknown_share = if total_weight > 0.0 {
            unknown_weight / total_weight
        } else {
            1.0
        };
        (known, total_weight, unknown_share)
    }

    /// Sets each hit's [`Hit::phrasing_cover`] for the whole of a normalised question (the hits
    /// of a two-part question were scored against one ask each).
    pub fn cover_phrasings(&self, text: &str, analyzer: &Analyzer, hits: &mut [Hit]) {
        let (known, total_weight, _) = self.known_terms(text, analyzer);
        // One walk over the question's phrasing postings, each entry looked up in O(1).
        let mut slot: Vec<Option<usize>> = vec![None; self.entry_count];
        for (i, hit) in hits.iter_mut().enumerate() {
            hit.phrasing_cover = 0.0;
            if let Some(s) = slot.get_mut(hit.entry) {
                *s = Some(i);
            }
        }
        let mut counted: Vec<Option<TermId>> = vec![None; hits.len()];
        for t in &known {
            for (p, _) in &self.phrasing_postings[*t as usize] {
                let entry = self.phrasings[*p as usize].entry as usize;
                if let Some(i) = slot[entry]
                    && counted[i] != Some(*t)
                {
                    counted[i] = Some(*t);
                    hits[i].phrasing_cover += self.idf[*t as usize];
                }
            }
        }
        for hit in hits.iter_mut() {
            hit.phrasing_cover = (hit.phrasing_cover / total_weight.max(f32::EPSILON)).min(1.0);
        }
    }

    /// The share of a normalised question's idf weight made of words the index has never seen.
    pub fn unknown_share(&self, text: &str, analyzer: &Analyzer) -> f32 {
        self.known_terms(text, analyzer).2
    }

    pub fn entry_count(&self) -> usize {
        self.entry_count
    }
}

/// One analysed field: its terms, its BM25F weight, and for phrasings its trigrams.
type Field = (Vec<String>, f32, Option<Vec<Trigram>>);

fn analyze_entry(entry: &Entry, analyzer: &Analyzer) -> Vec<Field> {
    let phrasing = |text: &str, weight: f32| {
        (
            analyzer.terms(text),
            weight,
            Some(trigrams(&analyzer.letters(text))),
        )
    };
    let mut fields = vec![phrasing(&entry.title, W_TITLE + W_QUESTION)];
    fields.extend(entry.questions.iter().map(|q| phrasing(q, W_QUESTION)));
    fields.extend(entry.tags.iter().map(|t| (analyzer.terms(t), W_TAG, None)));
    fields.push((analyzer.terms(&entry.short_answer), W_BODY, None));
    fields.push((analyzer.terms(&entry.details), W_BODY, None));
    fields
}

/// Segmentation is most of the build; it runs on every core, in entry order.
fn analyze_all(entries: &[Entry], analyzer: &Analyzer) -> Vec<Vec<Field>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = entries.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = entries
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|e| analyze_entry(e, analyzer))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// `top_positions(scores, 1).first()`, in one pass when a single position holds the top score;
/// on a tie the selection itself decides, as it always has.
fn leader(scores: &[f32]) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut tied = false;
    for (i, score) in scores.iter().enumerate() {
        if *score > 0.0 {
            match best.map(|b| score.total_cmp(&scores[b])) {
                None | Some(std::cmp::Ordering::Greater) => {
                    best = Some(i);
                    tied = false;
                }
                Some(std::cmp::Ordering::Equal) => tied = true,
                Some(std::cmp::Ordering::Less) => {}
            }
        }
    }
    if tied {
        top_positions(scores, 1).first().copied()
    } else {
        best
    }
}

fn top_positions(scores: &[f32], k: usize) -> Vec<usize> {
    // Sized once: a filtered collect would grow (and copy) the list several times.
    let mut positions: Vec<usize> = Vec::with_capacity(scores.len());
    positions.extend((0..scores.len()).filter(|i| scores[*i] > 0.0));
    if positions.len() > k {
        positions.select_nth_unstable_by(k, |a, b| scores[*b].total_cmp(&scores[*a]));
        positions.truncate(k);
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: &[u64] = &[500_000, 5_000_000, 10_000_000, 50_000_000];

    #[test]
    fn the_leader_is_the_first_of_the_top_position() {
        let cases: [&[f32]; 7] = [
            &[],
            &[0.0, 0.0],
            &[0.3],
            &[0.1, 0.7, 0.2, 0.0],
            &[1.0, 0.5, 1.0, 0.2, 1.0],
            &[0.2; 40],
            &[
                0.5, 0.1, 0.9, 0.9, 0.3, 0.9, 0.0, 0.4, 0.2, 0.8, 0.6, 0.7, 0.1, 0.3, 0.2, 0.5,
                0.9, 0.1, 0.4, 0.6,
            ],
        ];
        for scores in cases {
            assert_eq!(
                leader(scores),
                top_positions(scores, 1).first().copied(),
                "{scores:?}"
            );
        }
    }

    #[test]
    fn an_amount_on_a_line_is_in_the_band_it_tops() {
        assert_eq!(question_band(LINES, "อีบิด 50 ล้าน ประกาศกี่วัน"), Some(3));
        assert_eq!(question_band(LINES, "ไม่เกิน ๕๐ ล้าน ประกาศกี่วัน"), Some(3));
        assert_eq!(question_band(LINES, "งบ 3 ล้าน"), Some(1));
        assert_eq!(question_band(LINES, "ถามเรื่องวันหยุด"), None);
    }

    #[test]
    fn over_an_amount_is_the_band_above_it() {
        assert_eq!(
            question_band(LINES, "ประกวดราคาเกิน ๕๐ ล้าน ประกาศกี่วัน"),
            Some(4)
        );
        assert_eq!(question_band(LINES, "วงเงินเกิน 5 แสน ถึง 5 ล้าน"), Some(1));
        assert_eq!(question_band(LINES, "e-bidding over 10 million"), Some(3));
        assert_eq!(question_band(LINES, "งานไม่เกิน 10 ล้าน"), Some(2));
        assert_eq!(question_band(LINES, "not over 10 million"), Some(2));
    }
}
