//! A judge's review: what they see of an assigned nomination (without the
//! nominator in blind mode), saving and submitting scores, abstaining, and an
//! organiser reopening a submitted review.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::ids::{AssignmentId, NominationId};
use crate::domain::review::{self, CriterionRule, ReviewInput, ValidReview};
use crate::error::AppError;
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles::{self, CategoryView, CycleView};
use crate::store::assignments::{
    self as store, ABSTAINED, AssignmentRow, DRAFT, ReviewChange, SUBMITTED,
};
use crate::store::{Db, conflicts, from_db_time, judging, parse_id, to_db_time, write_transaction};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewView {
    #[schema(value_type = String, format = Uuid)]
    pub assignment_id: AssignmentId,
    /// pending, draft, submitted or abstained.
    pub status: String,
    pub scores: BTreeMap<String, u32>,
    pub comment: String,
    pub abstain_reason: String,
    /// The weighted score on 0-10, once every criterion is scored.
    pub weighted_score: Option<f64>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// What a judge sees of the nomination they review.
#[derive(Debug, Clone)]
pub struct ReviewPage {
    pub review: ReviewView,
    pub nomination_id: NominationId,
    pub reference: String,
    pub nominee_name: String,
    pub nominee_organisation: String,
    pub nominee_locality: String,
    /// None in blind mode.
    pub nominator: Option<(String, String, String)>,
    /// (question label, answer), in form order.
    pub answers: Vec<(String, String)>,
    pub category: CategoryView,
    pub cycle: CycleView,
    pub can_edit: bool,
}

fn view(row: &AssignmentRow) -> anyhow::Result<ReviewView> {
    Ok(ReviewView {
        assignment_id: parse_id(&row.id)?,
        status: row.status.clone(),
        scores: serde_json::from_str(&row.scores).unwrap_or_default(),
        comment: row.comment.clone(),
        abstain_reason: row.abstain_reason.clone(),
        weighted_score: row.weighted_score,
        submitted_at: row.submitted_at.map(from_db_time),
    })
}

/// The scoring rules of a category's criteria.
pub(crate) fn criteria_rules(category: &CategoryView) -> Vec<CriterionRule> {
    category
        .criteria
        .iter()
        .map(|c| CriterionRule {
            key: c.key.clone(),
            name: c.name.clone(),
            weight: u32::try_from(c.weight).unwrap_or(1),
            scale_max: u32::try_from(c.scale_max).unwrap_or(10),
        })
        .collect()
}

/// Loads an assignment that belongs to `principal` (judges only) and is not
/// blocked by a conflict.
async fn own_assignment(
    db: &Db,
    principal: &Principal,
    id: AssignmentId,
) -> Result<AssignmentRow, AppError> {
    let row = db
        .run(move |conn| Ok(store::find(conn, &id.to_string())?))
        .await?
        .ok_or_else(|| AppError::not_found("assignment"))?;
    if row.judge_id != principal.user_id.to_string() {
        return Err(AppError::Forbidden(
            "Only the judge this nomination is assigned to can review it".into(),
        ));
    }
    let (nomination, judge) = (row.nomination_id.clone(), row.judge_id.clone());
    if db
        .run(move |conn| Ok(conflicts::blocks(conn, &nomination, &judge)?))
        .await?
    {
        return Err(AppError::Forbidden(
            "You have a conflict of interest with this nomination".into(),
        ));
    }
    Ok(row)
}

/// The review page of an assignment, for its judge.
pub async fn page(
    db: &Db,
    principal: &Principal,
    id: AssignmentId,
    now: DateTime<Utc>,
) -> Result<ReviewPage, AppError> {
    let row = own_assignment(db, principal, id).await?;
    let cycle = cycles::get(db, parse_id(&row.cycle_id)?, now).await?;
    let nomination_id = row.nomination_id.clone();
    let nomination = db
        .run(move |conn| Ok(judging::find(conn, &nomination_id)?))
        .await?
        .ok_or_else(|| AppError::not_found("nomination"))?;
    let category = cycle
        .categories
        .iter()
        .find(|c| c.id.to_string() == nomination.category_id)
        .cloned()
        .ok_or_else(|| AppError::not_found("category"))?;
    let stored: BTreeMap<String, String> =
        serde_json::from_str(&nomination.answers).unwrap_or_default();
    let answers = category
        .questions
        .iter()
        .filter_map(|q| {
            stored
                .get(&q.key)
                .map(|answer| (q.label.clone(), answer.clone()))
        })
        .collect();
    let can_edit =
        now < cycle.judging_close_at && row.status != SUBMITTED && row.status != ABSTAINED;
    Ok(ReviewPage {
        review: view(&row)?,
        nomination_id: parse_id(&nomination.id)?,
        reference: nomination.reference.unwrap_or_default(),
        nominee_name: nomination.nominee_name,
        nominee_organisation: nomination.nominee_organisation,
        nominee_locality: nomination.nominee_locality,
        nominator: (!cycle.blind_judging).then_some((
            nomination.nominator_name,
            nomination.nominator_job_title,
            nomination.nominator_organisation,
        )),
        answers,
        category,
        cycle,
        can_edit,
    })
}

/// Saves (or submits) the judge's scores, or records an abstention.
pub async fn save(
    db: &Db,
    principal: &Principal,
    id: AssignmentId,
    input: ReviewInput,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<ReviewView, AppError> {
    let row = own_assignment(db, principal, id).await?;
    let cycle = cycles::get(db, parse_id(&row.cycle_id)?, now).await?;
    if now >= cycle.judging_close_at {
        return Err(AppError::Conflict(
            "Judging has closed: reviews can no longer be changed".into(),
        ));
    }
    if row.status == SUBMITTED || row.status == ABSTAINED {
        return Err(AppError::Conflict("This review has been submitted and can no longer be changed. Ask an organiser if it needs reopening.".into()));
    }
    let nomination_id = row.nomination_id.clone();
    let category_id = db
        .run(move |conn| Ok(judging::find(conn, &nomination_id)?.map(|n| n.category_id)))
        .await?
        .unwrap_or_default();
    let category = cycle
        .categories
        .iter()
        .find(|c| c.id.to_string() == category_id)
        .ok_or_else(|| AppError::not_found("category"))?;
    let rules = criteria_rules(category);
    let valid = review::validate(&input, &rules).map_err(AppError::validation)?;
    let (status, scores, comment, reason, weighted, submitted_at) = match &valid {
        ValidReview::Abstained { reason } => (
            ABSTAINED,
            BTreeMap::new(),
            String::new(),
            reason.clone(),
            None,
            Some(to_db_time(now)),
        ),
        ValidReview::Scored {
            scores,
            comment,
            submit,
        } => (
            if *submit { SUBMITTED } else { DRAFT },
            scores.clone(),
            comment.clone(),
            String::new(),
            review::weighted(scores, &rules),
            submit.then_some(to_db_time(now)),
        ),
    };
    let scores_json = serde_json::to_string(&scores).map_err(anyhow::Error::from)?;
    let principal = principal.clone();
    let ip = ip.to_owned();
    Ok(db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let change = ReviewChange {
                    status,
                    scores: &scores_json,
                    comment: &comment,
                    abstain_reason: &reason,
                    weighted_score: weighted,
                    submitted_at,
                };
                store::save_review(conn, &row.id, &change, to_db_time(now))?;
                if status != DRAFT {
                    audit::record(
                        conn,
                        &principal.actor(),
                        Entry {
                            action: "review.submitted",
                            subject_type: "nomination",
                            subject_id: row.nomination_id.clone(),
                            detail: status.to_owned(),
                        },
                        &ip,
                        now,
                    )?;
                }
                let saved = store::find(conn, &row.id)?
                    .ok_or_else(|| anyhow::anyhow!("the review vanished"))?;
                view(&saved)
            })
        })
        .await?)
}

/// Opens a submitted review for its judge to change (organisers).
pub async fn reopen(
    db: &Db,
    principal: &Principal,
    id: AssignmentId,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<ReviewView, AppError> {
    require_organiser(principal)?;
    let principal = principal.clone();
    let ip = ip.to_owned();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let Some(row) = store::find(conn, &id.to_string())? else {
                return Ok(Err(AppError::not_found("assignment")));
            };
            store::reopen(conn, &row.id, to_db_time(now))?;
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "review.reopened",
                    subject_type: "nomination",
                    subject_id: row.nomination_id.clone(),
                    detail: format!("judge {}", row.judge_id),
                },
                &ip,
                now,
            )?;
            let saved = store::find(conn, &row.id)?
                .ok_or_else(|| anyhow::anyhow!("the review vanished"))?;
            Ok(Ok(view(&saved)?))
        })
    })
    .await?
}
