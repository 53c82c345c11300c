//! What judging reads of nominations: which can be assigned, what a judge
//! sees of one, and who is on each side of it (for spotting conflicts).

use diesel::prelude::*;

use super::DbConnection;
use super::schema::nominations;

/// The status of a nomination that goes to the judges.
pub const SUBMITTED: &str = "submitted";

/// The submitted nominations of a cycle, as (id, category id), in reference order.
pub fn assignable(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<Vec<(String, String)>> {
    nominations::table
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::status.eq(SUBMITTED))
        .order(nominations::number)
        .select((nominations::id, nominations::category_id))
        .load(conn)
}

/// A nomination as a judge reads it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = nominations)]
pub struct NominationForJudging {
    pub id: String,
    pub cycle_id: String,
    pub category_id: String,
    pub status: String,
    pub reference: Option<String>,
    pub nominator_name: String,
    pub nominator_email: String,
    pub nominator_job_title: String,
    pub nominator_organisation: String,
    pub nominee_name: String,
    pub nominee_email: String,
    pub nominee_organisation: String,
    pub nominee_locality: String,
    pub answers: String,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<NominationForJudging>> {
    nominations::table
        .find(id)
        .select(NominationForJudging::as_select())
        .first(conn)
        .optional()
}

/// The submitted nominations of a cycle with both sides' organisation and email.
pub fn parties(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<Vec<NominationForJudging>> {
    nominations::table
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::status.eq(SUBMITTED))
        .select(NominationForJudging::as_select())
        .load(conn)
}

/// The references of a cycle's submitted nominations, by id.
pub fn assignable_references(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, Option<String>)>> {
    nominations::table
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::status.eq(SUBMITTED))
        .select((nominations::id, nominations::reference))
        .load(conn)
}
