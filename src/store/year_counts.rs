//! Counts over one cycle's nominations and reviews, for the organisers'
//! dashboard and the pages that confirm a move to the next phase.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::{assignments, decisions, nominations, nominee_consents};

/// (category id, nomination status, count).
pub fn by_status(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, String, i64)>> {
    nominations::table
        .filter(nominations::cycle_id.eq(cycle_id))
        .group_by((nominations::category_id, nominations::status))
        .select((
            nominations::category_id,
            nominations::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)
}

/// (category id, decision, nominee's consent status) of each sent nomination with a decision.
pub fn decisions(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, String, Option<String>)>> {
    nominations::table
        .inner_join(decisions::table)
        .left_join(nominee_consents::table)
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::status.eq("submitted"))
        .select((
            nominations::category_id,
            decisions::decision,
            nominee_consents::status.nullable(),
        ))
        .load(conn)
}

/// (category id, assignment status, count).
pub fn by_review(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, String, i64)>> {
    assignments::table
        .inner_join(nominations::table)
        .filter(assignments::cycle_id.eq(cycle_id))
        .group_by((nominations::category_id, assignments::status))
        .select((
            nominations::category_id,
            assignments::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)
}
