//! Dumps every answer, route and ranking (exact f32 bits) for the eval sets, one JSON per line,
//! so two builds can be compared byte for byte.
use chrono::NaiveDate;
use clinic::desk::Advisor;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let advisor = Advisor::load(std::path::Path::new("knowledge"))?;
    let today: NaiveDate = "2026-11-25".parse()?;
    let mut texts: Vec<String> = Vec::new();
    for file in ["tests/eval/questions.jsonl", "tests/eval/routing.jsonl"] {
        for line in std::fs::read_to_string(file)?
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let v: serde_json::Value = serde_json::from_str(line)?;
            if let Some(t) = v["q"].as_str().or(v["text"].as_str()) {
                texts.push(t.to_string());
            }
        }
    }
    for e in &advisor.answerer.kb.entries {
        texts.push(e.title.clone());
        texts.extend(e.questions.iter().cloned());
        texts.extend(
            e.questions
                .iter()
                .map(|q| format!("{q} งบ 3 ล้าน ประกาศ 1 ต.ค. 69 อุทธรณ์ครบวันไหน")),
        );
    }
    for t in &texts {
        let answer = advisor.ask(t, today);
        let route = advisor.route(t, today);
        let ranking = advisor.answerer.rank(t, today, usize::MAX);
        let hits: Vec<String> = ranking
            .hits
            .iter()
            .map(|h| {
                format!(
                    "{}:{:08x}:{:08x}:{:08x}:{:08x}:{:08x}",
                    h.entry,
                    h.score.to_bits(),
                    h.bm25.to_bits(),
                    h.phrasing.to_bits(),
                    h.trigram.to_bits(),
                    h.amount_fit.to_bits()
                )
            })
            .collect();
        let confs: Vec<String> = clinic::knowledge::confidences(&ranking)
            .iter()
            .map(|c| format!("{:08x}", c.to_bits()))
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "answer": answer,
                "route": route,
                "hits": hits,
                "confidences": confs,
                "unknown": format!("{:08x}", ranking.unknown_share.to_bits()),
                "bm25_leader": ranking.bm25_leader,
            })
        );
    }
    Ok(())
}
