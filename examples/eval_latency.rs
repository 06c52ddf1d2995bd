//! Times the desk's answer to every eval question in-process, for `scripts/peer-compare.sh`.
//!
//! `cargo run --release --example eval_latency -- [KNOWLEDGE] [QUESTIONS] [TODAY]`
//!
//! Loads the knowledge base once (the load is reported apart), answers every question once to
//! warm up, then answers all of them `ROUNDS` times; a question's time is the median of its
//! rounds. Prints one JSON document: the build time and, per question, the entry ranked first,
//! whether the desk answered, and the time. Scoring is left to the caller, so both systems in the
//! comparison are scored by the same code.

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use clinic::desk::Advisor;
use serde::{Deserialize, Serialize};

const ROUNDS: usize = 5;

#[derive(Deserialize)]
struct Question {
    q: String,
    expected: Option<String>,
}

#[derive(Serialize)]
struct Timed {
    q: String,
    expected: Option<String>,
    /// The entry ranked first, answered or not.
    top1: Option<String>,
    answered: bool,
    /// The confidence of the entry ranked first.
    confidence: f32,
    micros: f64,
}

#[derive(Serialize)]
struct Report {
    load_ms: f64,
    rounds: usize,
    results: Vec<Timed>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let knowledge = PathBuf::from(args.next().unwrap_or_else(|| "knowledge".into()));
    let questions = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "tests/eval/questions.jsonl".into()),
    );
    let today: NaiveDate = args.next().unwrap_or_else(|| "2026-11-25".into()).parse()?;

    let cases: Vec<Question> = std::fs::read_to_string(&questions)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;

    let started = Instant::now();
    let advisor = Advisor::load(&knowledge)?;
    let load_ms = started.elapsed().as_secs_f64() * 1e3;

    let answers: Vec<_> = cases.iter().map(|c| advisor.ask(&c.q, today)).collect();
    let mut rounds = vec![Vec::with_capacity(ROUNDS); cases.len()];
    for _ in 0..ROUNDS {
        for (c, times) in cases.iter().zip(&mut rounds) {
            let t = Instant::now();
            std::hint::black_box(advisor.ask(std::hint::black_box(&c.q), today));
            times.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    let results = cases
        .into_iter()
        .zip(answers)
        .zip(rounds)
        .map(|((c, a), mut times)| {
            times.sort_by(f64::total_cmp);
            // Unanswered, the closest entries are the alternatives, best first.
            let (top1, confidence) = match a.alternatives.first() {
                _ if a.answered => (a.entry_id, a.confidence),
                Some(first) => (Some(first.entry_id.clone()), first.confidence),
                None => (None, 0.0),
            };
            Timed {
                q: c.q,
                expected: c.expected,
                top1,
                answered: a.answered,
                confidence,
                micros: times[times.len() / 2],
            }
        })
        .collect();
    let report = Report {
        load_ms,
        rounds: ROUNDS,
        results,
    };
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
