//! `AgencyCode`: the stable key of an expert agency (`treasury`, `public_works`, …).
use serde::{Deserialize, Serialize};
use std::fmt;

/// Parse, don't validate: once you hold an `AgencyCode` it is lower-case ASCII, digits and `_`,
/// 2–32 characters, starting with a letter — safe in SQL, file names and callback data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgencyCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("รหัสหน่วยงานไม่ถูกต้อง / invalid agency code: {0:?}")]
pub struct AgencyCodeError(pub String);

impl AgencyCode {
    pub fn parse(text: &str) -> Result<Self, AgencyCodeError> {
        let ok_len = (2..=32).contains(&text.len());
        let starts_with_letter = text.starts_with(|c: char| c.is_ascii_lowercase());
        let ok_chars = text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok_len && starts_with_letter && ok_chars {
            Ok(Self(text.to_owned()))
        } else {
            Err(AgencyCodeError(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AgencyCode {
    type Error = AgencyCodeError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<AgencyCode> for String {
    fn from(code: AgencyCode) -> Self {
        code.0
    }
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_codes_of_agencies_toml() {
        for code in ["treasury", "public_works", "highways", "forestry"] {
            assert_eq!(
                AgencyCode::parse(code).map(|c| c.to_string()),
                Ok(code.into())
            );
        }
    }

    #[test]
    fn refuses_sql_and_spaces() {
        for bad in ["", "x", "Treasury", "a b", "x';--", "_x", "9lives"] {
            assert!(AgencyCode::parse(bad).is_err(), "{bad}");
        }
    }
}
