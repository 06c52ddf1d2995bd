//! The brief's chart as a PNG, drawn here pixel by pixel: no fonts, no system libraries, so it
//! renders the same on every server. Words stay in the message text; the image carries bars
//! and figures (digits from a tiny built-in font).
//!
//! Top: overall, recurrent, investment — a grey 0–100 % track, the blue part disbursed, the
//! red tick the target for the day. Bottom: the units furthest behind, in the brief's order,
//! orange bars proportional to their gap in baht, each with its rank and disbursed percent.
use super::{Brief, Percent};

pub const CHART_WIDTH: u32 = 480;
pub const CHART_HEIGHT: u32 = 360;

type Rgb = [u8; 3];
const WHITE: Rgb = [255, 255, 255];
const TRACK: Rgb = [225, 228, 232];
const BLUE: Rgb = [69, 123, 157];
const RED: Rgb = [200, 30, 45];
const ORANGE: Rgb = [230, 126, 34];
const INK: Rgb = [34, 34, 34];

const BAR_X: i64 = 40;
const BAR_W: i64 = 360;

/// 3×5 glyphs, one row per `u8`, high bit left.
fn glyph(c: char) -> Option<[u8; 5]> {
    Some(match c {
        '0' => [0b111, 0b101, 0b101, 0b101, 0b111],
        '1' => [0b010, 0b110, 0b010, 0b010, 0b111],
        '2' => [0b111, 0b001, 0b111, 0b100, 0b111],
        '3' => [0b111, 0b001, 0b111, 0b001, 0b111],
        '4' => [0b101, 0b101, 0b111, 0b001, 0b001],
        '5' => [0b111, 0b100, 0b111, 0b001, 0b111],
        '6' => [0b111, 0b100, 0b111, 0b101, 0b111],
        '7' => [0b111, 0b001, 0b010, 0b010, 0b010],
        '8' => [0b111, 0b101, 0b111, 0b101, 0b111],
        '9' => [0b111, 0b101, 0b111, 0b001, 0b111],
        '.' => [0b000, 0b000, 0b000, 0b000, 0b010],
        '%' => [0b101, 0b001, 0b010, 0b100, 0b101],
        _ => return None,
    })
}

struct Canvas {
    pixels: Vec<u8>,
}

impl Canvas {
    fn new() -> Self {
        let size = (CHART_WIDTH * CHART_HEIGHT) as usize;
        Self {
            pixels: WHITE.repeat(size),
        }
    }

    fn rect(&mut self, x: i64, y: i64, w: i64, h: i64, color: Rgb) {
        let (width, height) = (i64::from(CHART_WIDTH), i64::from(CHART_HEIGHT));
        for py in y.max(0)..(y + h).min(height) {
            for px in x.max(0)..(x + w).min(width) {
                let at = ((py * width + px) * 3) as usize;
                self.pixels[at..at + 3].copy_from_slice(&color);
            }
        }
    }

    /// Digits, '.' and '%' at scale 2 (6×10 px per glyph, 2 px apart).
    fn text(&mut self, x: i64, y: i64, text: &str, color: Rgb) {
        for (i, c) in text.chars().enumerate() {
            let Some(rows) = glyph(c) else { continue };
            let gx = x + i as i64 * 8;
            for (ry, bits) in rows.iter().enumerate() {
                for rx in 0..3 {
                    if bits & (0b100 >> rx) != 0 {
                        self.rect(gx + rx * 2, y + ry as i64 * 2, 2, 2, color);
                    }
                }
            }
        }
    }

    fn png(self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, CHART_WIDTH, CHART_HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Writing to a Vec fails only on a bug (wrong buffer size); an empty image says so.
        let written = encoder
            .write_header()
            .and_then(|mut writer| writer.write_image_data(&self.pixels));
        match written {
            Ok(()) => out,
            Err(_) => Vec::new(),
        }
    }
}

fn along(percent: Percent) -> i64 {
    (percent.0.clamp(0, 10_000) * BAR_W + 5_000) / 10_000
}

pub fn chart_png(brief: &Brief) -> Vec<u8> {
    let mut canvas = Canvas::new();
    for (i, figure) in brief.budgets.iter().enumerate() {
        let y = 12 + i as i64 * 40;
        canvas.text(8, y + 6, &(i + 1).to_string(), INK);
        canvas.rect(BAR_X, y, BAR_W, 22, TRACK);
        canvas.rect(BAR_X, y, along(figure.disbursed_percent), 22, BLUE);
        canvas.rect(BAR_X + along(figure.target) - 1, y - 4, 3, 30, RED);
        canvas.text(
            BAR_X + BAR_W + 8,
            y + 6,
            &format!("{}%", figure.disbursed_percent),
            INK,
        );
    }
    canvas.rect(0, 140, i64::from(CHART_WIDTH), 1, TRACK);
    let widest = brief
        .behind
        .iter()
        .map(|u| u.gap.satang())
        .max()
        .unwrap_or(0)
        .max(1);
    for (i, unit) in brief.behind.iter().enumerate() {
        let y = 152 + i as i64 * 20;
        let w = (i128::from(unit.gap.satang()) * i128::from(BAR_W) / i128::from(widest)) as i64;
        canvas.text(8, y + 2, &(i + 1).to_string(), INK);
        canvas.rect(BAR_X, y, w.max(1), 14, ORANGE);
        canvas.text(
            BAR_X + BAR_W + 8,
            y + 2,
            &format!("{}%", unit.disbursed_percent),
            INK,
        );
    }
    canvas.png()
}
