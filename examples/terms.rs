//! `cargo run --example terms -- "ข้อความ"`: how the analyzer sees a text (for knowledge authors
//! checking why a question does or does not match).
fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let kb = clinic::knowledge::KnowledgeBase::load(&dir).expect("knowledge loads");
    for text in std::env::args().skip(1) {
        println!(
            "{text}\n  tokens: {:?}\n  terms:  {:?}",
            kb.analyzer.segmenter().tokenize(&text),
            kb.analyzer.terms(&text)
        );
    }
}
