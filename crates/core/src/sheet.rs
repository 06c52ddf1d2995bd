//! CSV as every file this project writes it: the `csv` crate's quoting, Excel's CRLF line
//! ends, and no cell a spreadsheet would run as a formula. A text someone typed — a case
//! subject, a step name — that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! a formula (or part of one) to Excel and LibreOffice; it gets a leading `'` (OWASP's advice),
//! which the spreadsheet shows as text and hides.

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `field` as a spreadsheet will show it, never as a formula.
pub fn neutralise(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(FORMULA_START) {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

/// Rows (of any length) as CSV text, every field neutralised.
pub fn csv<R, F>(rows: R) -> Result<String, csv::Error>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = F>,
    F: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row.into_iter().map(|f| neutralise(f.as_ref()).into_owned()))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    String::from_utf8(bytes).map_err(|e| csv::Error::from(std::io::Error::other(e)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_plain_text_is_kept() {
        for formula in ["=1+1", "+66", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(formula), format!("'{formula}"));
        }
        assert_eq!(neutralise("ค่าปรับ = 10%"), "ค่าปรับ = 10%");
        assert_eq!(neutralise("2026-01-05"), "2026-01-05");
    }

    #[test]
    fn quoting_follows_csv_and_lines_end_as_excel_expects() {
        let text = csv([vec!["a,\"b\"", "=HYPERLINK(\"x\")"], vec!["ok"]]).unwrap();
        assert_eq!(text, "\"a,\"\"b\"\"\",\"'=HYPERLINK(\"\"x\"\")\"\r\nok\r\n");
    }
}
