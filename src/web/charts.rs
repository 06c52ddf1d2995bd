//! Inline SVG charts: plain bars, drawn on the server.
use super::html::esc;

/// One series of labelled values as a horizontal bar chart.
pub fn bars(title: &str, unit: &str, rows: &[(String, f64)]) -> String {
    let max = rows
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let row_h = 22;
    let height = row_h * rows.len().max(1) + 10;
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"640\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        esc(title),
        esc(title)
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = i * row_h + 5;
        let w = (value / max * 380.0).round();
        svg += &format!(
            "<text x=\"0\" y=\"{ty}\" font-size=\"12\">{label}</text>\
             <rect x=\"200\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"#457b9d\"/>\
             <text x=\"{tx}\" y=\"{ty}\" font-size=\"12\">{value:.1} {unit}</text>",
            ty = y + 13,
            tx = 205.0 + w,
            label = esc(label),
            unit = esc(unit),
        );
    }
    svg + "</svg></figure>"
}
