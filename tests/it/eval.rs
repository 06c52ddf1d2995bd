//! The evaluation sets in `tests/eval/`: questions written the way officers write them, each
//! with the entry that answers it (or null: out of scope, must not be answered), and case texts
//! with the agency that should take them. The answer floors apply to the judged blind sets
//! (`tests/eval/blind/`: written by people who never read `knowledge/`), with a margin; the team's
//! own set only prints its figures, because the knowledge was written against it. The figures
//! are printed so a change that moves them shows in the test log.

use std::path::Path;

use chrono::NaiveDate;
use clinic::desk::Advisor;
use serde::Deserialize;

const BLIND_TOP1_FLOOR: f64 = 0.76;
const BLIND_WRONG_CEILING: f64 = 0.10;
const ROUTING_FLOOR: f64 = 0.90;
/// The model learns from `knowledge/routing-examples.jsonl`, which holds these texts; this floor
/// is for each text routed by a model fitted without it (five folds).
const ROUTING_HELD_OUT_FLOOR: f64 = 0.90;

#[derive(Deserialize)]
struct QuestionCase {
    q: String,
    expected: Option<String>,
}

#[derive(Deserialize)]
struct RoutingCase {
    text: String,
    agency: Option<String>,
}

fn read_jsonl<T: serde::de::DeserializeOwned>(name: &str) -> Vec<T> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval")
        .join(name);
    clinic::knowledge::calibration::read_jsonl(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn advisor() -> Advisor {
    Advisor::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"))
        .expect("knowledge loads")
}

fn eval_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid date")
}

#[test]
fn team_questions_print_their_figures() {
    let advisor = advisor();
    let cases: Vec<QuestionCase> = read_jsonl("questions.jsonl");
    let known_ids: Vec<&str> = advisor
        .answerer
        .kb
        .entries
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    for c in &cases {
        if let Some(id) = &c.expected {
            assert!(
                known_ids.contains(&id.as_str()),
                "eval expects unknown entry `{id}`"
            );
        }
    }
    let (mut in_scope, mut ranked_first, mut correct, mut confidently_wrong) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for c in &cases {
        let ranking = advisor.answerer.rank(&c.q, eval_day(), 1);
        let first = ranking
            .hits
            .first()
            .map(|h| advisor.answerer.kb.entries[h.entry].id.to_string());
        let answer = advisor.ask(&c.q, eval_day());
        if let Some(expected) = &c.expected {
            in_scope += 1;
            ranked_first += usize::from(first.as_deref() == Some(expected.as_str()));
        }
        let ok = match (&c.expected, answer.answered) {
            (Some(expected), true) => answer.entry_id.as_deref() == Some(expected.as_str()),
            (None, false) => true,
            _ => false,
        };
        correct += usize::from(ok);
        if answer.answered && !ok {
            confidently_wrong += 1;
        }
        if !ok {
            misses.push(format!(
                "{} — expected {:?} got {:?} (answered {}, conf {:.3}, first {:?})",
                c.q, c.expected, answer.entry_id, answer.answered, answer.confidence, first
            ));
        }
    }
    let n = cases.len() as f64;
    // Top-1: the right entry ranked first (in-scope questions). Answering wrong — a wrong entry,
    // or any entry for an out-of-scope question — is counted separately as confidently wrong.
    let top1 = ranked_first as f64 / in_scope.max(1) as f64;
    let answered_correctly = correct as f64 / n;
    let wrong = confidently_wrong as f64 / n;
    println!(
        "eval: {} questions ({} in scope): top-1 {:.1} %, confidently wrong {:.1} %, answered correctly (incl. declining out-of-scope) {:.1} %",
        cases.len(),
        in_scope,
        100.0 * top1,
        100.0 * wrong,
        100.0 * answered_correctly
    );
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(
        cases.len() >= 300,
        "the eval set needs at least 300 questions"
    );
}

#[derive(Deserialize)]
struct BlindCase {
    q: String,
    /// The entry a judge found answering it; absent when none does (then it must not be answered).
    expected: Option<String>,
    #[serde(default)]
    also: Vec<String>,
    /// "compute-date" and "compute-money" questions are answered by computing: whether the
    /// figure is right takes a judge, so they are left out of the entry-level counts.
    #[serde(default)]
    shape: Option<String>,
}

/// Every judged blind set: questions whose authors never read `knowledge/` or `tests/eval/`,
/// labelled afterwards by a judge with the entries that answer them.
fn blind_cases() -> Vec<BlindCase> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/blind");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/eval/blind exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            read_jsonl::<BlindCase>(&format!(
                "blind/{}",
                f.file_name().unwrap().to_string_lossy()
            ))
        })
        .collect()
}

#[test]
fn blind_questions_meet_the_floors() {
    let advisor = advisor();
    let cases = blind_cases();
    let (mut covered, mut ranked_first, mut answered_right, mut answered_wrong) = (0, 0, 0, 0);
    // Questions asked back instead of declined, and how many of those offer a right entry.
    let (mut asked_back, mut asked_back_right) = (0, 0);
    let cases: Vec<&BlindCase> = cases
        .iter()
        .filter(|c| !c.shape.as_deref().is_some_and(|s| s.starts_with("compute")))
        .collect();
    for c in &cases {
        let right = |id: &str| c.expected.as_deref() == Some(id) || c.also.iter().any(|a| a == id);
        let first = advisor
            .answerer
            .rank(&c.q, eval_day(), 1)
            .hits
            .first()
            .map(|h| advisor.answerer.kb.entries[h.entry].id.to_string());
        let (answer, clarification) = advisor.consult(&c.q, eval_day());
        if c.expected.is_some() {
            covered += 1;
            ranked_first += usize::from(first.as_deref().is_some_and(right));
        }
        if let Some(clarification) = &clarification {
            asked_back += 1;
            asked_back_right +=
                usize::from(clarification.options.iter().any(|o| right(&o.entry_id)));
        }
        if answer.answered {
            // A computed or looked-up answer names the entry of its rule.
            if answer.entry_id.as_deref().is_some_and(right) {
                answered_right += 1;
            } else {
                answered_wrong += 1;
                println!("  answered wrongly: {:?} with {:?}", c.q, answer.entry_id);
            }
        }
    }
    let top1 = ranked_first as f64 / covered.max(1) as f64;
    let wrong = answered_wrong as f64 / cases.len().max(1) as f64;
    println!(
        "blind: {} questions, computations aside ({covered} covered by an entry): right entry first {:.1} %, answered with the right entry {:.1} %, answered with a wrong one (or when nothing covers it) {:.1} %",
        cases.len(),
        100.0 * top1,
        100.0 * answered_right as f64 / cases.len().max(1) as f64,
        100.0 * wrong
    );
    println!(
        "blind: asked back instead of declining {asked_back} ({:.1} %), a right entry among the choices in {asked_back_right}",
        100.0 * asked_back as f64 / cases.len().max(1) as f64
    );
    assert!(
        cases.len() >= 150,
        "the blind sets need at least 150 questions"
    );
    assert!(
        top1 >= BLIND_TOP1_FLOOR,
        "blind: right entry first {top1:.3} below the floor {BLIND_TOP1_FLOOR}"
    );
    assert!(
        wrong <= BLIND_WRONG_CEILING,
        "blind: answered wrongly {wrong:.3} above the ceiling {BLIND_WRONG_CEILING}"
    );
}

#[test]
fn the_shipped_confidence_coefficients_are_what_the_tuning_pool_fits() {
    use clinic::knowledge::COEFFICIENTS;
    use clinic::knowledge::calibration;
    let advisor = advisor();
    let pool = calibration::tuning_pool(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval"))
        .expect("tuning pool");
    let samples = calibration::samples(&advisor.answerer, &pool, eval_day());
    let fitted = calibration::rounded(&calibration::fit(&samples));
    let off: Vec<String> = fitted
        .iter()
        .zip(COEFFICIENTS)
        .enumerate()
        .filter(|(_, (f, s))| (*f - s).abs() > 0.011)
        .map(|(i, (f, s))| format!("coefficient {i}: fitted {f}, shipped {s}"))
        .collect();
    assert!(
        off.is_empty(),
        "refit with `cargo run --release --example calibrate` and ship {fitted:?}: {off:?}"
    );
}

/// A question reduced to what a reader compares: normalised, letters and digits only.
fn comparable(text: &str) -> String {
    clinic::thai::normalize(text)
        .chars()
        .filter(|c| c.is_alphanumeric() || ('\u{0E01}'..='\u{0E5B}').contains(c))
        .collect()
}

/// The eval measures questions the entries were not written from: no eval question may equal
/// an entry's title or one of its phrasings (after normalisation, ignoring spaces and punctuation).
#[test]
fn no_eval_question_is_copied_into_an_entry() {
    let advisor = advisor();
    let phrasings: std::collections::HashMap<String, &str> = advisor
        .answerer
        .kb
        .entries
        .iter()
        .flat_map(|e| {
            std::iter::once(&e.title)
                .chain(&e.questions)
                .map(move |q| (comparable(q), e.id.as_str()))
        })
        .collect();
    let cases: Vec<QuestionCase> = read_jsonl("questions.jsonl");
    let copied: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            phrasings
                .get(&comparable(&c.q))
                .map(|id| format!("{:?} is a phrasing of `{id}`", c.q))
        })
        .collect();
    assert!(copied.is_empty(), "{copied:#?}");
}

#[test]
fn routing_meets_its_floor() {
    let advisor = advisor();
    let cases: Vec<RoutingCase> = read_jsonl("routing.jsonl");
    let mut correct = 0;
    for c in &cases {
        let route = advisor.route(&c.text, eval_day());
        if route.agency == c.agency {
            correct += 1;
        } else {
            println!(
                "  miss: {:?} expected {:?} got {:?} {:?}",
                c.text, c.agency, route.agency, route.alternatives
            );
        }
    }
    let accuracy = correct as f64 / cases.len() as f64;
    println!(
        "routing: {} texts, accuracy {:.1} %",
        cases.len(),
        100.0 * accuracy
    );
    assert!(cases.len() >= 60, "the routing set needs at least 60 texts");
    assert!(
        accuracy >= ROUTING_FLOOR,
        "routing {accuracy:.3} below the floor {ROUTING_FLOOR}"
    );
}

#[test]
fn routing_holds_its_floor_on_texts_the_model_never_saw() {
    let advisor = advisor();
    let knowledge = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let agencies = &advisor.answerer.kb.agencies;
    let examples =
        clinic::routing::check_examples(&knowledge.join("routing-examples.jsonl"), agencies)
            .expect("examples load");
    let cases: Vec<RoutingCase> = read_jsonl("routing.jsonl");
    const FOLDS: usize = 5;
    let mut correct = 0;
    for fold in 0..FOLDS {
        let held_out: Vec<&RoutingCase> = cases.iter().skip(fold).step_by(FOLDS).collect();
        let training: Vec<clinic::routing::Example> = examples
            .iter()
            .filter(|e| !held_out.iter().any(|c| c.text == e.text))
            .cloned()
            .collect();
        let router = clinic::routing::Router::fit(
            advisor.router.rules.clone(),
            advisor.router.terms.clone(),
            &advisor.answerer,
            &training,
        );
        for c in held_out {
            let route = router.route(&advisor.answerer, &c.text, eval_day());
            if route.agency == c.agency {
                correct += 1;
            } else {
                println!(
                    "  held-out miss: {:?} expected {:?} got {:?}",
                    c.text, c.agency, route.agency
                );
            }
        }
    }
    let accuracy = correct as f64 / cases.len() as f64;
    println!(
        "routing, held out in {FOLDS} folds: accuracy {:.1} %",
        100.0 * accuracy
    );
    assert!(
        accuracy >= ROUTING_HELD_OUT_FLOOR,
        "held-out routing {accuracy:.3} below the floor {ROUTING_HELD_OUT_FLOOR}"
    );
}

/// Case texts written blind (`tests/eval/blind-routing/`): the author never read the vocabulary,
/// the routing rules or `routing.jsonl`.
#[test]
fn blind_case_texts_reach_the_right_agency() {
    let advisor = advisor();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/blind-routing");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/eval/blind-routing exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    let cases: Vec<RoutingCase> = files
        .iter()
        .flat_map(|f| {
            read_jsonl::<RoutingCase>(&format!(
                "blind-routing/{}",
                f.file_name().unwrap().to_string_lossy()
            ))
        })
        .collect();
    let (mut right, mut nobody) = (0, 0);
    for c in &cases {
        let route = advisor.route(&c.text, eval_day());
        if route.agency == c.agency {
            right += 1;
        } else {
            nobody += usize::from(route.agency.is_none());
            println!(
                "  miss: {:?} expected {:?} got {:?}",
                c.text, c.agency, route.agency
            );
        }
    }
    let n = cases.len().max(1) as f64;
    println!(
        "blind routing: {} texts, right agency {:.1} %, to nobody {:.1} %",
        cases.len(),
        100.0 * right as f64 / n,
        100.0 * nobody as f64 / n
    );
    assert!(cases.len() >= 150);
    assert!(right as f64 / n >= 0.95, "blind routing below 95 %");
    assert!(
        nobody as f64 / n <= 0.02,
        "blind routing: too many to nobody"
    );
}
