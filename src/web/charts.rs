//! Inline SVG charts: plain bars, laid out on the server and drawn by `charts.html`.
use super::views::{Bar, Chart};

const ROW_HEIGHT: usize = 22;
/// The longest bar, in SVG units; bars start at 200, after their labels.
const BAR_SPAN: f64 = 380.0;

/// One series of labelled values as a horizontal bar chart.
pub fn bars(title: &str, unit: &str, rows: &[(String, f64)]) -> Chart {
    let max = rows
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let y = i * ROW_HEIGHT + 5;
            let width = (value / max * BAR_SPAN).round();
            Bar {
                label: label.clone(),
                value: *value,
                y,
                text_y: y + 13,
                width,
                value_x: 205.0 + width,
            }
        })
        .collect();
    Chart {
        title: title.to_owned(),
        unit: unit.to_owned(),
        height: ROW_HEIGHT * rows.len().max(1) + 10,
        bars,
    }
}
