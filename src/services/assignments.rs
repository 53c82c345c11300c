//! Assigning nominations to judges: changes by hand, the list, and one
//! digest email per judge; the automatic assignment is in `auto`.

mod auto;

pub(crate) use auto::build_problem;
pub use auto::{
    AutoOptions, AutoOutcome, CategoryGroups, LoadRange, PlannedPair, UnfilledView, auto,
};

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;
use url::Url;
use utoipa::ToSchema;

use crate::domain::ids::{AssignmentId, CycleId, NominationId, UserId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::mail::templates::{AssignmentDigestEmail, DigestLine};
use crate::mail::{Recipient, queue_email};
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles::{self, CycleView};
use crate::store::assignments::{self as store, AssignmentRow, PENDING};
use crate::store::{
    Db, DbConnection, conflicts, judging, parse_id, to_db_time, users, write_transaction,
};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssignmentView {
    #[schema(value_type = String, format = Uuid)]
    pub id: AssignmentId,
    #[schema(value_type = String, format = Uuid)]
    pub nomination_id: NominationId,
    #[schema(value_type = String, format = Uuid)]
    pub judge_id: UserId,
    /// pending, draft, submitted or abstained.
    pub status: String,
    pub reference: Option<String>,
    pub nominee_name: String,
    pub category: String,
    /// Held back while a conflict Laurel proposed awaits an organiser's
    /// decision: the judge neither sees it nor is reminded of it. Judges'
    /// own lists never include suspended assignments.
    pub suspended: bool,
}

pub(crate) fn new_assignment(
    cycle_id: &str,
    nomination_id: &str,
    judge_id: &str,
    now: DateTime<Utc>,
) -> AssignmentRow {
    AssignmentRow {
        id: AssignmentId::new().to_string(),
        cycle_id: cycle_id.to_owned(),
        nomination_id: nomination_id.to_owned(),
        judge_id: judge_id.to_owned(),
        status: PENDING.to_owned(),
        scores: "{}".to_owned(),
        comment: String::new(),
        abstain_reason: String::new(),
        weighted_score: None,
        created_at: to_db_time(now),
        updated_at: to_db_time(now),
        submitted_at: None,
        notified_at: None,
    }
}

/// Emails each judge one digest of their assignments not yet notified.
pub fn send_digests(
    conn: &mut DbConnection,
    cycle: &CycleView,
    public_url: &Url,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let category_names: HashMap<String, String> = cycle
        .categories
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect();
    let mut by_judge: BTreeMap<String, Vec<(String, DigestLine)>> = BTreeMap::new();
    for listing in store::listing(conn, None, None)? {
        // A suspended assignment is told of once its conflict is dismissed.
        if listing.assignment.cycle_id != cycle.id.to_string()
            || listing.assignment.notified_at.is_some()
            || listing.suspended
        {
            continue;
        }
        by_judge
            .entry(listing.assignment.judge_id.clone())
            .or_default()
            .push((
                listing.assignment.id.clone(),
                DigestLine {
                    reference: listing.reference.unwrap_or_default(),
                    nominee: listing.nominee_name,
                    category: category_names
                        .get(&listing.category_id)
                        .cloned()
                        .unwrap_or_default(),
                },
            ));
    }
    let link = public_url.join("judge")?.to_string();
    for (judge_id, lines) in &by_judge {
        let Some(judge) = users::find(conn, judge_id)? else {
            continue;
        };
        let email = AssignmentDigestEmail {
            judge_name: judge.name.clone(),
            programme: cycle.title.clone(),
            lines: lines.iter().map(|(_, line)| line.clone()).collect(),
            link: link.clone(),
            deadline: cycle.judging_close_at.format("%-d %B %Y").to_string(),
        };
        queue_email(
            conn,
            &Recipient {
                address: judge.email.clone(),
                name: judge.name.clone(),
            },
            &email,
            now,
        )?;
        let ids: Vec<String> = lines.iter().map(|(id, _)| id.clone()).collect();
        store::mark_notified(conn, &ids, to_db_time(now))?;
    }
    Ok(by_judge.len())
}

/// Emails judges the assignments made by hand since their last digest.
pub async fn notify(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    public_url: &Url,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    require_organiser(principal)?;
    let cycle = cycles::get(db, cycle_id, now).await?;
    let public_url = public_url.clone();
    Ok(db
        .run(move |conn| {
            write_transaction(conn, |conn| send_digests(conn, &cycle, &public_url, now))
        })
        .await?)
}

/// Assigns one judge to one nomination by hand.
pub async fn add(
    db: &Db,
    principal: &Principal,
    nomination_id: NominationId,
    judge_id: UserId,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<AssignmentId, AppError> {
    require_organiser(principal)?;
    let principal = principal.clone();
    let ip = ip.to_owned();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let (nomination, judge) = (nomination_id.to_string(), judge_id.to_string());
            let Some(found) = judging::find(conn, &nomination)? else {
                return Ok(Err(AppError::not_found("nomination")));
            };
            if found.status != judging::SUBMITTED {
                return Ok(Err(AppError::Conflict(
                    "Only submitted nominations can be assigned".into(),
                )));
            }
            match users::find(conn, &judge)? {
                Some(user) if user.role == Role::Judge.as_str() && user.active => {}
                _ => return Ok(Err(AppError::not_found("judge"))),
            }
            if conflicts::blocks(conn, &nomination, &judge)? {
                return Ok(Err(AppError::Conflict(
                    "This judge has a conflict of interest with this nomination".into(),
                )));
            }
            if store::find_pair(conn, &nomination, &judge)?.is_some() {
                return Ok(Err(AppError::Conflict(
                    "This judge is already assigned to this nomination".into(),
                )));
            }
            let row = new_assignment(&found.cycle_id, &nomination, &judge, now);
            store::insert(conn, &row)?;
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "assignment.added",
                    subject_type: "nomination",
                    subject_id: nomination,
                    detail: format!("judge {judge}"),
                },
                &ip,
                now,
            )?;
            Ok(Ok(parse_id(&row.id)?))
        })
    })
    .await?
}

/// Removes an assignment that has no submitted review.
pub async fn remove(
    db: &Db,
    principal: &Principal,
    id: AssignmentId,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require_organiser(principal)?;
    let principal = principal.clone();
    let ip = ip.to_owned();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let Some(row) = store::find(conn, &id.to_string())? else {
                return Ok(Err(AppError::not_found("assignment")));
            };
            if row.status == store::SUBMITTED || row.status == store::ABSTAINED {
                return Ok(Err(AppError::Conflict(
                    "This review has been submitted: reopen it before removing it".into(),
                )));
            }
            store::delete(conn, &row.id)?;
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "assignment.removed",
                    subject_type: "nomination",
                    subject_id: row.nomination_id,
                    detail: format!("judge {}", row.judge_id),
                },
                &ip,
                now,
            )?;
            Ok(Ok(()))
        })
    })
    .await?
}

/// Assignments: all of them (filtered) for organisers, their own for judges.
pub async fn list(
    db: &Db,
    principal: &Principal,
    judge: Option<UserId>,
    nomination: Option<NominationId>,
) -> Result<Vec<AssignmentView>, AppError> {
    let judge = match principal.role {
        Role::Organiser => judge,
        Role::Judge => Some(principal.user_id),
    };
    let principal_role = principal.role;
    Ok(db
        .run(move |conn| {
            let slugs: HashMap<String, String> = crate::store::cycles::category_slugs(conn)?
                .into_iter()
                .collect();
            store::listing(
                conn,
                judge.map(|id| id.to_string()).as_deref(),
                nomination.map(|id| id.to_string()).as_deref(),
            )?
            .into_iter()
            .filter(|listing| principal_role == Role::Organiser || !listing.suspended)
            .map(|listing| {
                Ok(AssignmentView {
                    id: parse_id(&listing.assignment.id)?,
                    nomination_id: parse_id(&listing.assignment.nomination_id)?,
                    judge_id: parse_id(&listing.assignment.judge_id)?,
                    status: listing.assignment.status,
                    reference: listing.reference,
                    nominee_name: listing.nominee_name,
                    category: slugs.get(&listing.category_id).cloned().unwrap_or_default(),
                    suspended: listing.suspended,
                })
            })
            .collect()
        })
        .await?)
}
