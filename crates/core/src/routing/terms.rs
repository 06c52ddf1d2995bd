//! The agencies' vocabulary (`knowledge/agency-terms.toml`): groups of words each agency owns,
//! and the precedence rules that say which domain governs when a text touches two.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::knowledge::{Agency, Fault};
use crate::thai::normalize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    #[serde(default)]
    precedence: Vec<PrecedenceFile>,
    #[serde(default)]
    groups: Vec<GroupFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrecedenceFile {
    agency: Spanned<String>,
    when: Vec<Spanned<String>>,
    over: Vec<Spanned<String>>,
    reason_th: String,
    reason_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    id: Spanned<String>,
    agency: Spanned<String>,
    weight: Spanned<f32>,
    topic_th: String,
    topic_en: String,
    terms: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

/// One kind of word an agency owns.
#[derive(Debug, Clone)]
pub struct TermGroup {
    pub id: String,
    pub agency: String,
    pub weight: f32,
    pub topic_th: String,
    pub topic_en: String,
    /// Normalised.
    pub terms: Vec<String>,
}

/// "When any of these groups matched, this agency goes ahead of those."
#[derive(Debug, Clone)]
pub struct Precedence {
    pub agency: String,
    /// Indexes into [`AgencyTerms::groups`].
    pub when: Vec<usize>,
    pub over: Vec<String>,
    pub reason_th: String,
    pub reason_en: String,
}

/// A group's word found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct TermHit {
    pub group: usize,
    /// The word as the lexicon spells it (normalised), or the text a pattern matched.
    pub term: String,
}

#[derive(Debug, Clone)]
pub struct AgencyTerms {
    pub groups: Vec<TermGroup>,
    pub precedence: Vec<Precedence>,
    matcher: AhoCorasick,
    /// Per automaton pattern: (group, term index).
    owners: Vec<(usize, usize)>,
    patterns: Vec<(usize, Regex)>,
}

fn line_of(text: &str, span: Range<usize>) -> usize {
    1 + text[..span.start.min(text.len())].matches('\n').count()
}

impl AgencyTerms {
    /// Loads and validates, reporting every fault with its line.
    pub fn check(path: &Path, agencies: &[Agency]) -> Result<Self, Vec<Fault>> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| vec![Fault::new(path, 0, format!("cannot read: {e}"))])?;
        let file: TermsFile = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(&text, s));
            vec![Fault::new(path, line, e.message())]
        })?;
        let mut faults = Vec::new();
        let fault = |faults: &mut Vec<Fault>, span: Range<usize>, message: String| {
            faults.push(Fault::new(path, line_of(&text, span), message));
        };
        let known = |code: &str| agencies.iter().any(|a| a.code == code);

        let mut groups = Vec::new();
        let mut patterns = Vec::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        // Normalised term → (agency, line of its first listing).
        let mut owner_of: HashMap<String, (String, Range<usize>)> = HashMap::new();
        let mut shared: Vec<(String, String, String, Range<usize>)> = Vec::new();
        for g in &file.groups {
            let index = groups.len();
            if ids.insert(g.id.get_ref().clone(), index).is_some() {
                fault(
                    &mut faults,
                    g.id.span(),
                    format!("group `{}` is defined twice", g.id.get_ref()),
                );
            }
            if !known(g.agency.get_ref()) {
                fault(
                    &mut faults,
                    g.agency.span(),
                    format!("unknown agency `{}`", g.agency.get_ref()),
                );
            }
            if g.weight.get_ref().is_nan() || *g.weight.get_ref() <= 0.0 {
                fault(
                    &mut faults,
                    g.weight.span(),
                    "a group's weight must be positive".into(),
                );
            }
            if g.terms.is_empty() && g.patterns.is_empty() {
                fault(
                    &mut faults,
                    g.id.span(),
                    format!("group `{}` has no terms", g.id.get_ref()),
                );
            }
            let mut terms = Vec::new();
            for term in &g.terms {
                let normalized = normalize(term.get_ref());
                if normalized.chars().count() < 2 {
                    fault(
                        &mut faults,
                        term.span(),
                        format!("term {:?} is too short to match safely", term.get_ref()),
                    );
                    continue;
                }
                match owner_of.get(&normalized) {
                    Some((agency, _)) if agency == g.agency.get_ref() => fault(
                        &mut faults,
                        term.span(),
                        format!("term {:?} is listed twice for `{agency}`", term.get_ref()),
                    ),
                    Some((agency, _)) => shared.push((
                        normalized.clone(),
                        agency.clone(),
                        g.agency.get_ref().clone(),
                        term.span(),
                    )),
                    None => {
                        owner_of.insert(
                            normalized.clone(),
                            (g.agency.get_ref().clone(), term.span()),
                        );
                    }
                }
                terms.push(normalized);
            }
            for pattern in &g.patterns {
                match Regex::new(pattern.get_ref()) {
                    Ok(re) => patterns.push((index, re)),
                    Err(e) => fault(&mut faults, pattern.span(), format!("invalid pattern: {e}")),
                }
            }
            groups.push(TermGroup {
                id: g.id.get_ref().clone(),
                agency: g.agency.get_ref().clone(),
                weight: *g.weight.get_ref(),
                topic_th: g.topic_th.clone(),
                topic_en: g.topic_en.clone(),
                terms,
            });
        }

        let mut precedence = Vec::new();
        for p in &file.precedence {
            if !known(p.agency.get_ref()) {
                fault(
                    &mut faults,
                    p.agency.span(),
                    format!("unknown agency `{}`", p.agency.get_ref()),
                );
            }
            let mut when = Vec::new();
            for id in &p.when {
                match ids.get(id.get_ref()) {
                    Some(&g) if groups[g].agency == *p.agency.get_ref() => when.push(g),
                    Some(_) => fault(
                        &mut faults,
                        id.span(),
                        format!(
                            "group `{}` belongs to another agency than `{}`",
                            id.get_ref(),
                            p.agency.get_ref()
                        ),
                    ),
                    None => fault(
                        &mut faults,
                        id.span(),
                        format!("no group `{}`", id.get_ref()),
                    ),
                }
            }
            for code in &p.over {
                if !known(code.get_ref()) || code.get_ref() == p.agency.get_ref() {
                    fault(
                        &mut faults,
                        code.span(),
                        format!(
                            "`over` names `{}`, not another known agency",
                            code.get_ref()
                        ),
                    );
                }
            }
            precedence.push(Precedence {
                agency: p.agency.get_ref().clone(),
                when,
                over: p.over.iter().map(|o| o.get_ref().clone()).collect(),
                reason_th: p.reason_th.clone(),
                reason_en: p.reason_en.clone(),
            });
        }

        // A word two agencies list is a fault unless a precedence rule says which one wins.
        for (term, first, second, span) in shared {
            let ruled = precedence.iter().any(|p| {
                (p.agency == first && p.over.contains(&second))
                    || (p.agency == second && p.over.contains(&first))
            });
            if !ruled {
                fault(
                    &mut faults,
                    span,
                    format!(
                        "term {term:?} is listed for `{first}` and `{second}` and no precedence rule says which wins"
                    ),
                );
            }
        }
        if !faults.is_empty() {
            return Err(faults);
        }

        let mut owners = Vec::new();
        let mut words = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            for (t, term) in group.terms.iter().enumerate() {
                owners.push((g, t));
                words.push(term.as_str());
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&words)
            .map_err(|e| {
                vec![Fault::new(
                    path,
                    1,
                    format!("cannot build the matcher: {e}"),
                )]
            })?;
        Ok(Self {
            groups,
            precedence,
            matcher,
            owners,
            patterns,
        })
    }

    /// The groups' words found in `normalized` text: a word inside a longer word that also
    /// matched is dropped ("เสา" in "เสาเข็ม"), Latin words must stand alone, and a Thai word
    /// must not cut a syllable ("ฝ้า" inside "เฝ้า"). Each (group, word) once.
    pub fn find(&self, normalized: &str) -> Vec<TermHit> {
        let mut spans: Vec<(Range<usize>, usize, String)> = Vec::new();
        for m in self.matcher.find_overlapping_iter(normalized) {
            let (g, t) = self.owners[m.pattern().as_usize()];
            if at_word_edges(normalized, m.start(), m.end()) {
                spans.push((m.start()..m.end(), g, self.groups[g].terms[t].clone()));
            }
        }
        for (g, re) in &self.patterns {
            for m in re.find_iter(normalized) {
                spans.push((m.start()..m.end(), *g, m.as_str().trim().to_string()));
            }
        }
        let mut hits: Vec<TermHit> = Vec::new();
        for (i, (span, group, term)) in spans.iter().enumerate() {
            let inside_longer = spans.iter().enumerate().any(|(j, (other, ..))| {
                j != i
                    && other.start <= span.start
                    && span.end <= other.end
                    && other.len() > span.len()
            });
            let hit = TermHit {
                group: *group,
                term: term.clone(),
            };
            if !inside_longer && !hits.contains(&hit) {
                hits.push(hit);
            }
        }
        hits
    }

    /// Score per agency from the words found: a group's first word counts its full weight,
    /// every further word of the same group half of it (several words for one thing are
    /// stronger evidence, but not proportionally).
    pub fn scores(&self, hits: &[TermHit]) -> BTreeMap<String, f32> {
        let mut per_group: BTreeMap<usize, usize> = BTreeMap::new();
        for hit in hits {
            *per_group.entry(hit.group).or_default() += 1;
        }
        let mut scores = BTreeMap::new();
        for (g, n) in per_group {
            let group = &self.groups[g];
            *scores.entry(group.agency.clone()).or_default() +=
                group.weight * (1.0 + 0.5 * (n as f32 - 1.0));
        }
        scores
    }
}

/// Thai vowels written before their consonant: a match right after one starts mid-syllable.
fn leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

/// Thai vowels, tone marks and signs that attach to the consonant before them: a match right
/// before one ends mid-syllable.
fn attached_mark(c: char) -> bool {
    ('\u{0E30}'..='\u{0E3A}').contains(&c) || ('\u{0E45}'..='\u{0E4E}').contains(&c)
}

fn at_word_edges(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(first) && latin(before) || latin(last) && latin(after) {
        return false;
    }
    !(before.is_some_and(leading_vowel) || after.is_some_and(attached_mark))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agencies() -> Vec<Agency> {
        ["treasury", "public_works", "highways", "forestry"]
            .iter()
            .map(|code| Agency {
                code: code.to_string(),
                name_th: String::new(),
                name_en: String::new(),
                handles: String::new(),
                handles_en: String::new(),
                sla_claim_hours: 1,
                sla_first_reply_hours: 1,
                sla_resolve_hours: 1,
            })
            .collect()
    }

    fn load(text: &str) -> Result<AgencyTerms, Vec<Fault>> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("agency-terms.toml");
        std::fs::write(&path, text).expect("write");
        AgencyTerms::check(&path, &agencies())
    }

    const TWO_GROUPS: &str = r#"
[[groups]]
id = "building"
agency = "public_works"
weight = 1.0
topic_th = "ส่วนของอาคาร"
topic_en = "building elements"
terms = ["เสาเข็ม", "ฝ้า", "beam"]

[[groups]]
id = "roads"
agency = "highways"
weight = 2.0
topic_th = "งานถนน"
topic_en = "roads"
terms = ["ถนน"]
patterns = ["(กม|km)\\.?\\s*\\d+"]
"#;

    #[test]
    fn the_longer_word_counts_and_syllables_and_latin_words_are_not_cut() {
        let terms = load(TWO_GROUPS).expect("valid");
        let words = |text: &str| -> Vec<String> {
            terms
                .find(&normalize(text))
                .into_iter()
                .map(|h| h.term)
                .collect()
        };
        assert_eq!(words("ผรม.ตอกเสาเข็มสั้นกว่าแบบ"), ["เสาเข็ม"]);
        assert_eq!(words("ยามเฝ้าอาคารกลางคืน"), Vec::<String>::new());
        assert_eq!(words("The BEAM sags; beamish is no beam"), ["beam"]);
        assert_eq!(words("ถนนช่วง กม. 12 ทรุด"), ["ถนน", "กม. 12"]);
    }

    #[test]
    fn every_fault_is_reported_with_its_line() {
        let text = format!(
            "{TWO_GROUPS}\n[[groups]]\nid = \"roads\"\nagency = \"parks\"\nweight = 1.0\ntopic_th = \"x\"\ntopic_en = \"x\"\nterms = [\"ถนน\", \"ก\"]\npatterns = [\"(\"]\n"
        );
        let faults: Vec<String> = load(&text)
            .expect_err("faulty")
            .iter()
            .map(|f| f.to_string())
            .collect();
        let lines: Vec<&str> = faults
            .iter()
            .map(|f| f.split(": ").nth(1).unwrap_or_default())
            .collect();
        assert!(
            lines.iter().any(|l| l.contains("defined twice")),
            "{faults:#?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("unknown agency `parks`")),
            "{faults:#?}"
        );
        assert!(lines.iter().any(|l| l.contains("too short")), "{faults:#?}");
        assert!(
            lines.iter().any(|l| l.contains("invalid pattern")),
            "{faults:#?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("\"ถนน\" is listed for `highways` and `parks`")),
            "{faults:#?}"
        );
        assert!(faults.iter().all(|f| !f.contains(":0:")), "{faults:#?}");
    }

    #[test]
    fn a_shared_word_is_allowed_once_a_precedence_rule_orders_its_agencies() {
        let shared = r#"
[[precedence]]
agency = "forestry"
when = ["forest"]
over = ["public_works"]
reason_th = "ป่าไม้ก่อน"
reason_en = "forestry first"

[[groups]]
id = "forest"
agency = "forestry"
weight = 1.0
topic_th = "ป่า"
topic_en = "forest"
terms = ["ไม้สัก"]

[[groups]]
id = "building"
agency = "public_works"
weight = 1.0
topic_th = "อาคาร"
topic_en = "building"
terms = ["ไม้สัก"]
"#;
        assert!(load(shared).is_ok());
        let unordered = shared.replace("over = [\"public_works\"]", "over = [\"treasury\"]");
        assert!(load(&unordered).is_err());
    }
}
