//! Conflicts of interest between judges and nominations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{conflicts, nominations, users};

pub const CONFIRMED: &str = "confirmed";
pub const PROPOSED: &str = "proposed";
pub const DISMISSED: &str = "dismissed";

pub const DECLARED: &str = "declared";
pub const ORGANISER: &str = "organiser";
pub const SEEN: &str = "proposed";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = conflicts)]
pub struct ConflictRow {
    pub id: String,
    pub nomination_id: String,
    pub judge_id: String,
    pub kind: String,
    pub reason: String,
    pub source: String,
    pub status: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
}

pub fn find_pair(
    conn: &mut DbConnection,
    nomination_id: &str,
    judge_id: &str,
) -> QueryResult<Option<ConflictRow>> {
    conflicts::table
        .filter(conflicts::nomination_id.eq(nomination_id))
        .filter(conflicts::judge_id.eq(judge_id))
        .select(ConflictRow::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ConflictRow>> {
    conflicts::table
        .find(id)
        .select(ConflictRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConnection, row: &ConflictRow) -> QueryResult<()> {
    diesel::insert_into(conflicts::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Turns an existing row of the pair into a confirmed conflict.
pub fn confirm(
    conn: &mut DbConnection,
    id: &str,
    kind: &str,
    reason: &str,
    source: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(conflicts::table.find(id))
        .set((
            conflicts::kind.eq(kind),
            conflicts::reason.eq(reason),
            conflicts::source.eq(source),
            conflicts::status.eq(CONFIRMED),
            conflicts::decided_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(conflicts::table.find(id))
        .set((conflicts::status.eq(status), conflicts::decided_at.eq(now)))
        .execute(conn)
}

/// Whether the pair may not be assigned: a confirmed conflict, or one
/// proposed and not yet dismissed.
pub fn blocks(conn: &mut DbConnection, nomination_id: &str, judge_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        conflicts::table
            .filter(conflicts::nomination_id.eq(nomination_id))
            .filter(conflicts::judge_id.eq(judge_id))
            .filter(conflicts::status.ne(DISMISSED)),
    ))
    .get_result(conn)
}

/// Every blocking (nomination, judge) pair of a cycle.
pub fn blocking_pairs(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, String)>> {
    conflicts::table
        .inner_join(nominations::table)
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(conflicts::status.ne(DISMISSED))
        .select((conflicts::nomination_id, conflicts::judge_id))
        .load(conn)
}

/// A conflict with its nomination's reference and nominee, and the judge's name.
pub type ConflictListing = (ConflictRow, Option<String>, String, String, String);

/// A cycle's conflicts with the nomination's reference and nominee and the judge's name.
pub fn listing(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<Vec<ConflictListing>> {
    conflicts::table
        .inner_join(nominations::table)
        .inner_join(users::table.on(users::id.eq(conflicts::judge_id)))
        .filter(nominations::cycle_id.eq(cycle_id))
        .order((conflicts::status.desc(), conflicts::created_at))
        .select((
            ConflictRow::as_select(),
            nominations::reference,
            nominations::nominee_name,
            users::name,
            nominations::category_id,
        ))
        .load(conn)
}

/// Every (nomination, judge) pair with a conflict row in a cycle, whatever its status.
pub fn pairs_in_cycle(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, String)>> {
    conflicts::table
        .inner_join(nominations::table)
        .filter(nominations::cycle_id.eq(cycle_id))
        .select((conflicts::nomination_id, conflicts::judge_id))
        .load(conn)
}

pub fn insert_many(conn: &mut DbConnection, rows: &[ConflictRow]) -> QueryResult<usize> {
    rows.chunks(super::batch::ROWS)
        .map(|chunk| super::insert_batch!(conn, conflicts::table, chunk))
        .sum()
}
