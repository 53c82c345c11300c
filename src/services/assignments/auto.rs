//! The automatic assignment of a cycle: its options, the optimal plan (with
//! a preview), how many groups each category's judges form, and the mapping
//! of the cycle's rows onto the pure assignment's indices.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use url::Url;
use utoipa::ToSchema;

use super::{new_assignment, send_digests};
use crate::domain::assignment::{
    AssignError, CostModel, NominationNeed, Problem, UnfilledReason, assign,
};
use crate::domain::ids::{CycleId, NominationId, UserId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::conflicts::propose_in;
use crate::services::cycles::{self, CycleView};
use crate::store::assignments::{self as store, AssignmentRow, PENDING};
use crate::store::{Db, DbConnection, conflicts, judging, parse_id, users, write_transaction};

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
    /// Per category with nominations: how many groups its judges form, judges
    /// being linked when they share a nomination of the category (directly or
    /// through others). More than one group means the normalised score cannot
    /// compare judges of different groups.
    pub groups: Vec<CategoryGroups>,
}

/// How many unconnected groups a category's judges form after the plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryGroups {
    /// The category's slug.
    pub category: String,
    pub category_name: String,
    /// 0 when no judge has a nomination of it, 1 when all are linked.
    pub groups: usize,
}

impl CategoryGroups {
    /// The groups in plain words, for the assignment page.
    #[must_use]
    pub fn words(&self) -> String {
        match self.groups {
            0 => format!("{}: no judge has a nomination yet.", self.category_name),
            1 => format!(
                "{}: all its judges are linked by shared nominations, so the normalised score can compare every judge with every other.",
                self.category_name
            ),
            n => format!(
                "{}: its judges form {n} separate groups that share no nomination. The normalised score cannot compare judges of different groups; give some nominations one more judge to link them.",
                self.category_name
            ),
        }
    }
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
            let groups = (plan.groups.iter())
                .filter_map(|&(c, groups)| {
                    let category = cycle.categories.get(c)?;
                    Some(CategoryGroups { category: category.slug.clone(), category_name: category.name.clone(), groups })
                })
                .collect();
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
                groups,
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
