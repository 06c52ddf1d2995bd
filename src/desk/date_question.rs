//! Date questions answered by computing: "ประกาศผู้ชนะวันศุกร์ 24 เม.ย. 69 ระยะอุทธรณ์ครบวันไหน",
//! "อยากเซ็นสัญญา 1 ต.ค. 69 งาน e-bidding 4 ล้าน ต้องเริ่มเมื่อไร", "ประกาศ e-bidding 3 ล้าน
//! วันที่ 8 เม.ย. 69 ยื่นซองได้วันไหน". The desk recognises the method, the amount, the date and
//! the two steps (the one the date belongs to, the one asked about), runs the timeline
//! calculator and answers with the computed date, the working days counted, the holidays skipped
//! and the legal basis — instead of a generic entry.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::knowledge::{Answer, Answerer, Lang};
use crate::thai::{find_date, normalize, parse_money};
use crate::timeline::{self, Baht, Calendar, DateAnswer, Plan, PlanRequest, Rules};

use super::computed_messages as say;

/// Words that name a step, most specific first; each maps to a step id of `timelines.toml`.
const STEP_WORDS: &[(&str, &str)] = &[
    ("ประกาศผู้ชนะ", "award"),
    ("ประกาศผล", "award"),
    ("ผู้ชนะ", "award"),
    ("อุทธรณ์", "appeal"),
    ("ยื่นซอง", "bid"),
    ("ยื่นข้อเสนอ", "bid"),
    ("เสนอราคา", "bid"),
    ("วันยื่น", "bid"),
    ("ยื่นราคา", "bid"),
    ("เซ็นสัญญา", "sign"),
    ("ลงนามสัญญา", "sign"),
    ("ลงนาม", "sign"),
    ("ทำสัญญา", "sign"),
    ("รับฟังความคิดเห็น", "draft_hearing"),
    ("ประกาศร่าง", "draft_hearing"),
    ("ร่างประกาศ", "draft_hearing"),
    ("ร่าง tor", "draft_hearing"),
    ("ร่างtor", "draft_hearing"),
    ("รับฟังความเห็น", "draft_hearing"),
    ("ฟังความเห็น", "draft_hearing"),
    ("ประกาศเชิญชวน", "publish"),
    ("เผยแพร่ประกาศ", "publish"),
    ("ลงประกาศ", "publish"),
    ("ประกาศ", "publish"),
    // English, most specific first: "the result was announced" is the award, "the
    // announcement was published" the invitation.
    ("winner announced", "award"),
    ("winner was announced", "award"),
    ("result announced", "award"),
    ("result was announced", "award"),
    ("results were announced", "award"),
    ("announced the winner", "award"),
    ("announced", "award"),
    ("appeal", "appeal"),
    ("award", "award"),
    ("winner", "award"),
    ("result", "award"),
    ("draft tor", "draft_hearing"),
    ("public hearing", "draft_hearing"),
    ("public comment", "draft_hearing"),
    ("bid submission", "bid"),
    ("submission of bids", "bid"),
    ("submit bids", "bid"),
    ("submit a bid", "bid"),
    ("bids", "bid"),
    ("bid", "bid"),
    ("sign the contract", "sign"),
    ("signing", "sign"),
    ("sign", "sign"),
    ("contract", "sign"),
    ("invitation", "publish"),
    ("published", "publish"),
    ("publication", "publish"),
    ("announcement", "publish"),
];

/// Words that name a procurement method; each maps to a method code of `timelines.toml`.
pub(crate) const METHOD_WORDS: &[(&str, &str)] = &[
    ("e-bidding", "e-bidding"),
    ("ebidding", "e-bidding"),
    ("อีบิดดิ้ง", "e-bidding"),
    ("อีบิด", "e-bidding"),
    ("ประกวดราคา", "e-bidding"),
    ("e-market", "e-market"),
    ("emarket", "e-market"),
    ("อีมาร์เก็ต", "e-market"),
    ("ตลาดอิเล็กทรอนิกส์", "e-market"),
    ("คัดเลือก", "selection"),
    ("เฉพาะเจาะจง", "specific"),
    ("สอบราคา", "price-quotation"),
];

/// The method a text names ("อีบิด 2.5 ล้าน" → e-bidding), if any.
pub(crate) fn method_in(normalized: &str) -> Option<&'static str> {
    METHOD_WORDS
        .iter()
        .find(|(w, _)| normalized.contains(w))
        .map(|(_, m)| *m)
}

/// Words that ask for a date.
const ASKING: &[&str] = &[
    "วันไหน",
    "เมื่อไร",
    "เมื่อไหร่",
    "วันที่เท่าไร",
    "วันที่เท่าไหร่",
    "วันอะไร",
    "ครบวัน",
    "ได้วัน",
    "วันสุดท้าย",
    "when",
    "what date",
    "which date",
    "which day",
    "what day",
    "last day",
    "deadline",
];

/// Words that ask for the latest start ("by when must we start").
const ASKING_START: &[&str] = &["ต้องเริ่ม", "เริ่มเมื่อ", "เริ่มวัน", "เริ่มจัดซื้อ", "เริ่มจัดจ้าง", "start"];

/// Whether `text` contains any of `words`, by one pass of a compiled alternation instead of a
/// substring search per word (most questions contain none, and this runs on every question).
fn any_of(words: &[&str]) -> Regex {
    let alternatives: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&alternatives.join("|")).expect("escaped words make a valid pattern")
}

static ASKING_ANY: LazyLock<Regex> = LazyLock::new(|| any_of(ASKING));
static ASKING_START_ANY: LazyLock<Regex> = LazyLock::new(|| any_of(ASKING_START));

/// What was understood from the question.
#[derive(Debug, Clone, PartialEq)]
pub struct DateQuestion {
    pub method: String,
    pub method_stated: bool,
    pub amount: Option<Baht>,
    pub date: NaiveDate,
    pub known_step: String,
    /// `None`: the latest start date is asked (backward from the contract).
    pub asked_step: Option<String>,
    /// Further steps asked after the date in the same message ("อุทธรณ์ครบวันไหน แล้วเซ็นสัญญา
    /// ได้วันไหน"), answered before `asked_step`, in the order written.
    pub also_asked: Vec<String>,
}

/// Reads a date question; `None` when the text is not one.
pub fn understand(text: &str, today: NaiveDate) -> Option<DateQuestion> {
    let t = normalize(text);
    let asks_start = ASKING_START_ANY.is_match(&t);
    if !asks_start && !ASKING_ANY.is_match(&t) {
        return None;
    }
    let (date_at, date) = find_date(&t, today)?;
    let mut mentions: Vec<(usize, &str)> = Vec::new();
    let mut taken = vec![false; t.len()];
    for (word, step) in STEP_WORDS {
        for (at, m) in t.match_indices(word) {
            if taken[at..at + m.len()].iter().any(|x| *x) || !stands_alone(&t, at, m.len()) {
                continue;
            }
            taken[at..at + m.len()].iter_mut().for_each(|x| *x = true);
            mentions.push((at, step));
        }
    }
    mentions.sort_unstable();
    let (method, method_stated) = method_in(&t).map_or(("e-bidding", false), |m| (m, true));
    let amount = parse_money(&t).and_then(|b| Baht::from_satang(b.satang().max(0) as u64).ok());
    if asks_start {
        // "sign on DATE, when must we start?"
        let known = mentions.iter().find(|(_, s)| *s == "sign")?;
        return Some(DateQuestion {
            method: method.to_string(),
            method_stated,
            amount,
            date,
            known_step: known.1.to_string(),
            asked_step: None,
            also_asked: Vec::new(),
        });
    }
    // The date belongs to the step named closest before it; the asked step is another one.
    let known = mentions
        .iter()
        .rfind(|(at, _)| *at <= date_at)
        .or_else(|| mentions.first())?;
    // With one step named, the asked date is the end of the period that step's date opens:
    // "ประกาศผู้ชนะ 27/2/2569 ครบ 7 วันทำการวันไหน" asks the appeal window, "ลงประกาศ 9 เม.ย.
    // ครบวันไหน" the publishing period.
    let asked = mentions
        .iter()
        .rev()
        .find(|(_, s)| *s != known.1)
        .map(|(_, s)| *s)
        .or_else(|| period_opened_by(known.1))?;
    let mut also_asked: Vec<String> = Vec::new();
    for (at, step) in &mentions {
        if *at > date_at
            && *step != known.1
            && *step != asked
            && !also_asked.iter().any(|s| s == step)
        {
            also_asked.push(step.to_string());
        }
    }
    Some(DateQuestion {
        method: method.to_string(),
        method_stated,
        amount,
        date,
        known_step: known.1.to_string(),
        asked_step: Some(asked.to_string()),
        also_asked,
    })
}

/// The step whose period a step's date opens: the winner's announcement opens the appeal
/// window; a publishing or hearing step is its own period. A one-day step with no period after
/// it opens none.
fn period_opened_by(step: &str) -> Option<&'static str> {
    match step {
        "award" => Some("appeal"),
        "publish" => Some("publish"),
        "draft_hearing" => Some("draft_hearing"),
        _ => None,
    }
}

/// A Latin step word counts only as a whole word ("bid" is not inside "e-bidding"); Thai has
/// no spaces, so Thai words always stand alone.
fn stands_alone(t: &str, at: usize, len: usize) -> bool {
    let latin = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let before = t[..at].chars().next_back();
    let after = t[at + len..].chars().next();
    let word_is_latin = t[at..at + len].is_ascii();
    !word_is_latin || !(before.is_some_and(latin) || after.is_some_and(latin))
}

/// The computed answer, or `None` when the question is not a date question the calculator can
/// answer (then the knowledge base answers as usual).
pub fn answer(
    question: &str,
    today: NaiveDate,
    rules: &Rules,
    calendar: &Calendar,
    answerer: &Answerer,
) -> Option<Answer> {
    let q = understand(question, today)?;
    let lang = Lang::of_text(question);
    let method = rules.method(&q.method).ok()?;
    // An English answer cites each step's basis in English.
    let basis_of = |s: &timeline::PlanStep| match lang {
        Lang::Th => s.basis.clone(),
        Lang::En => s.basis_en.clone(),
    };
    // Without an amount, the lowest tier of the method; the answer says so.
    let amount = q.amount.or_else(|| {
        let tier = method.tiers.first()?;
        Baht::whole(tier.above.saturating_add(1)).ok()
    })?;
    let request = PlanRequest::new(&q.method, amount);
    let mut lines = Vec::new();
    let (entry_step, basis, verified) = match &q.asked_step {
        Some(asked) => {
            let found =
                timeline::date_after(rules, calendar, &request, &q.known_step, q.date, asked)
                    .ok()?;
            let mut basis: Vec<String> = Vec::new();
            let mut verified = true;
            // Every further step asked, each from the same known date, before the last one.
            for also in &q.also_asked {
                let Ok(more) =
                    timeline::date_after(rules, calendar, &request, &q.known_step, q.date, also)
                else {
                    continue;
                };
                lines.push(describe_date_after(&more, lang));
                basis.extend(more.steps.iter().map(basis_of));
                verified &= more.steps.iter().all(|s| s.verified);
            }
            lines.push(describe_date_after(&found, lang));
            basis.extend(found.steps.iter().map(basis_of));
            verified &= found.steps.iter().all(|s| s.verified);
            lines.extend(found.warnings.iter().map(|w| warning_in(w, lang)));
            (asked.clone(), basis, verified)
        }
        None => {
            let plan = timeline::plan_backward(rules, calendar, &request, q.date).ok()?;
            lines.push(describe_backward(&plan, method, lang));
            let basis: Vec<String> = plan.steps.iter().map(basis_of).collect();
            let verified = plan.steps.iter().all(|s| s.verified);
            lines.extend(plan.warnings.iter().map(|w| warning_in(w, lang)));
            (String::new(), basis, verified)
        }
    };
    if q.amount.is_none() {
        let tier = method.tiers.first().map_or("", |t| match lang {
            Lang::Th => t.name_th.as_str(),
            Lang::En => t.name_en.as_str(),
        });
        lines.push(say::lowest_tier_assumed(tier, lang));
    }
    if !q.method_stated {
        let name = match lang {
            Lang::Th => &method.name_th,
            Lang::En => &method.name_en,
        };
        lines.push(say::method_assumed(name, lang));
    }
    let mut citations: Vec<String> = Vec::new();
    for b in basis {
        if !citations.contains(&b) {
            citations.push(b);
        }
    }
    // The rule's own entry: for one step, among the entries that quote its duration, the most
    // specific (fewest durations quoted); for a whole plan, the overview quoting the most steps
    // of the method; ties go to the best match for the question.
    let ranking = answerer.rank(question, today, usize::MAX);
    let rank_of = |entry: usize| {
        ranking
            .hits
            .iter()
            .position(|h| h.entry == entry)
            .unwrap_or(usize::MAX)
    };
    let method_prefix = format!("{}/", q.method);
    let entry_for = |entry_step: &str| {
        let step_key = format!("{method_prefix}{entry_step}");
        answerer
            .kb
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let quoted = e
                    .durations
                    .iter()
                    .filter(|d| d.step.starts_with(&method_prefix))
                    .count();
                let relevant = if entry_step.is_empty() {
                    quoted > 0
                } else {
                    e.durations.iter().any(|d| d.step == step_key)
                };
                let specificity = if entry_step.is_empty() {
                    usize::MAX - quoted
                } else {
                    e.durations.len()
                };
                relevant.then_some(((specificity, rank_of(i)), e))
            })
            .min_by_key(|(key, _)| *key)
            .map(|(_, e)| e)
    };
    // With several steps asked, the first asked whose duration an entry quotes names the rule.
    let entry = q
        .also_asked
        .iter()
        .find_map(|step| entry_for(step))
        .or_else(|| entry_for(&entry_step));
    let verified = verified && entry.is_none_or(|e| e.verified);
    // An English answer names the entry's English twin when the knowledge base has one.
    let entry = answerer.in_language(entry, lang);
    let text = crate::knowledge::with_caveat(lines.join("\n"), verified, lang);
    Some(Answer {
        question: question.to_string(),
        answered: true,
        entry_id: entry.map(|e| e.id.to_string()),
        title: Some(say::date_title(lang).to_string()),
        answer: Some(text),
        citations,
        verified,
        checked_on: entry.filter(|_| verified).and_then(|e| e.checked_on()),
        // The dates are computed, not retrieved; what is uncertain is only the reading.
        confidence: 0.95,
        alternatives: Vec::new(),
        handoff_agency: entry.map(|e| e.agency.clone()),
        also_answered: Vec::new(),
    })
}

/// A timeline warning in `lang`: the timeline writes each one "Thai / English" for its plans and
/// exports, so an English answer keeps the part after the slash.
fn warning_in(warning: &str, lang: Lang) -> String {
    match (lang, warning.rsplit_once(" / ")) {
        (Lang::En, Some((_, english))) => english.to_string(),
        _ => warning.to_string(),
    }
}

/// The holidays a count skipped, named in `lang`.
fn skipped_in(holidays: &[timeline::SkippedHoliday], lang: Lang) -> Vec<(NaiveDate, String)> {
    holidays
        .iter()
        .map(|h| {
            let name = match lang {
                Lang::Th => &h.name,
                Lang::En => &h.name_en,
            };
            (h.date, name.clone())
        })
        .collect()
}

fn step_name(step: &timeline::PlanStep, lang: Lang) -> &str {
    match lang {
        Lang::Th => &step.name,
        Lang::En => &step.name_en,
    }
}

fn describe_date_after(found: &DateAnswer, lang: Lang) -> String {
    let asked = found
        .steps
        .last()
        .map_or(found.asked_step.as_str(), |s| step_name(s, lang));
    let known = found
        .steps
        .first()
        .map_or(found.known_step.as_str(), |s| step_name(s, lang));
    say::date_after(
        (asked, found.date),
        (known, found.known_date),
        found.working_days,
        &skipped_in(&found.holidays_skipped, lang),
        lang,
    )
}

fn describe_backward(plan: &Plan, method: &timeline::Method, lang: Lang) -> String {
    let skipped: Vec<timeline::SkippedHoliday> = plan
        .steps
        .iter()
        .flat_map(|s| s.holidays_skipped.iter().cloned())
        .collect();
    let steps: Vec<String> = plan
        .steps
        .iter()
        .map(|s| {
            let unit = match lang {
                Lang::Th => s.day_kind.unit_th(),
                Lang::En => s.day_kind.unit_en(),
            };
            say::plan_step_line(step_name(s, lang), (s.start, s.end), s.days, unit, lang)
        })
        .collect();
    let (method_name, tier_name) = match lang {
        Lang::Th => (plan.method_name.as_str(), plan.tier_name.as_str()),
        Lang::En => (
            plan.method_name_en.as_str(),
            method
                .tiers
                .iter()
                .find(|t| t.id == plan.tier)
                .map_or(plan.tier_name.as_str(), |t| t.name_en.as_str()),
        ),
    };
    say::latest_start(
        (plan.start_date, plan.contract_date),
        (method_name, tier_name),
        &steps,
        &skipped_in(&skipped, lang),
        lang,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_word_lists_match_exactly_where_a_word_is_contained() {
        let texts = [
            "ประกาศผู้ชนะวันศุกร์ 24 เม.ย. 69 ระยะอุทธรณ์ครบวันไหน",
            "อยากเซ็นสัญญา 1 ต.ค. 69 งาน e-bidding 4 ล้าน ต้องเริ่มเมื่อไร",
            "when is the appeal deadline",
            "วงเงินเท่าไรต้องใช้ e-bidding",
            "ได้วัน",
            "",
        ];
        for t in texts.iter().copied().chain(ASKING.iter().copied()) {
            for (words, re) in [(ASKING, &*ASKING_ANY), (ASKING_START, &*ASKING_START_ANY)] {
                let contained = words.iter().any(|w| t.contains(w));
                assert_eq!(re.is_match(t), contained, "{t}");
            }
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn the_three_kinds_of_date_question_are_understood() {
        let today = ymd(2026, 3, 1);
        let q = understand("ประกาศผู้ชนะวันศุกร์ 24 เม.ย. 69 ระยะอุทธรณ์ครบวันไหน", today)
            .expect("a date question");
        assert_eq!(
            (q.known_step.as_str(), q.asked_step.as_deref()),
            ("award", Some("appeal"))
        );
        assert_eq!(q.date, ymd(2026, 4, 24));
        let q = understand(
            "อยากเซ็นสัญญา 1 ต.ค. 69 งาน e-bidding 4 ล้าน ต้องเริ่มเมื่อไร",
            today,
        )
        .expect("a date question");
        assert_eq!(
            (q.known_step.as_str(), q.asked_step.as_deref()),
            ("sign", None)
        );
        assert_eq!(q.amount, Baht::whole(4_000_000).ok());
        let q = understand("ประกาศ e-bidding 3 ล้านวันที่ 8 เม.ย. 69 ยื่นซองได้วันไหน", today)
            .expect("a date question");
        assert_eq!(
            (q.known_step.as_str(), q.asked_step.as_deref()),
            ("publish", Some("bid"))
        );
        assert_eq!(q.method, "e-bidding");
    }

    #[test]
    fn english_steps_are_read_as_whole_words() {
        let today = ymd(2026, 3, 1);
        let q = understand(
            "The e-bidding announcement was published on 2 March 2026; when does the bid submission period end?",
            today,
        )
        .expect("a date question");
        // "bid" inside "e-bidding" names no step; the announcement published is the invitation.
        assert_eq!(
            (q.known_step.as_str(), q.asked_step.as_deref()),
            ("publish", Some("bid"))
        );
        assert_eq!(q.date, ymd(2026, 3, 2));
        let q = understand(
            "What is the last day to appeal if the result was announced on 5 May 2026?",
            today,
        )
        .expect("a date question");
        assert_eq!(
            (q.known_step.as_str(), q.asked_step.as_deref()),
            ("award", Some("appeal"))
        );
    }

    #[test]
    fn every_step_asked_after_the_date_is_kept_in_order() {
        let q = understand(
            "ประกาศผู้ชนะ 3 มี.ค. 69 อุทธรณ์ครบวันไหน แล้วเซ็นสัญญาได้วันไหน",
            ymd(2026, 3, 1),
        )
        .expect("a date question");
        assert_eq!(q.known_step, "award");
        assert_eq!(q.also_asked, ["appeal"]);
        assert_eq!(q.asked_step.as_deref(), Some("sign"));
    }

    #[test]
    fn rule_questions_without_a_date_are_not_date_questions() {
        let today = ymd(2026, 3, 1);
        assert!(understand("อุทธรณ์ได้กี่วัน", today).is_none());
        assert!(understand("วิธีเฉพาะเจาะจงซื้อได้ไม่เกินเท่าไหร่", today).is_none());
    }
}
