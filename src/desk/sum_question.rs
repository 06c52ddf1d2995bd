//! Sums answered by computing: "หลักประกันสัญญางาน 3.2 ล้าน ต้องวางเท่าไร", "จ้างก่อสร้าง 1.5 ล้าน
//! ปรับวันละเท่าไร", "ส่งของช้า 12 วัน สัญญา 480,000 ค่าปรับเท่าไร". The desk finds the amount and
//! the sum the officer names (`knowledge/sums.toml`), computes it and answers with the rate, what
//! it is a share of, the figure, and the legal basis and caveat of the entry that states the rule.

use std::sync::LazyLock;

use regex::Regex;

use crate::knowledge::sums::{Sum, SumKind, share};
use crate::knowledge::{Answer, Answerer, Lang, with_caveat};
use crate::thai::{Baht, find_money, find_money_span, normalize};

/// Words that ask for a figure.
static ASKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        // "ช้ากี่วันค่าปรับถึงจะเกิน 10%" asks for the day the daily fines pass the line.
        // "ปรับ 0.1% ได้วันละ 80 บาท ถูกไหม" asks to check a figure worked from a stated rate.
        r"เท่าไร|เท่าไหร่|เท่าใด|กี่บาท|กี่ตังค์|คิดยังไง|คิดอย่างไร|คำนวณ|กี่วัน.{0,40}(?:เกิน|ถึง|ครบ).{0,12}(?:10 ?(?:%|เปอร์เซ็นต์|เปอร์เซนต์)|ร้อยละ ?(?:10|สิบ)|สิบเปอร์เซ็นต์)|\d ?%.{0,60}(?:ถูกไหม|ถูกมั้ย|ถูกต้องไหม|ถูกหรือเปล่า|ใช่ไหม)|how much|how many baht|what is the",
    )
    .expect("valid regex")
});

/// "ช้า 12 วัน", "เลยกำหนดมา 12 วัน", "ล่าช้าไป 12 วัน", "12 days late": the days late, when the
/// question gives them. Tried in order: a late word before or after the days; then "รวม 12 วัน
/// เท่าไร" or "ปรับ 12 วัน"; then "12 วันแล้ว" — a contract's own length ("สัญญา 120 วัน", "ระยะ
/// เวลารวม 120 วัน") has none of them.
static DAYS_LATE: LazyLock<[Regex; 3]> = LazyLock::new(|| {
    [
        r"(?:ช้า|เกิน|เลย|late)(?:\s*(?:กว่า|กำหนด|ส่ง|งาน|มา|ไป|แล้ว|อีก|ทั้งหมด))*\s*(\d{1,4})\s*(?:วัน|days?)|(\d{1,4})\s*(?:วัน|days?)\s*(?:late|ช้า)",
        r"ปรับ\s*(?:รวม|ทั้งหมด)?\s*(\d{1,4})\s*วัน|(?:รวม|ทั้งหมด|ทั้งสิ้น)\s*(\d{1,4})\s*วัน\s*(?:เท่า|กี่)",
        r"(\d{1,4})\s*วันแล้ว",
    ]
    .map(|r| Regex::new(r).expect("valid regex"))
});

fn days_late(text: &str) -> Option<i64> {
    DAYS_LATE.iter().find_map(|r| {
        let c = r.captures(text)?;
        c.get(1).or_else(|| c.get(2))?.as_str().parse().ok()
    })
}

fn percent(basis_points: u32) -> String {
    let whole = basis_points / 100;
    let rest = basis_points % 100;
    if rest == 0 {
        format!("{whole}%")
    } else if rest.is_multiple_of(10) {
        format!("{whole}.{}%", rest / 10)
    } else {
        format!("{whole}.{rest:02}%")
    }
}

/// The sums a question names: every sum other than a daily fine whose words it contains (and
/// one of its `when` words, if it has any) — two asks in one message get both — in the file's
/// order; and when it names a daily fine, the one whose `when` words it contains, or every daily
/// fine when it names none. A sum whose `unless` words the question contains is never named.
fn named<'a>(sums: &'a [Sum], text: &str) -> Vec<&'a Sum> {
    let has = |words: &[String]| words.iter().any(|w| text.contains(w.as_str()));
    let says = |s: &Sum| has(&s.words) && !has(&s.unless);
    let mut chosen: Vec<&Sum> = sums
        .iter()
        .filter(|s| s.kind != SumKind::DailyFine && says(s))
        .filter(|s| s.when.is_empty() || has(&s.when))
        .collect();
    let fines: Vec<&Sum> = sums
        .iter()
        .filter(|s| s.kind == SumKind::DailyFine && !has(&s.unless))
        .collect();
    if fines.iter().any(|s| says(s)) {
        match fines
            .iter()
            .find(|s| s.when.iter().any(|w| text.contains(w.as_str())))
        {
            Some(s) => chosen.push(*s),
            None => chosen.extend(fines),
        }
    }
    chosen
}

/// The computed answer, or `None` when the question names no sum, gives no amount or does not
/// ask for a figure.
pub fn answer(question: &str, answerer: &Answerer) -> Option<Answer> {
    let sums = &answerer.kb.sums;
    let text = normalize(question);
    let asks = ASKS.is_match(&text);
    let chosen: Vec<&Sum> = named(sums, &text)
        .into_iter()
        .filter(|s| asks || s.asks.iter().any(|w| text.contains(w.as_str())) || marked(s, &text))
        .collect();
    let (amount, _, amount_end) = find_money_span(&text)?;
    if chosen.is_empty() || amount.satang() <= 0 {
        return None;
    }
    let days_late = days_late(&text);
    let lang = Lang::of_text(question);
    let en = lang == Lang::En;
    let mut lines = Vec::new();
    let mut entries = Vec::new();
    for sum in &chosen {
        let line = if sum.kind == SumKind::LineCheck {
            let Some(reached) = part_of(sum, &text) else {
                continue;
            };
            let Some(whole) = amounts(&text).into_iter().max().filter(|w| *w != reached) else {
                continue;
            };
            describe_line_check(sum, reached, whole, en)
        } else if sum.kind == SumKind::CeilingAbove {
            let price = find_money_span(&text[amount_end..])
                .map(|(p, _, _)| p)
                .filter(|p| p.satang() > amount.satang());
            // "รับได้ไหม" asks about a price: without one above the amount, no figure is asked.
            if price.is_none() && !asks {
                continue;
            }
            describe_ceiling(sum, amount, price, en)
        } else {
            let base = part_of(sum, &text).unwrap_or(amount);
            // A daily rate the officer states is the contract's: it replaces the model's.
            match stated_daily_rate(&text).filter(|_| sum.kind == SumKind::DailyFine) {
                Some(rate) if rate != sum.basis_points => {
                    let model = percent(sum.basis_points);
                    let stated = Sum {
                        basis_points: rate,
                        ..(*sum).clone()
                    };
                    let mut line = describe(&stated, amount, base, days_late, en);
                    line.push_str(&if en {
                        format!(" (worked at the rate you gave, {}, instead of the model contract's {model})", percent(rate))
                    } else {
                        format!(" (คิดตามอัตราที่ระบุมา วันละ {} แทนอัตราในแบบสัญญา {model})", percent(rate))
                    });
                    line
                }
                _ => describe(sum, amount, base, days_late, en),
            }
        };
        lines.push(line);
        // An English answer names the rule's English twin when the data gives one.
        let id = match lang {
            Lang::En => sum.entry_en.as_deref().unwrap_or(&sum.entry),
            Lang::Th => &sum.entry,
        };
        if let Some(e) = answerer.entry(id)
            && !entries
                .iter()
                .any(|x: &&crate::knowledge::Entry| x.id == e.id)
        {
            entries.push(e);
        }
    }
    if lines.is_empty() {
        return None;
    }
    let verified = entries.iter().all(|e| e.verified) && !entries.is_empty();
    let body = with_caveat(lines.join("\n\n"), verified, lang);
    let first = entries.first();
    let mut citations: Vec<String> = Vec::new();
    for e in &entries {
        for c in &e.citations {
            if !citations.contains(&c.basis) {
                citations.push(c.basis.clone());
            }
        }
    }
    Some(Answer {
        question: question.to_string(),
        answered: true,
        entry_id: first.map(|e| e.id.to_string()),
        title: Some(if en {
            "Computed from the amount you gave".to_string()
        } else {
            "คำนวณจากวงเงินที่ให้มา".to_string()
        }),
        answer: Some(body),
        citations,
        verified,
        checked_on: if verified {
            entries.iter().filter_map(|e| e.checked_on()).max()
        } else {
            None
        },
        // The figure is computed; what is uncertain is only the reading of the question.
        confidence: 0.95,
        alternatives: Vec::new(),
        handoff_agency: first.map(|e| e.agency.clone()),
        also_answered: Vec::new(),
    })
}

/// "ปรับวันละ 0.2%", "วันละร้อยละ 0.1", "0.05% ต่อวัน", "ปรับ 0.1%": the daily rate the officer
/// states, in basis points (0.2 % = 20); "เกิน 10%" is the termination line, not a rate.
static DAILY_RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"วันละ\s*(?:ร้อยละ\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*%)|(\d+(?:\.\d+)?)\s*%\s*(?:ต่อวัน|/\s*วัน|per day|a day)|ปรับ\s*(?:ร้อยละ\s*)?(0\.\d+)\s*%?")
        .expect("valid regex")
});

fn stated_daily_rate(text: &str) -> Option<u32> {
    let c = DAILY_RATE.captures(text)?;
    let written = (1..=4).find_map(|i| c.get(i))?.as_str();
    // In basis points, read exactly: "0.05" is 5; a rate finer than 0.01 % is not a contract's.
    let (whole, fraction) = written.split_once('.').unwrap_or((written, ""));
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > 2 {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let hundredths: u32 = format!("{fraction:0<2}").parse().ok()?;
    let bp = whole.checked_mul(100)?.checked_add(hundredths)?;
    (1..=10_000).contains(&bp).then_some(bp)
}

/// Every amount written in `text`, in order.
fn amounts(text: &str) -> Vec<Baht> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some((baht, _, end)) = find_money_span(&text[from..]) {
        found.push(baht);
        from += end;
        while from < text.len() && !text.is_char_boundary(from) {
            from += 1;
        }
        if from >= text.len() {
            break;
        }
    }
    found
}

/// A sum reached against the line: its share of the whole, and past the line or what is left.
fn describe_line_check(sum: &Sum, reached: Baht, whole: Baht, en: bool) -> String {
    let line_rate = percent(sum.basis_points);
    let line = sum.share_of(whole);
    // The share in basis points, rounded half up, to read as "12.5%".
    let bp = (i128::from(reached.satang()) * 10_000 + i128::from(whole.satang()) / 2)
        / i128::from(whole.satang());
    let share = percent(u32::try_from(bp).unwrap_or(u32::MAX));
    let past = reached.satang() > line.satang();
    let left = Baht::from_satang(line.satang() - reached.satang());
    match (en, past) {
        (true, true) => format!(
            "{}: {} is {share} of {} ({}) — **past the {line_rate} line** ({}): the agency must consider terminating the contract, unless the contractor agrees without conditions to keep paying the fines",
            sum.name_en,
            reached.in_english(),
            sum.of_en,
            whole.in_english(),
            line.in_english()
        ),
        (true, false) => format!(
            "{}: {} is {share} of {} ({}) — **not past the {line_rate} line** ({}): {} left before it",
            sum.name_en,
            reached.in_english(),
            sum.of_en,
            whole.in_english(),
            line.in_english(),
            left.in_english()
        ),
        (false, true) => format!(
            "{}: {reached} คิดเป็น {share} ของ{} ({whole}) — **เกิน {line_rate} ({line}) แล้ว** หน่วยงานต้องพิจารณาบอกเลิกสัญญา เว้นแต่คู่สัญญายินยอมเสียค่าปรับต่อไปโดยไม่มีเงื่อนไข",
            sum.name_th, sum.of_th
        ),
        (false, false) => format!(
            "{}: {reached} คิดเป็น {share} ของ{} ({whole}) — **ยังไม่เกิน {line_rate} ({line})** เหลืออีก {left} ก่อนถึงเส้นนี้",
            sum.name_th, sum.of_th
        ),
    }
}

/// "ส่งช้า 8 วัน ค่าปรับ?": the sum's own word with a question mark asks for it; a question mark
/// elsewhere ("หลักประกันสัญญาคืนเมื่อไร?") asks something else.
fn marked(sum: &Sum, text: &str) -> bool {
    sum.words
        .iter()
        .any(|w| text.contains(&format!("{w}?")) || text.contains(&format!("{w} ?")))
}

/// How far after a part word its amount may be written ("ค้างอีก 2 รายการมูลค่า 250,000").
const PART_NEAR: usize = 40;

/// The amount of the part a sum's rate applies to, when the question names it ("ส่งแล้ว 380,000
/// ค้างของอีก 120,000"): the first amount written shortly after one of the sum's part words.
fn part_of(sum: &Sum, text: &str) -> Option<Baht> {
    sum.part_words
        .iter()
        .flat_map(|w| text.match_indices(w.as_str()).map(|(at, m)| at + m.len()))
        .filter_map(|end| {
            let (baht, at) = find_money(&text[end..])?;
            (text[end..end + at].chars().count() <= PART_NEAR && baht.satang() > 0)
                .then_some((end, baht))
        })
        .min_by_key(|(end, _)| *end)
        .map(|(_, baht)| baht)
}

/// A ceiling above the amount: the amount plus the rate of it, and where a price above the
/// amount stands against it (how far above, within the ceiling or past it).
fn describe_ceiling(sum: &Sum, amount: Baht, price: Option<Baht>, en: bool) -> String {
    let rate = percent(sum.basis_points);
    let ceiling = Baht::from_satang(
        amount
            .satang()
            .saturating_add(sum.share_of(amount).satang()),
    );
    let mut out = if en {
        format!(
            "{}: at most {rate} above {} — {} + {rate} = **{}**",
            sum.name_en,
            sum.of_en,
            amount.in_english(),
            ceiling.in_english()
        )
    } else {
        format!(
            "{}: เกิน{}ได้ไม่เกิน {rate} — {amount} + {rate} = เพดาน **{ceiling}**",
            sum.name_th, sum.of_th
        )
    };
    let Some(price) = price else {
        return out;
    };
    let over = Baht::from_satang(price.satang() - amount.satang());
    // How far above, in basis points rounded half up, to read as "7.5%".
    let over_bp = (i128::from(over.satang()) * 10_000 + i128::from(amount.satang()) / 2)
        / i128::from(amount.satang());
    let over_rate = percent(u32::try_from(over_bp).unwrap_or(u32::MAX));
    let within = price.satang() <= ceiling.satang();
    out.push_str(&match (en, within) {
        (true, true) => format!(
            "; {} is {} ({over_rate}) above: **within the ceiling**, so it may be accepted if the price is reasonable",
            price.in_english(),
            over.in_english()
        ),
        (true, false) => format!(
            "; {} is {} ({over_rate}) above: **past the ceiling**, so it cannot be accepted on this rule: ask the bidders for new offers, and if the price is still above, the head of the agency decides (cancel, add budget or cut items)",
            price.in_english(),
            over.in_english()
        ),
        (false, true) => format!(
            " — ราคา {price} สูงกว่าวงเงิน {over} ({over_rate}) **ไม่เกินเพดาน** เสนอซื้อหรือจ้างได้ถ้าเห็นว่าราคาสมเหตุสมผล"
        ),
        (false, false) => format!(
            " — ราคา {price} สูงกว่าวงเงิน {over} ({over_rate}) **เกินเพดาน** รับราคานี้ตามเกณฑ์นี้ไม่ได้: ให้ผู้เสนอราคาเสนอราคาใหม่ ถ้ายังเกินให้เสนอหัวหน้าหน่วยงานตัดสินใจ (ยกเลิก ขอเงินเพิ่ม หรือลดรายการ)"
        ),
    });
    out
}

/// One sum's line: `amount` is the contract's, `base` what the rate applies to (the same, or the
/// items not yet delivered).
fn describe(sum: &Sum, amount: Baht, base: Baht, days_late: Option<i64>, en: bool) -> String {
    let rate = percent(sum.basis_points);
    let (whole, amount) = (amount, base);
    match sum.kind {
        SumKind::Share => {
            let figure = sum.share_of(amount);
            if en {
                format!(
                    "{}: {rate} of {} — {rate} of {} = **{}**",
                    sum.name_en,
                    sum.of_en,
                    amount.in_english(),
                    figure.in_english()
                )
            } else {
                format!(
                    "{}: {rate} ของ{} — {rate} ของ {amount} = **{figure}**",
                    sum.name_th, sum.of_th
                )
            }
        }
        // Answered by `describe_ceiling`, which reads the price too.
        SumKind::CeilingAbove => describe_ceiling(sum, amount, None, en),
        // Answered by `describe_line_check`, which reads the sum reached too.
        SumKind::LineCheck => describe_line_check(sum, amount, whole, en),
        SumKind::ShareAtMost | SumKind::ShareAtLeast => {
            let figure = sum.share_of(amount);
            // A ceiling or a floor: the same line with its own bound words.
            let (bound_en, bound_th, verb_th, figure_th) = if sum.kind == SumKind::ShareAtMost {
                ("at most", "ไม่เกิน", "จ่ายได้", "ไม่เกิน")
            } else {
                ("at least", "ไม่น้อยกว่า", "คือ", "อย่างน้อย")
            };
            if en {
                format!(
                    "{}: {bound_en} {rate} of {} — for {}, **{bound_en} {}**",
                    sum.name_en,
                    sum.of_en,
                    amount.in_english(),
                    figure.in_english()
                )
            } else {
                format!(
                    "{}: {bound_th} {rate} ของ{} — สำหรับ {amount} {verb_th}**{figure_th} {figure}**",
                    sum.name_th, sum.of_th
                )
            }
        }
        SumKind::DailyFine => {
            let daily = sum.daily(amount);
            let floor = sum.floor_baht.map(Baht::from_baht);
            let mut out = if en {
                format!(
                    "{}: {rate} of {} a day — on {}, **{} a day**",
                    sum.name_en,
                    sum.of_en,
                    amount.in_english(),
                    daily.in_english()
                )
            } else {
                format!(
                    "{}: วันละ {rate} ของ{} — สำหรับ {amount} เท่ากับ**วันละ {daily}**",
                    sum.name_th, sum.of_th
                )
            };
            if let Some(floor) = floor {
                out.push_str(&if en {
                    format!(" (never below {} a day)", floor.in_english())
                } else {
                    format!(" (ไม่ต่ำกว่าวันละ {floor})")
                });
            }
            if let Some(days) = days_late.filter(|d| *d > 0) {
                let total = Baht::from_satang(daily.satang().saturating_mul(days));
                out.push_str(&if en {
                    format!("; {days} days late: **{}**", total.in_english())
                } else {
                    format!(" — ช้า {days} วัน ค่าปรับรวม **{total}**")
                });
            }
            if let (Some(day), Some(line)) = (
                sum.day_fines_pass_line(whole, amount),
                sum.line_basis_points,
            ) {
                let line_sum = share(whole, line);
                let line = percent(line);
                out.push_str(&if en {
                    format!(
                        ". The fines pass {line} of the amount ({}) on day {day}; from then the agency must consider terminating the contract.",
                        line_sum.in_english()
                    )
                } else {
                    format!(
                        " ค่าปรับจะเกิน {line} ของวงเงิน ({line_sum}) ในวันที่ {day} ของการผิดสัญญา ถึงตอนนั้นหน่วยงานต้องพิจารณาบอกเลิกสัญญา"
                    )
                });
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_officers_write_them() {
        assert_eq!(percent(500), "5%");
        assert_eq!(percent(1500), "15%");
        assert_eq!(percent(10), "0.1%");
        assert_eq!(percent(25), "0.25%");
    }
}
