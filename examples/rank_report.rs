//! `cargo run --release --locked -q --example rank_report [-- --misses]`: how well the index
//! ranks, set by set.
//!
//! For every judged blind set in `tests/eval/blind/` and for the team set
//! (`tests/eval/questions.jsonl`), prints the share of in-scope questions whose right entry (the
//! judge's `expected` or any `also`) is ranked first and among the first three; blind questions
//! answered by a computation are counted as well (their rule's entry is what the index should
//! find). Then routing accuracy on `routing.jsonl` and the blind case texts. With `--misses`, every
//! question whose right entry is not ranked first, with what was. With `--grid`, the same top-1
//! and top-3 for neighbours of the shipped weights (`knowledge::TUNING`), one weight moved at a
//! time: how the shipped ones were chosen.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clinic::desk::Advisor;
use clinic::knowledge::calibration::{self, LabelledQuestion};
use clinic::knowledge::{TUNING, Tuning};
use serde::Deserialize;

const TOP: usize = 3;

#[derive(Deserialize)]
struct RoutingCase {
    text: String,
    agency: Option<String>,
}

fn jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Vec<T> {
    calibration::read_jsonl(path).unwrap_or_else(|e| panic!("{e}"))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Counts for one set: in-scope questions, right entry first, right entry in the first three.
#[derive(Default, Clone, Copy)]
struct Tally {
    in_scope: usize,
    top1: usize,
    top3: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.in_scope += other.in_scope;
        self.top1 += other.top1;
        self.top3 += other.top3;
    }

    fn line(&self, name: &str) -> String {
        let pct = |n: usize| 100.0 * n as f64 / self.in_scope.max(1) as f64;
        format!(
            "{name:<14} {:>4} in scope   top-1 {:5.1} %   top-3 {:5.1} %",
            self.in_scope,
            pct(self.top1),
            pct(self.top3)
        )
    }
}

fn main() {
    let show_misses = std::env::args().any(|a| a == "--misses");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let eval = root.join("tests/eval");
    let advisor = Advisor::load(&root.join("knowledge")).expect("knowledge loads");
    let answerer = &advisor.answerer;
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");

    let tally_with = |name: &str, questions: &[LabelledQuestion], tuning: &Tuning| {
        let mut t = Tally::default();
        for q in questions.iter().filter(|q| q.expected.is_some()) {
            let ids: Vec<&str> = answerer
                .rank_with(&q.q, today, TOP, tuning)
                .hits
                .iter()
                .map(|h| answerer.kb.entries[h.entry].id.as_str())
                .collect();
            t.in_scope += 1;
            let first = ids.first().is_some_and(|id| q.is_answered_by(id));
            t.top1 += usize::from(first);
            t.top3 += usize::from(ids.iter().any(|id| q.is_answered_by(id)));
            if show_misses && !first {
                println!(
                    "  miss [{name}] {} — expected {:?} also {:?}, ranked {ids:?}",
                    q.q, q.expected, q.also
                );
            }
        }
        t
    };
    let tally = |name: &str, questions: &[LabelledQuestion]| tally_with(name, questions, &TUNING);

    let blind_sets: Vec<(String, Vec<LabelledQuestion>)> = files_in(&eval.join("blind"))
        .iter()
        .map(|file| {
            let name = file
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            (name, jsonl(file))
        })
        .collect();
    let team_set: Vec<LabelledQuestion> = jsonl(&eval.join("questions.jsonl"));

    if std::env::args().any(|a| a == "--grid") {
        for tuning in neighbours(&TUNING) {
            let mut blind = Tally::default();
            for (name, set) in &blind_sets {
                blind.add(tally_with(name, set, &tuning));
            }
            let team = tally_with("team", &team_set, &tuning);
            println!(
                "{tuning:?}\n    {}\n    {}",
                blind.line("blind (all)"),
                team.line("team")
            );
        }
        return;
    }

    let mut blind = Tally::default();
    let mut lines = Vec::new();
    for (name, set) in &blind_sets {
        let t = tally(name, set);
        blind.add(t);
        lines.push(t.line(name));
    }
    let team = tally("team", &team_set);
    for l in &lines {
        println!("{l}");
    }
    println!("{}", blind.line("blind (all)"));
    println!("{}", team.line("team"));

    let routed = |cases: &[RoutingCase]| {
        let right = cases
            .iter()
            .filter(|c| advisor.route(&c.text, today).agency == c.agency)
            .count();
        (right, cases.len())
    };
    let (right, n) = routed(&jsonl(&eval.join("routing.jsonl")));
    println!(
        "routing        {n:>4} texts      right agency {:5.1} %",
        100.0 * right as f64 / n.max(1) as f64
    );
    let blind_routing: Vec<RoutingCase> = files_in(&eval.join("blind-routing"))
        .iter()
        .flat_map(|f| jsonl::<RoutingCase>(f))
        .collect();
    let (right, n) = routed(&blind_routing);
    println!(
        "blind routing  {n:>4} texts      right agency {:5.1} %",
        100.0 * right as f64 / n.max(1) as f64
    );
}

/// The shipped weights, then each weight moved on its own to nearby values.
fn neighbours(shipped: &Tuning) -> Vec<Tuning> {
    let mut out = vec![*shipped];
    let [bm25, phrasing, trigram, amount] = shipped.blend;
    let blends = [
        [0.6, 0.0, 0.4, amount],
        [0.6, 0.1, 0.3, amount],
        [0.5, 0.1, 0.4, amount],
        [0.7, 0.1, 0.2, amount],
        [0.5, 0.2, 0.3, amount],
        [0.6, 0.2, 0.2, amount],
        [0.7, 0.0, 0.3, amount],
        [0.5, 0.0, 0.5, amount],
        [bm25, phrasing, trigram, amount - 0.05],
        [bm25, phrasing, trigram, amount + 0.05],
    ];
    out.extend(blends.into_iter().map(|blend| Tuning { blend, ..*shipped }));
    out.extend(
        [0.0, 0.15, 0.2, 0.3, 0.4]
            .into_iter()
            .map(|later_parts| Tuning {
                later_parts,
                ..*shipped
            }),
    );
    out.extend(
        [0.0, 0.1, 0.15, 0.2, 0.25, 0.3]
            .into_iter()
            .map(|provision| Tuning {
                provision,
                ..*shipped
            }),
    );
    out.dedup();
    out
}
