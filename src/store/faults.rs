//! Telling a database that is away (a restart, a fail-over, a full disk) from
//! a bug: the errors that mean "try again later", whichever layer saw them.

use diesel::r2d2::PoolError;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// Why the database cannot take a request just now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// No connection: the server is restarting, failing over or unreachable,
    /// or every connection stayed busy for the pool's whole timeout.
    Unreachable,
    /// The disk holding the database is full.
    StorageFull,
}

/// The database is away: raised by the writer thread when it has no working
/// connection, so that its callers can tell an outage from a bug.
#[derive(Debug, thiserror::Error)]
#[error("{why}")]
pub struct Unavailable {
    pub outage: Outage,
    pub why: String,
}

/// What SQLite says when a write needs a page the disk has no room for.
const SQLITE_FULL: &str = "database or disk is full";

/// The outage a diesel error reports, if it is one.
pub fn outage_of(error: &DieselError) -> Option<Outage> {
    match error {
        DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _,
        )
        | DieselError::BrokenTransactionManager => Some(Outage::Unreachable),
        DieselError::DatabaseError(_, info) if info.message().contains(SQLITE_FULL) => {
            Some(Outage::StorageFull)
        }
        DieselError::RollbackErrorOnCommit {
            commit_error,
            rollback_error,
        } => outage_of(commit_error).or_else(|| outage_of(rollback_error)),
        _ => None,
    }
}

/// The outage anywhere in an error's chain of causes, if there is one.
pub fn outage_in(error: &anyhow::Error) -> Option<Outage> {
    error.chain().find_map(|cause| {
        if let Some(unavailable) = cause.downcast_ref::<Unavailable>() {
            Some(unavailable.outage)
        } else if let Some(diesel) = cause.downcast_ref::<DieselError>() {
            outage_of(diesel)
        } else if cause.downcast_ref::<PoolError>().is_some() {
            Some(Outage::Unreachable)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    fn database_error(kind: DatabaseErrorKind, message: &str) -> DieselError {
        DieselError::DatabaseError(kind, Box::new(message.to_owned()))
    }

    #[test]
    fn a_lost_connection_is_an_outage() {
        for kind in [
            DatabaseErrorKind::ClosedConnection,
            DatabaseErrorKind::UnableToSendCommand,
        ] {
            let error = database_error(kind, "no connection to the server");
            assert_eq!(outage_of(&error), Some(Outage::Unreachable), "{kind:?}");
        }
        assert_eq!(
            outage_of(&DieselError::BrokenTransactionManager),
            Some(Outage::Unreachable)
        );
    }

    #[test]
    fn a_full_disk_is_an_outage() {
        let error = database_error(DatabaseErrorKind::Unknown, "database or disk is full");
        assert_eq!(outage_of(&error), Some(Outage::StorageFull));
    }

    #[test]
    fn a_constraint_or_a_missing_row_is_not_an_outage() {
        let unique = database_error(DatabaseErrorKind::UniqueViolation, "duplicate key");
        assert_eq!(outage_of(&unique), None);
        assert_eq!(outage_of(&DieselError::NotFound), None);
        assert_eq!(outage_in(&anyhow::anyhow!("a bug")), None);
    }

    #[test]
    fn an_outage_is_found_under_context() {
        let error = Err::<(), _>(DieselError::BrokenTransactionManager)
            .context("cannot claim due emails")
            .unwrap_err();
        assert_eq!(outage_in(&error), Some(Outage::Unreachable));
        let refused = anyhow::Error::new(Unavailable {
            outage: Outage::StorageFull,
            why: "the write could not be committed".into(),
        })
        .context("cannot save the nomination");
        assert_eq!(outage_in(&refused), Some(Outage::StorageFull));
    }
}
