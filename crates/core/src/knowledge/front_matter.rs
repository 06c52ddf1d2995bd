//! Splitting an entry file into TOML front matter (between `+++` lines) and Markdown, keeping
//! line numbers so every fault can point at its line.

use std::path::Path;

use super::check::Fault;

pub struct Split<'a> {
    pub front: &'a str,
    /// 1-based line of the first front-matter line (the one after the opening `+++`).
    pub front_line: usize,
    pub body: &'a str,
}

pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Fault> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Err(Fault::new(
            path,
            1,
            "the file must start with a `+++` line (TOML front matter)",
        ));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok(Split {
                front: &rest[..offset],
                front_line: 2,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(Fault::new(
        path,
        1,
        "the front matter has no closing `+++` line",
    ))
}

/// The 1-based file line of a byte offset inside the front matter.
pub fn line_of_offset(split: &Split<'_>, offset: usize) -> usize {
    split.front_line
        + split.front[..offset.min(split.front.len())]
            .matches('\n')
            .count()
}

/// The file line where `key = …` is written, or the opening line when the key is absent.
pub fn line_of_key(split: &Split<'_>, key: &str) -> usize {
    split
        .front
        .lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
                || l == format!("[[{key}]]")
        })
        .map_or(1, |i| split.front_line + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_are_split_with_line_numbers() {
        let text = "+++\nid = \"x\"\ntitle = \"t\"\n+++\nShort.\n\nMore.\n";
        let s = split(Path::new("x.md"), text).expect("valid");
        assert_eq!(s.front, "id = \"x\"\ntitle = \"t\"\n");
        assert_eq!(s.body, "Short.\n\nMore.\n");
        assert_eq!(line_of_key(&s, "title"), 3);
        assert_eq!(line_of_key(&s, "absent"), 1);
    }

    #[test]
    fn missing_fences_are_faults() {
        assert!(split(Path::new("x.md"), "id = 1\n").is_err());
        assert!(split(Path::new("x.md"), "+++\nid = 1\n").is_err());
    }
}
