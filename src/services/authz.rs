//! Who is asking, and the rules of who may do what: one function per rule,
//! called by every use case before it acts.

use crate::domain::ids::{SessionId, UserId};
use crate::domain::role::Role;
use crate::error::AppError;

/// A signed-in account, from a browser session or an API token.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: UserId,
    pub role: Role,
    pub name: String,
    pub email: String,
    pub session_id: SessionId,
}

impl Principal {
    /// How the audit log names this account.
    pub fn label(&self) -> String {
        format!("{} <{}>", self.name, self.email)
    }

    pub fn actor(&self) -> crate::services::audit::Actor {
        crate::services::audit::Actor::User {
            id: self.user_id,
            label: self.label(),
        }
    }
}

/// Only organisers run the programme: set up cycles, invite judges, see everything.
pub fn require_organiser(principal: &Principal) -> Result<(), AppError> {
    match principal.role {
        Role::Organiser => Ok(()),
        Role::Judge => Err(AppError::Forbidden("Only organisers can do this".into())),
    }
}

/// Judging pages are for judges.
pub fn require_judge(principal: &Principal) -> Result<(), AppError> {
    match principal.role {
        Role::Judge => Ok(()),
        Role::Organiser => Err(AppError::Forbidden("Only judges can do this".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role) -> Principal {
        Principal {
            user_id: UserId::new(),
            role,
            name: "Ann".into(),
            email: "ann@example.org".into(),
            session_id: SessionId::new(),
        }
    }

    #[test]
    fn each_rule_admits_its_role_only() {
        assert!(require_organiser(&principal(Role::Organiser)).is_ok());
        assert!(matches!(
            require_organiser(&principal(Role::Judge)),
            Err(AppError::Forbidden(_))
        ));
        assert!(require_judge(&principal(Role::Judge)).is_ok());
        assert!(matches!(
            require_judge(&principal(Role::Organiser)),
            Err(AppError::Forbidden(_))
        ));
    }
}
