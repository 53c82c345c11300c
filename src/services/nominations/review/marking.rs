//! Organisers changing a nomination's status: ineligible (with a reason), a
//! duplicate of another (by reference), or back to submitted.

use chrono::{DateTime, Utc};

use super::super::public::{record, status_of};
use super::super::stored_time;
use crate::domain::ids::NominationId;
use crate::domain::lifecycle::NominationStatus;
use crate::domain::reference::{format_reference, parse_reference};
use crate::error::{AppError, FieldError};
use crate::services::authz::{Principal, require_organiser};
use crate::store::nominations::{self, NominationRow};
use crate::store::{Db, DbConnection, to_db_time, write_transaction};

/// The longest reason for ineligibility, in characters.
const MAX_REASON_CHARS: usize = 2_000;

/// What an organiser decided.
enum Mark {
    Ineligible { reason: String },
    Duplicate { of_reference: String },
    Restore,
}

/// Marks a nomination ineligible, saying why.
pub async fn mark_ineligible(
    db: &Db,
    principal: &Principal,
    id: NominationId,
    reason: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // Lines and tabs are kept; other control characters (NUL among them) are not.
    let reason: String = reason
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let reason = reason.trim().to_owned();
    if reason.is_empty() {
        return Err(field_error(
            "reason",
            "Enter why the nomination is ineligible",
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(field_error(
            "reason",
            format!("The reason must be {MAX_REASON_CHARS} characters or fewer"),
        ));
    }
    mark(db, principal, id, Mark::Ineligible { reason }, ip, now).await
}

/// Marks a nomination as a repeat of the one with reference `of_reference`.
pub async fn mark_duplicate(
    db: &Db,
    principal: &Principal,
    id: NominationId,
    of_reference: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some((prefix, number)) = parse_reference(of_reference) else {
        return Err(field_error(
            "duplicate_of",
            "Enter the reference of the nomination this one repeats, like SMA16-0042",
        ));
    };
    let of_reference = format_reference(&prefix, number);
    mark(db, principal, id, Mark::Duplicate { of_reference }, ip, now).await
}

/// Puts an ineligible or duplicate nomination back to submitted.
pub async fn restore(
    db: &Db,
    principal: &Principal,
    id: NominationId,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    mark(db, principal, id, Mark::Restore, ip, now).await
}

fn field_error(field: &str, message: impl Into<String>) -> AppError {
    AppError::validation(vec![FieldError::new(field, message)])
}

async fn mark(
    db: &Db,
    principal: &Principal,
    id: NominationId,
    decision: Mark,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require_organiser(principal)?;
    let now = stored_time(now);
    let (principal, ip) = (principal.clone(), ip.to_owned());
    db.run(move |conn| {
        Ok(write_transaction(conn, |conn| {
            let row = nominations::find(conn, &id.to_string())?
                .filter(|row| row.status != NominationStatus::Draft.as_str())
                .ok_or_else(|| AppError::not_found("nomination"))?;
            let status = status_of(&row)?;
            if !status.organiser_can_review() {
                return Err(AppError::Conflict(format!(
                    "This nomination is {} and cannot be marked",
                    status.label().to_lowercase()
                )));
            }
            let (status, reason, original, action, detail) = match decision {
                Mark::Ineligible { reason } => (
                    NominationStatus::Ineligible,
                    reason.clone(),
                    None,
                    "nomination.marked_ineligible",
                    reason,
                ),
                Mark::Duplicate { of_reference } => {
                    let original = original_of(conn, &row, &of_reference)?;
                    (
                        NominationStatus::Duplicate,
                        String::new(),
                        Some(original),
                        "nomination.marked_duplicate",
                        format!("of {of_reference}"),
                    )
                }
                Mark::Restore => (
                    NominationStatus::Submitted,
                    String::new(),
                    None,
                    "nomination.restored",
                    String::new(),
                ),
            };
            nominations::set_status(
                conn,
                &row.id,
                status.as_str(),
                &reason,
                original.as_deref(),
                to_db_time(now),
            )?;
            record(conn, &principal.actor(), action, &row, &detail, &ip, now)
        }))
    })
    .await?
}

/// The id of the sent nomination with `reference` in `row`'s cycle.
fn original_of(
    conn: &mut DbConnection,
    row: &NominationRow,
    reference: &str,
) -> Result<String, AppError> {
    let original =
        nominations::find_by_reference(conn, &row.cycle_id, reference)?.ok_or_else(|| {
            field_error(
                "duplicate_of",
                format!("There is no nomination {reference} in this cycle"),
            )
        })?;
    if original.id == row.id {
        return Err(field_error(
            "duplicate_of",
            "A nomination cannot be a duplicate of itself: enter the other nomination's reference",
        ));
    }
    Ok(original.id)
}
