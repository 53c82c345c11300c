//! Assignments of nominations to judges, each carrying the judge's review.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::conflicts::PROPOSED;
use super::schema::{assignments, conflicts, nominations};

/// Whether an assignment is suspended: Laurel proposed a conflict of its
/// judge with its nomination, and no organiser has decided it yet.
macro_rules! suspended {
    () => {
        diesel::dsl::exists(
            conflicts::table
                .filter(conflicts::nomination_id.eq(assignments::nomination_id))
                .filter(conflicts::judge_id.eq(assignments::judge_id))
                .filter(conflicts::status.eq(PROPOSED)),
        )
    };
}

pub const PENDING: &str = "pending";
pub const DRAFT: &str = "draft";
pub const SUBMITTED: &str = "submitted";
pub const ABSTAINED: &str = "abstained";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = assignments)]
pub struct AssignmentRow {
    pub id: String,
    pub cycle_id: String,
    pub nomination_id: String,
    pub judge_id: String,
    pub status: String,
    pub scores: String,
    pub comment: String,
    pub abstain_reason: String,
    pub weighted_score: Option<f64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub notified_at: Option<NaiveDateTime>,
}

/// An assignment with what a list shows of its nomination.
#[derive(Debug, Clone, Queryable)]
pub struct AssignmentListing {
    pub assignment: AssignmentRow,
    pub reference: Option<String>,
    pub nominee_name: String,
    pub category_id: String,
    /// Held back while a conflict Laurel proposed awaits an organiser.
    pub suspended: bool,
}

pub fn insert(conn: &mut DbConnection, row: &AssignmentRow) -> QueryResult<()> {
    diesel::insert_into(assignments::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<AssignmentRow>> {
    assignments::table
        .find(id)
        .select(AssignmentRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_pair(
    conn: &mut DbConnection,
    nomination_id: &str,
    judge_id: &str,
) -> QueryResult<Option<AssignmentRow>> {
    assignments::table
        .filter(assignments::nomination_id.eq(nomination_id))
        .filter(assignments::judge_id.eq(judge_id))
        .select(AssignmentRow::as_select())
        .first(conn)
        .optional()
}

/// Every assignment of a cycle.
pub fn for_cycle(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<Vec<AssignmentRow>> {
    assignments::table
        .filter(assignments::cycle_id.eq(cycle_id))
        .order(assignments::created_at)
        .select(AssignmentRow::as_select())
        .load(conn)
}

/// Assignments with their nominations' reference and nominee, filtered by
/// judge and nomination when given, in reference order.
pub fn listing(
    conn: &mut DbConnection,
    judge_id: Option<&str>,
    nomination_id: Option<&str>,
) -> QueryResult<Vec<AssignmentListing>> {
    let mut query = assignments::table
        .inner_join(nominations::table)
        .select((
            AssignmentRow::as_select(),
            nominations::reference,
            nominations::nominee_name,
            nominations::category_id,
            suspended!(),
        ))
        .into_boxed();
    if let Some(judge_id) = judge_id {
        query = query.filter(assignments::judge_id.eq(judge_id.to_owned()));
    }
    if let Some(nomination_id) = nomination_id {
        query = query.filter(assignments::nomination_id.eq(nomination_id.to_owned()));
    }
    query
        .order((nominations::number, assignments::created_at))
        .load::<(AssignmentRow, Option<String>, String, String, bool)>(conn)
        .map(|rows| {
            rows.into_iter()
                .map(
                    |(assignment, reference, nominee_name, category_id, suspended)| {
                        AssignmentListing {
                            assignment,
                            reference,
                            nominee_name,
                            category_id,
                            suspended,
                        }
                    },
                )
                .collect()
        })
}

pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::delete(assignments::table.find(id)).execute(conn)
}

/// Withdraws the assignment of a pair, whatever its state (a conflict voids it).
pub fn delete_pair(
    conn: &mut DbConnection,
    nomination_id: &str,
    judge_id: &str,
) -> QueryResult<usize> {
    diesel::delete(
        assignments::table
            .filter(assignments::nomination_id.eq(nomination_id))
            .filter(assignments::judge_id.eq(judge_id)),
    )
    .execute(conn)
}

/// Removes a cycle's assignments that no judge has started.
pub fn delete_pending(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<usize> {
    diesel::delete(
        assignments::table
            .filter(assignments::cycle_id.eq(cycle_id))
            .filter(assignments::status.eq(PENDING)),
    )
    .execute(conn)
}

/// Stores a review's content and status.
pub struct ReviewChange<'a> {
    pub status: &'a str,
    pub scores: &'a str,
    pub comment: &'a str,
    pub abstain_reason: &'a str,
    pub weighted_score: Option<f64>,
    pub submitted_at: Option<NaiveDateTime>,
}

pub fn save_review(
    conn: &mut DbConnection,
    id: &str,
    change: &ReviewChange<'_>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(assignments::table.find(id))
        .set((
            assignments::status.eq(change.status),
            assignments::scores.eq(change.scores),
            assignments::comment.eq(change.comment),
            assignments::abstain_reason.eq(change.abstain_reason),
            assignments::weighted_score.eq(change.weighted_score),
            assignments::submitted_at.eq(change.submitted_at),
            assignments::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Opens a submitted review for changes again.
pub fn reopen(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(assignments::table.find(id))
        .set((
            assignments::status.eq(DRAFT),
            assignments::submitted_at.eq(None::<NaiveDateTime>),
            assignments::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn mark_notified(
    conn: &mut DbConnection,
    ids: &[String],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(assignments::table.filter(assignments::id.eq_any(ids)))
        .set(assignments::notified_at.eq(now))
        .execute(conn)
}

/// (judge id, category id, status, count) for a cycle, leaving out the
/// suspended assignments.
pub fn counts(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, String, String, i64)>> {
    assignments::table
        .inner_join(nominations::table)
        .filter(assignments::cycle_id.eq(cycle_id))
        .filter(diesel::dsl::not(suspended!()))
        .group_by((
            assignments::judge_id,
            nominations::category_id,
            assignments::status,
        ))
        .select((
            assignments::judge_id,
            nominations::category_id,
            assignments::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)
}
