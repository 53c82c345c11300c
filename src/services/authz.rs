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

/// How much of a nomination a reader may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NominationAccess {
    /// Everything, the nominator's details and the history included.
    Full,
    /// What a judge needs to score it; without the nominator when `blind`.
    Judging { blind: bool },
}

/// What the assignments say about a judge and one nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JudgeStanding {
    pub assigned: bool,
    pub conflicted: bool,
}

/// Who may read one nomination with its answers: organisers every one; a
/// judge only one assigned to them without a conflict of interest (and then
/// without the nominator's details when the cycle judges blind).
pub fn require_nomination_reader(
    principal: &Principal,
    standing: JudgeStanding,
    blind: bool,
) -> Result<NominationAccess, AppError> {
    match principal.role {
        Role::Organiser => Ok(NominationAccess::Full),
        Role::Judge if standing.assigned && !standing.conflicted => {
            Ok(NominationAccess::Judging { blind })
        }
        Role::Judge => Err(AppError::Forbidden(
            "Only organisers, and the judges assigned to it, can read a nomination".into(),
        )),
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

    #[test]
    fn organisers_read_every_nomination_and_judges_only_their_own_unconflicted_ones() {
        let none = JudgeStanding::default();
        let assigned = JudgeStanding {
            assigned: true,
            conflicted: false,
        };
        let conflicted = JudgeStanding {
            assigned: true,
            conflicted: true,
        };
        assert_eq!(
            require_nomination_reader(&principal(Role::Organiser), none, true).ok(),
            Some(NominationAccess::Full)
        );
        assert_eq!(
            require_nomination_reader(&principal(Role::Judge), assigned, true).ok(),
            Some(NominationAccess::Judging { blind: true })
        );
        for (standing, case) in [
            (none, "not assigned"),
            (conflicted, "assigned but conflicted"),
        ] {
            assert!(
                matches!(
                    require_nomination_reader(&principal(Role::Judge), standing, false),
                    Err(AppError::Forbidden(_))
                ),
                "{case}"
            );
        }
    }
}
