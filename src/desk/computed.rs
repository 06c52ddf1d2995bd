//! Every answer the desk computes from rules as data, for one message: dates on the procurement
//! timeline, deadlines counted from an event, sums, the method an estimate allows, working days
//! and holidays. A message with two recognised asks ("หลักประกันสัญญางาน 3 ล้านเท่าไร แล้ว
//! ประกาศผู้ชนะ 3 มี.ค. 69 อุทธรณ์ครบวันไหน") gets both parts in one answer, each with its basis.

use chrono::NaiveDate;

use crate::knowledge::{Answer, Answerer};

use super::advisor::Planner;
use super::computed_messages as say;
use super::{
    date_question, deadline_question, method_question, sum_question, working_day_question,
};

/// The computed answer, or `None` when nothing in the message is computable (then the
/// knowledge base answers as usual).
pub fn answer(
    question: &str,
    today: NaiveDate,
    planner: Option<&Planner>,
    answerer: &Answerer,
) -> Option<Answer> {
    let mut parts: Vec<Answer> = Vec::new();
    let date = planner
        .and_then(|p| date_question::answer(question, today, &p.rules, &p.calendar, answerer));
    let dated = date.is_some();
    parts.extend(date);
    let deadlines = planner
        .map(|p| deadline_question::answers(question, today, &p.calendar, answerer))
        .unwrap_or_default();
    let counted = !deadlines.is_empty();
    parts.extend(deadlines);
    parts.extend(sum_question::answer(question, answerer));
    parts.extend(method_question::answer(
        question,
        planner.map(|p| &p.rules),
        answerer,
    ));
    // A timeline date or a deadline already answers what a day count would: one answer, not two.
    if !dated
        && !counted
        && let Some(p) = planner
    {
        parts.extend(working_day_question::answer(
            question,
            today,
            &p.calendar,
            answerer,
        ));
    }
    combine(parts)
}

/// One answer from its parts: the texts in order, every basis once, verified only when every
/// part is, and the first part's entry (the first ask's rule).
fn combine(mut parts: Vec<Answer>) -> Option<Answer> {
    if parts.len() <= 1 {
        return parts.pop();
    }
    let mut first = parts.remove(0);
    let mut texts = vec![first.answer.take().unwrap_or_default()];
    for part in parts {
        texts.push(part.answer.unwrap_or_default());
        for c in part.citations {
            if !first.citations.contains(&c) {
                first.citations.push(c);
            }
        }
        first.verified &= part.verified;
        first.checked_on = first.checked_on.zip(part.checked_on).map(|(a, b)| a.min(b));
        first.confidence = first.confidence.min(part.confidence);
    }
    if !first.verified {
        first.checked_on = None;
    }
    first.answer = Some(texts.join("\n\n"));
    let lang = crate::knowledge::Lang::of_text(&first.question);
    first.title = Some(say::two_asks_title(lang).to_string());
    Some(first)
}
