//! `CaseRef`: the public reference of a case, `KK-2569-000123`.
use serde::{Deserialize, Serialize};
use std::fmt;

/// Province prefix (2–3 upper-case Latin letters), Buddhist-era year of the opening date in
/// Asia/Bangkok, and a 6-digit sequence that has no gaps within a year.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseRef {
    province: String,
    year_be: i32,
    seq: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("เลขที่เรื่องไม่ถูกต้อง / invalid case reference: {0:?} (e.g. KK-2569-000123)")]
pub struct CaseRefError(pub String);

/// Years a reference may carry: from the centre's first year to far enough ahead.
const BE_YEARS: std::ops::RangeInclusive<i32> = 2500..=2999;
const MAX_SEQ: u32 = 999_999;

impl CaseRef {
    pub fn parse(text: &str) -> Result<Self, CaseRefError> {
        let bad = || CaseRefError(text.to_owned());
        let mut parts = text.trim().split('-');
        let (Some(province), Some(year), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if year.len() != 4 || seq.len() != 6 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year_be = year.parse().map_err(|_| bad())?;
        let seq = seq.parse().map_err(|_| bad())?;
        Self::from_parts(&province.to_ascii_uppercase(), year_be, seq).map_err(|_| bad())
    }

    /// The store builds a reference from the counter it has just advanced.
    pub fn from_parts(province: &str, year_be: i32, seq: u32) -> Result<Self, CaseRefError> {
        let province_ok =
            (2..=3).contains(&province.len()) && province.bytes().all(|b| b.is_ascii_uppercase());
        if province_ok && BE_YEARS.contains(&year_be) && (1..=MAX_SEQ).contains(&seq) {
            Ok(Self {
                province: province.to_owned(),
                year_be,
                seq,
            })
        } else {
            Err(CaseRefError(format!("{province}-{year_be}-{seq}")))
        }
    }

    pub fn province(&self) -> &str {
        &self.province
    }
    pub fn year_be(&self) -> i32 {
        self.year_be
    }
    pub fn seq(&self) -> u32 {
        self.seq
    }
}

impl TryFrom<String> for CaseRef {
    type Error = CaseRefError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<CaseRef> for String {
    fn from(case_ref: CaseRef) -> Self {
        case_ref.to_string()
    }
}

impl fmt::Display for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:06}", self.province, self.year_be, self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_public_form() {
        let r = CaseRef::parse("KK-2569-000123").expect("valid");
        assert_eq!((r.province(), r.year_be(), r.seq()), ("KK", 2569, 123));
        assert_eq!(r.to_string(), "KK-2569-000123");
        assert_eq!(CaseRef::parse("kk-2569-000123"), Ok(r));
    }

    #[test]
    fn refuses_malformed_references() {
        for bad in [
            "",
            "KK-2569-123",
            "KK-69-000123",
            "K-2569-000001",
            "KK-2569-000000",
            "KK-2569-00012a",
            "KK-2569-000123-1",
            "ขก-2569-000123",
            "KK-1999-000001",
        ] {
            assert!(CaseRef::parse(bad).is_err(), "{bad}");
        }
    }
}
