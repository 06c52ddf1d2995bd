//! `Baht`: a procurement estimate, parse-only (zero2prod's "parse, don't validate"). Kept in
//! satang so that 500,000.50 is above the 500,000 line without floating-point doubt.
use super::TimelineError;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Baht {
    satang: u64,
}

impl Baht {
    /// A whole-baht amount; zero is refused because no procurement has a zero estimate.
    pub fn whole(baht: u64) -> Result<Self, TimelineError> {
        let satang = baht
            .checked_mul(100)
            .ok_or_else(|| TimelineError::BadAmount {
                text: baht.to_string(),
            })?;
        Self::from_satang(satang)
    }

    pub fn from_satang(satang: u64) -> Result<Self, TimelineError> {
        if satang == 0 {
            return Err(TimelineError::AmountNotPositive);
        }
        Ok(Baht { satang })
    }

    pub fn satang(self) -> u64 {
        self.satang
    }

    /// `2500000`, `2,500,000`, `2,500,000.50`; a leading minus or zero is "not positive".
    pub fn parse(text: &str) -> Result<Self, TimelineError> {
        let bad = || TimelineError::BadAmount {
            text: text.to_string(),
        };
        let trimmed = text.trim();
        if trimmed.starts_with('-') {
            return Err(TimelineError::AmountNotPositive);
        }
        let (whole, fraction) = match trimmed.split_once('.') {
            Some((w, f)) => (w, f),
            None => (trimmed, ""),
        };
        let digits: String = whole.chars().filter(|c| *c != ',').collect();
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if digits.is_empty() || !all_digits(&digits) || fraction.len() > 2 || !all_digits(fraction)
        {
            return Err(bad());
        }
        let baht: u64 = digits.parse().map_err(|_| bad())?;
        let satang_part: u64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<u64>().map_err(|_| bad())? * 10,
            _ => fraction.parse().map_err(|_| bad())?,
        };
        let satang = baht
            .checked_mul(100)
            .and_then(|s| s.checked_add(satang_part))
            .ok_or_else(bad)?;
        Self::from_satang(satang)
    }

    /// Strictly above a whole-baht line (tiers say "over 500,000").
    pub fn above(self, baht: u64) -> bool {
        u128::from(self.satang) > u128::from(baht) * 100
    }
}

impl fmt::Display for Baht {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = (self.satang / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        match self.satang % 100 {
            0 => write!(f, "{grouped}"),
            s => write!(f, "{grouped}.{s:02}"),
        }
    }
}

/// JSON shows a plain number of baht: an integer when whole, else with satang.
impl serde::Serialize for Baht {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.satang.is_multiple_of(100) {
            serializer.serialize_u64(self.satang / 100)
        } else {
            // Exact for any realistic estimate: f64 holds integers up to 2^53 satang.
            serializer.serialize_f64(self.satang as f64 / 100.0)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_commas_parse_to_the_same_amount() {
        assert_eq!(
            Baht::parse("2,500,000").unwrap(),
            Baht::parse("2500000").unwrap()
        );
        assert_eq!(Baht::parse("2500000.5").unwrap().satang(), 250_000_050);
    }

    #[test]
    fn zero_and_negative_amounts_are_not_positive() {
        assert!(matches!(
            Baht::parse("0"),
            Err(TimelineError::AmountNotPositive)
        ));
        assert!(matches!(
            Baht::parse("-5"),
            Err(TimelineError::AmountNotPositive)
        ));
        assert!(matches!(
            Baht::parse("2.5 ล้าน"),
            Err(TimelineError::BadAmount { .. })
        ));
    }

    #[test]
    fn half_a_baht_over_the_line_is_above_it() {
        assert!(Baht::parse("500,000.50").unwrap().above(500_000));
        assert!(!Baht::parse("500,000").unwrap().above(500_000));
    }

    #[test]
    fn display_groups_thousands() {
        assert_eq!(Baht::whole(2_500_000).unwrap().to_string(), "2,500,000");
        assert_eq!(Baht::parse("1000.05").unwrap().to_string(), "1,000.05");
    }
}
