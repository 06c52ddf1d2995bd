//! `cargo bench --bench route`: what routing a case text costs, on the real knowledge folder.
//!
//! The knowledge base's search, the vocabulary and the model are timed apart: the vocabulary and
//! the model together should add at most 0.2 ms per text to the search. Not a timed test:
//! figures are printed for README's Performance section.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clinic::desk::Advisor;
use clinic::routing::KB_VOTES;
use clinic::thai::normalize;

fn texts(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("tests/eval/routing.jsonl")).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(String::from))
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Times `f` on every text, five rounds after a warm-up; prints p50, p99 and the mean.
fn measure(label: &str, texts: &[String], mut f: impl FnMut(&str)) -> Duration {
    for t in texts {
        f(t);
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        for t in texts {
            let start = Instant::now();
            f(t);
            times.push(start.elapsed());
        }
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "{label}: {} texts, p50 {:.3} ms, p99 {:.3} ms, mean {:.3} ms",
        times.len(),
        percentile(&times, 0.50).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        mean.as_secs_f64() * 1e3,
    );
    mean
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let t = Instant::now();
    let advisor = Advisor::load(&dir.join("knowledge")).expect("knowledge loads");
    println!(
        "load (knowledge base, vocabulary, model fitted): {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let texts = texts(dir);
    let answerer = &advisor.answerer;
    let router = &advisor.router;
    let search = measure(
        "knowledge-base search (routing had it before)",
        &texts,
        |t| {
            std::hint::black_box(answerer.rank(t, today, KB_VOTES));
        },
    );
    let vocabulary = measure("vocabulary (agency-terms.toml)", &texts, |t| {
        std::hint::black_box(router.terms.find(&normalize(t)));
    });
    let model = measure("model", &texts, |t| {
        std::hint::black_box(router.model.predict(&answerer.kb.analyzer, &normalize(t)));
    });
    let whole = measure("whole route", &texts, |t| {
        std::hint::black_box(router.route(answerer, t, today));
    });
    println!(
        "added by vocabulary + model: {:.3} ms per text (whole route minus search: {:.3} ms)",
        (vocabulary + model).as_secs_f64() * 1e3,
        whole.saturating_sub(search).as_secs_f64() * 1e3
    );
}
