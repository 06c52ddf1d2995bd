//! A resolved case's resolution as a draft knowledge entry (`knowledge/drafts/<id>.md`), for an
//! expert to complete, cite and move into `entries/`. Drafts are outside `entries/`, so they are
//! never served, and they say `verified = false`.
use crate::cases::{Case, Event, EventKind};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("เรื่อง {0} ยังไม่มีคำตอบข้อหารือ / case {0} has no resolution")]
    NotResolved(String),
    #[error("{path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The draft's id and file text. The officer's own wordings become the first `questions`.
pub fn draft_text(
    case: &Case,
    events: &[Event],
    today: NaiveDate,
) -> Result<(String, String), DraftError> {
    let resolution = events
        .iter()
        .rev()
        .find_map(|e| match &e.what {
            EventKind::Resolved { summary } => Some(summary.clone()),
            _ => None,
        })
        .ok_or_else(|| DraftError::NotResolved(case.case_ref.to_string()))?;
    let id = format!("case-{}", case.case_ref.to_string().to_ascii_lowercase());
    let mut questions = vec![case.subject.clone()];
    for e in events {
        if let EventKind::OfficerReplied { text } = &e.what
            && text.chars().count() >= 10
            && !questions.contains(text)
            && questions.len() < 5
        {
            questions.push(text.clone());
        }
    }
    let questions = questions
        .iter()
        .map(|q| format!("  {},\n", quoted(q)))
        .collect::<String>();
    let text = format!(
        "+++\n\
         # ร่างจากเรื่อง {case_ref} — ต้องตรวจ เติมคำถามให้ครบอย่างน้อย 5 แบบ และอ้างอิงข้อกฎหมายก่อนย้ายไป entries/\n\
         # Draft from case {case_ref}: add phrasings (5 or more) and the legal basis before moving it into entries/.\n\
         id = {id}\n\
         title = {title}\n\
         questions = [\n{questions}]\n\
         tags = []\n\
         agency = {agency}\n\
         verified = false\n\
         reviewed_on = {today}\n\
         lang = \"th\"\n\
         \n\
         [[citations]]\n\
         basis = {basis}\n\
         source = {source}\n\
         +++\n\
         {resolution}\n",
        case_ref = case.case_ref,
        id = quoted(&id),
        title = quoted(&case.subject),
        agency = quoted(case.agency.as_str()),
        basis = quoted("(ต้องระบุกฎหมายและข้อ/มาตรา — to be completed)"),
        source = quoted(&format!(
            "คำตอบข้อหารือเรื่อง {} โดยผู้เชี่ยวชาญ {}",
            case.case_ref, case.agency
        )),
    );
    Ok((id, text))
}

/// Write `<knowledge>/drafts/<id>.md`; returns its path.
pub fn draft_entry(
    knowledge: &Path,
    case: &Case,
    events: &[Event],
    today: NaiveDate,
) -> Result<PathBuf, DraftError> {
    let (id, text) = draft_text(case, events, today)?;
    let dir = knowledge.join("drafts");
    let path = dir.join(format!("{id}.md"));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, text))
        .map_err(|source| DraftError::Write {
            path: path.clone(),
            source,
        })?;
    Ok(path)
}
