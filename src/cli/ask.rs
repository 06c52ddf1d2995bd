//! `clinic ask` and `clinic route`: one answer, or one JSON object per stdin line, in order.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;

use clinic::desk::{Advisor, Lang, Say};
use clinic::knowledge::{Answer, Clarification};
use clinic::thai::ThaiDate;

#[derive(clap::Args)]
pub struct AskArgs {
    /// Print JSON (always on in stdin mode).
    #[arg(long)]
    pub json: bool,
    /// Answer as of this date (default: today in Asia/Bangkok).
    #[arg(long)]
    pub today: Option<ThaiDate>,
    /// The question; without it, one question per stdin line.
    pub question: Option<String>,
}

pub fn today_in_bangkok() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Bangkok)
        .date_naive()
}

pub fn run_ask(knowledge: &Path, args: AskArgs) -> anyhow::Result<()> {
    let brain = Advisor::load(knowledge)
        .with_context(|| format!("loading the knowledge base from {}", knowledge.display()))?;
    let today = args.today.map_or_else(today_in_bangkok, |d| d.0);
    match args.question {
        Some(q) if args.json => emit(&asked_json(&brain, &q, today)?)?,
        Some(q) => {
            let (answer, clarification) = brain.consult(&q, today);
            let mut text = render_answer(&brain, &answer);
            if let Some(c) = &clarification {
                text = render_clarification(c);
            }
            emit(text.trim_end())?;
        }
        None => each_stdin_line(|line| asked_json(&brain, line, today))?,
    }
    Ok(())
}

/// The answer in the `clinic ask --json` shape, with `clarify`: the question asked back and its
/// options (label, slot value, entry) when the bot asks instead of answering, else null.
fn asked_json(brain: &Advisor, question: &str, today: NaiveDate) -> anyhow::Result<String> {
    #[derive(serde::Serialize)]
    struct Asked<'a> {
        #[serde(flatten)]
        answer: &'a Answer,
        clarify: Option<serde_json::Value>,
    }
    let (answer, clarification) = brain.consult(question, today);
    let say = Say(Lang::Th);
    let clarify = clarification.map(|c| {
        serde_json::json!({
            "question": say.clarify_question(c.slot),
            "slot": c.slot,
            "options": c.options.iter().map(|o| serde_json::json!({
                "label": say.clarify_option(o.value),
                "value": o.value,
                "entry_id": o.entry_id,
                "title": o.title,
                "confidence": o.confidence,
            })).collect::<Vec<_>>(),
        })
    });
    Ok(serde_json::to_string(&Asked {
        answer: &answer,
        clarify,
    })?)
}

fn render_clarification(c: &Clarification) -> String {
    let say = Say(Lang::Th);
    let mut s = say.clarify_question(c.slot);
    s.push('\n');
    for o in &c.options {
        s += &format!(
            "  • {} → {} [{}]\n",
            say.clarify_option(o.value),
            o.title,
            o.entry_id
        );
    }
    s
}

#[derive(clap::Args)]
pub struct RouteArgs {
    /// Print JSON (always on in stdin mode).
    #[arg(long)]
    pub json: bool,
    #[arg(long)]
    pub today: Option<ThaiDate>,
    /// The case text; without it, one text per stdin line.
    pub text: Option<String>,
}

pub fn run_route(knowledge: &Path, args: RouteArgs) -> anyhow::Result<()> {
    let brain = Advisor::load(knowledge)
        .with_context(|| format!("loading the knowledge base from {}", knowledge.display()))?;
    let today = args.today.map_or_else(today_in_bangkok, |d| d.0);
    match args.text {
        Some(t) if args.json => emit(&serde_json::to_string(&brain.route(&t, today))?)?,
        Some(t) => {
            let route = brain.route(&t, today);
            match &route.agency {
                Some(code) => {
                    let name = brain
                        .answerer
                        .kb
                        .agency(code)
                        .map_or("", |a| a.name_th.as_str());
                    println!("ส่งต่อ: {code} ({name}) ความมั่นใจ {:.2}", route.confidence);
                    for r in &route.reasons {
                        println!("  - {r}");
                    }
                }
                None => println!("ไม่ใช่เรื่องของหน่วยงานผู้เชี่ยวชาญใด (no agency)"),
            }
        }
        None => each_stdin_line(|line| Ok(serde_json::to_string(&brain.route(line, today))?))?,
    }
    Ok(())
}

/// Writes one result; a reader that went away (`| head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    match writeln!(std::io::stdout(), "{text}") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Reads stdin line by line and writes one output line per input line, flushed at once, so
/// a caller can pipe questions in and read answers as they come.
/// A line that is not UTF-8 is answered with a JSON error object and the lines after it
/// are answered as usual.
fn each_stdin_line(mut f: impl FnMut(&str) -> anyhow::Result<String>) -> anyhow::Result<()> {
    let mut stdin = std::io::stdin().lock();
    let mut out = std::io::stdout().lock();
    let mut bytes = Vec::new();
    for number in 1.. {
        bytes.clear();
        if stdin
            .read_until(b'\n', &mut bytes)
            .context("reading stdin")?
            == 0
        {
            break;
        }
        let answer = match std::str::from_utf8(&bytes) {
            Ok(line) => f(line.trim())?,
            Err(e) => serde_json::json!({
                "error": format!("บรรทัดที่ {number} ไม่ใช่ข้อความ UTF-8 (line {number} is not UTF-8: {e})"),
                "line": number,
            })
            .to_string(),
        };
        let written = writeln!(out, "{answer}").and_then(|()| out.flush());
        match written {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            other => other?,
        }
    }
    Ok(())
}

fn render_answer(brain: &Advisor, a: &Answer) -> String {
    let mut s = String::new();
    if let (true, Some(title), Some(text)) = (a.answered, &a.title, &a.answer) {
        s += &format!("{title}\n\n{text}\n\nหลักเกณฑ์อ้างอิง:\n");
        for c in &a.citations {
            s += &format!("  • {c}\n");
        }
        s += &format!("\n(ความมั่นใจ {:.2})\n", a.confidence);
    } else {
        // A decline may say why (a provision nothing cites, work outside the method table).
        if let Some(why) = &a.answer {
            s += &format!("{why}\n\n");
        }
        s += "ยังตอบไม่ได้แน่ชัด — เรื่องที่ใกล้เคียง:\n";
        for alt in &a.alternatives {
            s += &format!(
                "  • {} [{}] ({:.2})\n",
                alt.title, alt.entry_id, alt.confidence
            );
        }
        if let Some(code) = &a.handoff_agency {
            let name = brain
                .answerer
                .kb
                .agency(code)
                .map_or("", |x| x.name_th.as_str());
            s += &format!("ส่งต่อผู้เชี่ยวชาญได้: {name} ({code})\n");
        }
    }
    s
}
