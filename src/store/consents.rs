//! The nominee's consent to each nomination: one row per sent nomination.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::nominee_consents;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = nominee_consents)]
pub struct ConsentRow {
    pub nomination_id: String,
    pub status: String,
    pub token_hash: Option<String>,
    pub method: String,
    pub recorded_by: Option<String>,
    pub requested_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

/// Writes the consent of a nomination, replacing what was there.
/// Adds the consent of a nomination that has none.
pub fn insert(conn: &mut DbConnection, row: &ConsentRow) -> QueryResult<()> {
    diesel::insert_into(nominee_consents::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Removes a nomination's consent, so that it can be asked afresh.
pub fn remove(conn: &mut DbConnection, nomination_id: &str) -> QueryResult<()> {
    diesel::delete(nominee_consents::table.find(nomination_id))
        .execute(conn)
        .map(drop)
}

pub fn find(conn: &mut DbConnection, nomination_id: &str) -> QueryResult<Option<ConsentRow>> {
    nominee_consents::table
        .find(nomination_id)
        .select(ConsentRow::as_select())
        .first(conn)
        .optional()
}

/// The consent whose nominee link has this hash.
pub fn find_by_token_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<ConsentRow>> {
    nominee_consents::table
        .filter(nominee_consents::token_hash.eq(token_hash))
        .select(ConsentRow::as_select())
        .first(conn)
        .optional()
}

/// The consents of these nominations.
pub fn of(conn: &mut DbConnection, nomination_ids: &[String]) -> QueryResult<Vec<ConsentRow>> {
    nominee_consents::table
        .filter(nominee_consents::nomination_id.eq_any(nomination_ids))
        .select(ConsentRow::as_select())
        .load(conn)
}

/// Records a decision: the status, how it was given and by whom.
pub fn decide(
    conn: &mut DbConnection,
    nomination_id: &str,
    status: &str,
    method: &str,
    recorded_by: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(nominee_consents::table.find(nomination_id))
        .set((
            nominee_consents::status.eq(status),
            nominee_consents::method.eq(method),
            nominee_consents::recorded_by.eq(recorded_by),
            nominee_consents::decided_at.eq(now),
            nominee_consents::updated_at.eq(now),
        ))
        .execute(conn)
}
