//! Normalising what officers type before anything else looks at it.

/// Thai digits ๐–๙ to ASCII 0–9; nothing else changes.
pub fn thai_digits_to_ascii(text: &str) -> String {
    text.chars().map(ascii_digit).collect()
}

fn ascii_digit(c: char) -> char {
    match c {
        '๐'..='๙' => char::from(b'0' + (c as u32 - '๐' as u32) as u8),
        _ => c,
    }
}

/// Characters that carry no meaning but break matching: zero-width spaces and joiners, the
/// byte-order mark, soft hyphens and the bidirectional overrides that hostile input uses.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The one normal form every comparison uses: Thai digits to ASCII, invisible and control
/// characters removed, Latin lower-cased, whitespace folded to single spaces, and two common
/// Thai keyboard slips repaired (เ+เ typed for แ, nikhahit + sara aa typed for sara am).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        let c = ascii_digit(c);
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii() || ('\u{0E00}'..='\u{0E7F}').contains(&c) {
            // The common case: no Unicode case tables needed.
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    // Most text has neither slip: no second and third copy for it.
    if out.contains("เเ") {
        out = out.replace("เเ", "แ");
    }
    if out.contains("\u{0E4D}\u{0E32}") {
        out = out.replace("\u{0E4D}\u{0E32}", "ำ");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_digits_become_ascii() {
        assert_eq!(normalize("๕๐๐,๐๐๐ บาท"), "500,000 บาท");
        assert_eq!(thai_digits_to_ascii("๒๕๖๙"), "2569");
    }

    #[test]
    fn invisible_and_control_characters_are_removed() {
        assert_eq!(normalize("ราคา\u{200B}กลาง"), "ราคากลาง");
        assert_eq!(normalize("\u{202E}e-GP\u{202C}"), "e-gp");
        assert_eq!(normalize("a\u{0007}b"), "a b");
    }

    #[test]
    fn whitespace_folds_and_latin_lowers() {
        assert_eq!(normalize("  E-Bidding \n\t 5  ล้าน  "), "e-bidding 5 ล้าน");
    }

    #[test]
    fn keyboard_slips_are_repaired() {
        assert_eq!(normalize("เเบบ"), "แบบ");
        assert_eq!(normalize("จ\u{0E4D}\u{0E32}นวน"), "จำนวน");
    }
}
