//! Writing to the audit log, inside the caller's transaction.

use chrono::{DateTime, Utc};

use crate::domain::ids::{AuditId, UserId};
use crate::store::audit::{self, AuditRow};
use crate::store::{DbConnection, to_db_time};

/// Who did something: an account, or the system itself (the command line, the worker).
#[derive(Debug, Clone)]
pub enum Actor {
    User { id: UserId, label: String },
    System(&'static str),
    Anonymous,
}

pub struct Entry<'a> {
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: String,
    pub detail: String,
}

pub fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    entry: Entry<'_>,
    ip: &str,
    now: DateTime<Utc>,
) -> diesel::QueryResult<()> {
    let (actor_id, actor_label) = match actor {
        Actor::User { id, label } => (Some(id.to_string()), label.clone()),
        Actor::System(name) => (None, (*name).to_owned()),
        Actor::Anonymous => (None, "anonymous".to_owned()),
    };
    audit::insert(
        conn,
        &AuditRow {
            id: AuditId::new().to_string(),
            at: to_db_time(now),
            actor_id,
            actor_label,
            action: entry.action.to_owned(),
            subject_type: entry.subject_type.to_owned(),
            subject_id: entry.subject_id,
            detail: entry.detail,
            ip: ip.to_owned(),
        },
    )
}
