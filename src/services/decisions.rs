//! The organisers' decisions: one nomination by hand, or the shortlist that
//! the ranking suggests for a category; each recorded in the audit log.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::decision::Decision;
use crate::domain::ids::{CycleId, NominationId};
use crate::domain::scoring::RankBy;
use crate::error::AppError;
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles;
use crate::services::results::{self, category_by_slug};
use crate::store::results as store;
use crate::store::{Db, parse_id, to_db_time, write_transaction};

/// A nomination with its decision.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecidedNomination {
    #[schema(value_type = String, format = Uuid)]
    pub id: NominationId,
    pub reference: String,
    pub nominee_name: String,
    pub status: String,
    pub decision: Decision,
}

/// Records the decision on one nomination (organisers).
#[tracing::instrument(skip(db, principal, ip), fields(nomination = %id))]
pub async fn decide(
    db: &Db,
    principal: &Principal,
    id: NominationId,
    decision: Decision,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<DecidedNomination, AppError> {
    require_organiser(principal)?;
    let principal = principal.clone();
    let ip = ip.to_owned();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let Some(store::NominationHead {
                id: nomination,
                status,
                reference,
                nominee_name,
            }) = store::find(conn, &id.to_string())?
            else {
                return Ok(Err(AppError::not_found("nomination")));
            };
            if status != store::SUBMITTED {
                return Ok(Err(AppError::Conflict(format!(
                    "Only a submitted nomination can be decided; this one is {status}"
                ))));
            }
            let actor = principal.user_id.to_string();
            store::set_decision(
                conn,
                &nomination,
                decision.as_str(),
                Some(&actor),
                to_db_time(now),
            )?;
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "nomination.decided",
                    subject_type: "nomination",
                    subject_id: nomination.clone(),
                    detail: decision.as_str().to_owned(),
                },
                &ip,
                now,
            )?;
            Ok(Ok(DecidedNomination {
                id: parse_id(&nomination)?,
                reference: reference.unwrap_or_default(),
                nominee_name,
                status,
                decision,
            }))
        })
    })
    .await?
}

/// Applies the suggested decisions (top `shortlist_size` of the ranking
/// shortlisted, the rest not) to a category, or every category; winners and
/// ineligible nominations keep their decision. Answers how many changed.
#[tracing::instrument(skip(db, principal, ip), fields(cycle = %cycle_id))]
pub async fn apply_suggestion(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    category: Option<&str>,
    rank_by: RankBy,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    require_organiser(principal)?;
    let cycle = cycles::get(db, cycle_id, now).await?;
    let category = category_by_slug(&cycle, category)?;
    let principal = principal.clone();
    let ip = ip.to_owned();
    Ok(db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let loaded = results::load(conn, cycle_id)?;
                let (rows, _) = results::compute(&cycle, &loaded, rank_by)?;
                let mut changed = 0;
                let actor = principal.user_id.to_string();
                for row in rows.iter().filter(|row| {
                    category.as_ref().is_none_or(|c| c.slug == row.category)
                        && row.suggested.is_some()
                        && row.suggested != row.decision
                }) {
                    let Some(suggested) = row.suggested else {
                        continue;
                    };
                    let id = row.nomination_id.to_string();
                    store::set_decision(
                        conn,
                        &id,
                        suggested.as_str(),
                        Some(&actor),
                        to_db_time(now),
                    )?;
                    audit::record(
                        conn,
                        &principal.actor(),
                        Entry {
                            action: "nomination.decided",
                            subject_type: "nomination",
                            subject_id: id,
                            detail: format!("{} (suggested)", suggested.as_str()),
                        },
                        &ip,
                        now,
                    )?;
                    changed += 1;
                }
                Ok::<_, anyhow::Error>(changed)
            })
        })
        .await?)
}
