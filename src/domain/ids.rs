//! Typed ids: a judge's id can never be passed where a cycle's id belongs.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered id (UUID v7), so that rows insert in index order.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )+};
}

typed_id!(
    /// A cycle: one year of an awards programme.
    CycleId,
    /// A category of a cycle.
    CategoryId,
    /// A question of a category's nomination form.
    QuestionId,
    /// A scoring criterion of a category.
    CriterionId,
    /// An organiser's or a judge's account.
    UserId,
    /// A browser session or API token.
    SessionId,
    /// An email in the outbox.
    OutboxId,
    /// An entry of the audit log.
    AuditId,
    /// A single-use private link.
    ActionTokenId,
    /// A nomination, from its first draft on.
    NominationId,
    /// A conflict of interest.
    ConflictId,
    /// An assignment of a nomination to a judge, with its review.
    AssignmentId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_distinct_and_ordered_by_creation() {
        let first = CycleId::new();
        let second = CycleId::new();
        assert_ne!(first, second);
        assert!(first < second, "v7 ids sort by creation time");
    }

    #[test]
    fn an_id_displays_as_its_uuid() {
        let uuid = Uuid::nil();
        assert_eq!(UserId::from(uuid).to_string(), uuid.to_string());
    }
}
