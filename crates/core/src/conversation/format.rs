//! The knowledge base's light Markdown as Telegram reads it: plain text plus entities.
//!
//! Entries mark emphasis with `**…**` and `*…*`, links with `[text](url)`, and lists with
//! `- `; chat clients show those marks as symbols. The text sent carries none of them (and no
//! HTML), so escaping never matters and user text can never be read as markup; the marks
//! become [`Entity`] ranges instead. A mark without its closing pair stays as typed.
use super::outgoing::{Entity, EntityKind};

/// `source` without its marks, and where the marks were.
pub fn markdown(source: &str) -> (String, Vec<Entity>) {
    let mut text = String::with_capacity(source.len());
    let mut entities = Vec::new();
    for (i, line) in source.split('\n').enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let line = match line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            Some(item) => {
                text.push_str("• ");
                item
            }
            None => line,
        };
        inline(line, &mut text, &mut entities);
    }
    (text, entities)
}

/// One line's inline marks, appended to `text`.
fn inline(line: &str, text: &mut String, entities: &mut Vec<Entity>) {
    let mut rest = line;
    while !rest.is_empty() {
        if let Some((inner, after)) = paired(rest, "**") {
            push_marked(inner, EntityKind::Bold, text, entities);
            rest = after;
        } else if let Some((inner, after)) = paired(rest, "*").filter(|(i, _)| !i.starts_with(' '))
        {
            push_marked(inner, EntityKind::Italic, text, entities);
            rest = after;
        } else if let Some((label, url, after)) = link(rest) {
            let kind = EntityKind::Link {
                url: url.to_owned(),
            };
            push_marked(label, kind, text, entities);
            rest = after;
        } else {
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                text.push(c);
            }
            rest = chars.as_str();
        }
    }
}

fn push_marked(inner: &str, kind: EntityKind, text: &mut String, entities: &mut Vec<Entity>) {
    let start = text.len();
    text.push_str(inner);
    entities.push(Entity {
        kind,
        start,
        end: text.len(),
    });
}

/// `rest` starting with `mark` … `mark` on one line: the inside and what follows.
fn paired<'a>(rest: &'a str, mark: &str) -> Option<(&'a str, &'a str)> {
    let after = rest.strip_prefix(mark)?;
    let end = after.find(mark)?;
    let inner = &after[..end];
    (!inner.trim().is_empty()).then(|| (inner, &after[end + mark.len()..]))
}

/// `[label](http…)` at the start of `rest`.
fn link(rest: &str) -> Option<(&str, &str, &str)> {
    let after = rest.strip_prefix('[')?;
    let (label, tail) = after.split_once("](")?;
    let (url, after) = tail.split_once(')')?;
    let web = url.starts_with("https://") || url.starts_with("http://");
    (web && !label.is_empty() && !label.contains('[')).then_some((label, url, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, e: &Entity) -> String {
        text[e.start..e.end].to_owned()
    }

    #[test]
    fn bold_italic_links_and_items_become_entities() {
        let (text, entities) = markdown(
            "ซื้อได้**ไม่เกิน 500,000 บาท** *ต่อครั้ง*\n- ดู [ระเบียบ](https://www.gprocurement.go.th)",
        );
        assert_eq!(text, "ซื้อได้ไม่เกิน 500,000 บาท ต่อครั้ง\n• ดู ระเบียบ");
        assert_eq!(entities.len(), 3);
        assert_eq!(entities[0].kind, EntityKind::Bold);
        assert_eq!(marked(&text, &entities[0]), "ไม่เกิน 500,000 บาท");
        assert_eq!(marked(&text, &entities[1]), "ต่อครั้ง");
        assert_eq!(marked(&text, &entities[2]), "ระเบียบ");
    }

    #[test]
    fn unpaired_marks_and_non_web_links_stay_as_typed() {
        let source = "ร้อยละ 5 * 2 **ค้าง [a](javascript:x)";
        let (text, entities) = markdown(source);
        assert_eq!(text, source);
        assert!(entities.is_empty());
    }
}
