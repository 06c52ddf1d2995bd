//! Routing gaps: the cases where routing had to ask the officer, or proposed one agency and the
//! officer sent the case to another, grouped by what was proposed and what was chosen, so
//! experts see which words the vocabulary or the examples lack.
use crate::privacy::PLACEHOLDER;
use crate::store::RoutingChoice;
use serde::Serialize;

const EXAMPLES: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutingGap {
    /// What routing put first (`None`: it proposed no agency).
    pub proposed: Option<String>,
    pub chosen: String,
    pub count: usize,
    /// How many of them routing was unsure about (and so asked).
    pub unsure: usize,
    pub examples: Vec<String>,
}

/// A choice that says something about routing: it asked, proposed nothing, or was overruled.
pub fn is_routing_gap(c: &RoutingChoice) -> bool {
    c.unsure || c.proposed.as_deref() != Some(c.chosen.as_str())
}

/// Routing gaps, most frequent first.
pub fn routing_gaps(choices: &[RoutingChoice]) -> Vec<RoutingGap> {
    let mut gaps: Vec<RoutingGap> = Vec::new();
    for c in choices.iter().filter(|c| is_routing_gap(c)) {
        let gap = match gaps
            .iter_mut()
            .find(|g| g.proposed == c.proposed && g.chosen == c.chosen)
        {
            Some(gap) => gap,
            None => {
                gaps.push(RoutingGap {
                    proposed: c.proposed.clone(),
                    chosen: c.chosen.clone(),
                    count: 0,
                    unsure: 0,
                    examples: Vec::new(),
                });
                let last = gaps.len() - 1;
                &mut gaps[last]
            }
        };
        gap.count += 1;
        gap.unsure += usize::from(c.unsure);
        let text = c.text.trim();
        if gap.examples.len() < EXAMPLES
            && text != PLACEHOLDER
            && !text.is_empty()
            && !gap.examples.iter().any(|e| e == text)
        {
            gap.examples.push(text.to_owned());
        }
    }
    gaps.sort_by_key(|g| std::cmp::Reverse(g.count));
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn choice(text: &str, proposed: Option<&str>, unsure: bool, chosen: &str) -> RoutingChoice {
        RoutingChoice {
            user: None,
            chosen_at: Utc::now(),
            text: text.into(),
            proposed: proposed.map(Into::into),
            runner_up: None,
            unsure,
            chosen: chosen.into(),
            case_ref: None,
        }
    }

    #[test]
    fn overruled_and_unsure_routes_are_gaps_and_confirmed_ones_are_not() {
        let choices = [
            choice("ตัดไม้สักในที่ราชพัสดุ", Some("treasury"), false, "forestry"),
            choice("ย้ายไม้สักที่ตัดแล้ว", Some("treasury"), true, "forestry"),
            choice("ค่าปรับงานถนน", Some("treasury"), false, "treasury"),
            choice("สะพานในอุทยาน", Some("forestry"), true, "forestry"),
        ];
        let gaps = routing_gaps(&choices);
        assert_eq!(gaps.len(), 2);
        assert_eq!(gaps[0].proposed.as_deref(), Some("treasury"));
        assert_eq!(gaps[0].chosen, "forestry");
        assert_eq!((gaps[0].count, gaps[0].unsure), (2, 1));
        assert_eq!(gaps[1].examples, ["สะพานในอุทยาน"]);
    }
}
