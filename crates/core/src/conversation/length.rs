//! Chat clients cap a message's length — Telegram takes 4096 characters of text and 1024 of a
//! caption, counted in UTF-16 code units — and refuse anything longer outright, so a relay that
//! grew past the limit with its header would never arrive. Everything the desk writes passes
//! through [`fit`] on its way to the outbox: too long, it is cut into pieces at line or word
//! boundaries (never inside a Thai syllable's marks or an emoji sequence); a reply to any piece
//! still finds the case.
use crate::conversation::outgoing::{Entity, Outgoing};
use unicode_normalization::char::is_combining_mark;

/// Telegram's limit for a message's text.
pub const MAX_TEXT: usize = 4096;
/// Telegram's limit for a photo's or document's caption.
pub const MAX_CAPTION: usize = 1024;
/// Telegram's limit for the toast answering a button press.
pub const MAX_TOAST: usize = 200;
/// More pieces than this is a dump, not a message: the rest is cut and the cut is marked.
pub const MAX_PIECES: usize = 8;
/// Ends a text that was cut short (no words: it is read in either language).
pub const CUT_MARK: &str = "\n✂️ …";

/// Length as Telegram counts it.
pub fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// One outgoing message as one or more that each fit.
pub fn fit(out: Outgoing) -> Vec<Outgoing> {
    if out.callback_answer.is_some() {
        return vec![Outgoing {
            text: truncate(&out.text, MAX_TOAST),
            ..out
        }];
    }
    if out.edit_of.is_some() {
        // An edit replaces one message: it cannot become two.
        let text = truncate(&out.text, MAX_TEXT);
        let entities = clip(&out.entities, 0, &text);
        return vec![Outgoing {
            text,
            entities,
            ..out
        }];
    }
    if out.attachment.is_some() {
        if units(&out.text) <= MAX_CAPTION {
            return vec![out];
        }
        // The text goes first as messages of its own; the file follows without a caption and
        // carries the buttons.
        let mut pieces = text_pieces(&out);
        pieces.push(Outgoing {
            text: String::new(),
            reply_to: None,
            ..out
        });
        return pieces;
    }
    if units(&out.text) <= MAX_TEXT {
        return vec![out];
    }
    let mut pieces = text_pieces(&out);
    if let Some(last) = pieces.last_mut() {
        last.buttons = out.buttons;
    }
    pieces
}

/// `out`'s text as messages to the same chat and case, without buttons or attachment; each
/// keeps the formatting of its own stretch of the text.
fn text_pieces(out: &Outgoing) -> Vec<Outgoing> {
    let mut from = 0;
    split(&out.text, MAX_TEXT)
        .into_iter()
        .map(|text| {
            // Pieces are consecutive stretches of the text (blank ones left out; the last may
            // be cut short and marked), so each starts where it is next found.
            let start = out.text[from..]
                .find(text.trim_end_matches(CUT_MARK))
                .map_or(from, |at| from + at);
            from = start + text.len().min(out.text.len() - start);
            (text, start)
        })
        .map(|(text, start)| (clip(&out.entities, start, &text), text))
        .enumerate()
        .map(|(i, (entities, text))| Outgoing {
            chat_id: out.chat_id,
            text,
            entities,
            // Only the first piece answers the message replied to; the rest follow it.
            reply_to: if i == 0 { out.reply_to } else { None },
            case_ref: out.case_ref.clone(),
            relay: out.relay,
            ..Outgoing::default()
        })
        .collect()
}

/// The parts of `entities` inside the piece of the text that starts at byte `start` and reads
/// `piece`, moved to the piece's own offsets.
fn clip(entities: &[Entity], start: usize, piece: &str) -> Vec<Entity> {
    let end = start + piece.len();
    entities
        .iter()
        .filter(|e| e.start < end && e.end > start)
        .map(|e| Entity {
            start: e.start.max(start) - start,
            end: e.end.min(end) - start,
            ..e.clone()
        })
        .filter(|e| {
            e.start < e.end && piece.is_char_boundary(e.start) && piece.is_char_boundary(e.end)
        })
        .collect()
}

/// At most `limit` units, cut with [`CUT_MARK`] when it was longer.
pub fn truncate(text: &str, limit: usize) -> String {
    if units(text) <= limit {
        return text.to_owned();
    }
    let room = limit.saturating_sub(units(CUT_MARK));
    let head = &text[..cut(text, room, false)];
    format!("{}{CUT_MARK}", head.trim_end())
}

/// `text` in pieces of at most `limit` units (no blank pieces), at most [`MAX_PIECES`] of them.
pub fn split(text: &str, limit: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if pieces.len() + 1 == MAX_PIECES && units(rest) > limit {
            pieces.push(truncate(rest, limit));
            break;
        }
        let end = if units(rest) <= limit {
            rest.len()
        } else {
            cut(rest, limit, true)
        };
        let (piece, tail) = rest.split_at(end);
        if !piece.trim().is_empty() {
            pieces.push(piece.to_owned());
        }
        rest = tail;
    }
    pieces
}

/// A byte index ≤ `limit` units into `text` where it may be cut: after the last line break,
/// else the last space (when `at_words`), else the last character that starts a new glyph.
fn cut(text: &str, limit: usize, at_words: bool) -> usize {
    let mut fits = 0; // byte index just past the last character that fits
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.len_utf16();
        if used > limit {
            break;
        }
        fits = i + c.len_utf8();
    }
    let head = &text[..fits];
    if at_words {
        let words = head.rfind('\n').or_else(|| head.rfind(' '));
        if let Some(at) = words.filter(|&at| at > 0) {
            return at + 1;
        }
    }
    // Back off so the next piece does not start with a mark that belongs to this one's last
    // letter (Thai vowels and tone marks), a zero-width joiner or a variation selector.
    let mut end = fits;
    while end > 0 && !starts_glyph(text, end) {
        end = text[..end].char_indices().next_back().map_or(0, |(i, _)| i);
    }
    // A single glyph longer than the limit (absurd stacks of marks): cut it anyway.
    if end == 0 {
        fits.max(first_char(text))
    } else {
        end
    }
}

fn first_char(text: &str) -> usize {
    text.chars().next().map_or(0, char::len_utf8)
}

/// True when a glyph may begin at byte `at` of `text`.
fn starts_glyph(text: &str, at: usize) -> bool {
    let joins = |c: char| {
        is_combining_mark(c)
            || matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}')
    };
    let next = text[at..].chars().next();
    let prev = text[..at].chars().next_back();
    !(next.is_some_and(joins) || prev == Some('\u{200D}'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Side;
    use crate::conversation::outgoing::{Attachment, Button};
    use proptest::prelude::*;

    fn squeeze(text: &str) -> String {
        text.split_whitespace().collect()
    }

    #[test]
    fn a_long_formatted_answer_keeps_each_bold_stretch_in_its_own_piece() {
        let line = "วิธีเฉพาะเจาะจงใช้ได้เมื่อวงเงิน**ไม่เกิน 500,000 บาท**ต่อครั้ง\n";
        let out = Outgoing::markdown(5, &line.repeat(150));
        let pieces = fit(out);
        assert!(pieces.len() > 1);
        for piece in &pieces {
            assert!(!piece.entities.is_empty());
            for e in &piece.entities {
                assert_eq!(&piece.text[e.start..e.end], "ไม่เกิน 500,000 บาท");
            }
        }
    }

    #[test]
    fn short_messages_pass_unchanged() {
        let out = Outgoing::text(5, "สวัสดี").with_buttons(vec![vec![Button::new("a", "b")]]);
        assert_eq!(fit(out.clone()), vec![out]);
    }

    #[test]
    fn a_long_relay_becomes_pieces_for_the_same_case_with_buttons_last() {
        let case_ref = crate::cases::CaseRef::parse("KK-2569-000001").expect("ref");
        let line = "ราคากลางงานก่อสร้างต้องคำนวณตามหลักเกณฑ์ของกรมบัญชีกลาง\n";
        let text = line.repeat(200);
        let out = Outgoing::text(5, text.clone())
            .for_case(&case_ref, Side::Officer)
            .with_buttons(vec![vec![Button::new("ok", "confirm:KK-2569-000001")]]);
        let pieces = fit(out);
        assert!(pieces.len() > 1);
        for p in &pieces {
            assert!(units(&p.text) <= MAX_TEXT);
            assert_eq!(p.case_ref.as_ref(), Some(&case_ref));
            assert_eq!(p.relay, Some(Side::Officer));
            assert!(p.text.ends_with('\n'), "cut at a line break");
        }
        assert!(
            pieces[..pieces.len() - 1]
                .iter()
                .all(|p| p.buttons.is_empty())
        );
        assert_eq!(pieces.last().expect("a piece").buttons.len(), 1);
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, text, "nothing lost");
    }

    #[test]
    fn a_long_caption_goes_ahead_of_its_file() {
        let out = Outgoing {
            attachment: Some(Attachment::Photo {
                file_id: "P".into(),
            }),
            ..Outgoing::text(5, "ก ".repeat(700))
        };
        let pieces = fit(out);
        assert_eq!(pieces.len(), 2);
        assert!(pieces[0].attachment.is_none() && units(&pieces[0].text) <= MAX_TEXT);
        assert!(pieces[1].attachment.is_some() && pieces[1].text.is_empty());
    }

    #[test]
    fn a_dump_is_cut_with_a_mark_and_edits_and_toasts_are_truncated() {
        let pieces = split(&"x".repeat(100_000), MAX_TEXT);
        assert_eq!(pieces.len(), MAX_PIECES);
        assert!(pieces.last().expect("piece").ends_with(CUT_MARK));
        let edit = Outgoing {
            edit_of: Some(3),
            ..Outgoing::text(1, "y".repeat(5000))
        };
        let fitted = fit(edit);
        assert_eq!(fitted.len(), 1);
        assert!(units(&fitted[0].text) <= MAX_TEXT && fitted[0].text.ends_with(CUT_MARK));
        let toast = Outgoing {
            callback_answer: Some("cb".into()),
            ..Outgoing::text(1, "z".repeat(500))
        };
        assert!(units(&fit(toast)[0].text) <= MAX_TOAST);
    }

    #[test]
    fn thai_marks_and_emoji_sequences_stay_with_their_letter() {
        // No spaces: the cut falls between glyphs, never before "ี้" or inside 👨‍👩‍👧.
        let text = "นี้👨‍👩‍👧".repeat(2000);
        for piece in split(&text, 100) {
            let first = piece.chars().next().expect("non-empty");
            assert!(
                !is_combining_mark(first) && first != '\u{200D}',
                "{piece:?}"
            );
            assert!(!piece.ends_with('\u{200D}'), "{piece:?}");
        }
    }

    proptest! {
        #[test]
        fn pieces_fit_and_lose_nothing_but_blanks(text in "[ก-๛a-z \n\u{200D}\u{1F600}]{0,3000}", limit in 8usize..300) {
            let pieces = split(&text, limit);
            for p in &pieces {
                prop_assert!(units(p) <= limit, "{p:?}");
                prop_assert!(!p.trim().is_empty());
            }
            if !pieces.last().is_some_and(|p| p.ends_with(CUT_MARK)) {
                let joined: String = pieces.concat();
                prop_assert_eq!(squeeze(&joined), squeeze(&text));
            }
        }
    }
}
