//! `cargo run --release --example calibrate`: how retrieval and confidence are calibrated.
//!
//! Runs the tuning pool (`tests/eval/questions.jsonl` and the judged blind sets in
//! `tests/eval/blind/`, see `tests/eval/README.md`) through the index and
//! 1. re-blends the retrieval signals over a grid of weights and prints the ranked-first accuracy
//!    of the best blend (the `BLEND` weights in `knowledge/index.rs`);
//! 2. fits the logistic regression of `knowledge::calibration` ("the first entry is the right
//!    one", out-of-scope questions count as wrong) and prints the coefficients to ship as
//!    `COEFFICIENTS` in `knowledge/answer.rs` — `tests/it/eval.rs` refits and fails when they differ;
//! 3. cross-validates that fit grouped by entry (all questions of an entry held out together,
//!    10 folds) and prints the area under the ROC curve, the expected calibration error and the
//!    answered-right / answered-wrong trade-off per threshold on the held-out predictions.

use std::path::Path;

use chrono::NaiveDate;
use clinic::knowledge::calibration::{self, LabelledQuestion};
use clinic::knowledge::{Answerer, BLEND, COEFFICIENTS, KnowledgeBase};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let answerer = Answerer::new(KnowledgeBase::load(&dir.join("knowledge")).expect("loads"));
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let pool = calibration::tuning_pool(&dir.join("tests/eval")).expect("tuning pool");
    let rankings: Vec<(&LabelledQuestion, clinic::knowledge::Ranking)> = pool
        .iter()
        .map(|q| (q, answerer.rank(&q.q, today, 60)))
        .collect();
    let id = |entry: usize| answerer.kb.entries[entry].id.to_string();
    let in_scope = pool.iter().filter(|q| q.expected.is_some()).count().max(1) as f32;
    let top1 = |w: [f32; 4]| {
        rankings
            .iter()
            .filter(|(q, r)| {
                let first = r
                    .hits
                    .iter()
                    .max_by(|x, y| x.blend(w).total_cmp(&y.blend(w)));
                first.is_some_and(|h| q.is_answered_by(&id(h.entry)))
            })
            .count() as f32
            / in_scope
    };
    let mut best = (BLEND, 0.0);
    for a in 0..=10 {
        for b in 0..=(10 - a) {
            let w = [
                a as f32 / 10.0,
                b as f32 / 10.0,
                (10 - a - b) as f32 / 10.0,
                BLEND[3],
            ];
            let share = top1(w);
            if share > best.1 + 1e-6 {
                best = (w, share);
            }
        }
    }
    println!(
        "tuning pool: {} questions ({} in scope)",
        pool.len(),
        in_scope
    );
    println!("ranked first with BLEND {BLEND:?}: {:.3}", top1(BLEND));
    println!("best blend on this pool {:?}: {:.3}", best.0, best.1);

    let samples = calibration::samples(&answerer, &pool, today);
    let fitted = calibration::rounded(&calibration::fit(&samples));
    println!("COEFFICIENTS = {fitted:?} (shipped: {COEFFICIENTS:?})");

    let shipped: Vec<(f32, bool)> = samples
        .iter()
        .map(|s| (calibration::predict(&COEFFICIENTS, &s.features), s.right))
        .collect();
    println!(
        "shipped coefficients on the whole pool (not held out): AUC {:.3}, expected calibration error {:.3}",
        calibration::auc(&shipped),
        calibration::expected_calibration_error(&shipped, 10)
    );
    let held_out = calibration::cross_validated(&samples, 10);
    println!(
        "cross-validated by entry (10 folds): AUC {:.3}, expected calibration error {:.3}",
        calibration::auc(&held_out),
        calibration::expected_calibration_error(&held_out, 10)
    );
    let n = held_out.len() as f32;
    for t in [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9] {
        let answered_right = held_out.iter().filter(|(p, y)| *p >= t && *y).count() as f32;
        let answered_wrong = held_out.iter().filter(|(p, y)| *p >= t && !*y).count() as f32;
        println!(
            "held out, threshold {t:.2}: answered right {:.3}, answered wrongly {:.3}",
            answered_right / n,
            answered_wrong / n
        );
    }
}
