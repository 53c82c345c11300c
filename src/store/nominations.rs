//! Nominations: drafts and submitted ones, their references, and the
//! organisers' filtered lists.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{cycles, nominations, nominee_consents};
use crate::store::audit::escape_like;

/// The backend type the boxed queries below are built for.
type Backend = <DbConnection as diesel::Connection>::Backend;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = nominations)]
pub struct NominationRow {
    pub id: String,
    pub cycle_id: String,
    pub category_id: String,
    pub status: String,
    pub reference: Option<String>,
    pub number: Option<i32>,
    pub entry_method: String,
    pub entered_by: Option<String>,
    pub token_hash: String,
    pub idempotency_key: Option<String>,
    pub request_hash: Option<String>,
    pub nominator_name: String,
    pub nominator_email: String,
    pub nominator_job_title: String,
    pub nominator_organisation: String,
    pub nominator_phone: String,
    pub nominee_name: String,
    pub nominee_email: String,
    pub nominee_organisation: String,
    pub nominee_locality: String,
    pub certificate_name: String,
    pub answers: String,
    pub nominator_confirms: bool,
    pub search_text: String,
    pub status_reason: String,
    pub duplicate_of: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
}

/// What the nominator typed, as stored: everything an edit may change.
#[derive(Debug, Clone, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = nominations)]
pub struct ContentChange {
    pub nominator_name: String,
    pub nominator_email: String,
    pub nominator_job_title: String,
    pub nominator_organisation: String,
    pub nominator_phone: String,
    pub nominee_name: String,
    pub nominee_email: String,
    pub nominee_organisation: String,
    pub nominee_locality: String,
    pub certificate_name: String,
    pub answers: String,
    pub nominator_confirms: bool,
    pub search_text: String,
}

pub fn insert(conn: &mut DbConnection, row: &NominationRow) -> QueryResult<()> {
    diesel::insert_into(nominations::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<NominationRow>> {
    nominations::table
        .find(id)
        .select(NominationRow::as_select())
        .first(conn)
        .optional()
}

/// The nomination whose private link has this hash.
pub fn find_by_token_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<NominationRow>> {
    nominations::table
        .filter(nominations::token_hash.eq(token_hash))
        .select(NominationRow::as_select())
        .first(conn)
        .optional()
}

/// The nomination an API call with this `Idempotency-Key` made in a cycle.
pub fn find_by_idempotency_key(
    conn: &mut DbConnection,
    cycle_id: &str,
    key: &str,
) -> QueryResult<Option<NominationRow>> {
    nominations::table
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::idempotency_key.eq(key))
        .select(NominationRow::as_select())
        .first(conn)
        .optional()
}

/// The nomination with this reference (as formatted) in a cycle.
pub fn find_by_reference(
    conn: &mut DbConnection,
    cycle_id: &str,
    reference: &str,
) -> QueryResult<Option<NominationRow>> {
    nominations::table
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::reference.eq(reference))
        .select(NominationRow::as_select())
        .first(conn)
        .optional()
}

/// The references of these nominations, by id.
pub fn references_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<Vec<(String, Option<String>)>> {
    nominations::table
        .filter(nominations::id.eq_any(ids))
        .select((nominations::id, nominations::reference))
        .load(conn)
}

pub fn update_content(
    conn: &mut DbConnection,
    id: &str,
    change: &ContentChange,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(nominations::table.find(id))
        .set((change, nominations::updated_at.eq(now)))
        .execute(conn)
}

/// Gives a draft its reference and makes it submitted.
pub fn mark_submitted(
    conn: &mut DbConnection,
    id: &str,
    reference: &str,
    number: i32,
    search_text: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(nominations::table.find(id))
        .set((
            nominations::status.eq("submitted"),
            nominations::reference.eq(reference),
            nominations::number.eq(number),
            nominations::search_text.eq(search_text),
            nominations::submitted_at.eq(now),
            nominations::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Sets the status with its reason (ineligible) or original (duplicate).
pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    reason: &str,
    duplicate_of: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(nominations::table.find(id))
        .set((
            nominations::status.eq(status),
            nominations::status_reason.eq(reason),
            nominations::duplicate_of.eq(duplicate_of),
            nominations::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::delete(nominations::table.find(id)).execute(conn)
}

/// Takes the cycle's next reference number. Call it inside a write
/// transaction: the row lock (PostgreSQL) or the write lock (SQLite's
/// `BEGIN IMMEDIATE`) keeps concurrent submissions apart, and a rollback
/// gives the number back, so numbers have no gaps and no repeats.
pub fn next_reference_number(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<i32> {
    diesel::update(cycles::table.find(cycle_id))
        .set(cycles::last_reference_number.eq(cycles::last_reference_number + 1))
        .returning(cycles::last_reference_number)
        .get_result(conn)
}

/// What the organisers' list filters by; `None` and empty parts do not filter.
#[derive(Debug, Clone, Default)]
pub struct NominationFilter {
    pub cycle_id: String,
    pub category_id: Option<String>,
    /// A status; `None` means every status but draft.
    pub status: Option<String>,
    /// A consent status.
    pub consent: Option<String>,
    /// Lower-cased text that the search text must contain.
    pub text: String,
    /// A reference that must match exactly (when the search was one).
    pub reference: Option<String>,
}

fn filtered(filter: &NominationFilter) -> nominations::BoxedQuery<'static, Backend> {
    let mut query = nominations::table
        .filter(nominations::cycle_id.eq(filter.cycle_id.clone()))
        .into_boxed();
    if let Some(category_id) = &filter.category_id {
        query = query.filter(nominations::category_id.eq(category_id.clone()));
    }
    query = match &filter.status {
        Some(status) => query.filter(nominations::status.eq(status.clone())),
        None => query.filter(nominations::status.ne("draft")),
    };
    if let Some(consent) = &filter.consent {
        query = query.filter(
            nominations::id.eq_any(
                nominee_consents::table
                    .filter(nominee_consents::status.eq(consent.clone()))
                    .select(nominee_consents::nomination_id),
            ),
        );
    }
    match (&filter.reference, filter.text.is_empty()) {
        (Some(reference), _) => {
            query = query.filter(nominations::reference.eq(reference.clone()));
        }
        (None, false) => {
            query = query.filter(
                nominations::search_text
                    .like(format!("%{}%", escape_like(&filter.text)))
                    .escape('\\'),
            );
        }
        (None, true) => {}
    }
    query
}

/// How many nominations match `filter`.
pub fn count(conn: &mut DbConnection, filter: &NominationFilter) -> QueryResult<i64> {
    filtered(filter).count().get_result(conn)
}

/// One page of the nominations matching `filter`, in reference order
/// (drafts, which have none, last, oldest first). The id breaks ties, so
/// that pages never overlap or skip a row.
pub fn search(
    conn: &mut DbConnection,
    filter: &NominationFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<NominationRow>> {
    // The page's ids first, so that the database sorts narrow rows rather
    // than whole nominations with their answers; then those rows.
    let ids: Vec<String> = filtered(filter)
        .select(nominations::id)
        .order((
            nominations::number.is_null(),
            nominations::number,
            nominations::created_at,
            nominations::id,
        ))
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    let mut rows: Vec<NominationRow> = ids
        .chunks(super::batch::ROWS)
        .map(|chunk| {
            nominations::table
                .filter(nominations::id.eq_any(chunk))
                .select(NominationRow::as_select())
                .load(conn)
        })
        .collect::<QueryResult<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let position: HashMap<&str, usize> = (ids.iter().enumerate())
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    rows.sort_by_key(|row| position.get(row.id.as_str()).copied());
    Ok(rows)
}

/// The number of sent (not draft) nominations in each category of a cycle.
pub fn counts_by_category(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, i64)>> {
    nominations::table
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::status.ne("draft"))
        .group_by(nominations::category_id)
        .select((nominations::category_id, diesel::dsl::count_star()))
        .load(conn)
}

/// Who a nomination names, for spotting the same nominee twice.
#[derive(Debug, Clone, Queryable)]
pub struct NomineeName {
    pub id: String,
    pub category_id: String,
    pub reference: Option<String>,
    pub nominee_name: String,
}

/// The nominee of every sent nomination in these categories.
pub fn nominees_in(
    conn: &mut DbConnection,
    category_ids: &[String],
) -> QueryResult<Vec<NomineeName>> {
    nominations::table
        .filter(nominations::category_id.eq_any(category_ids))
        .filter(nominations::status.ne("draft"))
        .select((
            nominations::id,
            nominations::category_id,
            nominations::reference,
            nominations::nominee_name,
        ))
        .load(conn)
}
