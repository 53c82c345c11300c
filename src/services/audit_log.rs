//! Reading the audit log, for organisers.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::error::AppError;
use crate::services::authz::{Principal, require_organiser};
use crate::store::Db;
use crate::store::audit::{self, AuditFilter};
use crate::store::from_db_time;

/// The most entries one page shows.
pub const PAGE_SIZE: i64 = 200;

#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub action_prefix: String,
    pub actor: String,
    pub since: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntryView {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub ip: String,
}

pub async fn search(
    db: &Db,
    principal: &Principal,
    query: AuditQuery,
) -> Result<Vec<AuditEntryView>, AppError> {
    require_organiser(principal)?;
    let filter = AuditFilter {
        action_prefix: query.action_prefix.trim().to_owned(),
        actor: query.actor.trim().to_owned(),
        since: query.since.and_then(|date| date.and_hms_opt(0, 0, 0)),
    };
    Ok(db
        .run(move |conn| {
            Ok(audit::search(conn, &filter, PAGE_SIZE)?
                .into_iter()
                .map(|row| AuditEntryView {
                    at: from_db_time(row.at),
                    actor: row.actor_label,
                    action: row.action,
                    subject: if row.subject_type.is_empty() {
                        row.subject_id
                    } else {
                        format!("{} {}", row.subject_type, row.subject_id)
                    },
                    detail: row.detail,
                    ip: row.ip,
                })
                .collect())
        })
        .await?)
}
