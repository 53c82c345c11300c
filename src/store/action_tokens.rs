//! Single-use private links: judge invitations and password resets.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::action_tokens;

pub const INVITATION: &str = "invitation";
pub const PASSWORD_RESET: &str = "password_reset";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = action_tokens)]
pub struct ActionTokenRow {
    pub id: String,
    pub token_hash: String,
    pub purpose: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &ActionTokenRow) -> QueryResult<()> {
    diesel::insert_into(action_tokens::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Removes the unused links of one purpose for an account, so a new link replaces them.
pub fn delete_unused(conn: &mut DbConnection, user_id: &str, purpose: &str) -> QueryResult<usize> {
    diesel::delete(
        action_tokens::table
            .filter(action_tokens::user_id.eq(user_id))
            .filter(action_tokens::purpose.eq(purpose))
            .filter(action_tokens::used_at.is_null()),
    )
    .execute(conn)
}

/// The unused, unexpired link with this hash and purpose.
pub fn find_usable(
    conn: &mut DbConnection,
    token_hash: &str,
    purpose: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<ActionTokenRow>> {
    action_tokens::table
        .filter(action_tokens::token_hash.eq(token_hash))
        .filter(action_tokens::purpose.eq(purpose))
        .filter(action_tokens::used_at.is_null())
        .filter(action_tokens::expires_at.gt(now))
        .select(ActionTokenRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a link used; returns 0 when it was already used (a race lost).
pub fn mark_used(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        action_tokens::table
            .find(id)
            .filter(action_tokens::used_at.is_null()),
    )
    .set(action_tokens::used_at.eq(now))
    .execute(conn)
}
