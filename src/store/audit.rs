//! The audit log: who did what, and when.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::audit_log;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    pub detail: String,
    pub ip: String,
}

pub fn insert(conn: &mut DbConnection, row: &AuditRow) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// The latest entries, newest first.
pub fn latest(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .order(audit_log::at.desc())
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)
}

/// How many entries with `action` name `subject_id` since `since`.
pub fn count_for_subject(
    conn: &mut DbConnection,
    action: &str,
    subject_id: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::subject_id.eq(subject_id))
        .filter(audit_log::at.ge(since))
        .count()
        .get_result(conn)
}

/// How many entries with `action` came from `ip` since `since`.
pub fn count_for_ip(
    conn: &mut DbConnection,
    action: &str,
    ip: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::ip.eq(ip))
        .filter(audit_log::at.ge(since))
        .count()
        .get_result(conn)
}

/// How many entries with `action` about `subject_id` came from `ip` since `since`.
pub fn count_for_subject_and_ip(
    conn: &mut DbConnection,
    action: &str,
    subject_id: &str,
    ip: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::subject_id.eq(subject_id))
        .filter(audit_log::ip.eq(ip))
        .filter(audit_log::at.ge(since))
        .count()
        .get_result(conn)
}

/// What the audit page filters by; empty parts do not filter.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Entries whose action starts with this, e.g. `login`.
    pub action_prefix: String,
    /// Entries whose actor label contains this.
    pub actor: String,
    pub since: Option<NaiveDateTime>,
}

/// The newest entries matching `filter`, at most `limit`.
pub fn search(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    let mut query = audit_log::table.select(AuditRow::as_select()).into_boxed();
    if !filter.action_prefix.is_empty() {
        query = query.filter(
            audit_log::action
                .like(format!("{}%", escape_like(&filter.action_prefix)))
                .escape('\\'),
        );
    }
    if !filter.actor.is_empty() {
        query = query.filter(
            audit_log::actor_label
                .like(format!("%{}%", escape_like(&filter.actor)))
                .escape('\\'),
        );
    }
    if let Some(since) = filter.since {
        query = query.filter(audit_log::at.ge(since));
    }
    query.order(audit_log::at.desc()).limit(limit).load(conn)
}

/// Makes `%`, `_` and `\` match themselves in a LIKE pattern.
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Every entry about one subject, oldest first.
pub fn for_subject(
    conn: &mut DbConnection,
    subject_type: &str,
    subject_id: &str,
) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::subject_type.eq(subject_type))
        .filter(audit_log::subject_id.eq(subject_id))
        .order(audit_log::at.asc())
        .select(AuditRow::as_select())
        .load(conn)
}
