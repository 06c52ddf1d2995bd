//! Who is acting: a user, their role, and (for experts) their agency.
use super::AgencyCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A user id. For Telegram users it is their Telegram user id; `clinic chat` uses local ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Officer,
    Expert,
    Coordinator,
    Admin,
    /// The SLA clock and other workers. Never a stored user (not in `ALL`, refused by the
    /// `users.role` check): it acts as `UserId(0)` and `decide` lets it issue only SLA commands
    /// (`sla_remind`, `sla_breach`, `release`), so the case log says who did what.
    System,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Officer, Role::Expert, Role::Coordinator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Expert => "expert",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
            Role::System => "system",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Coordinators and admins supervise every agency.
    pub fn supervises(self) -> bool {
        matches!(self, Role::Coordinator | Role::Admin)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user: UserId,
    pub role: Role,
    /// The agency of an expert; `None` for the other roles.
    pub agency: Option<AgencyCode>,
}

impl Actor {
    pub fn officer(user: UserId) -> Self {
        Self {
            user,
            role: Role::Officer,
            agency: None,
        }
    }
    pub fn expert(user: UserId, agency: AgencyCode) -> Self {
        Self {
            user,
            role: Role::Expert,
            agency: Some(agency),
        }
    }
    pub fn coordinator(user: UserId) -> Self {
        Self {
            user,
            role: Role::Coordinator,
            agency: None,
        }
    }
    /// The SLA clock's identity in case logs.
    pub fn system() -> Self {
        Self {
            user: UserId(0),
            role: Role::System,
            agency: None,
        }
    }
    pub fn admin(user: UserId) -> Self {
        Self {
            user,
            role: Role::Admin,
            agency: None,
        }
    }
}

/// `CLINIC_ADMINS`: Telegram user ids, comma-separated (spaces allowed, empty parts ignored).
pub fn parse_admin_ids(text: &str) -> Result<Vec<UserId>, std::num::ParseIntError> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().map(UserId))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_come_from_a_comma_separated_list() {
        assert_eq!(
            parse_admin_ids(" 12, 34,,"),
            Ok(vec![UserId(12), UserId(34)])
        );
        assert!(parse_admin_ids("12,abc").is_err());
    }
}
