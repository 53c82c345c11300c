//! The outbox for organisers: what was sent, what waits and what failed,
//! and sending failed messages again.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, FieldError};
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::store::broadcasts as store;
use crate::store::outbox::{FAILED, PENDING, SENDING, SENT};
use crate::store::{Db, from_db_time, to_db_time, write_transaction};

/// The most rows one listing answers.
const LIMIT: i64 = 1_000;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutboxView {
    pub id: String,
    pub to: String,
    pub subject: String,
    /// pending, sending, sent or failed.
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// Outbox messages, newest first, by status and broadcast (organisers).
pub async fn list(
    db: &Db,
    principal: &Principal,
    status: Option<String>,
    broadcast: Option<String>,
) -> Result<Vec<OutboxView>, AppError> {
    require_organiser(principal)?;
    let status = status.filter(|s| !s.is_empty());
    if let Some(status) = &status
        && ![PENDING, SENDING, SENT, FAILED].contains(&status.as_str())
    {
        return Err(AppError::validation(vec![FieldError::new(
            "status",
            "Choose pending, sending, sent or failed",
        )]));
    }
    Ok(db
        .run(move |conn| {
            let rows = store::outbox_rows(conn, status.as_deref(), broadcast.as_deref(), LIMIT)?;
            Ok(rows
                .into_iter()
                .map(|row| OutboxView {
                    id: row.id,
                    to: row.to_address,
                    subject: row.subject,
                    status: row.status,
                    attempts: row.attempts,
                    last_error: row.last_error,
                    created_at: from_db_time(row.created_at),
                    sent_at: row.sent_at.map(from_db_time),
                })
                .collect())
        })
        .await?)
}

/// Makes failed messages (of one broadcast, or all) due again (organisers; audit-logged).
pub async fn retry_failed(
    db: &Db,
    principal: &Principal,
    broadcast: Option<String>,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    require_organiser(principal)?;
    let principal = principal.clone();
    let ip = ip.to_owned();
    Ok(db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let retried = store::retry_failed(conn, broadcast.as_deref(), to_db_time(now))?;
                audit::record(
                    conn,
                    &principal.actor(),
                    Entry {
                        action: "outbox.retried",
                        subject_type: "broadcast",
                        subject_id: broadcast.clone().unwrap_or_default(),
                        detail: format!("{retried} failed messages"),
                    },
                    &ip,
                    now,
                )?;
                Ok::<_, anyhow::Error>(retried)
            })
        })
        .await?)
}
