//! What results read: a cycle's submitted nominations with the people on
//! each side, the judges' submitted and abstained reviews, and the
//! organisers' decisions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{assignments, categories, decisions, nominations, nominee_consents, users};

/// The status of a nomination that is judged and decided.
pub const SUBMITTED: &str = "submitted";

/// What ranking needs of a submitted nomination.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = nominations)]
pub struct ResultNomination {
    pub id: String,
    pub category_id: String,
    pub reference: Option<String>,
    pub nominee_name: String,
}

/// The submitted nominations of a cycle, in reference order.
pub fn nominations(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<Vec<ResultNomination>> {
    // Through the cycle's categories, so that the index on (category,
    // status, …) answers from its own columns; sorted here.
    let mut found: Vec<(Option<i32>, ResultNomination)> = nominations::table
        .filter(
            nominations::category_id.eq_any(
                categories::table
                    .filter(categories::cycle_id.eq(cycle_id))
                    .select(categories::id),
            ),
        )
        .filter(nominations::status.eq(SUBMITTED))
        .select((nominations::number, ResultNomination::as_select()))
        .load(conn)?;
    found.sort_unstable_by_key(|(number, _)| *number);
    Ok(found
        .into_iter()
        .map(|(_, nomination)| nomination)
        .collect())
}

/// A submitted nomination as exports and broadcasts show it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = nominations)]
pub struct NominationDetail {
    pub id: String,
    pub category_id: String,
    pub reference: Option<String>,
    pub nominee_name: String,
    pub nominee_email: String,
    pub nominee_organisation: String,
    pub nominee_locality: String,
    pub certificate_name: String,
    pub nominator_name: String,
    pub nominator_email: String,
    pub nominator_organisation: String,
    pub submitted_at: Option<NaiveDateTime>,
}

/// The submitted nominations of a cycle with their people, in reference order.
pub fn nomination_details(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<NominationDetail>> {
    nominations::table
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::status.eq(SUBMITTED))
        .order(nominations::number)
        .select(NominationDetail::as_select())
        .load(conn)
}

/// The submitted nominations of a cycle that carry one of `decisions`, with
/// their people.
pub fn decided_details(
    conn: &mut DbConnection,
    cycle_id: &str,
    decisions: &[&str],
) -> QueryResult<Vec<NominationDetail>> {
    nominations::table
        .inner_join(decisions::table)
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::status.eq(SUBMITTED))
        .filter(decisions::decision.eq_any(decisions))
        .select(NominationDetail::as_select())
        .load(conn)
}

/// What a decision needs of a nomination.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = nominations)]
pub struct NominationHead {
    pub id: String,
    pub status: String,
    pub reference: Option<String>,
    pub nominee_name: String,
}

/// One nomination of any status.
pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<NominationHead>> {
    nominations::table
        .find(id)
        .select(NominationHead::as_select())
        .first(conn)
        .optional()
}

/// A finished review as ranking needs it: a submitted score, or an abstention.
#[derive(Debug, Clone, Queryable)]
pub struct FinishedReview {
    pub nomination_id: String,
    pub judge_id: String,
    pub status: String,
    pub weighted_score: Option<f64>,
}

/// The submitted and abstained reviews of a cycle, by nomination and judge.
pub fn finished_reviews(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<FinishedReview>> {
    // Sorted here rather than by the database, which would sort through a
    // temporary b-tree.
    let mut reviews: Vec<FinishedReview> = assignments::table
        .filter(assignments::cycle_id.eq(cycle_id))
        .filter(assignments::status.eq_any(["submitted", "abstained"]))
        .select((
            assignments::nomination_id,
            assignments::judge_id,
            assignments::status,
            assignments::weighted_score,
        ))
        .load(conn)?;
    reviews.sort_unstable_by(|a, b| {
        (&a.nomination_id, &a.judge_id).cmp(&(&b.nomination_id, &b.judge_id))
    });
    Ok(reviews)
}

/// A submitted review with its scores and comment, as the scores export shows it.
#[derive(Debug, Clone, Queryable)]
pub struct ReviewDetail {
    pub nomination_id: String,
    pub judge_id: String,
    pub weighted_score: Option<f64>,
    pub scores: String,
    pub comment: String,
    pub submitted_at: Option<NaiveDateTime>,
}

/// The submitted reviews of a cycle with their scores and comments, oldest first.
pub fn review_details(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<Vec<ReviewDetail>> {
    let mut reviews: Vec<ReviewDetail> = assignments::table
        .filter(assignments::cycle_id.eq(cycle_id))
        .filter(assignments::status.eq("submitted"))
        .select((
            assignments::nomination_id,
            assignments::judge_id,
            assignments::weighted_score,
            assignments::scores,
            assignments::comment,
            assignments::submitted_at,
        ))
        .load(conn)?;
    reviews.sort_unstable_by(|a, b| {
        (a.submitted_at, &a.nomination_id, &a.judge_id).cmp(&(
            b.submitted_at,
            &b.nomination_id,
            &b.judge_id,
        ))
    });
    Ok(reviews)
}

/// (id, name) of the given accounts.
pub fn user_names(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load(conn)
}

/// (nomination id, decision) for a cycle's decided nominations.
pub fn decisions(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<Vec<(String, String)>> {
    decisions::table
        .inner_join(nominations::table)
        .filter(nominations::cycle_id.eq(cycle_id))
        .select((decisions::nomination_id, decisions::decision))
        .load(conn)
}

/// Records (or replaces) the decision on a nomination.
pub fn set_decision(
    conn: &mut DbConnection,
    nomination_id: &str,
    decision: &str,
    decided_by: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let changed = diesel::update(decisions::table.find(nomination_id))
        .set((
            decisions::decision.eq(decision),
            decisions::decided_by.eq(decided_by),
            decisions::decided_at.eq(now),
        ))
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(decisions::table)
            .values((
                decisions::nomination_id.eq(nomination_id),
                decisions::decision.eq(decision),
                decisions::decided_by.eq(decided_by),
                decisions::decided_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The consent status of each nomination of the cycle that has one.
pub fn consents(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<Vec<(String, String)>> {
    nominee_consents::table
        .inner_join(nominations::table)
        .filter(nominations::cycle_id.eq(cycle_id))
        .select((nominee_consents::nomination_id, nominee_consents::status))
        .load(conn)
}
