//! Retention: removing the personal data of a cycle's nominations (nominator
//! and nominee contact details, answers, review comments) once it is no
//! longer needed. Published winners' and shortlisted nominees' names (with
//! consent to be named) stay, as do the scores, which name nobody.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::decision::Decision;
use crate::error::AppError;
use crate::services::audit::{self, Actor, Entry};
use crate::store::publication::PUBLISHABLE_CONSENT;
use crate::store::retention as store;
use crate::store::{Db, results, to_db_time, write_transaction};

/// What a purge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeOutcome {
    pub nominations: usize,
    pub reviews: usize,
    /// Published names kept.
    pub names_kept: usize,
}

/// Purges the personal data of the nominations of cycle `slug` created
/// before the start of `before` (UTC).
#[tracing::instrument(skip(db, actor))]
pub async fn purge_personal_data(
    db: &Db,
    actor: Actor,
    slug: &str,
    before: NaiveDate,
    now: DateTime<Utc>,
) -> Result<PurgeOutcome, AppError> {
    let slug = slug.to_owned();
    let before = before.and_time(chrono::NaiveTime::MIN);
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let Some((cycle_id, published_at)) = store::cycle_by_slug(conn, &slug)? else {
                return Ok(Err(AppError::NotFound(format!("There is no cycle {slug:?}"))));
            };
            let ids = store::nominations_before(conn, &cycle_id, before)?;
            let published = published_at.is_some_and(|at| at <= to_db_time(now));
            let decided: HashSet<String> = (results::decisions(conn, &cycle_id)?.into_iter())
                .filter(|(_, d)| Decision::parse(d).is_some_and(Decision::is_published))
                .map(|(id, _)| id)
                .collect();
            let consented: HashSet<String> = (results::consents(conn, &cycle_id)?.into_iter())
                .filter(|(_, status)| PUBLISHABLE_CONSENT.contains(&status.as_str()))
                .map(|(id, _)| id)
                .collect();
            let (keep, remove): (Vec<String>, Vec<String>) = ids
                .iter()
                .cloned()
                .partition(|id| published && decided.contains(id) && consented.contains(id));
            let at = to_db_time(now);
            let mut nominations = store::blank_nominations(conn, &keep, true, at)?;
            nominations += store::blank_nominations(conn, &remove, false, at)?;
            let reviews = store::blank_reviews(conn, &ids)?;
            audit::record(
                conn,
                &actor,
                Entry {
                    action: "personal_data.purged",
                    subject_type: "cycle",
                    subject_id: cycle_id,
                    detail: format!(
                        "{nominations} nominations created before {before}; {} published names kept",
                        keep.len()
                    ),
                },
                "",
                now,
            )?;
            Ok::<_, anyhow::Error>(Ok(PurgeOutcome {
                nominations,
                reviews,
                names_kept: keep.len(),
            }))
        })
    })
    .await?
}
