//! Removing personal data from a cycle's nominations once it is no longer
//! needed: contact details, answers, review comments and conflict reasons.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{assignments, conflicts, cycles, nominations, nominee_consents};

/// The word left where a name was removed.
pub const REMOVED: &str = "(removed)";

/// A cycle by slug: (id, results published at).
pub fn cycle_by_slug(
    conn: &mut DbConnection,
    slug: &str,
) -> QueryResult<Option<(String, Option<NaiveDateTime>)>> {
    cycles::table
        .filter(cycles::slug.eq(slug))
        .select((cycles::id, cycles::results_published_at))
        .first(conn)
        .optional()
}

/// The ids of a cycle's nominations created before `before`.
pub fn nominations_before(
    conn: &mut DbConnection,
    cycle_id: &str,
    before: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    nominations::table
        .filter(nominations::cycle_id.eq(cycle_id))
        .filter(nominations::created_at.lt(before))
        .select(nominations::id)
        .load(conn)
}

/// Blanks the contact details and answers of the given nominations; their
/// names too unless `keep_names`.
pub fn blank_nominations(
    conn: &mut DbConnection,
    ids: &[String],
    keep_names: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let target = nominations::table.filter(nominations::id.eq_any(ids));
    let details = (
        nominations::nominator_name.eq(REMOVED),
        nominations::nominator_email.eq(""),
        nominations::nominator_job_title.eq(""),
        nominations::nominator_organisation.eq(""),
        nominations::nominator_phone.eq(""),
        nominations::nominee_email.eq(""),
        nominations::nominee_organisation.eq(""),
        nominations::nominee_locality.eq(""),
        nominations::answers.eq("{}"),
        nominations::search_text.eq(""),
        nominations::status_reason.eq(""),
        nominations::updated_at.eq(now),
    );
    if keep_names {
        diesel::update(target).set(details).execute(conn)
    } else {
        diesel::update(target)
            .set((
                details,
                nominations::nominee_name.eq(REMOVED),
                nominations::certificate_name.eq(""),
            ))
            .execute(conn)
    }
}

/// Removes review comments, abstention reasons and conflict reasons; the
/// scores (anonymous totals) stay.
pub fn blank_reviews(conn: &mut DbConnection, ids: &[String]) -> QueryResult<usize> {
    let reviews = diesel::update(assignments::table.filter(assignments::nomination_id.eq_any(ids)))
        .set((
            assignments::comment.eq(""),
            assignments::abstain_reason.eq(""),
        ))
        .execute(conn)?;
    diesel::update(conflicts::table.filter(conflicts::nomination_id.eq_any(ids)))
        .set(conflicts::reason.eq(""))
        .execute(conn)?;
    diesel::update(nominee_consents::table.filter(nominee_consents::nomination_id.eq_any(ids)))
        .set(nominee_consents::token_hash.eq(None::<String>))
        .execute(conn)?;
    Ok(reviews)
}
