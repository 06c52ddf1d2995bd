//! Knowledge gaps: questions the knowledge base answered badly (low confidence, not answered,
//! or a 👎), grouped into clusters of similar wording so experts see which entries to write next.
//!
//! Similarity is the Jaccard index of character trigrams of the normalised text (Thai has no
//! spaces, and trigrams need no dictionary); a question joins the first cluster whose seed it
//! resembles enough, else it seeds a new one.
use crate::privacy::PLACEHOLDER;
use crate::store::LoggedQuestion;
use crate::thai::normalize;
use serde::Serialize;
use std::collections::HashSet;

/// Below this confidence an answer counts as a gap even if it was shown.
pub const LOW_CONFIDENCE: f64 = 0.5;
const SIMILAR: f64 = 0.3;
const EXAMPLES: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapCluster {
    /// The most frequent wording in the cluster.
    pub label: String,
    pub count: usize,
    pub examples: Vec<String>,
    /// 👎 among them.
    pub thumbs_down: usize,
    /// The entries that were offered, if any (to improve rather than write anew).
    pub entries: Vec<String>,
}

fn trigrams(text: &str) -> HashSet<String> {
    let chars: Vec<char> = normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .collect();
    if chars.len() < 3 {
        return HashSet::from([chars.iter().collect()]);
    }
    chars.windows(3).map(|w| w.iter().collect()).collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let union = a.union(b).count();
    match union {
        0 => 0.0,
        _ => a.intersection(b).count() as f64 / union as f64,
    }
}

pub fn is_gap(q: &LoggedQuestion) -> bool {
    (!q.answered || q.confidence < LOW_CONFIDENCE || q.feedback.as_deref() == Some("down"))
        && q.text != PLACEHOLDER
        && !q.text.trim().is_empty()
}

/// Clusters of gap questions, largest first.
pub fn gap_clusters(questions: &[LoggedQuestion]) -> Vec<GapCluster> {
    struct Group<'a> {
        seed: HashSet<String>,
        members: Vec<&'a LoggedQuestion>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for q in questions.iter().filter(|q| is_gap(q)) {
        let grams = trigrams(&q.text);
        match groups
            .iter_mut()
            .find(|g| jaccard(&g.seed, &grams) >= SIMILAR)
        {
            Some(group) => group.members.push(q),
            None => groups.push(Group {
                seed: grams,
                members: vec![q],
            }),
        }
    }
    let mut clusters: Vec<GapCluster> = groups
        .into_iter()
        .map(|g| {
            let mut wordings: Vec<(String, usize)> = Vec::new();
            for m in &g.members {
                let text = m.text.trim().to_owned();
                match wordings.iter_mut().find(|(w, _)| *w == text) {
                    Some((_, n)) => *n += 1,
                    None => wordings.push((text, 1)),
                }
            }
            let label = wordings
                .iter()
                .max_by_key(|(_, n)| *n)
                .map(|(w, _)| w.clone())
                .unwrap_or_default();
            let mut entries: Vec<String> = g
                .members
                .iter()
                .filter_map(|m| m.entry_id.clone())
                .collect();
            entries.sort();
            entries.dedup();
            GapCluster {
                label,
                count: g.members.len(),
                examples: wordings
                    .into_iter()
                    .take(EXAMPLES)
                    .map(|(w, _)| w)
                    .collect(),
                thumbs_down: g
                    .members
                    .iter()
                    .filter(|m| m.feedback.as_deref() == Some("down"))
                    .count(),
                entries,
            }
        })
        .collect();
    clusters.sort_by_key(|c| std::cmp::Reverse(c.count));
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn q(text: &str, confidence: f64, feedback: Option<&str>) -> LoggedQuestion {
        LoggedQuestion {
            id: 0,
            user: None,
            asked_at: Utc::now(),
            text: text.into(),
            entry_id: None,
            confidence,
            answered: confidence >= 0.5,
            feedback: feedback.map(String::from),
            agency: None,
        }
    }

    #[test]
    fn similar_wordings_fall_in_one_cluster_and_good_answers_in_none() {
        let questions = [
            q("ค่าเบี้ยเลี้ยงกรรมการตรวจรับเบิกได้ไหม", 0.1, None),
            q("ค่าเบี้ยเลี้ยงกรรมการตรวจรับ เบิกได้หรือไม่", 0.2, None),
            q("ค่าเบี้ยเลี้ยงกรรมการตรวจรับเบิกได้ไหม", 0.9, Some("down")),
            q("ซื้อรถยนต์ราชการต้องขออนุมัติใคร", 0.3, None),
            q("วิธีเฉพาะเจาะจงวงเงินเท่าไร", 0.9, None),
        ];
        let clusters = gap_clusters(&questions);
        assert_eq!(clusters.len(), 2, "{clusters:#?}");
        assert_eq!(clusters[0].count, 3);
        assert_eq!(clusters[0].thumbs_down, 1);
        assert_eq!(clusters[0].label, "ค่าเบี้ยเลี้ยงกรรมการตรวจรับเบิกได้ไหม");
        assert_eq!(clusters[1].count, 1);
    }
}
