//! Sums answered by computing: "หลักประกันสัญญางาน 3.2 ล้าน ต้องวางเท่าไร", "จ้างก่อสร้าง 1.5 ล้าน
//! ปรับวันละเท่าไร", "ส่งของช้า 12 วัน สัญญา 480,000 ค่าปรับเท่าไร". The desk finds the amount and
//! the sum the officer names (`knowledge/sums.toml`), computes it and answers with the rate, what
//! it is a share of, the figure, and the legal basis and caveat of the entry that states the rule.

use std::sync::LazyLock;

use regex::Regex;

use crate::knowledge::sums::{Sum, SumKind};
use crate::knowledge::{Answer, Answerer, Lang, with_caveat};
use crate::thai::{Baht, normalize, parse_money};

/// Words that ask for a figure.
static ASKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        // "ช้ากี่วันค่าปรับถึงจะเกิน 10%" asks for the day the daily fines pass the line.
        r"เท่าไร|เท่าไหร่|เท่าใด|กี่บาท|กี่ตังค์|คิดยังไง|คิดอย่างไร|คำนวณ|กี่วัน.{0,40}(?:เกิน|ถึง|ครบ).{0,12}10 ?%|how much|how many baht|what is the",
    )
    .expect("valid regex")
});

/// "ช้า 12 วัน", "เกิน 12 วัน", "12 days late": the days late, when the question gives them.
static DAYS_LATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:ช้า|เกิน|เลย|ล่าช้า|late)\s*(?:กำหนด|มา)?\s*(\d{1,4})\s*(?:วัน|days?)|(\d{1,4})\s*(?:วัน|days?)\s*(?:late|ช้า)")
        .expect("valid regex")
});

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

/// The sums a question names: every sum other than a daily fine whose words it contains (two
/// asks in one message get both), in the file's order; and when it names a daily fine, the one
/// whose `when` words it contains, or every daily fine when it names none.
fn named<'a>(sums: &'a [Sum], text: &str) -> Vec<&'a Sum> {
    let says = |s: &Sum| s.words.iter().any(|w| text.contains(w.as_str()));
    let mut chosen: Vec<&Sum> = sums
        .iter()
        .filter(|s| s.kind != SumKind::DailyFine && says(s))
        .collect();
    let fines: Vec<&Sum> = sums
        .iter()
        .filter(|s| s.kind == SumKind::DailyFine)
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
    if !ASKS.is_match(&text) {
        return None;
    }
    let chosen = named(sums, &text);
    let amount = parse_money(&text)?;
    if chosen.is_empty() || amount.satang() <= 0 {
        return None;
    }
    let days_late: Option<i64> = DAYS_LATE.captures(&text).and_then(|c| {
        c.get(1)
            .or_else(|| c.get(2))
            .and_then(|m| m.as_str().parse().ok())
    });
    let lang = Lang::of_text(question);
    let en = lang == Lang::En;
    let mut lines = Vec::new();
    let mut entries = Vec::new();
    for sum in &chosen {
        let entry = answerer.entry(&sum.entry);
        if let Some(e) = entry
            && !entries
                .iter()
                .any(|x: &&crate::knowledge::Entry| x.id == e.id)
        {
            entries.push(e);
        }
        lines.push(describe(sum, amount, days_late, en));
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

fn describe(sum: &Sum, amount: Baht, days_late: Option<i64>, en: bool) -> String {
    let rate = percent(sum.basis_points);
    match sum.kind {
        SumKind::Share => {
            let figure = sum.share_of(amount);
            if en {
                format!(
                    "{}: {rate} of {} — {rate} of {amount} = **{figure}**",
                    sum.name_en, sum.of_en
                )
            } else {
                format!(
                    "{}: {rate} ของ{} — {rate} ของ {amount} = **{figure}**",
                    sum.name_th, sum.of_th
                )
            }
        }
        SumKind::ShareAtMost => {
            let figure = sum.share_of(amount);
            if en {
                format!(
                    "{}: at most {rate} of {} — for {amount}, **at most {figure}**",
                    sum.name_en, sum.of_en
                )
            } else {
                format!(
                    "{}: ไม่เกิน {rate} ของ{} — สำหรับ {amount} จ่ายได้**ไม่เกิน {figure}**",
                    sum.name_th, sum.of_th
                )
            }
        }
        SumKind::DailyFine => {
            let daily = sum.daily(amount);
            let floor = sum.floor_baht.map(Baht::from_baht);
            let mut out = if en {
                format!(
                    "{}: {rate} of {} a day — on {amount}, **{daily} a day**",
                    sum.name_en, sum.of_en
                )
            } else {
                format!(
                    "{}: วันละ {rate} ของ{} — สำหรับ {amount} เท่ากับ**วันละ {daily}**",
                    sum.name_th, sum.of_th
                )
            };
            if let Some(floor) = floor {
                out.push_str(&if en {
                    format!(" (never below {floor} a day)")
                } else {
                    format!(" (ไม่ต่ำกว่าวันละ {floor})")
                });
            }
            if let Some(days) = days_late.filter(|d| *d > 0) {
                let total = Baht::from_satang(daily.satang().saturating_mul(days));
                out.push_str(&if en {
                    format!("; {days} days late: **{total}**")
                } else {
                    format!(" — ช้า {days} วัน ค่าปรับรวม **{total}**")
                });
            }
            if let (Some(day), Some(line)) =
                (sum.day_fines_pass_line(amount), sum.line_basis_points)
            {
                let line = percent(line);
                out.push_str(&if en {
                    format!(
                        ". The fines pass {line} of the amount on day {day}; from then the agency must consider terminating the contract."
                    )
                } else {
                    format!(
                        " ค่าปรับจะเกิน {line} ของวงเงินในวันที่ {day} ของการผิดสัญญา ถึงตอนนั้นหน่วยงานต้องพิจารณาบอกเลิกสัญญา"
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
