//! Fast inserts for demonstration data, many rows per statement.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::assignments::AssignmentRow;
use super::schema::{assignments, cycles, judge_panels, nominations};
use super::users::UserRow;

/// A demonstration nomination, already submitted.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = nominations)]
pub struct DemoNomination {
    pub id: String,
    pub cycle_id: String,
    pub category_id: String,
    pub status: String,
    pub reference: Option<String>,
    pub number: Option<i32>,
    pub entry_method: String,
    pub token_hash: String,
    pub nominator_name: String,
    pub nominator_email: String,
    pub nominator_job_title: String,
    pub nominator_organisation: String,
    pub nominee_name: String,
    pub nominee_email: String,
    pub nominee_organisation: String,
    pub nominee_locality: String,
    pub certificate_name: String,
    pub answers: String,
    pub nominator_confirms: bool,
    pub search_text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
}

pub fn insert_nominations(conn: &mut DbConnection, rows: &[DemoNomination]) -> QueryResult<usize> {
    rows.chunks(super::batch::ROWS)
        .map(|chunk| super::insert_batch!(conn, nominations::table, chunk))
        .sum()
}

pub fn insert_assignments(conn: &mut DbConnection, rows: &[AssignmentRow]) -> QueryResult<usize> {
    rows.chunks(super::batch::ROWS)
        .map(|chunk| super::insert_batch!(conn, assignments::table, chunk))
        .sum()
}

pub fn insert_users(conn: &mut DbConnection, rows: &[UserRow]) -> QueryResult<usize> {
    rows.chunks(super::batch::ROWS)
        .map(|chunk| super::insert_batch!(conn, super::schema::users::table, chunk))
        .sum()
}

/// A judge's place on a category's panel.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = judge_panels)]
pub struct PanelRow {
    pub user_id: String,
    pub category_id: String,
}

pub fn insert_panels(conn: &mut DbConnection, rows: &[PanelRow]) -> QueryResult<usize> {
    rows.chunks(super::batch::ROWS)
        .map(|chunk| super::insert_batch!(conn, judge_panels::table, chunk))
        .sum()
}

/// The cycle's last reference number, so new ones follow it.
pub fn last_reference_number(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<i32> {
    cycles::table
        .find(cycle_id)
        .select(cycles::last_reference_number)
        .first(conn)
}

pub fn set_last_reference_number(
    conn: &mut DbConnection,
    cycle_id: &str,
    number: i32,
) -> QueryResult<usize> {
    diesel::update(cycles::table.find(cycle_id))
        .set(cycles::last_reference_number.eq(number))
        .execute(conn)
}
