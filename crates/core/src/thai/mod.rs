//! Thai text toolkit: normalising, word segmentation, money and date parsing.
//!
//! Pure functions over strings; knows nothing of the knowledge base, chat or SQL.

mod date;
mod money;
mod normalize;
mod segment;

pub use date::{
    DateSpan, ThaiDate, find_date, find_date_span, find_month, format_thai_date,
    format_thai_date_short, month_name_th, parse_date, weekday_th,
};
pub use money::{Baht, UnitTotal, find_money, find_money_span, find_unit_total, parse_money};
pub use normalize::{normalize, thai_digits_to_ascii};
pub use segment::{Segmenter, SegmenterError};
