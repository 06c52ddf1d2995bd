//! Deadlines counted from an event date the officer gives: "ส่งงานงวดสุดท้าย 3 มี.ค. 69 กรรมการ
//! ต้องเริ่มตรวจรับภายในวันไหน", "ตรวจรับแล้ว 10 ก.พ. 69 ต้องจ่ายเงินภายในวันไหน", "เหตุสิ้นสุด
//! 1 เม.ย. 69 ขอขยายเวลาได้ถึงวันไหน". The rules are data (`knowledge/deadlines.toml`): the desk
//! finds the rule whose event and ask the message names, the date written next to the event,
//! counts the period on the government calendar and answers with the date, how it was counted and
//! the basis of the rule's entry. A message asking two deadlines gets one answer for each.

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate};
use regex::Regex;

use crate::knowledge::deadlines::{Count, Deadline, Event, Period};
use crate::knowledge::{Answer, Answerer, Entry, Lang, with_caveat};
use crate::thai::{DateSpan, find_date_span, normalize};
use crate::timeline::{Calendar, YearStatus};

use super::computed_messages as say;

const BE_OFFSET: i32 = 543;

/// The message asks for a day, not for the rule ("ภายในกี่วัน" is left to the entry).
static ASKS_A_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"วันไหน|วันใด|เมื่อไร|เมื่อไหร่|วันที่เท่าไ|วันอะไร|ช้าสุดวัน|อย่างช้าวัน|",
        r"\bwhen\b|by when|what date|which date|which day|what day|last day|deadline"
    ))
    .expect("valid regex")
});

/// How far (in characters) the event date may be written from the event word: "ส่งงานงวด
/// สุดท้ายเมื่อวันที่ 3 มี.ค." is the event's date; a date in another clause of the message is not.
const NEAR: usize = 24;

/// One deadline asked: the rule and the event date.
#[derive(Debug, Clone)]
pub struct Asked<'a> {
    pub rule: &'a Deadline,
    pub event: NaiveDate,
    /// The message gave no year ("3 มี.ค."): this year's date was taken, and the answer says so.
    pub year_assumed: bool,
    /// The period counted when the rule counts months or the one the officer wrote.
    pub period: Option<Period>,
    /// The rule whose end is this one's event, when the event was computed from it.
    pub after: Option<Box<Asked<'a>>>,
}

/// Every deadline a message asks, in the order of the rules; none when it asks none.
pub fn understand<'a>(question: &str, today: NaiveDate, rules: &'a [Deadline]) -> Vec<Asked<'a>> {
    let normalized = normalize(question);
    let t = normalized.as_str();
    if !ASKS_A_DAY.is_match(t) {
        return Vec::new();
    }
    let dates = dates_in(t, today);
    // An ask word inside the event of a rule the message asks ("ตรวจรับ" in "ตรวจรับแล้ว …
    // จ่ายเงิน") names that event, not an ask; the event of a rule not asked ("หมดประกัน" of
    // the guarantee's return) leaves the word its own ask.
    let events: Vec<(usize, usize)> = rules
        .iter()
        .filter(|r| r.ask_words.iter().any(|w| t.contains(w.as_str())))
        .flat_map(|r| r.event_words.iter())
        .flat_map(|w| {
            t.match_indices(w.as_str())
                .map(|(at, m)| (at, at + m.len()))
        })
        .collect();
    let mut asked = Vec::new();
    for rule in rules {
        if rule.unless_words.iter().any(|w| t.contains(w.as_str())) {
            continue;
        }
        let asks = rule.ask_words.iter().any(|w| {
            t.match_indices(w.as_str()).any(|(at, m)| {
                let end = at + m.len();
                !events.iter().any(|(s, e)| at < *e && *s < end)
            })
        });
        if !asks {
            continue;
        }
        // A rule counted from another's end takes that end when the message gives what the
        // other needs ("ตรวจรับงาน 15 มี.ค. 69 รับประกัน 2 ปี คืนหลักประกันเมื่อไร").
        let chained = rule
            .after
            .as_deref()
            .and_then(|id| rules.iter().find(|r| r.id == id))
            .and_then(|before| event_of(before, t, &dates))
            .and_then(|before| {
                let end = before.period?.last_day(before.event)?;
                Some((end, before))
            });
        if let Some((event, before)) = chained {
            asked.push(Asked {
                rule,
                event,
                year_assumed: before.year_assumed,
                period: rule.period_in(t),
                after: Some(Box::new(before)),
            });
        } else if let Some(found) = event_of(rule, t, &dates) {
            asked.push(found);
        }
    }
    asked
}

/// The rule's event in normalised `t` and the period to count, when the message gives both.
fn event_of<'a>(rule: &'a Deadline, t: &str, dates: &[DateSpan]) -> Option<Asked<'a>> {
    let period = rule.period_in(t);
    if matches!(rule.count, Count::Stated | Count::Months) && period.is_none() {
        return None;
    }
    let words = rule.event_words.iter().flat_map(|w| {
        t.match_indices(w.as_str())
            .map(|(at, m)| (at, at + m.len()))
    });
    let (event, year_assumed) = match rule.event {
        Event::FiscalYearEnd => {
            // "ปีงบ 69", "ปีงบประมาณ พ.ศ. 2569": the year written right after the word.
            let be = words
                .filter_map(|(_, end)| FISCAL_YEAR.captures(&t[end..]))
                .find_map(|c| c[1].parse::<i32>().ok())?;
            let be = if be < 100 { 2500 + be } else { be };
            (NaiveDate::from_ymd_opt(be - BE_OFFSET, 9, 30)?, false)
        }
        Event::Date => {
            let (_, _, d) = words
                .flat_map(|(at, end)| {
                    dates
                        .iter()
                        .map(move |d| (gap(t, at, end, d), d.start < at, d))
                })
                .filter(|(g, _, _)| *g <= NEAR)
                // Officers write the date after the event ("ตรวจรับแล้ว 10 ก.พ."): at equal
                // distance, the date after the word wins over one closing the clause before it.
                .min_by_key(|(g, before, d)| (*g, *before, d.start))?;
            (d.date, !d.year_written)
        }
    };
    Some(Asked {
        rule,
        event,
        year_assumed,
        period,
        after: None,
    })
}

/// A fiscal year written after its word: "ปีงบ 69", "ปีงบประมาณ พ.ศ. 2569".
static FISCAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:ประมาณ)?\s*(?:พ\.\s?ศ\.?)?\s*(25\d\d|\d\d)(?:\D|$)").expect("valid regex")
});

/// Every date written in normalised `t`, in order.
fn dates_in(t: &str, today: NaiveDate) -> Vec<DateSpan> {
    let mut dates = Vec::new();
    let mut from = 0;
    while from < t.len() {
        let Some(mut d) = find_date_span(&t[from..], today) else {
            break;
        };
        d.start += from;
        d.end += from;
        from = d.end.max(d.start + 1);
        while !t.is_char_boundary(from) {
            from += 1;
        }
        dates.push(d);
    }
    dates
}

/// Characters between the event word at `at..end` and a date, on either side of it.
fn gap(t: &str, at: usize, end: usize, d: &DateSpan) -> usize {
    if d.start >= end {
        t[end..d.start].chars().count()
    } else if d.end <= at {
        t[d.end..at].chars().count()
    } else {
        // The word is inside the date's text: that is not the event's date.
        usize::MAX
    }
}

/// One computed answer per deadline asked; empty when the message asks none.
pub fn answers(
    question: &str,
    today: NaiveDate,
    calendar: &Calendar,
    answerer: &Answerer,
) -> Vec<Answer> {
    understand(question, today, &answerer.kb.deadlines)
        .into_iter()
        .filter_map(|asked| answer_one(question, &asked, calendar, answerer))
        .collect()
}

fn answer_one(
    question: &str,
    asked: &Asked<'_>,
    calendar: &Calendar,
    answerer: &Answerer,
) -> Option<Answer> {
    let rule = asked.rule;
    let lang = Lang::of_text(question);
    let entry: &Entry = answerer.entry(&rule.entry)?;
    let thai_basis = entry
        .citations
        .first()
        .map_or(String::new(), |c| c.basis.clone());
    // An English answer cites the rule's basis in English; the Thai stays the entry's.
    let basis = match (lang, &rule.basis_en) {
        (Lang::En, Some(en)) => en.clone(),
        _ => thai_basis,
    };
    let from = asked.event;
    let mut verified = entry.verified;
    let mut citations: Vec<String> = match lang {
        Lang::En => vec![basis.clone()],
        Lang::Th => entry.citations.iter().map(|c| c.basis.clone()).collect(),
    };
    let said = (rule.due(lang), rule.event(lang));
    let mut lines = Vec::new();
    if let Some(before) = &asked.after {
        // The event was computed from another rule: its end first, on its own entry's basis.
        let before_entry = answerer.entry(&before.rule.entry)?;
        verified &= before_entry.verified;
        for c in &before_entry.citations {
            if !citations.contains(&c.basis) {
                citations.push(c.basis.clone());
            }
        }
        lines.push(say::deadline_period_end(
            &before.rule.due_th,
            from,
            before.period?,
            &before.rule.event_th,
            before.event,
            &before_entry
                .citations
                .first()
                .map_or(String::new(), |c| c.basis.clone()),
        ));
    }
    let end = match rule.count {
        Count::Months | Count::Stated => {
            let period = asked.period?;
            let end = period.last_day(from)?;
            lines.push(say::deadline_period_end(
                &rule.due_th,
                end,
                period,
                &rule.event_th,
                from,
                &basis,
            ));
            end
        }
        Count::SameDay => {
            lines.push(say::deadline_same_day(
                said,
                from,
                calendar.is_working_day(from),
                &basis,
                lang,
            ));
            from
        }
        Count::WorkingDays => {
            let end = calendar.add_working_days(from, rule.days).ok()?;
            lines.push(say::deadline_counted(
                said,
                end,
                (rule.days, true),
                from,
                &basis,
                lang,
            ));
            let counted: Vec<NaiveDate> = from
                .iter_days()
                .skip(1)
                .take_while(|d| *d <= end)
                .filter(|d| calendar.is_working_day(*d))
                .collect();
            lines.push(say::counted_days(
                &counted,
                &skipped(calendar, from, end, &mut verified, lang),
                lang,
            ));
            end
        }
        Count::Days => {
            let last = from.checked_add_days(Days::new(rule.days.into()))?;
            let end = if rule.roll {
                calendar.working_day_on_or_after(last).ok()?
            } else {
                last
            };
            lines.push(say::deadline_counted(
                said,
                end,
                (rule.days, false),
                from,
                &basis,
                lang,
            ));
            if end != last {
                // The roll rests on the general rule for counting periods, with its own entry
                // (its English twin for an English question, when there is one).
                let roll_entry = answerer
                    .kb
                    .day_rules
                    .calendar_days
                    .as_deref()
                    .and_then(|id| answerer.entry(id));
                verified &= roll_entry.is_some_and(|e| e.verified);
                let roll_entry = answerer.in_language(roll_entry, lang);
                let roll_basis = roll_entry
                    .and_then(|e| e.citations.first())
                    .map_or(String::new(), |c| c.basis.clone());
                for c in roll_entry.into_iter().flat_map(|e| e.citations.iter()) {
                    if !citations.contains(&c.basis) {
                        citations.push(c.basis.clone());
                    }
                }
                lines.push(say::deadline_rolled(
                    rule.days,
                    last,
                    end,
                    &roll_basis,
                    lang,
                ));
            }
            end
        }
    };
    if let Some(note) = rule.note(lang) {
        lines.push(note.to_string());
    }
    if !rule.holds_on(from) {
        verified = false;
        lines.push(say::deadline_out_of_force(
            rule.valid_from,
            rule.valid_until,
            from,
            lang,
        ));
    }
    if asked.year_assumed {
        lines.push(say::year_assumed(from.year() + BE_OFFSET, lang));
    }
    // Only a count that skips or rolls over days off depends on the holiday lists.
    if matches!(rule.count, Count::WorkingDays | Count::Days) {
        for year in from.year()..=end.year() {
            match calendar.year_status(year) {
                YearStatus::Announced => {}
                YearStatus::Provisional => {
                    verified = false;
                    lines.push(say::provisional_list(year + BE_OFFSET, lang));
                }
                YearStatus::Missing => {
                    verified = false;
                    lines.push(say::counted_without_holidays(year + BE_OFFSET, lang));
                }
            }
        }
    }
    Some(Answer {
        question: question.to_string(),
        answered: true,
        entry_id: Some(entry.id.to_string()),
        title: Some(say::deadline_title(lang).to_string()),
        answer: Some(with_caveat(lines.join("\n"), verified, lang)),
        citations,
        verified,
        checked_on: entry.checked_on().filter(|_| verified),
        // The calendar decides; what is uncertain is only the reading of the question.
        confidence: 0.95,
        alternatives: Vec::new(),
        handoff_agency: Some(entry.agency.clone()),
        also_answered: Vec::new(),
    })
}

/// The holidays on weekdays a count jumped over, each with its name; an unconfirmed one makes
/// the answer unverified.
fn skipped(
    calendar: &Calendar,
    from: NaiveDate,
    end: NaiveDate,
    verified: &mut bool,
    lang: Lang,
) -> Vec<(NaiveDate, String)> {
    calendar
        .holidays_between(from, end)
        .into_iter()
        .map(|h| {
            *verified &= h.verified;
            let name = match lang {
                Lang::Th => &h.name_th,
                Lang::En => &h.name_en,
            };
            (h.date, name.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::deadlines::load_deadlines;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn rules() -> Vec<Deadline> {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/deadlines.toml");
        load_deadlines(&path).expect("the project's deadlines.toml is valid")
    }

    /// The rules a message asks, with the event date and whether its year was assumed, read
    /// on 5 Dec 2569.
    fn asked(text: &str) -> Vec<(String, NaiveDate, bool)> {
        let rules = rules();
        understand(text, ymd(2026, 12, 5), &rules)
            .iter()
            .map(|a| (a.rule.id.clone(), a.event, a.year_assumed))
            .collect()
    }

    #[test]
    fn the_event_and_the_ask_pick_the_rule_and_the_date() {
        for (text, id, date) in [
            (
                "ส่งงานงวดสุดท้าย 3 มี.ค. 69 กรรมการต้องเริ่มตรวจรับภายในวันไหน",
                "works-inspection-start",
                ymd(2026, 3, 3),
            ),
            (
                "ส่งของวันที่ 3 มี.ค. 69 กรรมการต้องตรวจรับภายในวันไหน",
                "goods-inspection-day",
                ymd(2026, 3, 3),
            ),
            (
                "ตรวจรับแล้ว 10 ก.พ. 69 ต้องจ่ายเงินภายในวันไหน",
                "payment-after-acceptance",
                ymd(2026, 2, 10),
            ),
            (
                "เหตุสิ้นสุด 1 เม.ย. 69 ขอขยายเวลาได้ถึงวันไหน",
                "fine-relief-notice",
                ymd(2026, 4, 1),
            ),
            (
                "ครบกำหนดส่งมอบ 20 มิ.ย. 69 ต้องแจ้งสงวนสิทธิ์ปรับภายในวันไหน",
                "fine-reservation-notice",
                ymd(2026, 6, 20),
            ),
            (
                "ตรวจพบของไม่ครบ 9/4/2569 ต้องแจ้งผู้ขายภายในวันไหน",
                "goods-shortfall-notice",
                ymd(2026, 4, 9),
            ),
            (
                "ซื้อไปก่อน 2026-07-27 ต้องรายงานหัวหน้าภายในวันไหน",
                "w119-report",
                ymd(2026, 7, 27),
            ),
            (
                "ผู้รับจ้างพ้นข้อผูกพันวันที่ 1 ส.ค. 2569 ต้องคืนหลักประกันภายในวันไหน",
                "contract-guarantee-return",
                ymd(2026, 8, 1),
            ),
            (
                "ผู้รับเหมาส่งงานก่อสร้าง ประธานกรรมการรับทราบศุกร์ 10 เม.ย. 69 ต้องเริ่มตรวจรับภายในวันไหน",
                "works-inspection-start",
                ymd(2026, 4, 10),
            ),
            (
                "ผู้รับจ้างแจ้งส่งมอบงาน 7/8/69 กรรมการต้องลงพื้นที่ตรวจอย่างช้าสุดวันที่เท่าไหร่",
                "works-inspection-start",
                ymd(2026, 8, 7),
            ),
            (
                "ซื้อของ 8,000 บาทตาม ว119 ไปก่อนเมื่อจันทร์ 27 ก.ค. 69 ต้องรายงานหัวหน้าภายในวันไหน",
                "w119-report",
                ymd(2026, 7, 27),
            ),
            (
                "น้ำท่วมหน้างานเพิ่งลดวันที่ 20 ต.ค. 69 ผู้รับจ้างต้องยื่นขอขยายเวลาภายในวันไหน",
                "fine-relief-notice",
                ymd(2026, 10, 20),
            ),
            (
                "ได้รับอุทธรณ์ 24 เม.ย. 69 ต้องพิจารณาให้เสร็จเมื่อไร",
                "appeal-decision",
                ymd(2026, 4, 24),
            ),
        ] {
            assert_eq!(asked(text), [(id.to_string(), date, false)], "{text}");
        }
    }

    #[test]
    fn english_events_and_asks_pick_the_rule_and_the_date() {
        for (text, id, date) in [
            (
                "The contractor delivered the work on 2 March 2026; by when must the committee start the inspection?",
                "works-inspection-start",
                ymd(2026, 3, 2),
            ),
            (
                "We received an appeal on April 24, 2026. By when must we decide the appeal?",
                "appeal-decision",
                ymd(2026, 4, 24),
            ),
        ] {
            assert_eq!(asked(text), [(id.to_string(), date, false)], "{text}");
        }
    }

    #[test]
    fn a_date_without_a_year_is_this_years_and_is_marked_so() {
        let found = asked("ส่งงาน 3 มี.ค. ต้องเริ่มตรวจรับวันไหน");
        assert_eq!(
            found,
            [("works-inspection-start".to_string(), ymd(2026, 3, 3), true)]
        );
    }

    #[test]
    fn construction_words_send_a_delivery_to_the_works_rule() {
        let found = asked("ผู้รับจ้างส่งมอบงานก่อสร้างวันที่ 3 มี.ค. 69 ต้องตรวจรับภายในวันไหน");
        assert_eq!(found[0].0, "works-inspection-start");
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn an_acceptance_is_not_read_as_an_ask_to_inspect() {
        // "ตรวจรับแล้ว" is the payment rule's event: the goods rule's "ตรวจรับ" is not asked.
        let found = asked("ส่งของ 2 ก.พ. 69 ตรวจรับแล้ว 10 ก.พ. 69 ต้องจ่ายเงินภายในวันไหน");
        assert_eq!(
            found,
            [(
                "payment-after-acceptance".to_string(),
                ymd(2026, 2, 10),
                false
            )]
        );
    }

    #[test]
    fn two_deadlines_in_one_message_each_take_their_own_date() {
        let found = asked(
            "ตรวจพบของไม่ครบ 9 เม.ย. 69 ต้องแจ้งผู้ขายวันไหน แล้วเหตุสิ้นสุด 1 มิ.ย. 69 ผู้ขายขอขยายเวลาได้ถึงวันไหน",
        );
        assert_eq!(
            found,
            [
                ("goods-shortfall-notice".to_string(), ymd(2026, 4, 9), false),
                ("fine-relief-notice".to_string(), ymd(2026, 6, 1), false),
            ]
        );
    }

    #[test]
    fn rule_questions_and_far_dates_are_not_deadline_questions() {
        for text in [
            "ตรวจรับแล้วต้องจ่ายเงินภายในกี่วัน",
            "ผู้รับจ้างต้องแจ้งขอขยายเวลาภายในกี่วัน",
            "ตรวจรับแล้ว 10 ก.พ. 69 ต้องจ่ายเงินภายในกี่วัน",
            "ตรวจรับแล้วต้องจ่ายเงินภายในกี่วัน งบ 3 ล้าน ประกาศ 1 ต.ค. 69 อุทธรณ์ครบวันไหน",
            "ประกาศผู้ชนะ 3 มี.ค. 69 อุทธรณ์ครบวันไหน",
            "ส่งของวันที่ 3 มี.ค. 69 ได้ไหม",
        ] {
            assert_eq!(asked(text), [], "{text}");
        }
    }
}
