//! What a question pins down — the procurement method, the amount band, the fiscal year, what
//! is bought (goods, works, consulting, services) — and what each entry is about, read the same
//! way. An entry about e-bidding does not answer a question about e-market, an entry about
//! fiscal year 2568 does not answer one about 2569: the rule sits in a sibling entry.
//!
//! Each slot is a set: a question may name two methods ("e-market หรือ e-bidding"), an entry may
//! cover several. Two sets contradict only when both are stated and share nothing. An entry
//! naming two or more methods is about methods in general and pins none.

use serde::Serialize;

use super::entry::Entry;

/// One kind of fact a question can pin down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    Method,
    Amount,
    Year,
    Kind,
    /// Central government or local administration: their budget rules are different laws.
    Sector,
}

/// Whose budget rules an entry states, or a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sector {
    /// Ministries, departments and their offices: the Budget Procedures Act, cabinet
    /// disbursement targets, GFMIS (`entries/budget/`).
    Central,
    /// อบต., เทศบาล, อบจ.: the Interior Ministry's regulations, the council, e-LAAS
    /// (`entries/local/`).
    Local,
}

/// Words that say the question is about a local administration.
const LOCAL_WORDS: &[&str] = &[
    "อบต",
    "อบจ",
    "อปท",
    "เทศบาล",
    "องค์กรปกครองส่วนท้องถิ่น",
    "องค์การบริหารส่วน",
    "สภาท้องถิ่น",
    "ข้อบัญญัติ",
    "e-laas",
    "local administration",
    "local government",
    "municipality",
    "subdistrict administrative",
    "sub-district administrative",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    EBidding,
    EMarket,
    Selection,
    Specific,
    PriceQuotation,
}

impl Method {
    /// A stable code, as in `timelines.toml`.
    pub fn code(self) -> &'static str {
        match self {
            Method::EBidding => "e-bidding",
            Method::EMarket => "e-market",
            Method::Selection => "selection",
            Method::Specific => "specific",
            Method::PriceQuotation => "price-quotation",
        }
    }
}

/// What is procured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Goods,
    Works,
    Consulting,
    Services,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Goods => "goods",
            Kind::Works => "works",
            Kind::Consulting => "consulting",
            Kind::Services => "services",
        }
    }
}

/// The words that name a method, normalised (lower-case Latin).
const METHOD_WORDS: &[(Method, &[&str])] = &[
    (
        Method::EBidding,
        &[
            "e-bidding",
            "ebidding",
            "e bidding",
            "อีบิด",
            "อี-บิด",
            "ประกวดราคา",
        ],
    ),
    (
        Method::EMarket,
        &[
            "e-market",
            "emarket",
            "e market",
            "อีมาร์เก็ต",
            "อี-มาร์เก็ต",
            "ตลาดอิเล็กทรอนิกส์",
        ],
    ),
    (
        Method::Selection,
        &["วิธีคัดเลือก", "ใช้คัดเลือก", "selection method"],
    ),
    (Method::Specific, &["เฉพาะเจาะจง", "specific method"]),
    (Method::PriceQuotation, &["สอบราคา", "price quotation"]),
];

/// Words that name what is procured. Plain "ซื้อ" counts in questions only, once the compounds
/// that mean procurement in general ("จัดซื้อจัดจ้าง") are taken out.
const KIND_WORDS: &[(Kind, &[&str])] = &[
    (Kind::Goods, &["งานซื้อ", "ซื้อของ", "สินค้า", "ครุภัณฑ์", "goods"]),
    (
        Kind::Works,
        &["ก่อสร้าง", "งานทาง", "งานอาคาร", "งานถนน", "construction"],
    ),
    (Kind::Consulting, &["ที่ปรึกษา", "consultant", "consulting"]),
    (Kind::Services, &["จ้างเหมาบริการ", "งานบริการ", "จ้างบริการ"]),
];

/// Compounds of "ซื้อ" that mean buying or hiring in general, not goods.
const PROCUREMENT_WORDS: &[&str] = &[
    "จัดซื้อจัดจ้าง",
    "จัดซื้อ",
    "ซื้อจ้าง",
    "ซื้อหรือจ้าง",
    "ขอซื้อขอจ้าง",
    "แบ่งซื้อแบ่งจ้าง",
    "สั่งซื้อสั่งจ้าง",
    "ใบสั่งซื้อ",
];

/// Words after which a number is a year.
const YEAR_WORDS: &[&str] = &[
    "ปีงบประมาณ",
    "ปีงบฯ",
    "ปีงบ",
    "งบปี",
    "ปี",
    "พ.ศ.",
    "พ.ศ",
    "fy",
    "b.e.",
    "ค.ศ.",
];

/// Words that make the year after them the year of a law, not of a budget or a calendar:
/// "ระเบียบฯ 2560", "พ.ร.บ.ที่ราชพัสดุ 2562".
const LAW_WORDS: &[&str] = &[
    "ระเบียบ",
    "พ.ร.บ",
    "พระราชบัญญัติ",
    "กฎกระทรวง",
    "ประกาศกระทรวง",
    "ว่าด้วย",
    "act",
    "regulation",
];

/// How far back (in characters) a law word makes a year the law's.
const LAW_REACH: usize = 30;

/// The slots of a question or an entry; an empty set is "not stated".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Slots {
    pub methods: Vec<Method>,
    pub kinds: Vec<Kind>,
    /// Buddhist-era years written as fiscal years ("ปีงบ 69", "FY2026").
    pub years: Vec<u16>,
    /// Years written without saying fiscal ("ปี 68", "2568"): a fiscal year runs from October
    /// of the year before, so such a year fits an entry of that year or the next.
    pub calendar_years: Vec<u16>,
    /// Amount bands between the procurement amount lines (see [`band_range`]).
    pub bands: Vec<usize>,
    /// Stated by a question only when it names a local administration; by an entry through its
    /// topic folder.
    pub sectors: Vec<Sector>,
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v.dedup();
    v
}

fn methods_in(text: &str) -> Vec<Method> {
    sorted(
        METHOD_WORDS
            .iter()
            .filter(|(_, words)| words.iter().any(|w| text.contains(w)))
            .map(|(m, _)| *m)
            .collect(),
    )
}

/// Words that make the method named after them the question, not the officer's case: "ต้อง
/// อีบิดไหม", "รออีบิดไม่ทัน", "ไม่ต้องประกวดราคา" ask whether the method applies.
const METHOD_DOUBT: &[&str] = &["ต้อง", "รอ", "ไม่", "แทน", "เลี่ยง", "ยกเว้น", "must", "instead"];
/// How far back (in characters) such a word reaches.
const DOUBT_REACH: usize = 8;
/// Phrases that ask which method to use: then no method named is the officer's.
const WHICH_METHOD: &[&str] = &["วิธีไหน", "วิธีอะไร", "วิธีใด", "which method"];

/// Whether a question (normalised) asks which method to use.
pub fn asks_which_method(text: &str) -> bool {
    WHICH_METHOD.iter().any(|w| text.contains(w))
}

/// The methods a question states as its case.
fn stated_methods(text: &str) -> Vec<Method> {
    if asks_which_method(text) {
        return Vec::new();
    }
    sorted(
        METHOD_WORDS
            .iter()
            .filter(|(_, words)| {
                words.iter().any(|w| {
                    text.match_indices(w).any(|(at, _)| {
                        let before: String = text[..at]
                            .chars()
                            .rev()
                            .take(DOUBT_REACH)
                            .collect::<Vec<char>>()
                            .into_iter()
                            .rev()
                            .collect();
                        !METHOD_DOUBT.iter().any(|d| before.contains(d))
                    })
                })
            })
            .map(|(m, _)| *m)
            .collect(),
    )
}

fn kinds_in(text: &str, bare_buying: bool) -> Vec<Kind> {
    // A building bought with its land ("ที่ดินหรือสิ่งก่อสร้าง") is not construction work.
    let text = text.replace("สิ่งก่อสร้าง", " ");
    let text = text.as_str();
    let mut kinds: Vec<Kind> = KIND_WORDS
        .iter()
        .filter(|(_, words)| words.iter().any(|w| text.contains(w)))
        .map(|(k, _)| *k)
        .collect();
    if bare_buying {
        let mut rest = text.to_owned();
        for w in PROCUREMENT_WORDS {
            rest = rest.replace(w, " ");
        }
        if rest.contains("ซื้อ") {
            kinds.push(Kind::Goods);
        }
    }
    sorted(kinds)
}

/// Years written with a year word ("ปีงบ 69", "ปี 2569", "fy2026") or as a bare four-digit
/// Buddhist or Christian year, unless a law's name comes just before it.
fn years_in(text: &str) -> (Vec<u16>, Vec<u16>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let (mut years, mut calendar) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() || (i > 0 && is_number_char(chars[i - 1].1)) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].1.is_ascii_digit() {
            i += 1;
        }
        // Part of an amount or a decimal ("2,569", "25.69"): not a year.
        if i < chars.len() && matches!(chars[i].1, ',' | '.' | '%') {
            continue;
        }
        let begin = chars[start].0;
        let end = chars.get(i).map_or(text.len(), |c| c.0);
        let digits = &text[begin..end];
        let before = text[..begin].trim_end();
        let after_year_word = YEAR_WORDS.iter().any(|w| before.ends_with(w));
        let fiscal = FISCAL_WORDS.iter().any(|w| before.ends_with(w))
            || (digits.len() == 4 && before.ends_with("fy"));
        let Ok(n) = digits.parse::<u32>() else {
            continue;
        };
        let be = match digits.len() {
            4 if (2400..2700).contains(&n) => n,
            4 if (1950..2150).contains(&n) => n + 543,
            2 if after_year_word => 2500 + n,
            _ => continue,
        };
        let window: String = chars[start.saturating_sub(LAW_REACH)..start]
            .iter()
            .map(|c| c.1)
            .collect();
        if LAW_WORDS.iter().any(|w| window.contains(w)) {
            continue;
        }
        if let Ok(be) = u16::try_from(be) {
            if fiscal {
                years.push(be)
            } else {
                calendar.push(be)
            }
        }
    }
    (sorted(years), sorted(calendar))
}

/// Year words that make the year a fiscal year.
const FISCAL_WORDS: &[&str] = &["ปีงบประมาณ", "ปีงบฯ", "ปีงบ", "งบปี", "fy"];

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || c == ',' || c == '.' || c == '/' || c == '-'
}

impl Slots {
    /// What `question` (normalised) states. `band` is the amount band of its amount, if any.
    pub fn of_question(text: &str, band: Option<usize>) -> Self {
        Self {
            methods: stated_methods(text),
            kinds: kinds_in(text, true),
            years: years_in(text).0,
            calendar_years: years_in(text).1,
            bands: band.into_iter().collect(),
            sectors: if LOCAL_WORDS.iter().any(|w| text.contains(w)) {
                vec![Sector::Local]
            } else {
                Vec::new()
            },
        }
    }

    /// What `entry` is about, read from its title and tags (an entry naming two methods compares
    /// them and pins none). `bands` are the bands of the amounts
    /// its quoted durations apply to.
    pub fn of_entry(entry: &Entry, bands: Vec<usize>) -> Self {
        let head = crate::thai::normalize(&format!("{} {}", entry.title, entry.tags.join(" , ")));
        // Title and tags say what the entry is about; its text mentions other methods in passing.
        let mut methods = methods_in(&head);
        if methods.len() > 1 {
            methods.clear();
        }
        Self {
            methods,
            kinds: kinds_in(&head, false),
            years: sorted(
                entry
                    .tags
                    .iter()
                    .chain(std::iter::once(&entry.title))
                    .flat_map(|t| {
                        let (fiscal, calendar) = years_in(&crate::thai::normalize(t));
                        fiscal.into_iter().chain(calendar)
                    })
                    .collect(),
            ),
            bands,
            calendar_years: Vec::new(),
            sectors: match entry.topic.as_str() {
                "budget" => vec![Sector::Central],
                "local" => vec![Sector::Local],
                _ => Vec::new(),
            },
        }
    }

    fn set(&self, slot: Slot) -> Vec<u64> {
        match slot {
            Slot::Method => self.methods.iter().map(|m| *m as u64).collect(),
            Slot::Kind => self.kinds.iter().map(|k| *k as u64).collect(),
            Slot::Year => self
                .years
                .iter()
                .chain(&self.calendar_years)
                .map(|y| u64::from(*y))
                .collect(),
            Slot::Amount => self.bands.iter().map(|b| *b as u64).collect(),
            Slot::Sector => self.sectors.iter().map(|s| *s as u64).collect(),
        }
    }

    pub fn states(&self, slot: Slot) -> bool {
        !self.set(slot).is_empty()
    }

    /// The first slot the question states that `entry` states otherwise.
    pub fn contradicted_by(&self, entry: &Slots) -> Option<Slot> {
        ALL.into_iter().find(|slot| {
            let (mut asked, about) = (self.set(*slot), entry.set(*slot));
            if *slot == Slot::Year {
                asked.extend(self.calendar_years.iter().map(|y| u64::from(*y) + 1));
            }
            !asked.is_empty() && !about.is_empty() && !asked.iter().any(|a| about.contains(a))
        })
    }

    /// How many slots the question states that `entry` does not state at all.
    pub fn left_unstated_by(&self, entry: &Slots) -> u8 {
        ALL.into_iter()
            .filter(|slot| self.states(*slot) && !entry.states(*slot))
            .count() as u8
    }

    /// The one slot in which two entries are about one different thing each, all else equal.
    pub fn sibling_slot(&self, other: &Slots) -> Option<Slot> {
        let differing: Vec<Slot> = ALL
            .into_iter()
            .filter(|s| self.set(*s) != other.set(*s))
            .collect();
        match differing.as_slice() {
            // Central and local rules are not asked back (see `value`).
            [Slot::Sector] => None,
            [slot] if self.set(*slot).len() == 1 && other.set(*slot).len() == 1 => Some(*slot),
            _ => None,
        }
    }

    /// The single value of `slot`, when the slots state exactly one.
    pub fn value(&self, slot: Slot, lines: &[u64]) -> Option<SlotValue> {
        Some(match slot {
            Slot::Method => match self.methods.as_slice() {
                [m] => SlotValue::Method(*m),
                _ => return None,
            },
            Slot::Kind => match self.kinds.as_slice() {
                [k] => SlotValue::Kind(*k),
                _ => return None,
            },
            Slot::Year => match self.set(Slot::Year).as_slice() {
                [y] => SlotValue::Year(u16::try_from(*y).ok()?),
                _ => return None,
            },
            Slot::Amount => match self.bands.as_slice() {
                [b] => {
                    let (above, up_to) = band_range(lines, *b);
                    SlotValue::Amount { above, up_to }
                }
                _ => return None,
            },
            // Never asked back: an officer who does not name a local administration is asked
            // about the rules of the central government, which the budget entries state.
            Slot::Sector => return None,
        })
    }
}

const ALL: [Slot; 5] = [
    Slot::Method,
    Slot::Amount,
    Slot::Year,
    Slot::Kind,
    Slot::Sector,
];

/// One value of a slot: what a clarifying button stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SlotValue {
    Method(Method),
    Kind(Kind),
    /// Buddhist era.
    Year(u16),
    /// Over `above` baht, up to `up_to` (none: no top).
    Amount {
        above: u64,
        up_to: Option<u64>,
    },
}

impl SlotValue {
    /// A stable code for JSON: "e-market", "works", "2569", "500000-5000000", "50000000-".
    pub fn code(&self) -> String {
        match self {
            SlotValue::Method(m) => m.code().to_owned(),
            SlotValue::Kind(k) => k.code().to_owned(),
            SlotValue::Year(y) => y.to_string(),
            SlotValue::Amount { above, up_to } => {
                format!("{above}-{}", up_to.map_or(String::new(), |u| u.to_string()))
            }
        }
    }
}

impl Serialize for SlotValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

/// The amounts band `band` spans between the sorted amount `lines`: over the line below it, up
/// to its own line (the last band has no top).
pub fn band_range(lines: &[u64], band: usize) -> (u64, Option<u64>) {
    let above = band.checked_sub(1).and_then(|i| lines.get(i)).copied();
    (above.unwrap_or(0), lines.get(band).copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thai::normalize;

    fn asked(text: &str) -> Slots {
        Slots::of_question(&normalize(text), None)
    }

    #[test]
    fn a_question_states_its_method_in_any_spelling() {
        assert_eq!(asked("อีบิดดิ้ง 3 ล้าน ประกาศกี่วัน").methods, [Method::EBidding]);
        assert_eq!(asked("ซื้อผ่าน E-Market ได้ไหม").methods, [Method::EMarket]);
        assert_eq!(
            asked("e-market หรือ e-bidding ต่างกันยังไง").methods,
            [Method::EBidding, Method::EMarket]
        );
        assert_eq!(asked("วิธีคัดเลือกต้องเชิญกี่ราย").methods, [Method::Selection]);
        assert!(asked("ค่าปรับรายวันคิดยังไง").methods.is_empty());
    }

    #[test]
    fn a_method_asked_about_is_not_the_officers_case() {
        for text in [
            "ซื้อชุด PPE ด่วน 2 ล้าน ต้องอีบิดไหม",
            "รออีบิดไม่ทันแน่ๆ ใช้วิธีไหนได้บ้าง",
            "ราคา 2 ล้าน ต้องประกวดราคาไหมครับ",
        ] {
            assert!(asked(text).methods.is_empty(), "{text}");
        }
        assert_eq!(
            asked("ซื้อครุภัณฑ์ผ่านอีบิด ทำใบสั่งซื้อแทนสัญญาได้ไหม").methods,
            [Method::EBidding]
        );
    }

    #[test]
    fn fiscal_years_are_read_in_buddhist_era_however_written() {
        assert_eq!(asked("ปีงบ 69 เป้าเบิกจ่ายเท่าไร").years, [2569]);
        assert_eq!(asked("เป้าปี ๒๕๖๘ งบลงทุน").calendar_years, [2568]);
        assert_eq!(asked("FY2026 disbursement target").years, [2569]);
        assert_eq!(asked("fy 2025 target").years, [2568]);
        // Amounts, percentages and the year of a law are not the year asked about.
        for text in [
            "งบ 2,569 บาท",
            "ตามระเบียบฯ 2560 ข้อ 48 ประกาศกี่วัน",
            "เบิกได้ 69% หรือยัง",
        ] {
            assert!(!asked(text).states(Slot::Year), "{text}");
        }
    }

    #[test]
    fn a_calendar_year_fits_the_fiscal_year_it_runs_into_but_a_fiscal_year_is_exact() {
        let fy2569 = Slots {
            years: vec![2569],
            ..Slots::default()
        };
        assert_eq!(
            asked("ปี 68 วันที่ 2 มิ.ย. หยุดไหม").contradicted_by(&fy2569),
            None
        );
        assert_eq!(
            asked("ปีงบ 68 เป้าเท่าไร").contradicted_by(&fy2569),
            Some(Slot::Year)
        );
    }

    #[test]
    fn buying_and_building_are_told_apart_but_procurement_is_neither() {
        assert_eq!(asked("ตรวจรับงานก่อสร้างต้องเริ่มภายในกี่วัน").kinds, [Kind::Works]);
        assert_eq!(asked("ซื้อคอมพิวเตอร์ ตรวจรับแล้วของไม่ครบ").kinds, [Kind::Goods]);
        assert!(asked("จัดซื้อจัดจ้างต้องลง e-GP ไหม").kinds.is_empty());
        assert_eq!(asked("จ้างที่ปรึกษาออกแบบ").kinds, [Kind::Consulting]);
    }

    #[test]
    fn a_local_administration_is_not_answered_with_the_central_budget_law() {
        let central = Slots {
            sectors: vec![Sector::Central],
            ..Slots::default()
        };
        let local = Slots {
            sectors: vec![Sector::Local],
            ..Slots::default()
        };
        let procurement = Slots::default();
        let question = asked("อบต.กันเงินไว้เบิกปีหน้าได้กี่เดือนคะ");
        assert_eq!(question.contradicted_by(&central), Some(Slot::Sector));
        assert_eq!(question.contradicted_by(&local), None);
        // The procurement law is the same for both.
        assert_eq!(question.contradicted_by(&procurement), None);
        // A question that names no local administration is not pinned: central rules answer it,
        // and the two are never offered as a choice.
        assert!(!asked("กันเงินเหลื่อมปีได้กี่เดือน").states(Slot::Sector));
        assert_eq!(central.sibling_slot(&local), None);
    }

    #[test]
    fn only_a_stated_slot_can_be_contradicted() {
        let entry = Slots {
            methods: vec![Method::EBidding],
            years: vec![2568],
            ..Slots::default()
        };
        assert_eq!(
            asked("e-market ราคาสูงกว่าวงเงิน").contradicted_by(&entry),
            Some(Slot::Method)
        );
        assert_eq!(
            asked("ปีงบ 69 เป้าเท่าไร").contradicted_by(&entry),
            Some(Slot::Year)
        );
        assert_eq!(asked("ราคาสูงกว่าวงเงิน").contradicted_by(&entry), None);
        assert_eq!(
            asked("e-bidding หรือ e-market ปี 2568").contradicted_by(&entry),
            None
        );
    }

    #[test]
    fn a_slot_the_entry_does_not_state_is_left_open_not_contradicted() {
        let about_e_bidding = Slots {
            methods: vec![Method::EBidding],
            ..Slots::default()
        };
        let question = asked("อีบิดดิ้ง ปีงบ 69 ประกาศกี่วัน");
        assert_eq!(question.left_unstated_by(&about_e_bidding), 1);
        assert_eq!(question.left_unstated_by(&Slots::default()), 2);
        assert_eq!(asked("ประกาศกี่วัน").left_unstated_by(&Slots::default()), 0);
    }

    #[test]
    fn siblings_differ_in_exactly_one_single_valued_slot() {
        let a = Slots {
            years: vec![2568],
            ..Slots::default()
        };
        let b = Slots {
            years: vec![2569],
            ..Slots::default()
        };
        assert_eq!(a.sibling_slot(&b), Some(Slot::Year));
        let c = Slots {
            years: vec![2569],
            methods: vec![Method::EBidding],
            ..Slots::default()
        };
        assert_eq!(a.sibling_slot(&c), None);
        assert_eq!(a.sibling_slot(&a), None);
    }

    #[test]
    fn bands_span_between_the_amount_lines() {
        let lines = [500_000, 5_000_000, 10_000_000, 50_000_000];
        assert_eq!(band_range(&lines, 0), (0, Some(500_000)));
        assert_eq!(band_range(&lines, 1), (500_000, Some(5_000_000)));
        assert_eq!(band_range(&lines, 4), (50_000_000, None));
        assert_eq!(
            SlotValue::Amount {
                above: 500_000,
                up_to: Some(5_000_000)
            }
            .code(),
            "500000-5000000"
        );
    }
}
