//! Running a year from the pages: the counts the organisers' dashboard
//! shows, and deliberate moves from one phase to the next. A move sets the
//! cycle's dates through [`cycles::update`], as the settings page does, or
//! publishes through [`publication::publish`]; each leaves an audit entry.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::ids::CycleId;
use crate::domain::phase::Phase;
use crate::error::AppError;
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles::{self, CycleChanges, CycleView};
use crate::services::publication;
use crate::store::publication::PUBLISHABLE_CONSENT;
use crate::store::year_counts;
use crate::store::{Db, write_transaction};

/// One category's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryCounts {
    pub name: String,
    pub drafts: i64,
    pub submitted: i64,
    /// Sent and not marked ineligible.
    pub eligible: i64,
    /// Reviews asked of judges.
    pub assigned: i64,
    /// Reviews submitted or abstained from.
    pub reviewed: i64,
    pub winners: i64,
    /// Winners and shortlisted whose nominee has not agreed to be published.
    pub without_consent: i64,
}

/// The current year with its figures per category.
#[derive(Debug, Clone)]
pub struct YearSummary {
    pub cycle: CycleView,
    pub categories: Vec<CategoryCounts>,
}

impl YearSummary {
    pub fn drafts(&self) -> i64 {
        self.categories.iter().map(|c| c.drafts).sum()
    }

    pub fn without_consent(&self) -> i64 {
        self.categories.iter().map(|c| c.without_consent).sum()
    }

    pub fn reviews_left(&self) -> i64 {
        self.categories
            .iter()
            .map(|c| c.assigned - c.reviewed)
            .sum()
    }

    /// The names of the categories no winner has been chosen for.
    pub fn categories_without_winner(&self) -> Vec<String> {
        (self.categories.iter())
            .filter(|c| c.winners == 0)
            .map(|c| c.name.clone())
            .collect()
    }
}

/// The current year and its figures (organisers); `None` before any cycle.
pub async fn summary(
    db: &Db,
    principal: &Principal,
    now: DateTime<Utc>,
) -> Result<Option<YearSummary>, AppError> {
    require_organiser(principal)?;
    let Some(cycle) = cycles::current(db, now).await? else {
        return Ok(None);
    };
    summary_of(db, cycle).await.map(Some)
}

async fn summary_of(db: &Db, cycle: CycleView) -> Result<YearSummary, AppError> {
    let id = cycle.id.to_string();
    let (statuses, decisions, reviews) = db
        .run(move |conn| {
            Ok::<_, anyhow::Error>((
                year_counts::by_status(conn, &id)?,
                year_counts::decisions(conn, &id)?,
                year_counts::by_review(conn, &id)?,
            ))
        })
        .await?;
    let mut counts: BTreeMap<String, CategoryCounts> = BTreeMap::new();
    for (category, status, n) in statuses {
        let entry = counts.entry(category).or_default();
        match status.as_str() {
            "draft" => entry.drafts += n,
            "submitted" => {
                entry.submitted += n;
                entry.eligible += n;
            }
            _ => {}
        }
    }
    for (category, decision, consent) in decisions {
        let entry = counts.entry(category).or_default();
        match decision.as_str() {
            "ineligible" => entry.eligible -= 1,
            "winner" | "shortlisted" => {
                if decision == "winner" {
                    entry.winners += 1;
                }
                let publishable =
                    consent.is_some_and(|c| PUBLISHABLE_CONSENT.contains(&c.as_str()));
                if !publishable {
                    entry.without_consent += 1;
                }
            }
            _ => {}
        }
    }
    for (category, status, n) in reviews {
        let entry = counts.entry(category).or_default();
        entry.assigned += n;
        if status == "submitted" || status == "abstained" {
            entry.reviewed += n;
        }
    }
    let categories = (cycle.categories.iter())
        .map(|category| CategoryCounts {
            name: category.name.clone(),
            ..counts.remove(&category.id.to_string()).unwrap_or_default()
        })
        .collect();
    Ok(YearSummary { cycle, categories })
}

/// A deliberate move from one phase to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseMove {
    OpenNominations,
    CloseNominations,
    CloseJudging,
    Publish,
}

impl PhaseMove {
    pub fn parse(slug: &str) -> Option<PhaseMove> {
        [
            PhaseMove::OpenNominations,
            PhaseMove::CloseNominations,
            PhaseMove::CloseJudging,
            PhaseMove::Publish,
        ]
        .into_iter()
        .find(|m| m.slug() == slug)
    }

    pub fn slug(self) -> &'static str {
        match self {
            PhaseMove::OpenNominations => "open-nominations",
            PhaseMove::CloseNominations => "close-nominations",
            PhaseMove::CloseJudging => "close-judging",
            PhaseMove::Publish => "publish-results",
        }
    }

    /// What the move does, as a button says it.
    pub fn action(self) -> &'static str {
        match self {
            PhaseMove::OpenNominations => "Open nominations now",
            PhaseMove::CloseNominations => "Close nominations and open judging now",
            PhaseMove::CloseJudging => "Close judging now",
            PhaseMove::Publish => "Publish the results now",
        }
    }

    /// The phase the move starts from.
    pub fn from(self) -> Phase {
        match self {
            PhaseMove::OpenNominations => Phase::Upcoming,
            PhaseMove::CloseNominations => Phase::Nominating,
            PhaseMove::CloseJudging => Phase::Judging,
            PhaseMove::Publish => Phase::Deciding,
        }
    }

    /// The move out of `phase`, if there is one.
    pub fn out_of(phase: Phase) -> Option<PhaseMove> {
        [
            PhaseMove::OpenNominations,
            PhaseMove::CloseNominations,
            PhaseMove::CloseJudging,
            PhaseMove::Publish,
        ]
        .into_iter()
        .find(|m| m.from() == phase)
    }
}

/// What a move will do, for its confirmation page (organisers).
pub async fn preview(
    db: &Db,
    principal: &Principal,
    now: DateTime<Utc>,
) -> Result<Option<YearSummary>, AppError> {
    summary(db, principal, now).await
}

/// Makes the move now on the current cycle (organisers); 409 if the cycle
/// is not in the phase the move starts from.
#[tracing::instrument(skip(db, principal, ip), fields(cycle = %cycle_id, step = step.slug()))]
pub async fn move_phase(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    step: PhaseMove,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<CycleView, AppError> {
    require_organiser(principal)?;
    let cycle = cycles::get(db, cycle_id, now).await?;
    if cycle.phase != step.from() {
        return Err(AppError::Conflict(format!(
            "This can only be done while the year is {}; it is now {}",
            phase_words(step.from()),
            phase_words(cycle.phase)
        )));
    }
    let at = Some(now.to_rfc3339());
    let changes = match step {
        PhaseMove::OpenNominations => CycleChanges {
            nominations_open_at: at,
            ..CycleChanges::default()
        },
        PhaseMove::CloseNominations => CycleChanges {
            nominations_close_at: at,
            ..CycleChanges::default()
        },
        PhaseMove::CloseJudging => CycleChanges {
            judging_close_at: at,
            ..CycleChanges::default()
        },
        PhaseMove::Publish => CycleChanges::default(),
    };
    let moved = if step == PhaseMove::Publish {
        publication::publish(db, principal, cycle_id, ip, now).await?
    } else {
        cycles::update(db, principal, cycle_id, changes, ip, now).await?
    };
    let (actor, ip) = (principal.actor(), ip.to_owned());
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            Ok::<_, anyhow::Error>(audit::record(
                conn,
                &actor,
                Entry {
                    action: "cycle.phase_moved",
                    subject_type: "cycle",
                    subject_id: cycle_id.to_string(),
                    detail: step.slug().to_owned(),
                },
                &ip,
                now,
            )?)
        })
    })
    .await?;
    Ok(moved)
}

/// A phase in words, as a sentence continues "the year is …".
pub fn phase_words(phase: Phase) -> &'static str {
    match phase {
        Phase::Upcoming => "waiting for nominations to open",
        Phase::Nominating => "taking nominations",
        Phase::Judging => "being judged",
        Phase::Deciding => "choosing the winners",
        Phase::Published => "finished: the results are published",
    }
}
