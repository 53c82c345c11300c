//! Publishing a cycle's results, and what the public winners page reads.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{cycles, decisions, nominations, nominee_consents};

/// The consent statuses that allow a nominee to be named in public.
pub const PUBLISHABLE_CONSENT: [&str; 2] = ["given", "recorded"];

pub fn publish(conn: &mut DbConnection, cycle_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(cycles::table.find(cycle_id))
        .set((
            cycles::results_published_at.eq(Some(at)),
            cycles::updated_at.eq(at),
        ))
        .execute(conn)
}

/// The latest cycle whose results were published by `now`: (id, title).
pub fn latest_published(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> QueryResult<Option<(String, String)>> {
    cycles::table
        .filter(cycles::results_published_at.le(now))
        .order(cycles::results_published_at.desc())
        .select((cycles::id, cycles::title))
        .first(conn)
        .optional()
}

/// Winners and shortlisted nominees of a cycle who agreed to be named:
/// (category id, decision, nominee name, name on certificate), by reference.
pub fn named_nominees(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, String, String, String)>> {
    nominations::table
        .inner_join(decisions::table)
        .inner_join(nominee_consents::table)
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::status.eq("submitted"))
        .filter(decisions::decision.eq_any(["winner", "shortlisted"]))
        .filter(nominee_consents::status.eq_any(PUBLISHABLE_CONSENT))
        .order(nominations::number)
        .select((
            nominations::category_id,
            decisions::decision,
            nominations::nominee_name,
            nominations::certificate_name,
        ))
        .load(conn)
}
