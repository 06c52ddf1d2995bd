//! `cargo run --release --example calibrate`: how retrieval and confidence were calibrated.
//!
//! Runs the evaluation questions (`tests/eval/questions.jsonl`) through the index,
//! 1. re-blends the retrieval signals over a grid of weights and prints the ranked-first accuracy
//!    of the best blend (the `BLEND` weights in `knowledge/index.rs`), and
//! 2. fits a logistic regression that predicts "the first entry is the right one" from
//!    `answer::features` (out-of-scope questions count as "wrong"), and prints its coefficients
//!    (the `COEFFICIENTS` in `knowledge/answer.rs`) with the correct / confidently-wrong
//!    trade-off per threshold.
//!
//! `-- --fit odd` (or `even`) fits on the questions on odd (even) lines of the file only and
//! prints every figure for both halves: the other half is then held out, an honest estimate of
//! how the fitted blend and coefficients do on questions they were not fitted to.

use std::path::Path;

use chrono::NaiveDate;
use clinic::knowledge::{Answerer, BLEND, FEATURES, KnowledgeBase, Ranking, features};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let answerer = Answerer::new(KnowledgeBase::load(&dir.join("knowledge")).expect("loads"));
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let args: Vec<String> = std::env::args().collect();
    // Line parity of the fitting half (1-based line numbers): None fits on every line.
    let fit_parity = match args.iter().position(|a| a == "--fit") {
        Some(i) => match args.get(i + 1).map(String::as_str) {
            Some("odd") => Some(1),
            Some("even") => Some(0),
            other => panic!("--fit takes odd or even, not {other:?}"),
        },
        None => None,
    };
    let text = std::fs::read_to_string(dir.join("tests/eval/questions.jsonl")).expect("eval");
    let all: Vec<(usize, Option<String>, Ranking)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| Some((i + 1, serde_json::from_str::<serde_json::Value>(l).ok()?)))
        .map(|(line, v)| {
            let q = v["q"].as_str().unwrap_or_default();
            (
                line,
                v["expected"].as_str().map(String::from),
                answerer.rank(q, today, 60),
            )
        })
        .collect();
    let half = |fit: bool| -> Vec<(Option<String>, Ranking)> {
        all.iter()
            .filter(|(line, _, _)| fit_parity.is_none_or(|p| (line % 2 == p) == fit))
            .map(|(_, e, r)| (e.clone(), r.clone()))
            .collect()
    };
    let cases = half(true);
    let held_out = fit_parity.map(|_| half(false));
    let id = |entry: usize| answerer.kb.entries[entry].id.to_string();
    let in_scope = cases.iter().filter(|c| c.0.is_some()).count() as f32;
    // Share of in-scope questions whose expected entry scores highest under blend `w`.
    let top1 = |cases: &[(Option<String>, Ranking)], w: [f32; 4]| {
        let right = cases
            .iter()
            .filter(|(expected, r)| {
                let first = r
                    .hits
                    .iter()
                    .max_by(|x, y| x.blend(w).total_cmp(&y.blend(w)));
                expected.is_some() && first.map(|h| id(h.entry)) == *expected
            })
            .count() as f32;
        right / cases.iter().filter(|c| c.0.is_some()).count().max(1) as f32
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
            let share = top1(&cases, w);
            if share > best.1 + 1e-6 {
                best = (w, share);
            }
        }
    }
    let current = cases
        .iter()
        .filter(|(e, r)| e.is_some() && r.hits.first().map(|h| id(h.entry)) == *e)
        .count() as f32;
    println!(
        "ranked first with BLEND {BLEND:?}: {:.3}",
        current / in_scope
    );
    println!("best blend on this set {:?}: {:.3}", best.0, best.1);
    if let Some(other) = &held_out {
        println!(
            "held-out half: ranked first with BLEND {:.3}, with the best blend above {:.3}",
            top1(other, BLEND),
            top1(other, best.0)
        );
    }

    let rows_of = |cases: &[(Option<String>, Ranking)]| -> Vec<([f32; FEATURES], bool)> {
        cases
            .iter()
            .map(|(expected, r)| {
                let right = r
                    .hits
                    .first()
                    .is_some_and(|h| Some(id(h.entry)) == *expected);
                (features(r, 0), right)
            })
            .collect()
    };
    let rows = rows_of(&cases);
    let mut coef = [0.0_f32; FEATURES + 1];
    let predict = |coef: &[f32; FEATURES + 1], x: &[f32; FEATURES]| {
        let z = coef[FEATURES] + x.iter().zip(coef).map(|(x, w)| x * w).sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    };
    for _ in 0..30_000 {
        let mut grad = [0.0_f32; FEATURES + 1];
        for (x, y) in &rows {
            let err = predict(&coef, x) - f32::from(u8::from(*y));
            for i in 0..FEATURES {
                grad[i] += err * x[i];
            }
            grad[FEATURES] += err;
        }
        for (c, g) in coef.iter_mut().zip(grad) {
            *c -= 0.5 * g / rows.len() as f32;
        }
    }
    println!("COEFFICIENTS = {coef:?}");
    let trade_off =
        |label: &str, rows: &[([f32; FEATURES], bool)], cases: &[(Option<String>, Ranking)]| {
            let n = rows.len() as f32;
            for t in [0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9] {
                let (mut correct, mut wrong) = (0, 0);
                for ((x, right), (expected, _)) in rows.iter().zip(cases) {
                    let answered = predict(&coef, x) >= t;
                    if answered && *right || !answered && expected.is_none() {
                        correct += 1;
                    }
                    if answered && !right {
                        wrong += 1;
                    }
                }
                println!(
                    "{label}threshold {t:.2}: answered correctly {:.3}, confidently wrong {:.3}",
                    correct as f32 / n,
                    wrong as f32 / n
                );
            }
        };
    trade_off("", &rows, &cases);
    if let Some(other) = &held_out {
        trade_off("held-out half: ", &rows_of(other), other);
    }
}
