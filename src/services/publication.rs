//! Publishing results, and the public list of winners and the shortlist,
//! naming only nominees who agreed to be named.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::ids::CycleId;
use crate::error::AppError;
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles::{self, CycleView};
use crate::store::publication as store;
use crate::store::{Db, parse_id, to_db_time, write_transaction};

/// Publishes the cycle's results now (organisers; once judging has closed).
#[tracing::instrument(skip(db, principal, ip), fields(cycle = %cycle_id))]
pub async fn publish(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<CycleView, AppError> {
    require_organiser(principal)?;
    let cycle = cycles::get(db, cycle_id, now).await?;
    if now < cycle.judging_close_at {
        return Err(AppError::Conflict(
            "Results can be published once judging has closed".into(),
        ));
    }
    let principal = principal.clone();
    let ip = ip.to_owned();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            store::publish(conn, &cycle_id.to_string(), to_db_time(now))?;
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "results.published",
                    subject_type: "cycle",
                    subject_id: cycle_id.to_string(),
                    detail: String::new(),
                },
                &ip,
                now,
            )?;
            Ok::<_, anyhow::Error>(())
        })
    })
    .await?;
    db.programme().forget();
    cycles::get(db, cycle_id, now).await
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryWinners {
    pub category: String,
    pub name: String,
    pub winners: Vec<String>,
    pub shortlisted: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Winners {
    pub cycle_id: String,
    pub title: String,
    pub categories: Vec<CategoryWinners>,
}

/// The latest published results, for everyone; none before any publication.
pub async fn winners(db: &Db, now: DateTime<Utc>) -> Result<Option<Winners>, AppError> {
    let found = db
        .run(move |conn| {
            let Some((id, title)) = store::latest_published(conn, to_db_time(now))? else {
                return Ok(None);
            };
            let named = store::named_nominees(conn, &id)?;
            Ok(Some((id, title, named)))
        })
        .await?;
    let Some((id, title, named)) = found else {
        return Ok(None);
    };
    let cycle = cycles::get(db, parse_id(&id)?, now).await?;
    let categories = cycle
        .categories
        .iter()
        .map(|category| {
            let of = |decision: &str| -> Vec<String> {
                (named.iter())
                    .filter(|(c, d, _, _)| *c == category.id.to_string() && d == decision)
                    .map(|(_, _, name, certificate)| {
                        if certificate.trim().is_empty() {
                            name.clone()
                        } else {
                            certificate.clone()
                        }
                    })
                    .collect()
            };
            CategoryWinners {
                category: category.slug.clone(),
                name: category.name.clone(),
                winners: of("winner"),
                shortlisted: of("shortlisted"),
            }
        })
        .collect();
    Ok(Some(Winners {
        cycle_id: id,
        title,
        categories,
    }))
}
