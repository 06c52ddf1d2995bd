//! Fitting the confidence model and measuring it honestly: a logistic regression over
//! [`features`](super::features) fitted by plain gradient descent (deterministic, so a test can
//! refit and compare with the shipped [`COEFFICIENTS`](super::COEFFICIENTS)), and
//! cross-validation grouped by entry — the questions of one entry are held out together, so the
//! figures say how the model does on entries it never saw — with the area under the ROC curve and
//! the expected calibration error.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::answer::{Answerer, FEATURES, features};

/// One labelled ranking: the features of its first entry, whether that entry is the right one,
/// and the group it is held out with (the expected entry; out-of-scope questions by themselves).
#[derive(Debug, Clone)]
pub struct Sample {
    pub features: [f32; FEATURES],
    pub right: bool,
    pub group: String,
}

pub type Coefficients = [f32; FEATURES + 1];

/// A labelled question of the tuning pool: the entry that answers it, or `None` when it is out
/// of scope and must not be answered.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LabelledQuestion {
    pub q: String,
    pub expected: Option<String>,
    /// Other entries that answer it as well (a judge found several).
    #[serde(default)]
    pub also: Vec<String>,
}

impl LabelledQuestion {
    pub fn is_answered_by(&self, entry: &str) -> bool {
        self.expected.as_deref() == Some(entry) || self.also.iter().any(|e| e == entry)
    }
}

/// The tuning pool: `questions.jsonl` and every judged blind set in `blind/*.jsonl` of the eval
/// folder (lines whose `expected` is absent count as out of scope).
pub fn tuning_pool(eval_dir: &std::path::Path) -> std::io::Result<Vec<LabelledQuestion>> {
    let mut files = vec![eval_dir.join("questions.jsonl")];
    if let Ok(dir) = std::fs::read_dir(eval_dir.join("blind")) {
        let mut blind: Vec<_> = dir
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        blind.sort();
        files.extend(blind);
    }
    let mut pool = Vec::new();
    for file in files {
        pool.extend(read_jsonl::<LabelledQuestion>(&file)?);
    }
    Ok(pool)
}

/// Every non-blank line of a JSON-lines file, parsed; a bad line is an error naming its file and
/// line.
pub fn read_jsonl<T: serde::de::DeserializeOwned>(
    file: &std::path::Path,
) -> std::io::Result<Vec<T>> {
    let text = std::fs::read_to_string(file)?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{}:{}: {e}", file.display(), i + 1),
                )
            })
        })
        .collect()
}

/// Ranks every question as of `today` and labels its first entry right or wrong.
pub fn samples(
    answerer: &Answerer,
    questions: &[LabelledQuestion],
    today: NaiveDate,
) -> Vec<Sample> {
    questions
        .iter()
        .map(|lq| {
            let ranking = answerer.rank(&lq.q, today, 4);
            let first = ranking
                .hits
                .first()
                .map(|h| answerer.kb.entries[h.entry].id.as_str());
            Sample {
                features: features(&ranking, 0),
                right: first.is_some_and(|id| lq.is_answered_by(id)),
                group: lq
                    .expected
                    .clone()
                    .unwrap_or_else(|| format!("out-of-scope: {}", lq.q)),
            }
        })
        .collect()
}

const ITERATIONS: usize = 30_000;
const LEARNING_RATE: f32 = 0.5;

pub fn predict(coef: &Coefficients, x: &[f32; FEATURES]) -> f32 {
    let z = coef[FEATURES] + x.iter().zip(coef).map(|(x, w)| x * w).sum::<f32>();
    1.0 / (1.0 + (-z).exp())
}

/// Logistic regression by full-batch gradient descent from zero: the same samples give the same
/// coefficients on every machine.
pub fn fit(samples: &[Sample]) -> Coefficients {
    let mut coef = [0.0_f32; FEATURES + 1];
    if samples.is_empty() {
        return coef;
    }
    let n = samples.len() as f32;
    for _ in 0..ITERATIONS {
        let mut grad = [0.0_f32; FEATURES + 1];
        for s in samples {
            let err = predict(&coef, &s.features) - f32::from(u8::from(s.right));
            for (g, x) in grad.iter_mut().zip(&s.features) {
                *g += err * x;
            }
            grad[FEATURES] += err;
        }
        for (c, g) in coef.iter_mut().zip(grad) {
            *c -= LEARNING_RATE * g / n;
        }
    }
    coef
}

/// Coefficients rounded the way they are shipped (two decimals).
pub fn rounded(coef: &Coefficients) -> Coefficients {
    coef.map(|c| (c * 100.0).round() / 100.0)
}

/// Out-of-fold predictions: groups are dealt to `folds` folds in their sorted order, each fold's
/// samples predicted by a model fitted on the others.
pub fn cross_validated(samples: &[Sample], folds: usize) -> Vec<(f32, bool)> {
    let folds = folds.max(2);
    let mut group_fold: BTreeMap<&str, usize> = BTreeMap::new();
    for s in samples {
        let next = group_fold.len();
        group_fold.entry(s.group.as_str()).or_insert(next % folds);
    }
    let mut out = vec![(0.0, false); samples.len()];
    for fold in 0..folds {
        let train: Vec<Sample> = samples
            .iter()
            .filter(|s| group_fold[s.group.as_str()] != fold)
            .cloned()
            .collect();
        let coef = fit(&train);
        for (i, s) in samples.iter().enumerate() {
            if group_fold[s.group.as_str()] == fold {
                out[i] = (predict(&coef, &s.features), s.right);
            }
        }
    }
    out
}

/// Area under the ROC curve: the chance a right answer scores above a wrong one (ties half).
pub fn auc(predictions: &[(f32, bool)]) -> f32 {
    let mut sorted: Vec<(f32, bool)> = predictions.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (pos, neg) = sorted.iter().fold((0.0_f64, 0.0_f64), |(p, n), (_, y)| {
        if *y { (p + 1.0, n) } else { (p, n + 1.0) }
    });
    if pos == 0.0 || neg == 0.0 {
        return 0.5;
    }
    // Sum of ranks of the positives, ties given their average rank.
    let mut rank_sum = 0.0_f64;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1].0 == sorted[i].0 {
            j += 1;
        }
        let average_rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += sorted[i..=j].iter().filter(|(_, y)| *y).count() as f64 * average_rank;
        i = j + 1;
    }
    ((rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)) as f32
}

/// Expected calibration error over `bins` equal-width confidence bins: the sample-weighted gap
/// between the mean confidence and the share right in each bin.
pub fn expected_calibration_error(predictions: &[(f32, bool)], bins: usize) -> f32 {
    let bins = bins.max(1);
    let mut sums = vec![(0.0_f64, 0.0_f64, 0_usize); bins];
    for (p, y) in predictions {
        let b = ((p.clamp(0.0, 1.0) * bins as f32) as usize).min(bins - 1);
        sums[b].0 += f64::from(*p);
        sums[b].1 += f64::from(u8::from(*y));
        sums[b].2 += 1;
    }
    let n = predictions.len().max(1) as f64;
    sums.iter()
        .filter(|(_, _, k)| *k > 0)
        .map(|(p, y, k)| (*k as f64 / n) * ((p - y) / *k as f64).abs())
        .sum::<f64>() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_is_one_when_every_right_answer_scores_higher_and_half_for_ties() {
        assert_eq!(auc(&[(0.9, true), (0.8, true), (0.2, false)]), 1.0);
        assert_eq!(auc(&[(0.2, true), (0.9, false)]), 0.0);
        assert_eq!(auc(&[(0.5, true), (0.5, false)]), 0.5);
    }

    #[test]
    fn calibration_error_of_counted_bins() {
        // Bin 0.8–0.9: confidence 0.8 twice, one right: gap 0.3; bin 0.1–0.2: 0.1, wrong: gap 0.1.
        let e = expected_calibration_error(&[(0.8, true), (0.8, false), (0.1, false)], 10);
        assert!(
            (e - (2.0 / 3.0 * 0.3 + 1.0 / 3.0 * 0.1)).abs() < 1e-6,
            "{e}"
        );
    }

    #[test]
    fn a_separable_feature_gets_a_positive_weight_and_held_out_groups_are_predicted() {
        let samples: Vec<Sample> = (0..40)
            .map(|i| {
                let right = i % 2 == 0;
                let mut features = [0.0; FEATURES];
                features[0] = if right { 1.0 } else { 0.0 };
                Sample {
                    features,
                    right,
                    group: format!("e{}", i % 8),
                }
            })
            .collect();
        assert!(fit(&samples)[0] > 1.0);
        let oof = cross_validated(&samples, 4);
        assert_eq!(oof.len(), samples.len());
        assert!(auc(&oof) > 0.99);
    }
}
