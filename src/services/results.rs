//! Results for organisers: every submitted nomination of a cycle with its
//! reviews reduced to a mean, a median and a normalised score (judges'
//! leniency removed, fitted across the whole cycle by `domain::scoring`),
//! a disagreement flag and a rank within its category; and each judge's
//! scores with their fitted leniency, for the chart.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::decision::{self, Decision};
use crate::domain::ids::{CycleId, NominationId, UserId};
use crate::domain::scoring::{
    self, NominationInput, NormalisedBy, RankBy, ReviewScore, UnrankedReason,
};
use crate::error::AppError;
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles::{self, CategoryView, CycleView};
use crate::store::results::{self as store, FinishedReview, ResultNomination};
use crate::store::{Db, DbConnection, parse_id};

/// Fewer submitted reviews than this is flagged.
pub const FEW_REVIEWS: u32 = 2;

/// One nomination's results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResultRow {
    #[schema(value_type = String, format = Uuid)]
    pub nomination_id: NominationId,
    pub reference: String,
    /// The category's slug.
    pub category: String,
    pub category_name: String,
    pub nominee_name: String,
    /// Submitted reviews.
    pub reviews: u32,
    pub abstentions: u32,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// The score with each judge's leniency removed.
    pub normalised: Option<f64>,
    /// `model` (the cycle-wide fit) or `z_score` (a judge who shares no nomination with another).
    pub normalised_by: Option<String>,
    /// The same as `normalised_by`: how the normalised score was produced.
    pub normalisation: Option<String>,
    /// The group of linked judges (judges who share nominations, directly or
    /// through others) this nomination was scored in, numbered 1, 2, ... within
    /// its category. Normalised scores of different groups are not comparable.
    pub group: Option<u32>,
    /// Highest minus lowest review.
    pub spread: Option<f64>,
    /// The judges differ by more than 3 points.
    pub disagreement: bool,
    /// Fewer than two submitted reviews.
    pub few_reviews: bool,
    /// 1 = best within the category by the chosen score; ties share a rank.
    pub rank: Option<u32>,
    pub unranked_reason: Option<String>,
    pub decision: Option<Decision>,
    /// What the ranking and the category's shortlist size suggest.
    pub suggested: Option<Decision>,
}

/// A judge's submitted scores (0-10) and fitted leniency.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JudgeScores {
    #[schema(value_type = String, format = Uuid)]
    pub judge_id: UserId,
    pub name: String,
    pub scores: Vec<f64>,
    /// + marks higher than peers; none when the judge shares no nomination with another.
    pub offset: Option<f64>,
}

/// Everything the results page shows.
#[derive(Debug, Clone)]
pub struct Results {
    pub cycle: CycleView,
    pub rank_by: RankBy,
    /// The chosen category, or all.
    pub category: Option<CategoryView>,
    pub rows: Vec<ResultRow>,
    pub judges: Vec<JudgeScores>,
}

/// What the data of a cycle's results is, loaded in one go.
pub(crate) struct Loaded {
    pub nominations: Vec<ResultNomination>,
    pub reviews: Vec<FinishedReview>,
    pub decisions: HashMap<String, String>,
    pub names: HashMap<String, String>,
}

pub(crate) fn load(conn: &mut DbConnection, cycle_id: CycleId) -> anyhow::Result<Loaded> {
    let cycle = cycle_id.to_string();
    let nominations = store::nominations(conn, &cycle)?;
    let reviews = store::finished_reviews(conn, &cycle)?;
    let decisions = store::decisions(conn, &cycle)?.into_iter().collect();
    let names = judge_names(conn, reviews.iter().map(|r| r.judge_id.as_str()))?;
    Ok(Loaded {
        nominations,
        reviews,
        decisions,
        names,
    })
}

/// The names of the given judges, by id.
pub(crate) fn judge_names<'a>(
    conn: &mut DbConnection,
    ids: impl Iterator<Item = &'a str>,
) -> anyhow::Result<HashMap<String, String>> {
    let mut ids: Vec<String> = ids.map(str::to_owned).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(store::user_names(conn, &ids)?.into_iter().collect())
}

/// Picks the category named by `slug` (none: every category); 404 when unknown.
pub(crate) fn category_by_slug(
    cycle: &CycleView,
    slug: Option<&str>,
) -> Result<Option<CategoryView>, AppError> {
    match slug.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(slug) => cycle
            .categories
            .iter()
            .find(|c| c.slug == slug)
            .cloned()
            .map(Some)
            .ok_or_else(|| AppError::not_found("category")),
    }
}

/// Results of every nomination and judge of the cycle, ranked by `rank_by`.
pub(crate) fn compute(
    cycle: &CycleView,
    loaded: &Loaded,
    rank_by: RankBy,
) -> anyhow::Result<(Vec<ResultRow>, Vec<JudgeScores>)> {
    let position: HashMap<String, usize> = (cycle.categories.iter().enumerate())
        .map(|(i, c)| (c.id.to_string(), i))
        .collect();
    let index: HashMap<&str, usize> = (loaded.nominations.iter().enumerate())
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut inputs: Vec<NominationInput> = (loaded.nominations.iter())
        .map(|n| NominationInput {
            category: position.get(&n.category_id).copied().unwrap_or(usize::MAX),
            abstentions: 0,
        })
        .collect();
    let (mut judge_index, mut judge_ids): (HashMap<&str, usize>, Vec<&str>) = Default::default();
    let mut reviews = Vec::new();
    for review in &loaded.reviews {
        let Some(&n) = index.get(review.nomination_id.as_str()) else {
            continue;
        };
        if review.status == "abstained" {
            inputs[n].abstentions += 1;
            continue;
        }
        let judge = *judge_index.entry(&review.judge_id).or_insert_with(|| {
            judge_ids.push(&review.judge_id);
            judge_ids.len() - 1
        });
        if let Some(score) = review.weighted_score {
            reviews.push(ReviewScore {
                nomination: n,
                judge,
                score,
            });
        }
    }
    let scored = scoring::score(&inputs, &reviews, rank_by);
    let results = &scored.results;
    let mut rows = Vec::with_capacity(results.len());
    for (result, nomination) in results.iter().zip(&loaded.nominations) {
        let category = cycle.categories.get(result.category);
        let current = (loaded.decisions.get(&nomination.id)).and_then(|d| Decision::parse(d));
        let shortlist = category.map_or(0, |c| u32::try_from(c.shortlist_size).unwrap_or(0));
        rows.push(ResultRow {
            nomination_id: parse_id(&nomination.id)?,
            reference: nomination.reference.clone().unwrap_or_default(),
            category: category.map(|c| c.slug.clone()).unwrap_or_default(),
            category_name: category.map(|c| c.name.clone()).unwrap_or_default(),
            nominee_name: nomination.nominee_name.clone(),
            reviews: result.reviews,
            abstentions: result.abstentions,
            mean: result.mean,
            median: result.median,
            normalised: result.normalised,
            normalised_by: normalisation(result.normalised_by),
            normalisation: normalisation(result.normalised_by),
            group: result.group,
            spread: result.spread,
            disagreement: result.disagreement,
            few_reviews: result.reviews < FEW_REVIEWS,
            rank: result.rank,
            unranked_reason: result
                .unranked_reason
                .map(|r| UnrankedReason::message(r).to_owned()),
            decision: current,
            suggested: decision::suggest(result.rank, shortlist, current),
        });
    }
    let order = |r: &ResultRow| {
        let category = (cycle.categories.iter()).position(|c| c.slug == r.category);
        (category, r.rank.is_none(), r.rank, r.reference.clone())
    };
    rows.sort_by_cached_key(order);
    let offsets: HashMap<usize, Option<f64>> = (scored.judges.iter())
        .map(|o| (o.judge, o.offset))
        .collect();
    let mut scores_of: Vec<Vec<f64>> = vec![Vec::new(); judge_ids.len()];
    for review in &reviews {
        scores_of[review.judge].push(review.score);
    }
    let mut judges: Vec<JudgeScores> = Vec::with_capacity(judge_ids.len());
    for ((j, id), mut scores) in judge_ids.iter().enumerate().zip(scores_of) {
        scores.sort_by(f64::total_cmp);
        judges.push(JudgeScores {
            judge_id: parse_id(id)?,
            name: loaded.names.get(*id).cloned().unwrap_or_default(),
            scores,
            offset: offsets.get(&j).copied().flatten(),
        });
    }
    judges.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((rows, judges))
}

fn normalisation(by: Option<NormalisedBy>) -> Option<String> {
    by.map(|by| {
        match by {
            NormalisedBy::Model => "model",
            NormalisedBy::ZScore => "z_score",
        }
        .to_owned()
    })
}

/// A cycle's results, optionally of one category (organisers).
#[tracing::instrument(skip(db, principal), fields(cycle = %cycle_id))]
pub async fn results(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    category: Option<&str>,
    rank_by: RankBy,
    now: DateTime<Utc>,
) -> Result<Results, AppError> {
    require_organiser(principal)?;
    let cycle = cycles::get(db, cycle_id, now).await?;
    let category = category_by_slug(&cycle, category)?;
    let computed = computed(db, &cycle, rank_by).await?;
    let rows = (computed.rows.iter())
        .filter(|row| category.as_ref().is_none_or(|c| row.category == c.slug))
        .cloned()
        .collect();
    Ok(Results {
        cycle,
        rank_by,
        category,
        rows,
        judges: computed.judges.clone(),
    })
}

/// A cycle's results under one ranking.
struct Computed {
    rows: Vec<ResultRow>,
    judges: Vec<JudgeScores>,
}

/// The results computed so far, by cycle and ranking, kept in
/// [`Db::judging`] until this process writes anything (or, for changes made
/// by other instances, for up to a second).
#[derive(Clone, Default)]
struct Kept(HashMap<(CycleId, RankBy), Arc<Computed>>);

async fn computed(db: &Db, cycle: &CycleView, rank_by: RankBy) -> Result<Arc<Computed>, AppError> {
    let found = |kept: &Option<Arc<Kept>>| {
        (kept.as_ref()).and_then(|kept| kept.0.get(&(cycle.id, rank_by)).cloned())
    };
    if let Some(computed) = found(&db.judging().get::<Kept>()) {
        return Ok(computed);
    }
    // Many organisers asking at once wait for one computation.
    let _turn = db.judging().one_reader().await;
    let kept = db.judging().get::<Kept>();
    if let Some(computed) = found(&kept) {
        return Ok(computed);
    }
    let ticket = db.judging().begin_read();
    let cycle_id = cycle.id;
    let loaded = db.run(move |conn| load(conn, cycle_id)).await?;
    let (rows, judges) = compute(cycle, &loaded, rank_by)?;
    let computed = Arc::new(Computed { rows, judges });
    let mut now_kept = kept.map(|kept| kept.as_ref().clone()).unwrap_or_default();
    now_kept
        .0
        .insert((cycle_id, rank_by), Arc::clone(&computed));
    db.judging().put(ticket, Arc::new(now_kept));
    Ok(computed)
}
