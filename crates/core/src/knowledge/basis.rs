//! Looking up what the knowledge base says under a legal provision ("มาตรา 66 ว่าไง",
//! "ข้อ 162 คืออะไร", "ว 119"): an index of the provisions every entry's citations name, parsed
//! from their `basis`. The bot lists the entries that cite the provision, in their own words; it
//! never quotes or invents the provision's text, and says so when nothing cites it.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::entry::Entry;

/// The laws whose provisions officers name by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Law {
    /// พ.ร.บ.การจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 (มาตรา).
    ProcurementAct,
    /// ระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างฯ พ.ศ. 2560 (ข้อ).
    ProcurementRegulation,
    /// พ.ร.บ.วิธีการงบประมาณ พ.ศ. 2561 (มาตรา).
    BudgetProceduresAct,
    /// A Comptroller General's Department circular (ว + number).
    Circular,
}

impl Law {
    pub fn name_th(self) -> &'static str {
        match self {
            Law::ProcurementAct => "พ.ร.บ.การจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560",
            Law::ProcurementRegulation => {
                "ระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560"
            }
            Law::BudgetProceduresAct => "พ.ร.บ.วิธีการงบประมาณ พ.ศ. 2561",
            Law::Circular => "หนังสือเวียนกรมบัญชีกลาง",
        }
    }

    /// How a provision of this law is written: "มาตรา 66", "ข้อ 162", "ว 119".
    pub fn provision_th(self, number: u32) -> String {
        match self {
            Law::ProcurementAct | Law::BudgetProceduresAct => format!("มาตรา {number}"),
            Law::ProcurementRegulation => format!("ข้อ {number}"),
            Law::Circular => format!("ว {number}"),
        }
    }
}

/// One provision: a law and its section, clause or circular number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Provision {
    pub law: Law,
    pub number: u32,
}

static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:มาตรา|ม\.|section|s\.)\s*(\d{1,3})").expect("valid regex"));
static CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:ข้อ|clause)\s*(\d{1,3})").expect("valid regex"));
static CIRCULAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s/(])(?:ว|circular)\s*\.?\s*(\d{1,4})").expect("valid regex")
});
/// Words that make a message a request to look a provision up, not a question that happens to
/// name one.
static LOOKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"ว่าไง|ว่ายังไง|ว่าอย่างไร|ว่าอะไร|คืออะไร|คือ\s*อะไร|เรื่องอะไร|พูดถึงอะไร|เกี่ยวกับอะไร|เขียนว่า|หมายถึงอะไร|what does|what is|says?\b|about\b",
    )
    .expect("valid regex")
});

fn numbers(re: &Regex, text: &str) -> Vec<u32> {
    re.captures_iter(text)
        .filter_map(|c| c.get(1)?.as_str().parse().ok())
        .collect()
}

/// The provisions a citation's basis names.
pub fn provisions_in_basis(basis: &str) -> Vec<Provision> {
    let text = crate::thai::normalize(basis);
    let law = if text.contains("วิธีการงบประมาณ") || text.contains("budget procedures")
    {
        Some(Law::BudgetProceduresAct)
    } else if text.contains("ระเบียบกระทรวงการคลัง") || text.contains("regulation")
    {
        Some(Law::ProcurementRegulation)
    } else if (text.contains("พ.ร.บ.") || text.contains("act"))
        && (text.contains("จัดซื้อจัดจ้าง") || text.contains("procurement"))
    {
        Some(Law::ProcurementAct)
    } else {
        None
    };
    let mut found = Vec::new();
    match law {
        Some(Law::ProcurementRegulation) => {
            found.extend(numbers(&CLAUSE, &text).into_iter().map(|number| Provision {
                law: Law::ProcurementRegulation,
                number,
            }))
        }
        Some(law) => found.extend(
            numbers(&SECTION, &text)
                .into_iter()
                .map(|number| Provision { law, number }),
        ),
        None => {}
    }
    found.extend(
        numbers(&CIRCULAR, &text)
            .into_iter()
            .map(|number| Provision {
                law: Law::Circular,
                number,
            }),
    );
    found.sort();
    found.dedup();
    found
}

/// The provision a message asks to look up, when it is such a request.
pub fn asked_provision(question: &str) -> Option<Provision> {
    let text = crate::thai::normalize(question);
    let asked = if let Some(n) = numbers(&CIRCULAR, &text).first() {
        Provision {
            law: Law::Circular,
            number: *n,
        }
    } else if let Some(n) = numbers(&CLAUSE, &text).first() {
        Provision {
            law: Law::ProcurementRegulation,
            number: *n,
        }
    } else if let Some(n) = numbers(&SECTION, &text).first() {
        let law = if text.contains("งบประมาณ") || text.contains("budget") {
            Law::BudgetProceduresAct
        } else {
            Law::ProcurementAct
        };
        Provision { law, number: *n }
    } else {
        return None;
    };
    // What is left once the provision and the law's name are taken out: a bare reference
    // ("ข้อ 162") is a lookup too.
    let rest: String = [&*SECTION, &*CLAUSE, &*CIRCULAR]
        .iter()
        .fold(text.clone(), |t, re| re.replace_all(&t, " ").into_owned());
    let rest = rest
        .replace("พ.ร.บ.", "")
        .replace("ระเบียบ", "")
        .replace("จัดซื้อจัดจ้าง", "")
        .replace("พัสดุ", "");
    let bare = rest.chars().filter(|c| c.is_alphanumeric()).count() <= 6;
    (bare || LOOKUP.is_match(&text)).then_some(asked)
}

/// Every provision a question names: "ข้อ 183", "ม.95" or "มาตรา 95", "ว116" or "ว 119". A
/// section without its act's name may be of either act, unless the question names one.
pub fn provisions_in_question(text: &str) -> Vec<Provision> {
    let text = crate::thai::normalize(text);
    let mut found: Vec<Provision> = numbers(&CIRCULAR, &text)
        .into_iter()
        .map(|number| Provision {
            law: Law::Circular,
            number,
        })
        .chain(numbers(&CLAUSE, &text).into_iter().map(|number| Provision {
            law: Law::ProcurementRegulation,
            number,
        }))
        .collect();
    let budget = text.contains("วิธีการงบประมาณ") || text.contains("budget procedure");
    let procurement = text.contains("จัดซื้อ") || text.contains("พัสดุ") || text.contains("procurement");
    let acts: &[Law] = match (budget, procurement) {
        (true, false) => &[Law::BudgetProceduresAct],
        (false, true) => &[Law::ProcurementAct],
        _ => &[Law::ProcurementAct, Law::BudgetProceduresAct],
    };
    for number in numbers(&SECTION, &text) {
        found.extend(acts.iter().map(|&law| Provision { law, number }));
    }
    found.sort();
    found.dedup();
    found
}

/// Which entries cite which provision, in the order of the entries.
#[derive(Debug, Default)]
pub struct BasisIndex {
    citing: BTreeMap<Provision, Vec<usize>>,
    /// Entries whose tags name a provision ("ข้อ 183", "section 102") without citing it.
    tagged: BTreeMap<Provision, Vec<usize>>,
}

impl BasisIndex {
    pub fn build(entries: &[Entry]) -> Self {
        let mut citing: BTreeMap<Provision, Vec<usize>> = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            for c in &e.citations {
                for p in provisions_in_basis(&c.basis) {
                    let list = citing.entry(p).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        let mut tagged: BTreeMap<Provision, Vec<usize>> = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            for p in e.tags.iter().flat_map(|t| provisions_in_question(t)) {
                let list = tagged.entry(p).or_default();
                if list.last() != Some(&i) && !citing.get(&p).is_some_and(|c| c.contains(&i)) {
                    list.push(i);
                }
            }
        }
        Self { citing, tagged }
    }

    /// The entries that cite any of `provisions` or carry one in their tags, each once.
    pub fn naming(&self, provisions: &[Provision]) -> Vec<usize> {
        let mut found: Vec<usize> = provisions
            .iter()
            .flat_map(|p| {
                let tagged = self.tagged.get(p).map_or(&[][..], Vec::as_slice);
                self.citing(*p).iter().chain(tagged)
            })
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The entries (indexes into the knowledge base) that cite `provision`.
    pub fn citing(&self, provision: Provision) -> &[usize] {
        self.citing.get(&provision).map_or(&[], Vec::as_slice)
    }

    /// Every provision some entry cites.
    pub fn provisions(&self) -> impl Iterator<Item = &Provision> {
        self.citing.keys()
    }
}

/// The answer to a provision lookup: what the entries citing it say, each by its title and the
/// first sentence of its short answer, or — when nothing cites it — that the knowledge base has
/// nothing under it (not answered; the officer can hand it to the treasury office).
pub fn lookup_answer(
    question: &str,
    provision: Provision,
    entries: &[Entry],
    index: &BasisIndex,
    today: chrono::NaiveDate,
) -> super::Answer {
    let lang = super::Lang::of_text(question);
    let english = lang == super::Lang::En;
    let name = if english {
        match provision.law {
            Law::ProcurementAct => format!(
                "section {} of the Procurement Act B.E. 2560",
                provision.number
            ),
            Law::ProcurementRegulation => format!(
                "clause {} of the MoF Procurement Regulation B.E. 2560",
                provision.number
            ),
            Law::BudgetProceduresAct => format!(
                "section {} of the Budget Procedures Act B.E. 2561",
                provision.number
            ),
            Law::Circular => format!("CGD circular ว {}", provision.number),
        }
    } else {
        format!(
            "{} {}",
            provision.law.provision_th(provision.number),
            provision.law.name_th()
        )
    };
    let citing: Vec<&Entry> = index
        .citing(provision)
        .iter()
        .map(|&i| &entries[i])
        .filter(|e| e.is_valid_on(today))
        .collect();
    if citing.is_empty() {
        let text = if english {
            format!(
                "The knowledge base has no answer citing {name}. I do not quote legal provisions from memory; hand the question to the provincial treasury office to be sure."
            )
        } else {
            format!(
                "ฐานความรู้ยังไม่มีเรื่องที่อ้าง{name} และระบบไม่ยกข้อความกฎหมายเอง โปรดส่งต่อสำนักงานคลังจังหวัดเพื่อตรวจกับตัวบท"
            )
        };
        return super::Answer {
            question: question.to_string(),
            answered: false,
            entry_id: None,
            title: None,
            answer: Some(text),
            citations: Vec::new(),
            verified: false,
            checked_on: None,
            confidence: 0.0,
            alternatives: Vec::new(),
            handoff_agency: Some("treasury".to_string()),
            also_answered: Vec::new(),
        };
    }
    let mut lines = vec![if english {
        format!(
            "What the knowledge base says under {name}, in its own words (not the text of the provision):"
        )
    } else {
        format!("เรื่องในฐานความรู้ที่อ้าง{name} (สรุปด้วยคำของเรา ไม่ใช่ตัวบท):")
    }];
    for e in &citing {
        // The whole lead: Thai marks neither sentence ends nor decimals apart from "พ.ศ." with
        // a full stop, so cutting at one would leave "อัตรา 0." in place of a rate.
        let lead = &e.short_answer;
        let caveat = if e.verified {
            ""
        } else if english {
            " (not yet verified)"
        } else {
            " (ยังไม่ได้ตรวจกับต้นฉบับ)"
        };
        lines.push(format!("• {}{caveat}: {}", e.title, lead.trim()));
    }
    let mut citations: Vec<String> = Vec::new();
    for e in &citing {
        for c in &e.citations {
            if provisions_in_basis(&c.basis).contains(&provision) && !citations.contains(&c.basis) {
                citations.push(c.basis.clone());
            }
        }
    }
    let verified = citing.iter().all(|e| e.verified);
    let text = super::with_caveat(lines.join("\n"), verified, lang);
    let first = citing[0];
    super::Answer {
        question: question.to_string(),
        answered: true,
        entry_id: Some(first.id.to_string()),
        title: Some(if english {
            format!("Knowledge base entries citing {name}")
        } else {
            format!("เรื่องที่อ้าง{name}")
        }),
        answer: Some(text),
        citations,
        verified,
        checked_on: if verified {
            citing.iter().filter_map(|e| e.checked_on()).max()
        } else {
            None
        },
        confidence: 0.95,
        alternatives: citing
            .iter()
            .skip(1)
            .take(3)
            .map(|e| super::Alternative {
                entry_id: e.id.to_string(),
                title: e.title.clone(),
                confidence: 0.95,
            })
            .collect(),
        handoff_agency: Some(first.agency.clone()),
        also_answered: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(law: Law, number: u32) -> Provision {
        Provision { law, number }
    }

    #[test]
    fn a_basis_names_its_law_and_every_section() {
        assert_eq!(
            provisions_in_basis(
                "พ.ร.บ.การจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 มาตรา 56 (2) (ข) ประกอบมาตรา 66 วรรคสอง"
            ),
            vec![p(Law::ProcurementAct, 56), p(Law::ProcurementAct, 66)]
        );
        assert_eq!(
            provisions_in_basis("ระเบียบกระทรวงการคลังฯ พ.ศ. 2560 ข้อ 162"),
            vec![p(Law::ProcurementRegulation, 162)]
        );
        assert_eq!(
            provisions_in_basis("พ.ร.บ.วิธีการงบประมาณ พ.ศ. 2561 มาตรา 43 วรรคสาม"),
            vec![p(Law::BudgetProceduresAct, 43)]
        );
        assert_eq!(
            provisions_in_basis(
                "หนังสือกรมบัญชีกลาง ด่วนที่สุด ที่ กค (กวจ) 0405.2/ว 119 ลงวันที่ 7 มีนาคม 2561"
            ),
            vec![p(Law::Circular, 119)]
        );
    }

    #[test]
    fn officers_ask_for_a_provision_in_many_ways() {
        assert_eq!(
            asked_provision("มาตรา 66 ว่าไง"),
            Some(p(Law::ProcurementAct, 66))
        );
        assert_eq!(
            asked_provision("ข้อ ๑๖๒ คืออะไร"),
            Some(p(Law::ProcurementRegulation, 162))
        );
        assert_eq!(asked_provision("ว 119"), Some(p(Law::Circular, 119)));
        assert_eq!(
            asked_provision("ม.43 พรบ.วิธีการงบประมาณ ว่ายังไง"),
            Some(p(Law::BudgetProceduresAct, 43))
        );
        assert_eq!(
            asked_provision("What does section 96 say?"),
            Some(p(Law::ProcurementAct, 96))
        );
    }

    #[test]
    fn a_question_names_provisions_in_short_forms() {
        assert_eq!(
            provisions_in_question("ผู้รับจ้างเริ่มงานช้า ข้อ ๑๘๓ ให้ทำยังไง"),
            vec![p(Law::ProcurementRegulation, 183)]
        );
        assert_eq!(
            provisions_in_question("ซื้อตาม ว116 กับ ว 119 ต่างกันไหม"),
            vec![p(Law::Circular, 116), p(Law::Circular, 119)]
        );
        // A bare section may be of either act; naming the act settles it.
        assert_eq!(
            provisions_in_question("ม.95 ว่าไว้ยังไง"),
            vec![p(Law::ProcurementAct, 95), p(Law::BudgetProceduresAct, 95)]
        );
        assert_eq!(
            provisions_in_question("มาตรา 66 พ.ร.บ.จัดซื้อ"),
            vec![p(Law::ProcurementAct, 66)]
        );
        assert!(provisions_in_question("ข้อตกลงเป็นหนังสือ ม.ค. 69").is_empty());
    }

    #[test]
    fn a_question_that_only_mentions_a_clause_is_not_a_lookup() {
        assert_eq!(
            asked_provision(
                "งานวางท่อประปากีดขวางจราจร ค่าปรับตามข้อ 162 ร้อยละ 0.25 ต่อวัน คิดจากวงเงินไหน"
            ),
            None
        );
        assert_eq!(asked_provision("วิธีเฉพาะเจาะจงซื้อได้ไม่เกินเท่าไหร่"), None);
    }
}
