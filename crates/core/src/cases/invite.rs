//! One-time, expiring invite codes: how an expert joins an agency.
use super::{AgencyCode, Refusal, UserId};
use chrono::{DateTime, Utc};
use rand::RngExt;

/// Crockford-style base32 without look-alikes (no I, L, O, U), so codes survive being read aloud.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const CODE_LEN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub code: String,
    pub agency: AgencyCode,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_by: Option<UserId>,
    pub used_at: Option<DateTime<Utc>>,
}

impl Invite {
    /// Used first: a used code stays "used" after it would have expired.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        if self.used_by.is_some() {
            Err(Refusal::InviteUsed)
        } else if now >= self.expires_at {
            Err(Refusal::InviteExpired)
        } else {
            Ok(())
        }
    }
}

/// Coordinators and admins issue invites.
pub fn may_issue(issuer: &super::Actor) -> Result<(), Refusal> {
    match issuer.role.supervises() {
        true => Ok(()),
        false => Err(Refusal::NotForRole {
            role: issuer.role,
            command: "invite",
        }),
    }
}

/// Staff keep their broader role; an officer (or an expert changing agency) may join.
pub fn may_join(joiner: Option<&super::Actor>) -> Result<(), Refusal> {
    match joiner.map(|a| a.role.supervises()) {
        Some(true) => Err(Refusal::AlreadyStaff),
        _ => Ok(()),
    }
}

/// 8 characters × 5 bits = 40 bits from the OS-seeded thread RNG.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// Users type codes by hand: accept lower case and spaces.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_eight_base32_characters_and_differ() {
        let a = new_code();
        assert_eq!(a.len(), CODE_LEN);
        assert!(a.bytes().all(|b| ALPHABET.contains(&b)));
        assert_ne!(a, new_code());
        assert_eq!(normalise_code(" ab12-cd34 "), "AB12CD34");
    }
}
