//! Scoring: turns judges' submitted reviews into fair, rankable results.
//!
//! This module owns the arithmetic of judging and nothing else (no I/O, no
//! storage): the weighted score of one review, the per-nomination statistics
//! (count, mean, median, spread, disagreement flag), the *normalised* score
//! that removes each judge's leniency or harshness, the per-judge leniency
//! estimates, and the rank of each nomination within its category. Callers
//! map nominations, judges and categories to plain `usize` indices.
//!
//! **Weighted score of a review.** Each criterion is scored on its own scale
//! `0..=scale_max`; it is converted to 0-10 (`score / scale_max * 10`) and the
//! criteria are averaged, each counting as many times as its weight.
//!
//! **Normalised score (the method).** Some judges mark everyone high, others
//! low. We assume every review is `quality of the nomination + leniency of the
//! judge + noise` and choose the qualities and leniencies that explain all the
//! reviews of the cycle best (least squares). Because judges review different
//! nominations, a judge who saw only strong entries looks lenient; the fit
//! untangles that through the judges they share nominations with. Leniencies
//! are shrunk towards zero by a ridge penalty [`JUDGE_OFFSET_RIDGE`] = 1.0: a
//! judge is treated as if they had one extra review that agreed exactly with
//! the consensus, so a judge with few reviews, or few links to other judges,
//! is corrected only partly, and one with many reviews almost fully. (The
//! penalty also settles the otherwise arbitrary split between "every quality
//! up by x" and "every leniency down by x".) The equations are solved exactly (conjugate gradients on the judges'
//! leniencies, up to [`MAX_SOLVER_ITERATIONS`] steps). Leniencies are then
//! re-centred so that, within each group of connected judges, the average
//! normalised score per review equals the average raw score: normalisation
//! moves nominations relative to each other, not the whole cycle up or down.
//! Normalised scores are not clipped to 0-10 (clipping would create false
//! ties): a nomination that a harsh judge marked 10 may come out above 10.
//!
//! **When the fit is not possible.** Judges and nominations form groups
//! linked by reviews ("connected components": two judges are linked when they
//! reviewed a common nomination, directly or through a chain of others). The
//! fit is used in every group with at least two judges; within such a group
//! leniencies are measured relative to each other and the group's judges are
//! taken to be neutral on average. A group with a single judge carries no
//! information about that judge's leniency, so its nominations fall back to
//! *z-scores*: the judge's scores are standardised by that judge's own mean
//! and standard deviation and mapped back to 0-10 with the mean and standard
//! deviation of all scores in the cycle. A judge with one review or identical
//! scores has no spread to measure; such reviews map to the cycle mean.
//! Each result says which method produced it ([`NormalisedBy`]) and which
//! group it was scored in ([`NominationResult::group`]): the normalised
//! scores of two groups of one category are not comparable, since each
//! group is centred on itself.
//!
//! **Disagreement.** A nomination is flagged when its highest and lowest
//! review differ by more than [`DISAGREEMENT_THRESHOLD`] = 3.0 points on the
//! 0-10 scale (exactly 3.0 is not flagged).
//!
//! **Ranking.** Within each category, by the normalised score (default), the
//! mean or the median; higher is better, and ties share a rank with the next
//! rank skipped (1, 2, 2, 4). Scores within 1e-9 of each other count as tied.
//! A nomination without a submitted review is unranked and says so.
//! Abstentions are carried through for display only.
//!
//! **Bad input.** A review is ignored (never a panic) if its nomination index
//! is out of range or its score is not a finite number within 0..=10 (float
//! drift of up to 1e-9 outside the range is clipped instead).

use std::collections::HashMap;

/// The scale a criterion uses when none is configured: 0..=10.
pub const DEFAULT_SCALE_MAX: u32 = 10;
/// A nomination is flagged when `max - min` of its reviews exceeds this.
pub const DISAGREEMENT_THRESHOLD: f64 = 3.0;
/// Ridge penalty on judge leniencies, in units of "phantom neutral reviews".
pub const JUDGE_OFFSET_RIDGE: f64 = 1.0;
/// Cap on conjugate-gradient steps; the best estimate so far is used after it.
pub const MAX_SOLVER_ITERATIONS: usize = 1_000;
pub(super) const SOLVER_TOLERANCE: f64 = 1e-12;
pub(super) const TIE_EPSILON: f64 = 1e-9;
pub(super) const SCORE_SLACK: f64 = 1e-9;

/// One criterion of one review: `score` on `0..=scale_max`, counted `weight` times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriterionScore {
    pub score: f64,
    pub weight: u32,
    pub scale_max: u32,
}

/// Weighted mean of the criteria, each normalised to 0-10. `None` when there is
/// no criterion, all weights are zero, or any criterion is invalid
/// (`scale_max` 0, score not finite or outside `0..=scale_max`).
#[must_use]
pub fn weighted_score(criteria: &[CriterionScore]) -> Option<f64> {
    let (mut total, mut weights) = (0.0, 0u64);
    for c in criteria {
        let max = f64::from(c.scale_max);
        if c.scale_max == 0 || !c.score.is_finite() || !(0.0..=max).contains(&c.score) {
            return None;
        }
        total += f64::from(c.weight) * (c.score / max * 10.0);
        weights += u64::from(c.weight);
    }
    (weights > 0).then(|| (total / weights as f64).clamp(0.0, 10.0))
}

/// A submitted review, already reduced to its weighted 0-10 score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReviewScore {
    pub nomination: usize,
    pub judge: usize,
    pub score: f64,
}

/// A nomination of the cycle; its index in the slice is its `nomination` index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NominationInput {
    pub category: usize,
    pub abstentions: u32,
}

/// Which score orders the nominations of a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RankBy {
    #[default]
    Normalised,
    Mean,
    Median,
}

/// How a nomination's normalised score was produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormalisedBy {
    /// The cycle-wide quality + leniency fit.
    Model,
    /// Fallback: per-judge z-scores (the nomination's judge shares no nomination with another judge).
    ZScore,
}

/// Why a nomination has no rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnrankedReason {
    NoSubmittedReviews,
}

impl UnrankedReason {
    #[must_use]
    pub fn message(self) -> &'static str {
        match self {
            UnrankedReason::NoSubmittedReviews => "no submitted reviews",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NominationResult {
    pub nomination: usize,
    pub category: usize,
    pub reviews: u32,
    pub abstentions: u32,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub normalised: Option<f64>,
    pub normalised_by: Option<NormalisedBy>,
    /// Highest minus lowest review score.
    pub spread: Option<f64>,
    pub disagreement: bool,
    /// Competition rank within the category (1 = best); `None` when unranked.
    pub rank: Option<u32>,
    pub unranked_reason: Option<UnrankedReason>,
    /// The group of linked judges it was scored in, numbered 1, 2, ... within
    /// its category in nomination order; `None` without a submitted review.
    pub group: Option<u32>,
}

/// A judge's fitted leniency (+ = marks higher than peers), for charts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JudgeOffset {
    pub judge: usize,
    pub reviews: u32,
    /// `None` when the judge could not be compared with any other judge.
    pub offset: Option<f64>,
}

/// Results for every nomination (in input order) and the fitted leniency
/// of every judge with a valid review (by judge index), from one fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub results: Vec<NominationResult>,
    pub judges: Vec<JudgeOffset>,
}

/// Fits once and returns both the results and the judges' leniencies.
#[must_use]
pub fn score(nominations: &[NominationInput], reviews: &[ReviewScore], rank_by: RankBy) -> Scored {
    let fit = fit::fit(nominations.len(), reviews);
    let mut scores = vec![Vec::new(); nominations.len()];
    for o in &fit.obs {
        scores[o.nom].push(o.score);
    }
    let mut results: Vec<NominationResult> = (nominations.iter().zip(scores).enumerate())
        .map(|(n, (input, mut scores))| {
            scores.sort_by(f64::total_cmp);
            let (mean, median, spread) = summarise(&scores);
            NominationResult {
                nomination: n,
                category: input.category,
                reviews: count_u32(scores.len()),
                abstentions: input.abstentions,
                mean,
                median,
                normalised: fit.normalised[n].map(|(v, _)| v),
                normalised_by: fit.normalised[n].map(|(_, by)| by),
                spread,
                disagreement: spread.is_some_and(|s| s > DISAGREEMENT_THRESHOLD),
                rank: None,
                unranked_reason: (scores.is_empty()).then_some(UnrankedReason::NoSubmittedReviews),
                group: None,
            }
        })
        .collect();
    let mut numbers: HashMap<(usize, usize), u32> = HashMap::new();
    let mut next: HashMap<usize, u32> = HashMap::new();
    for r in results.iter_mut().filter(|r| r.reviews > 0) {
        let key = (r.category, fit.component[r.nomination]);
        let number = *numbers.entry(key).or_insert_with(|| {
            let count = next.entry(r.category).or_insert(0);
            *count += 1;
            *count
        });
        r.group = Some(number);
    }
    assign_ranks(&mut results, rank_by);
    let mut judges = fit.judges;
    judges.sort_by_key(|o| o.judge);
    Scored { results, judges }
}

/// Results for every nomination, in input order.
#[must_use]
pub fn compute_results(
    nominations: &[NominationInput],
    reviews: &[ReviewScore],
    rank_by: RankBy,
) -> Vec<NominationResult> {
    score(nominations, reviews, rank_by).results
}

/// Fitted leniency of every judge with at least one valid review, by judge index.
#[must_use]
pub fn judge_offsets(nominations: &[NominationInput], reviews: &[ReviewScore]) -> Vec<JudgeOffset> {
    score(nominations, reviews, RankBy::Normalised).judges
}

pub(super) fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Mean, median and spread of sorted scores; all `None` when empty.
fn summarise(sorted: &[f64]) -> (Option<f64>, Option<f64>, Option<f64>) {
    let (Some(lo), Some(hi)) = (sorted.first(), sorted.last()) else {
        return (None, None, None);
    };
    let mid = sorted.len() / 2;
    let median = match sorted.len() % 2 {
        1 => sorted[mid],
        _ => sorted[mid - 1].midpoint(sorted[mid]),
    };
    let mean = sorted.iter().sum::<f64>() / sorted.len() as f64;
    (Some(mean), Some(median), Some(hi - lo))
}

/// Competition ranking (1, 2, 2, 4) per category, best first; ties within `TIE_EPSILON`.
fn assign_ranks(results: &mut [NominationResult], rank_by: RankBy) {
    let value = |r: &NominationResult| match rank_by {
        RankBy::Normalised => r.normalised,
        RankBy::Mean => r.mean,
        RankBy::Median => r.median,
    };
    let mut order: Vec<(usize, f64, usize)> = (results.iter().enumerate())
        .filter_map(|(i, r)| value(r).map(|v| (r.category, v, i)))
        .collect();
    order.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    let (mut pos, mut rank) = (0, 0);
    for k in 0..order.len() {
        let (category, v, i) = order[k];
        let same_category = k > 0 && order[k - 1].0 == category;
        pos = if same_category { pos + 1 } else { 1 };
        if !(same_category && order[k - 1].1 - v <= TIE_EPSILON) {
            rank = count_u32(pos);
        }
        results[i].rank = Some(rank);
    }
}

mod fit;
#[cfg(test)]
mod tests;
