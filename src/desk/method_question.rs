//! Method questions answered from the table in `knowledge/methods.toml`: "ซื้อวัสดุ 450,000
//! ใช้วิธีไหน", "จ้างเหมาก่อสร้าง 2.5 ล้าน ต้อง e-bidding ไหม", "ของอยู่ใน e-catalog 800,000",
//! "ซ่อมด่วน น้ำท่วม ต้องจ้างเลย", "มีผู้ผลิตรายเดียว". The desk reads the estimate, whether the
//! item is in the e-catalog and any ground named, and answers with the method(s) allowed, the
//! publication minimum (from `timelines.toml`), whether the contract waits for the appeal
//! period, who inspects, each with its basis — and the caveat when a rule's entry is unverified.

use std::sync::LazyLock;

use regex::Regex;

use crate::knowledge::methods::{Catalog, MethodRule, MethodTable};
use crate::knowledge::{Answer, Answerer, Lang, with_caveat};
use crate::thai::{Baht, UnitTotal, find_money, find_unit_total, normalize};
use crate::timeline::Rules;

use super::computed_messages as say;

/// Words that ask which method: "ใช้วิธีไหน", "ต้อง e-bidding ไหม", "ใช้เฉพาะเจาะจงได้มั้ย".
static ASKS_METHOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"วิธีไหน|วิธีอะไร|วิธีใด|ใช้วิธี(?:ไหน|อะไร|ใด|เหมือน)|แบบไหน|ทำยังไงต่อ|ทำอย่างไรต่อ|",
        r"ทำ(?:ยังไง|ไง|อย่างไร)(?:ดี|ได้บ้าง)|เปลี่ยนวิธี|",
        r"ต้องจ้างเลย|ต้องซื้อเลย|จ้างเลยได้|ซื้อเลยได้|(?:which|what) (?:procurement |purchasing )?method|",
        r"ต้อง(?:ใช้|ทำ)?\s*(?:วิธี)?\s*(?:e-?bidding|อีบิด|ประกวดราคา|e-?market|อีมาร์เก็ต|ตลาดอิเล็กทรอนิกส์|สอบราคา)\S*?\s*(?:ไหม|มั้ย|มั๊ย|หรือไม่|หรือเปล่า)|",
        r"(?:ใช้|ทำ)\s*(?:วิธี)?\s*(?:เฉพาะเจาะจง|เจาะจง|คัดเลือก|สอบราคา|e-?market|อีมาร์เก็ต|rfq)\S*?\s*(?:ได้)?\s*(?:ไหม|มั้ย|มั๊ย|หรือไม่|หรือเปล่า)|",
        // Without a verb the method must be followed by "ได้": "จะสอบราคาได้ไหม", "ไปคัดเลือกได้ไหม".
        r"(?:วิธี)?(?:เฉพาะเจาะจง|เจาะจง|คัดเลือก|สอบราคา)\s*ได้\s*(?:ไหม|มั้ย|มั๊ย|หรือไม่|หรือเปล่า|ป่าว|ป่ะ)|",
        // English: "can we use the specific method?", "may we go with selection?".
        r"(?:can|may|could|should|must)\s+(?:we|i|they|the agency)\s+(?:use|go with|apply|do)\s+(?:the\s+)?(?:specific|selection|price quotation|e-?bidding|e-?market)"
    ))
    .expect("valid regex")
});

/// Any word that asks something; a message without one is a statement ("มีผู้ผลิตรายเดียว").
static ASKS_ANYTHING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ไหม|มั้ย|มั๊ย|อะไร|ไหน|ยังไง|อย่างไร|เท่าไร|เท่าไหร่|กี่|หรือเปล่า|หรือไม่|ใช่ไหม|\?")
        .expect("valid regex")
});

/// What the question is really about when it names these: a period, the appeal, inspection,
/// guarantees, fines, the written agreement, a price above the amount. Their own entries answer.
static OTHER_FACET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"กี่วัน|อุทธรณ์|ตรวจรับ|หลักประกัน|ค่าปรับ|ข้อตกลง|ใบสั่ง|ราคากลาง|เกินงบ|เกินวงเงิน|สูงกว่าวงเงิน|ต่อรอง|แผนจัดซื้อ|แบ่งซื้อ|แบ่งจ้าง|",
        // A contract already running, or a purchase paid first and reported after (ว 119).
        r"ขยายเวลา|ต่อสัญญา|ย้อนหลัง|ไปก่อน|ซื้อก่อน|จ้างก่อน|ทีหลัง|ทดรอง|สำรองจ่าย|ว\s?119|วันไหน|",
        // The same facets asked in English.
        r"how many days|appeal|inspect|guarantee|penalt|\bfines?\b|median price|extend"
    ))
        .expect("valid regex")
});

/// A money figure preceded by one of these is a threshold in a rule question ("เกิน 5 ล้าน
/// ทำแบบไหน"), not the estimate of a purchase.
static THRESHOLD_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:เกิน|ต่ำกว่า|ไม่ถึง|ตั้งแต่|ถึง|กว่า|over|under|above|below|up to)\s*(?:วงเงิน|งบ)?\s*$")
        .expect("valid regex")
});

static CATALOG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"e-?\s?cat|อีแคต|แคตตาล็อก|แคตาล็อก|แคทตาล็อก").expect("valid regex"));

static NOT_IN_CATALOG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:ไม่มี|ไม่อยู่|ไม่ได้อยู่|ไม่ได้มี|ไม่ได้ขึ้น|ไม่ได้ลง|ไม่)\S{0,8}\s?(?:e-?\s?cat|อีแคต|แคตตาล็อก|แคตาล็อก|แคทตาล็อก)|",
        r"(?:not|isn't|isnt|no)\s(?:\S+\s){0,3}?(?:in|on|listed in)\s(?:the\s)?e-?\s?cat"
    ))
        .expect("valid regex")
});

/// e-market words: the item is in the e-catalog (e-market is only for listed items).
static E_MARKET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"e-?market|อีมาร์เก็ต|ตลาดอิเล็กทรอนิกส์|rfq|e-?auction").expect("valid regex")
});

/// Buying or hiring: with a ground named, "ซื้อเพิ่มให้เข้าชุดกับของเดิม ได้ไหม" asks for the method.
static PROCURES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ซื้อ|จ้าง|จัดหา|\bbuy|\bpurchas|\bhire|\bprocur").expect("valid regex")
});

const STATEMENT_MAX_CHARS: usize = 40;

/// What was understood from the question.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodQuestion {
    pub amount: Option<Baht>,
    /// The amount was a quantity times a unit price ("20 เครื่อง เครื่องละ 25,000").
    pub multiplied: Option<UnitTotal>,
    pub catalog: Option<Catalog>,
    /// Ids of the grounds named, in the table's order.
    pub grounds: Vec<String>,
    /// The id of an `outside` kind named, if any.
    pub outside: Option<String>,
}

/// Reads a method question; `None` when the text is not one.
pub fn understand(question: &str, table: &MethodTable) -> Option<MethodQuestion> {
    if table.bands.is_empty() && table.grounds.is_empty() {
        return None;
    }
    let t = normalize(question);
    if OTHER_FACET.is_match(&t) {
        return None;
    }
    let outside = table.outside.iter().find(|o| o.named_in(&t));
    // Consultancy and design grounds apply only to their own kind; the ordinary ones never do.
    let mut named: Vec<&MethodRule> = table
        .grounds
        .iter()
        .filter(|g| g.within.as_deref() == outside.map(|o| o.id.as_str()) && g.named_in(&t))
        .collect();
    let replaced: Vec<String> = named.iter().filter_map(|g| g.replaces.clone()).collect();
    named.retain(|g| !replaced.contains(&g.id));
    let asks_anything = ASKS_ANYTHING.is_match(&t);
    // A ground named in a question about buying or hiring asks which method that ground allows.
    let asks =
        ASKS_METHOD.is_match(&t) || (!named.is_empty() && asks_anything && PROCURES.is_match(&t));
    let statement = !asks_anything && t.chars().count() <= STATEMENT_MAX_CHARS;
    if !(asks || statement) {
        return None;
    }
    // The estimate is the whole purchase: a price per unit is multiplied by the quantity.
    let multiplied = find_unit_total(&t);
    let amount = multiplied.as_ref().map(|u| u.total).or_else(|| {
        find_money(&t)
            .filter(|(baht, at)| baht.satang() > 0 && !THRESHOLD_BEFORE.is_match(&t[..*at]))
            // A price per unit without the quantity ("เครื่องละ 25,000") is not the estimate.
            .filter(|(_, at)| !t[..*at].trim_end().ends_with("ละ"))
            .map(|(baht, _)| baht)
    });
    let catalog = if NOT_IN_CATALOG.is_match(&t) {
        Some(Catalog::Unlisted)
    } else if CATALOG.is_match(&t) || E_MARKET.is_match(&t) {
        Some(Catalog::Listed)
    } else {
        None
    };
    let outside = outside.map(|o| o.id.clone());
    // A statement is answered only when it says what decides the method.
    let decisive =
        !named.is_empty() || outside.is_some() || (amount.is_some() && catalog.is_some());
    if (statement && !asks && !decisive)
        || (amount.is_none() && named.is_empty() && outside.is_none())
    {
        return None;
    }
    Some(MethodQuestion {
        amount,
        multiplied,
        catalog,
        grounds: named.iter().map(|g| g.id.clone()).collect(),
        outside,
    })
}

/// The computed answer, or `None` when the question is not a method question (then the
/// knowledge base answers as usual).
pub fn answer(question: &str, rules: Option<&Rules>, answerer: &Answerer) -> Option<Answer> {
    let lang = Lang::of_text(question);
    let table = &answerer.kb.methods;
    let q = understand(question, table)?;
    if let Some(id) = &q.outside {
        let rule = table.outside.iter().find(|o| &o.id == id)?;
        if rule.entry.is_some() {
            return kind_answer(question, rule, &q, lang, answerer);
        }
        // Not an answer: no method is given, only who can give one. Declined, so the officer
        // sees the handoff, and the desk's figures do not count it as answered.
        let text = with_caveat(rule.text(lang).to_string(), false, lang);
        return Some(Answer {
            question: question.to_string(),
            answered: false,
            entry_id: None,
            title: Some(say::method_title(lang).to_string()),
            answer: Some(text),
            citations: Vec::new(),
            verified: false,
            checked_on: None,
            confidence: 0.0,
            alternatives: Vec::new(),
            handoff_agency: rule.agency.clone(),
            also_answered: Vec::new(),
        });
    }
    let mut used = Used::new(lang);
    let mut lines = vec![say::method_heading(q.amount, q.catalog, lang)];
    if let Some(u) = &q.multiplied {
        lines.push(say::multiplied(u, lang));
    }
    let grounds: Vec<&MethodRule> = q
        .grounds
        .iter()
        .filter_map(|id| table.grounds.iter().find(|g| &g.id == id))
        .collect();
    for ground in &grounds {
        if let Some(amount) = q.amount
            && !ground.range().contains(amount)
        {
            lines.push(say::ground_out_of_range(
                ground.method(lang),
                ground.above,
                ground.up_to,
                lang,
            ));
            used.rule(ground, answerer);
            continue;
        }
        lines.push(say::method_line(
            None,
            ground.method(lang),
            ground.basis(lang),
            lang,
        ));
        lines.extend(facets(ground, q.amount, rules, table, &mut used));
        used.rule(ground, answerer);
    }
    let bands = q
        .amount
        .map(|a| table.bands_for(a, q.catalog))
        .unwrap_or_default();
    if !bands.is_empty() {
        if !grounds.is_empty() {
            lines.push(say::otherwise_by_amount(lang).to_string());
        }
        let undecided = bands.len() > 1;
        for band in &bands {
            let condition = undecided.then_some(band.catalog).flatten();
            lines.push(say::method_line(
                condition,
                band.method(lang),
                band.basis(lang),
                lang,
            ));
            lines.extend(facets(band, q.amount, rules, table, &mut used));
            used.rule(band, answerer);
        }
        if undecided && let Some(id) = &table.undecided_entry {
            used.entry(id, answerer);
        }
    }
    if let Some(amount) = q.amount {
        for note in table.notes.iter().filter(|n| n.range().contains(amount)) {
            lines.push(say::note_line(note.text(lang), note.basis(lang)));
            used.citation(Some(note.basis(lang)));
            used.rule(note, answerer);
        }
    }
    // The rule's entry: the first ground named; else the one band; else the table's entry for
    // an estimate the e-catalog decides. An English answer names the English twin if any.
    let undecided = match lang {
        Lang::En => table
            .undecided_entry_en
            .as_ref()
            .or(table.undecided_entry.as_ref()),
        Lang::Th => table.undecided_entry.as_ref(),
    };
    let entry_id = grounds
        .first()
        .and_then(|g| g.entry(lang))
        .or_else(|| match bands.as_slice() {
            [one] => one.entry(lang),
            [] => None,
            _ => undecided.map(String::as_str),
        })?
        .to_string();
    method_answer(question, entry_id, &lines, used, answerer)
}

/// A kind with its own chapter (consultancy, design or supervision): the method its grounds
/// named allow, else what the kind's entry says of its methods; the amount bands never apply.
fn kind_answer(
    question: &str,
    kind: &MethodRule,
    q: &MethodQuestion,
    lang: Lang,
    answerer: &Answerer,
) -> Option<Answer> {
    let table = &answerer.kb.methods;
    let mut used = Used::new(lang);
    let mut lines = vec![say::method_heading(None, None, lang)];
    let grounds: Vec<&MethodRule> = q
        .grounds
        .iter()
        .filter_map(|id| table.grounds.iter().find(|g| &g.id == id))
        .collect();
    let rules: Vec<&MethodRule> = if grounds.is_empty() {
        vec![kind]
    } else {
        grounds
    };
    for rule in &rules {
        lines.push(say::method_line(
            None,
            rule.method(lang),
            rule.basis(lang),
            lang,
        ));
        used.rule(rule, answerer);
    }
    if kind.text_th.is_some() {
        lines.push(kind.text(lang).to_string());
    }
    let entry_id = rules.first().and_then(|r| r.entry(lang))?.to_string();
    method_answer(question, entry_id, &lines, used, answerer)
}

/// The answer from the table: its lines, the rule's entry and what the answer rests on.
fn method_answer(
    question: &str,
    entry_id: String,
    lines: &[String],
    used: Used,
    answerer: &Answerer,
) -> Option<Answer> {
    let entry = answerer.entry(&entry_id)?;
    let verified = used.verified;
    Some(Answer {
        question: question.to_string(),
        answered: true,
        entry_id: Some(entry_id),
        title: Some(say::method_title(used.lang).to_string()),
        answer: Some(with_caveat(lines.join("\n"), verified, used.lang)),
        citations: used.citations,
        verified,
        checked_on: if verified { entry.checked_on() } else { None },
        // The table decides; what is uncertain is only the reading of the question.
        confidence: 0.9,
        alternatives: Vec::new(),
        handoff_agency: Some(entry.agency.clone()),
        also_answered: Vec::new(),
    })
}

/// The bases cited (in the answer's language) and whether everything the answer rests on is
/// verified.
struct Used {
    lang: Lang,
    citations: Vec<String>,
    verified: bool,
}

impl Used {
    fn new(lang: Lang) -> Self {
        Self {
            lang,
            citations: Vec::new(),
            verified: true,
        }
    }

    fn citation(&mut self, basis: Option<&str>) {
        if let Some(b) = basis
            && !self.citations.iter().any(|c| c == b)
        {
            self.citations.push(b.to_string());
        }
    }

    fn entry(&mut self, id: &str, answerer: &Answerer) {
        self.verified &= answerer.entry(id).is_some_and(|e| e.verified);
    }

    fn rule(&mut self, rule: &MethodRule, answerer: &Answerer) {
        self.citation(rule.basis.is_some().then(|| rule.basis(self.lang)));
        // The Thai entry states the rule; whether it is verified decides the caveat.
        if let Some(id) = &rule.entry {
            self.entry(id, answerer);
        }
    }
}

/// The publication minimum and the appeal wait of a band or ground's method.
fn facets(
    rule: &MethodRule,
    amount: Option<Baht>,
    rules: Option<&Rules>,
    table: &MethodTable,
    used: &mut Used,
) -> Vec<String> {
    let mut out = Vec::new();
    let method = rules
        .zip(rule.timeline.as_deref())
        .and_then(|(r, code)| r.method(code).ok());
    let tier = method.zip(amount).and_then(|(m, a)| {
        let satang = u64::try_from(a.satang()).ok()?;
        let baht = crate::timeline::Baht::from_satang(satang).ok()?;
        m.tier_for(baht).ok()
    });
    if let (Some(method), Some(tier)) = (method, tier)
        && let Ok(step) = method.step("publish")
    {
        let (unit, tier_name, basis) = match used.lang {
            Lang::Th => (step.day_kind.unit_th(), &tier.name_th, &step.basis),
            Lang::En => (step.day_kind.unit_en(), &tier.name_en, &step.basis_en),
        };
        out.push(say::publication_line(
            step.min_days(tier),
            unit,
            tier_name,
            basis,
            used.lang,
        ));
        used.citation(Some(basis));
        used.verified &= step.verified;
    }
    // The appeal period is the same in every tier; without an estimate, the first tier's.
    let appeal = method.and_then(|m| {
        let step = m.step("appeal").ok()?;
        let tier = tier.or(m.tiers.first())?;
        Some((step, step.min_days(tier)))
    });
    match (rule.appeal, appeal) {
        (Some(true), Some((step, days))) => {
            let (unit, basis) = match used.lang {
                Lang::Th => (step.day_kind.unit_th(), &step.basis),
                Lang::En => (step.day_kind.unit_en(), &step.basis_en),
            };
            out.push(say::appeal_line(days, unit, basis, used.lang));
            used.citation(Some(basis));
            used.verified &= step.verified;
        }
        (Some(false), _) => {
            let basis = match used.lang {
                Lang::Th => table.no_appeal_basis.as_deref(),
                Lang::En => table.no_appeal_basis_en.as_deref(),
            }
            .unwrap_or_default();
            out.push(say::no_appeal_line(basis, used.lang));
            used.citation(Some(basis).filter(|b| !b.is_empty()));
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn table() -> MethodTable {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/methods.toml");
        crate::knowledge::methods::load_methods(&path).expect("the shipped table loads")
    }

    #[test]
    fn an_estimate_in_any_written_form_is_read() {
        let t = table();
        let q = understand("ซื้อวัสดุ 450,000 ใช้วิธีไหน", &t).expect("a method question");
        assert_eq!(q.amount, Some(Baht::from_baht(450_000)));
        assert_eq!(q.catalog, None);
        let q = understand("จ้างเหมาก่อสร้าง 2.5 ล้าน ต้อง e-bidding ไหม", &t).expect("asked");
        assert_eq!(q.amount, Some(Baht::from_baht(2_500_000)));
        let q = understand("ของอยู่ใน e-catalog 800,000", &t).expect("a statement that decides");
        assert_eq!(
            (q.amount, q.catalog),
            (Some(Baht::from_baht(800_000)), Some(Catalog::Listed))
        );
        let q = understand("งบ ๗๕๐,๐๐๐ บาท ของไม่มีใน e-catalog ต้องใช้วิธีอะไร", &t).expect("asked");
        assert_eq!(q.catalog, Some(Catalog::Unlisted));
    }

    #[test]
    fn grounds_are_named_and_a_failed_selection_replaces_a_failed_invitation() {
        let t = table();
        let q = understand("ซ่อมด่วน น้ำท่วม ต้องจ้างเลย", &t).expect("emergency");
        assert_eq!(q.grounds, ["emergency", "urgent"]);
        let q = understand("ประกวดราคาแล้วไม่มีผู้ยื่น", &t).expect("failed");
        assert_eq!(q.grounds, ["failed-invitation"]);
        let q = understand("อีบิดแล้ว คัดเลือกแล้วก็ไม่มีผู้ยื่น ใช้วิธีไหน", &t).expect("failed twice");
        assert_eq!(q.grounds, ["failed-selection"]);
        let q = understand("มีผู้ผลิตรายเดียว", &t).expect("sole maker");
        assert_eq!(q.grounds, ["sole-supplier"]);
        let q = understand("จ้างที่ปรึกษา 2 ล้าน ใช้วิธีไหน", &t).expect("outside the table");
        assert_eq!(q.outside.as_deref(), Some("consulting"));
    }

    #[test]
    fn rule_questions_that_merely_contain_a_number_are_not_method_questions() {
        let t = table();
        for text in [
            // A threshold, not an estimate.
            "วิธีเฉพาะเจาะจงซื้อได้ไม่เกิน 500,000 ใช่ไหม",
            "e-market ถ้าวงเงินเกิน 5 ล้าน ทำแบบไหนคะ",
            // Another facet of the procurement: its own entry answers.
            "อีบิด 7.5 ล้าน ต้องประกาศเชิญชวนกี่วัน",
            "งานประกวดราคา 8 ล้าน ต้องเรียกหลักประกันซองไหม",
            "จ้างซ่อมแอร์ 120,000 บาท วิธีเฉพาะเจาะจง ตั้งผู้ตรวจรับคนเดียวได้ไหม",
            // No estimate and no ground.
            "วิธีจัดซื้อตามกฎหมายใหม่มีวิธีอะไรบ้าง",
            // A statement without what decides the method.
            "ผู้ประกอบการในจังหวัดน้อย เลยมีผู้เสนอราคารายเดียวตลอด",
            "งบประมาณปีนี้ 2 ล้าน",
        ] {
            assert_eq!(understand(text, &t), None, "{text}");
        }
    }
}
