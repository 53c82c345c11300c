//! Accounts: organisers and judges, and the categories of a judge's panel.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{judge_panels, users};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub password_hash: Option<String>,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &UserRow) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// The account with this (lower-cased) email.
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn set_panel(
    conn: &mut DbConnection,
    user_id: &str,
    category_ids: &[String],
) -> QueryResult<()> {
    diesel::delete(judge_panels::table.filter(judge_panels::user_id.eq(user_id))).execute(conn)?;
    for category_id in category_ids {
        diesel::insert_into(judge_panels::table)
            .values((
                judge_panels::user_id.eq(user_id),
                judge_panels::category_id.eq(category_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Every account of a role, by name.
pub fn list_by_role(conn: &mut DbConnection, role: &str) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(users::role.eq(role))
        .order((users::name, users::email))
        .select(UserRow::as_select())
        .load(conn)
}

/// The panel categories of the given accounts, as (user id, category id).
pub fn panels_of(
    conn: &mut DbConnection,
    user_ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    judge_panels::table
        .filter(judge_panels::user_id.eq_any(user_ids))
        .select((judge_panels::user_id, judge_panels::category_id))
        .load(conn)
}

pub fn set_password(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(Some(hash)),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_active(
    conn: &mut DbConnection,
    id: &str,
    active: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::active.eq(active), users::updated_at.eq(now)))
        .execute(conn)
}

pub fn update_profile(
    conn: &mut DbConnection,
    id: &str,
    name: &str,
    organisation: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::name.eq(name),
            users::organisation.eq(organisation),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}
