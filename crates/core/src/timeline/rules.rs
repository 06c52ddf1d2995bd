//! `knowledge/timelines.toml`: methods, amount tiers, steps and their minimum durations.
//! The file's own header documents every field; this loader checks them and converts them into
//! the types the planner uses.
use super::source::{self, line_of};
use super::{Baht, Fault, TimelineError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::Spanned;

/// The stable step ids; chat answers, entries' `durations` and exports refer to them.
pub const STEP_IDS: [&str; 9] = [
    "tor",
    "request",
    "draft_hearing",
    "publish",
    "bid",
    "consider",
    "award",
    "appeal",
    "sign",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    Working,
    Calendar,
}

impl DayKind {
    pub fn unit_th(self) -> &'static str {
        match self {
            DayKind::Working => "วันทำการ",
            DayKind::Calendar => "วัน",
        }
    }
    pub fn unit_en(self) -> &'static str {
        match self {
            DayKind::Working => "working days",
            DayKind::Calendar => "calendar days",
        }
    }
}

/// How a step's days are counted from its start (B0.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// "N days from X": day 1 is the day after X, so end = start + N.
    FromNextDay,
    /// The step occupies N days beginning on its start day (the bid day).
    Inclusive,
}

/// When a step starts, relative to the end of the step before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Starts {
    SameDay,
    NextWorkingDay,
}

/// Whether the minimum is a rule (never shortened) or the law sets none and only practice speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MinSource {
    Law,
    Practice,
}

#[derive(Debug, Clone)]
pub struct Tier {
    pub id: String,
    /// Exclusive lower line in whole baht.
    pub above: u64,
    /// Inclusive upper line in whole baht; `None` = no ceiling.
    pub up_to: Option<u64>,
    pub name_th: String,
    pub name_en: String,
    pub note_th: Option<String>,
    pub note_en: Option<String>,
}

impl Tier {
    pub fn contains(&self, amount: Baht) -> bool {
        amount.above(self.above) && self.up_to.is_none_or(|top| !amount.above(top))
    }
}

#[derive(Debug, Clone)]
pub struct StepRule {
    pub id: String,
    pub name_th: String,
    pub name_en: String,
    pub day_kind: DayKind,
    pub count: Counting,
    pub starts: Starts,
    min_days: u32,
    min_days_by_tier: BTreeMap<String, u32>,
    pub min_source: MinSource,
    default_days: Option<u32>,
    pub basis: String,
    pub basis_en: String,
    pub verified: bool,
}

impl StepRule {
    /// The minimum for this tier (law), 0 where the law sets none.
    pub fn min_days(&self, tier: &Tier) -> u32 {
        self.min_days_by_tier
            .get(&tier.id)
            .copied()
            .unwrap_or(self.min_days)
    }

    /// The days used when the officer sets nothing: the practice value, never below the minimum.
    pub fn default_days(&self, tier: &Tier) -> u32 {
        self.default_days.unwrap_or(0).max(self.min_days(tier))
    }
}

#[derive(Debug, Clone)]
pub struct Method {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub basis: String,
    pub tiers: Vec<Tier>,
    pub steps: Vec<StepRule>,
}

impl Method {
    /// The tier that holds this amount, or a refusal naming the method's amount lines.
    pub fn tier_for(&self, amount: Baht) -> Result<&Tier, TimelineError> {
        self.tiers
            .iter()
            .find(|t| t.contains(amount))
            .ok_or_else(|| TimelineError::AmountOutsideMethod {
                amount: amount.to_string(),
                method_th: self.name_th.clone(),
                method_en: self.name_en.clone(),
                allowed_th: self
                    .tiers
                    .iter()
                    .map(|t| t.name_th.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                allowed_en: self
                    .tiers
                    .iter()
                    .map(|t| t.name_en.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            })
    }

    pub fn step(&self, id: &str) -> Result<&StepRule, TimelineError> {
        self.steps
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| TimelineError::UnknownStep {
                method: self.code.clone(),
                step: id.to_string(),
                known: self.step_ids().join(", "),
            })
    }

    pub fn step_ids(&self) -> Vec<&str> {
        self.steps.iter().map(|s| s.id.as_str()).collect()
    }
}

#[derive(Debug, Clone)]
pub struct Rules {
    methods: Vec<Method>,
    exceptions: Vec<Exception>,
}

/// A cited ruling under which a step may be shorter than the regulation's minimum. The plan
/// carries its basis and caveat; without one, a shorter step is refused.
#[derive(Debug, Clone, Serialize)]
pub struct Exception {
    pub id: String,
    pub name_th: String,
    pub name_en: String,
    /// `<method>/<step>` it lets shorten.
    pub steps: Vec<String>,
    /// The floor the ruling sets, when its text gives one.
    pub min_days: Option<u32>,
    pub basis: String,
    pub source: String,
    /// Whether the ruling's own text was read (false: known from a report).
    pub verified: bool,
}

impl Exception {
    pub fn covers(&self, method: &str, step: &str) -> bool {
        self.steps
            .iter()
            .any(|s| s.split_once('/') == Some((method, step)))
    }
}

impl Rules {
    /// Reads `<knowledge_dir>/timelines.toml`.
    pub fn load(knowledge_dir: &Path) -> Result<Rules, TimelineError> {
        let path = knowledge_dir.join("timelines.toml");
        let text = source::read(&path)?;
        Rules::parse(&text, &path)
    }

    /// Parses and validates the text of a timelines file; `file` only labels faults.
    pub fn parse(text: &str, file: &Path) -> Result<Rules, TimelineError> {
        let raw: RawFile = source::parse(text, file).map_err(TimelineError::InvalidData)?;
        convert(raw, text, file).map_err(TimelineError::InvalidData)
    }

    pub fn methods(&self) -> &[Method] {
        &self.methods
    }

    pub fn exceptions(&self) -> &[Exception] {
        &self.exceptions
    }

    pub fn exception(&self, id: &str) -> Option<&Exception> {
        self.exceptions.iter().find(|e| e.id == id)
    }

    pub fn method(&self, code: &str) -> Result<&Method, TimelineError> {
        self.methods
            .iter()
            .find(|m| m.code == code)
            .ok_or_else(|| TimelineError::UnknownMethod {
                code: code.to_string(),
                known: self
                    .methods
                    .iter()
                    .map(|m| m.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    methods: Vec<Spanned<RawMethod>>,
    #[serde(default)]
    exceptions: Vec<Spanned<RawException>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    id: String,
    name_th: String,
    name_en: String,
    steps: Vec<String>,
    min_days: Option<u32>,
    basis: String,
    source: String,
    verified: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMethod {
    code: String,
    name_th: String,
    name_en: String,
    basis: String,
    tiers: Vec<Spanned<RawTier>>,
    steps: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    id: String,
    above: u64,
    up_to: Option<u64>,
    name_th: String,
    name_en: String,
    note_th: Option<String>,
    note_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: String,
    name_th: String,
    name_en: String,
    day_kind: DayKind,
    count: Counting,
    starts: Starts,
    min_days: Option<u32>,
    #[serde(default)]
    min_days_by_tier: BTreeMap<String, u32>,
    min_source: MinSource,
    default_days: Option<u32>,
    basis: String,
    basis_en: String,
    verified: bool,
}

fn convert(raw: RawFile, text: &str, file: &Path) -> Result<Rules, Vec<Fault>> {
    let mut faults = Vec::new();
    let mut codes = BTreeSet::new();
    let mut methods = Vec::new();
    if raw.methods.is_empty() {
        faults.push(Fault::new(file, 1, "no [[methods]]"));
    }
    for spanned in raw.methods {
        let line = line_of(text, spanned.span().start);
        let m = spanned.into_inner();
        let mut fault = |l: usize, msg: String| faults.push(Fault::new(file, l, msg));
        if !codes.insert(m.code.clone()) {
            fault(line, format!("method code \"{}\" appears twice", m.code));
        }
        for (field, value) in [
            ("name_th", &m.name_th),
            ("name_en", &m.name_en),
            ("basis", &m.basis),
        ] {
            if value.trim().is_empty() {
                fault(line, format!("method \"{}\": {field} is empty", m.code));
            }
        }
        let tiers = convert_tiers(&m.code, m.tiers, text, &mut fault);
        if tiers.is_empty() {
            fault(
                line,
                format!("method \"{}\" has no [[methods.tiers]]", m.code),
            );
        }
        let steps = convert_steps(&m.code, m.steps, &tiers, text, &mut fault);
        if steps.is_empty() {
            fault(
                line,
                format!("method \"{}\" has no [[methods.steps]]", m.code),
            );
        }
        methods.push(Method {
            code: m.code,
            name_th: m.name_th,
            name_en: m.name_en,
            basis: m.basis,
            tiers,
            steps,
        });
    }
    let exceptions = convert_exceptions(raw.exceptions, &methods, text, file, &mut faults);
    if faults.is_empty() {
        Ok(Rules {
            methods,
            exceptions,
        })
    } else {
        Err(faults)
    }
}

fn convert_exceptions(
    raw: Vec<Spanned<RawException>>,
    methods: &[Method],
    text: &str,
    file: &Path,
    faults: &mut Vec<Fault>,
) -> Vec<Exception> {
    let mut exceptions: Vec<Exception> = Vec::new();
    for spanned in raw {
        let line = line_of(text, spanned.span().start);
        let e = spanned.into_inner();
        let mut fault = |msg: String| faults.push(Fault::new(file, line, msg));
        if exceptions.iter().any(|other| other.id == e.id) {
            fault(format!("exception id \"{}\" appears twice", e.id));
        }
        for (field, value) in [
            ("name_th", &e.name_th),
            ("name_en", &e.name_en),
            ("basis", &e.basis),
            ("source", &e.source),
        ] {
            if value.trim().is_empty() {
                fault(format!("exception \"{}\": {field} is empty", e.id));
            }
        }
        if e.steps.is_empty() {
            fault(format!("exception \"{}\" names no steps", e.id));
        }
        for step in &e.steps {
            let known = step.split_once('/').is_some_and(|(m, s)| {
                methods
                    .iter()
                    .any(|method| method.code == m && method.steps.iter().any(|r| r.id == s))
            });
            if !known {
                fault(format!(
                    "exception \"{}\": unknown step \"{step}\" (write <method>/<step>)",
                    e.id
                ));
            }
        }
        exceptions.push(Exception {
            id: e.id,
            name_th: e.name_th,
            name_en: e.name_en,
            steps: e.steps,
            min_days: e.min_days,
            basis: e.basis,
            source: e.source,
            verified: e.verified,
        });
    }
    exceptions
}

fn convert_tiers(
    code: &str,
    raw: Vec<Spanned<RawTier>>,
    text: &str,
    fault: &mut impl FnMut(usize, String),
) -> Vec<Tier> {
    let mut tiers: Vec<Tier> = Vec::new();
    for spanned in raw {
        let line = line_of(text, spanned.span().start);
        let t = spanned.into_inner();
        if tiers.iter().any(|other| other.id == t.id) {
            fault(line, format!("{code}: tier id \"{}\" appears twice", t.id));
        }
        if t.up_to.is_some_and(|top| top <= t.above) {
            fault(
                line,
                format!("{code}: tier \"{}\" has up_to <= above", t.id),
            );
        }
        // Tiers must be listed in order and must not overlap, so one amount picks one tier.
        if let Some(prev) = tiers.last() {
            match prev.up_to {
                Some(top) if t.above >= top => {}
                _ => fault(
                    line,
                    format!(
                        "{code}: tier \"{}\" overlaps the tier before it (list tiers from low to high)",
                        t.id
                    ),
                ),
            }
        }
        if t.note_th.is_some() != t.note_en.is_some() {
            fault(
                line,
                format!("{code}: tier \"{}\" needs both note_th and note_en", t.id),
            );
        }
        tiers.push(Tier {
            id: t.id,
            above: t.above,
            up_to: t.up_to,
            name_th: t.name_th,
            name_en: t.name_en,
            note_th: t.note_th,
            note_en: t.note_en,
        });
    }
    tiers
}

fn convert_steps(
    code: &str,
    raw: Vec<Spanned<RawStep>>,
    tiers: &[Tier],
    text: &str,
    fault: &mut impl FnMut(usize, String),
) -> Vec<StepRule> {
    let mut steps: Vec<StepRule> = Vec::new();
    for spanned in raw {
        let line = line_of(text, spanned.span().start);
        let s = spanned.into_inner();
        let id = s.id.clone();
        if !STEP_IDS.contains(&id.as_str()) {
            fault(
                line,
                format!(
                    "{code}: step id \"{id}\" is not one of {}",
                    STEP_IDS.join(", ")
                ),
            );
        }
        if steps.iter().any(|other| other.id == id) {
            fault(line, format!("{code}: step \"{id}\" appears twice"));
        }
        for (field, value) in [
            ("name_th", &s.name_th),
            ("name_en", &s.name_en),
            ("basis", &s.basis),
            ("basis_en", &s.basis_en),
        ] {
            if value.trim().is_empty() {
                fault(line, format!("{code}/{id}: {field} is empty"));
            }
        }
        for tier_id in s.min_days_by_tier.keys() {
            if !tiers.iter().any(|t| &t.id == tier_id) {
                fault(
                    line,
                    format!("{code}/{id}: min_days_by_tier names unknown tier \"{tier_id}\""),
                );
            }
        }
        if s.min_days.is_none()
            && tiers
                .iter()
                .any(|t| !s.min_days_by_tier.contains_key(&t.id))
        {
            fault(
                line,
                format!("{code}/{id}: needs min_days, or min_days_by_tier for every tier"),
            );
        }
        match (s.min_source, s.default_days) {
            (MinSource::Practice, None) => fault(
                line,
                format!("{code}/{id}: a practice step needs default_days"),
            ),
            (MinSource::Practice, Some(_))
                if s.min_days.unwrap_or(0) != 0 || !s.min_days_by_tier.is_empty() =>
            {
                fault(
                    line,
                    format!(
                        "{code}/{id}: min_source = \"practice\" means the law sets no minimum: min_days must be 0"
                    ),
                )
            }
            (MinSource::Law, Some(_)) => fault(
                line,
                format!("{code}/{id}: default_days is only for min_source = \"practice\""),
            ),
            _ => {}
        }
        let smallest = tiers
            .iter()
            .map(|t| {
                s.min_days_by_tier
                    .get(&t.id)
                    .copied()
                    .or(s.min_days)
                    .unwrap_or(0)
            })
            .min()
            .unwrap_or(0);
        if s.count == Counting::Inclusive && smallest.max(s.default_days.unwrap_or(0)) == 0 {
            fault(
                line,
                format!("{code}/{id}: an inclusive step occupies at least 1 day: min_days >= 1"),
            );
        }
        steps.push(StepRule {
            id,
            name_th: s.name_th,
            name_en: s.name_en,
            day_kind: s.day_kind,
            count: s.count,
            starts: s.starts,
            min_days: s.min_days.unwrap_or(0),
            min_days_by_tier: s.min_days_by_tier,
            min_source: s.min_source,
            default_days: s.default_days,
            basis: s.basis,
            basis_en: s.basis_en,
            verified: s.verified,
        });
    }
    steps
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const STEP: &str = "day_kind = \"working\"\ncount = \"from_next_day\"\nstarts = \"same_day\"\nbasis = \"b\"\nbasis_en = \"b\"\nverified = false\nname_th = \"x\"\nname_en = \"x\"\n";

    fn method(steps: &str) -> String {
        format!(
            "[[methods]]\ncode = \"m\"\nname_th = \"x\"\nname_en = \"x\"\nbasis = \"b\"\n\n[[methods.tiers]]\nid = \"t\"\nabove = 0\nname_th = \"x\"\nname_en = \"x\"\n{steps}"
        )
    }

    fn faults(text: &str) -> Vec<String> {
        match Rules::parse(text, Path::new("timelines.toml")) {
            Err(TimelineError::InvalidData(f)) => f.iter().map(ToString::to_string).collect(),
            other => panic!("expected faults, got {other:?}"),
        }
    }

    #[test]
    fn a_practice_step_with_a_legal_minimum_is_a_fault_at_its_line() {
        let text = method(&format!(
            "\n[[methods.steps]]\nid = \"tor\"\nmin_days = 3\nmin_source = \"practice\"\ndefault_days = 3\n{STEP}"
        ));
        let found = faults(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("timelines.toml:13: m/tor: min_source"),
            "{found:?}"
        );
    }

    #[test]
    fn unknown_step_ids_tiers_and_fields_are_reported() {
        let text = method(&format!(
            "\n[[methods.steps]]\nid = \"signing\"\nmin_days_by_tier = {{ \"nope\" = 5 }}\nmin_source = \"law\"\n{STEP}"
        ));
        let found = faults(&text).join("\n");
        assert!(
            found.contains("step id \"signing\" is not one of"),
            "{found}"
        );
        assert!(found.contains("unknown tier \"nope\""), "{found}");
        let typo = method(&format!(
            "\n[[methods.steps]]\nid = \"tor\"\nmin_dayz = 1\n{STEP}"
        ));
        assert!(faults(&typo)[0].contains("min_dayz"));
    }

    #[test]
    fn the_amount_picks_exactly_one_tier() {
        let rules =
            Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge")).unwrap();
        let bidding = rules.method("e-bidding").unwrap();
        let tier = |baht| {
            bidding
                .tier_for(Baht::whole(baht).unwrap())
                .unwrap()
                .id
                .clone()
        };
        assert_eq!(tier(5_000_000), "0.5-5m");
        assert_eq!(tier(5_000_001), "5-10m");
        assert_eq!(tier(50_000_000), "10-50m");
        assert_eq!(tier(50_000_001), "50m+");
    }
}
