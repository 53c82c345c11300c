//! Assigning nominations to judges: the optimal automatic assignment (with a
//! preview), changes by hand, the list, and one digest email per judge.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use url::Url;
use utoipa::ToSchema;

use crate::domain::assignment::{
    AssignError, CostModel, NominationNeed, Problem, UnfilledReason, assign,
};
use crate::domain::ids::{AssignmentId, CycleId, NominationId, UserId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::mail::templates::{AssignmentDigestEmail, DigestLine};
use crate::mail::{Recipient, queue_email};
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::conflicts::propose_in;
use crate::services::cycles::{self, CycleView};
use crate::store::assignments::{self as store, AssignmentRow, PENDING};
use crate::store::{
    Db, DbConnection, conflicts, judging, parse_id, to_db_time, users, write_transaction,
};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(default)]
pub struct AutoOptions {
    /// Judges per nomination; by default each category's own number.
    pub judges_per_nomination: Option<u32>,
    /// Keep the assignments already made (default). `false` first removes
    /// those no judge has started.
    pub keep_existing: bool,
    /// Work out the plan and answer it without saving anything.
    pub preview: bool,
    /// Breaks ties between equally good plans; the same seed gives the same plan.
    pub seed: u64,
}

impl Default for AutoOptions {
    fn default() -> Self {
        AutoOptions {
            judges_per_nomination: None,
            keep_existing: true,
            preview: false,
            seed: 0,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LoadRange {
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnfilledView {
    #[schema(value_type = String, format = Uuid)]
    pub nomination_id: NominationId,
    pub reference: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlannedPair {
    #[schema(value_type = String, format = Uuid)]
    pub nomination_id: NominationId,
    #[schema(value_type = String, format = Uuid)]
    pub judge_id: UserId,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AutoOutcome {
    /// Assignments added (or, in a preview, that would be added).
    pub created: usize,
    /// Assignments in the cycle afterwards.
    pub total: usize,
    /// The fewest and most nominations any judge has.
    pub load: LoadRange,
    pub unfilled: Vec<UnfilledView>,
    pub preview: bool,
    /// In a preview, the pairs that would be added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub planned: Vec<PlannedPair>,
    /// Conflicts of interest Laurel proposed before assigning.
    pub conflicts_proposed: usize,
}

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

/// Runs the automatic assignment over all submitted nominations of a cycle.
pub async fn auto(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    options: AutoOptions,
    public_url: &Url,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<AutoOutcome, AppError> {
    require_organiser(principal)?;
    if options
        .judges_per_nomination
        .is_some_and(|k| k == 0 || k > 20)
    {
        return Err(AppError::validation(vec![crate::error::FieldError::new(
            "judges_per_nomination",
            "Choose from 1 to 20 judges per nomination",
        )]));
    }
    let cycle = cycles::get(db, cycle_id, now).await?;
    let principal = principal.clone();
    let public_url = public_url.clone();
    let ip = ip.to_owned();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let id = cycle_id.to_string();
            let conflicts_proposed = if options.preview { 0 } else { propose_in(conn, &id, now)? };
            if !options.keep_existing && !options.preview {
                store::delete_pending(conn, &id)?;
            }
            let mut existing = store::for_cycle(conn, &id)?;
            if !options.keep_existing {
                existing.retain(|row| row.status != PENDING);
            }
            let (problem, nominations, judges) = build_problem(conn, &cycle, &existing, &options)?;
            let plan = assign(&problem, &CostModel::default()).map_err(|error| match error {
                AssignError::TooLarge => AppError::Conflict("There are too many nominations and judges to assign at once".into()),
                other => AppError::Unexpected(anyhow::anyhow!("assignment input: {other}")),
            });
            let plan = match plan {
                Ok(plan) => plan,
                Err(error) => return Ok(Err(error)),
            };
            let pairs: Vec<(String, String)> = plan.added.iter().map(|&(n, j)| (nominations[n].0.clone(), judges[j].clone())).collect();
            if !options.preview {
                for (nomination_id, judge_id) in &pairs {
                    store::insert(conn, &new_assignment(&id, nomination_id, judge_id, now))?;
                }
                send_digests(conn, &cycle, &public_url, now)?;
                audit::record(
                    conn,
                    &principal.actor(),
                    Entry { action: "assignment.auto", subject_type: "cycle", subject_id: id.clone(), detail: format!("{} added, {} unfilled", pairs.len(), plan.unfilled.len()) },
                    &ip,
                    now,
                )?;
            }
            let references: HashMap<String, Option<String>> = judging::assignable_references(conn, &id)?.into_iter().collect();
            let unfilled = plan
                .unfilled
                .iter()
                .map(|unfilled| {
                    let nomination = &nominations[unfilled.nomination].0;
                    let UnfilledReason::NotEnoughJudges { available, needed } = unfilled.reason;
                    Ok(UnfilledView {
                        nomination_id: parse_id(nomination)?,
                        reference: references.get(nomination).cloned().flatten(),
                        reason: format!("Only {available} judges without a conflict of interest can take it; {needed} are needed"),
                    })
                })
                .collect::<anyhow::Result<_>>()?;
            let planned = if options.preview {
                pairs.iter().map(|(n, j)| Ok(PlannedPair { nomination_id: parse_id(n)?, judge_id: parse_id(j)? })).collect::<anyhow::Result<_>>()?
            } else {
                Vec::new()
            };
            Ok(Ok(AutoOutcome {
                created: pairs.len(),
                total: existing.len() + pairs.len(),
                load: LoadRange { min: plan.loads.iter().copied().min().unwrap_or(0), max: plan.loads.iter().copied().max().unwrap_or(0) },
                unfilled,
                preview: options.preview,
                planned,
                conflicts_proposed,
            }))
        })
    })
    .await?
}

type Built = (Problem, Vec<(String, usize)>, Vec<String>);

/// Maps the cycle's rows to the indices the pure assignment works on.
pub(crate) fn build_problem(
    conn: &mut DbConnection,
    cycle: &CycleView,
    existing: &[AssignmentRow],
    options: &AutoOptions,
) -> anyhow::Result<Built> {
    let id = cycle.id.to_string();
    let category_index: HashMap<String, usize> = cycle
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.to_string(), i))
        .collect();
    let judges: Vec<String> = users::list_by_role(conn, Role::Judge.as_str())?
        .into_iter()
        .filter(|user| user.active)
        .map(|user| user.id)
        .collect();
    let judge_index: HashMap<&str, usize> = judges
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut panels = vec![Vec::new(); judges.len()];
    for (user_id, category_id) in users::panels_of(conn, &judges)? {
        if let (Some(&j), Some(&c)) = (
            judge_index.get(user_id.as_str()),
            category_index.get(&category_id),
        ) {
            panels[j].push(c);
        }
    }
    let nominations: Vec<(String, usize)> = judging::assignable(conn, &id)?
        .into_iter()
        .filter_map(|(nomination, category)| {
            category_index.get(&category).map(|&c| (nomination, c))
        })
        .collect();
    let nomination_index: HashMap<&str, usize> = nominations
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i))
        .collect();
    let mut already: Vec<Vec<usize>> = vec![Vec::new(); nominations.len()];
    for row in existing {
        if let (Some(&n), Some(&j)) = (
            nomination_index.get(row.nomination_id.as_str()),
            judge_index.get(row.judge_id.as_str()),
        ) {
            already[n].push(j);
        }
    }
    let conflicts = conflicts::blocking_pairs(conn, &id)?
        .into_iter()
        .filter_map(|(n, j)| {
            Some((
                *nomination_index.get(n.as_str())?,
                *judge_index.get(j.as_str())?,
            ))
        })
        .filter(|(n, j)| !already[*n].contains(j))
        .collect();
    let needs = nominations
        .iter()
        .zip(already)
        .map(|((_, category), existing)| NominationNeed {
            category: *category,
            needed: options.judges_per_nomination.unwrap_or_else(|| {
                u32::try_from(cycle.categories[*category].judges_per_nomination).unwrap_or(3)
            }),
            existing,
        })
        .collect();
    let problem = Problem {
        judge_count: judges.len(),
        nominations: needs,
        panels,
        conflicts,
        seed: options.seed,
    };
    Ok((problem, nominations, judges))
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
