//! `cargo bench --bench ask`: answer latency (p50/p99), index build time and resident memory,
//! on the real knowledge base and on a synthetic one of 5,000 entries.
//!
//! Not a timed test: figures are printed for README's Performance section.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clinic::knowledge::{Entry, EntryId, Index, KnowledgeBase};

/// A small deterministic generator, so runs are comparable without a `rand` dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, words: &'a [String]) -> &'a str {
        &words[(self.next() % words.len() as u64) as usize]
    }
}

fn rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn questions(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("tests/eval/questions.jsonl")).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["q"].as_str().map(String::from))
        .collect()
}

fn measure(label: &str, index: &Index, kb: &KnowledgeBase, entries: &[Entry], qs: &[String]) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    // Warm up, then time each question several times.
    for q in qs {
        index.search(q, &kb.analyzer, entries, today, 4);
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        for q in qs {
            let t = Instant::now();
            std::hint::black_box(index.search(q, &kb.analyzer, entries, today, 4));
            times.push(t.elapsed());
        }
    }
    times.sort();
    println!(
        "{label}: {} searches, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        percentile(&times, 0.50).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
    );
}

fn synthetic(real: &[Entry], words: &[String], count: usize) -> Vec<Entry> {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let base = &real[i % real.len()];
        let mut e = base.clone();
        e.id = EntryId::parse(&format!("synthetic-{i}")).expect("valid id");
        // Random dictionary words, a space every few words as Thai writing has between phrases.
        let noise = |rng: &mut XorShift, n: usize| {
            let picked: Vec<&str> = (0..n).map(|_| rng.pick(words)).collect();
            picked
                .chunks(3)
                .map(|c| c.concat())
                .collect::<Vec<_>>()
                .join(" ")
        };
        e.title = format!("{} {}", base.title, noise(&mut rng, 2));
        e.questions = base
            .questions
            .iter()
            .map(|q| format!("{}{}", noise(&mut rng, 2), q))
            .collect();
        e.short_answer = format!("{} {}", base.short_answer, noise(&mut rng, 6));
        e.details = format!("{} {}", base.details, noise(&mut rng, 30));
        out.push(e);
    }
    out
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rss_start = rss_kib("VmRSS:");
    let t = Instant::now();
    let kb = KnowledgeBase::load(&dir.join("knowledge")).expect("knowledge loads");
    let load = t.elapsed();
    let rss_loaded = rss_kib("VmRSS:");
    let t = Instant::now();
    let index = Index::build(&kb.entries, &kb.analyzer);
    let build = t.elapsed();
    let qs = questions(dir);
    println!(
        "real KB: {} entries; load (dictionary + files) {:.0} ms; index build {:.1} ms; RSS after load {} MiB (start {} MiB)",
        kb.entries.len(),
        load.as_secs_f64() * 1e3,
        build.as_secs_f64() * 1e3,
        rss_loaded / 1024,
        rss_start / 1024
    );
    measure("real KB", &index, &kb, &kb.entries, &qs);

    let words: Vec<String> = std::fs::read_to_string(dir.join("knowledge/dictionary/words_th.txt"))
        .expect("word list")
        .lines()
        .map(String::from)
        .collect();
    let entries = synthetic(&kb.entries, &words, 5_000);
    let rss_before = rss_kib("VmRSS:");
    let t = Instant::now();
    let big = Index::build(&entries, &kb.analyzer);
    let build = t.elapsed();
    let rss_after = rss_kib("VmRSS:");
    println!(
        "synthetic KB: {} entries, {} phrasings; index build {:.0} ms; index memory ≈ {} MiB",
        entries.len(),
        entries.iter().map(|e| e.questions.len() + 1).sum::<usize>(),
        build.as_secs_f64() * 1e3,
        rss_after.saturating_sub(rss_before) / 1024
    );
    measure("synthetic 5,000", &big, &kb, &entries, &qs);
    println!("peak RSS (VmHWM): {} MiB", rss_kib("VmHWM:") / 1024);
}
