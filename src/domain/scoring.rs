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
//! Each result says which method produced it ([`NormalisedBy`]).
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
const SOLVER_TOLERANCE: f64 = 1e-12;
const TIE_EPSILON: f64 = 1e-9;
const SCORE_SLACK: f64 = 1e-9;

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
}

/// A judge's fitted leniency (+ = marks higher than peers), for charts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JudgeOffset {
    pub judge: usize,
    pub reviews: u32,
    /// `None` when the judge could not be compared with any other judge.
    pub offset: Option<f64>,
}

/// Results for every nomination, in input order.
#[must_use]
pub fn compute_results(
    nominations: &[NominationInput],
    reviews: &[ReviewScore],
    rank_by: RankBy,
) -> Vec<NominationResult> {
    let fit = fit(nominations.len(), reviews);
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
            }
        })
        .collect();
    assign_ranks(&mut results, rank_by);
    results
}

/// Fitted leniency of every judge with at least one valid review, by judge index.
#[must_use]
pub fn judge_offsets(nominations: &[NominationInput], reviews: &[ReviewScore]) -> Vec<JudgeOffset> {
    let mut judges = fit(nominations.len(), reviews).judges;
    judges.sort_by_key(|o| o.judge);
    judges
}

fn count_u32(n: usize) -> u32 {
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

/// A valid review; `judge` is a dense index (order of first appearance).
struct Obs {
    nom: usize,
    judge: usize,
    score: f64,
}

struct Fit {
    obs: Vec<Obs>,
    normalised: Vec<Option<(f64, NormalisedBy)>>,
    judges: Vec<JudgeOffset>,
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn fit(noms: usize, reviews: &[ReviewScore]) -> Fit {
    use NormalisedBy::{Model, ZScore};
    let (mut dense, mut ids) = (HashMap::new(), Vec::new());
    let valid = |r: &&ReviewScore| {
        r.nomination < noms && (-SCORE_SLACK..=10.0 + SCORE_SLACK).contains(&r.score)
    };
    let obs: Vec<Obs> = (reviews.iter().filter(valid))
        .map(|r| Obs {
            nom: r.nomination,
            judge: *dense.entry(r.judge).or_insert_with(|| {
                ids.push(r.judge);
                ids.len() - 1
            }),
            score: r.score.clamp(0.0, 10.0),
        })
        .collect();
    let judges = ids.len();
    let (mut nom_count, mut judge_count) = (vec![0usize; noms], vec![0usize; judges]);
    let (mut nom_sum, mut judge_sum) = (vec![0.0; noms], vec![0.0; judges]);
    // Union-find over nominations (0..noms) and judges (noms..): connected components.
    let mut parent: Vec<usize> = (0..noms + judges).collect();
    for o in &obs {
        nom_count[o.nom] += 1;
        judge_count[o.judge] += 1;
        nom_sum[o.nom] += o.score;
        judge_sum[o.judge] += o.score;
        let a = find(&mut parent, o.nom);
        parent[a] = find(&mut parent, noms + o.judge);
    }
    let root: Vec<usize> = (0..noms + judges).map(|x| find(&mut parent, x)).collect();
    let mut judges_in = vec![0usize; noms + judges];
    for j in 0..judges {
        judges_in[root[noms + j]] += 1;
    }
    let inv = |c: usize| if c > 0 { 1.0 / c as f64 } else { 0.0 };
    let inv_count: Vec<f64> = nom_count.iter().map(|&c| inv(c)).collect();
    let nom_mean: Vec<f64> = nom_sum.iter().zip(&inv_count).map(|(s, i)| s * i).collect();
    // Least squares with qualities eliminated: solve for the judges' leniencies `b`.
    let mut rhs = vec![0.0; judges];
    for o in &obs {
        rhs[o.judge] += o.score - nom_mean[o.nom];
    }
    let diag: Vec<f64> = judge_count
        .iter()
        .map(|&c| c as f64 + JUDGE_OFFSET_RIDGE)
        .collect();
    let b = solve_offsets(&obs, &inv_count, &diag, &rhs);
    let mean_b = per_nomination_mean(&obs, &inv_count, &b);
    // Re-centre each component so its review-weighted mean leniency is zero.
    let (mut shift, mut comp_reviews) = (vec![0.0; noms + judges], vec![0; noms + judges]);
    for o in &obs {
        shift[root[o.nom]] += b[o.judge];
        comp_reviews[root[o.nom]] += 1;
    }
    for (s, c) in shift.iter_mut().zip(comp_reviews) {
        *s *= inv(c);
    }
    // Z-score fallback: population standard deviations, two passes.
    let total = obs.len().max(1) as f64;
    let cycle_mean = nom_sum.iter().sum::<f64>() / total;
    let judge_mean: Vec<f64> = (0..judges)
        .map(|j| judge_sum[j] * inv(judge_count[j]))
        .collect();
    let (mut cycle_ss, mut judge_ss) = (0.0, vec![0.0; judges]);
    for o in &obs {
        cycle_ss += (o.score - cycle_mean).powi(2);
        judge_ss[o.judge] += (o.score - judge_mean[o.judge]).powi(2);
    }
    let cycle_sd = (cycle_ss / total).sqrt();
    let mut z_sum = vec![0.0; noms];
    for o in &obs {
        let sd = (judge_ss[o.judge] * inv(judge_count[o.judge])).sqrt();
        if sd > 1e-9 {
            z_sum[o.nom] += (o.score - judge_mean[o.judge]) / sd;
        }
    }
    let normalised = (0..noms)
        .map(|n| match (nom_count[n], judges_in[root[n]]) {
            (0, _) => None,
            (_, 2..) => Some((nom_mean[n] - mean_b[n] + shift[root[n]], Model)),
            _ => Some((cycle_mean + cycle_sd * z_sum[n] * inv_count[n], ZScore)),
        })
        .collect();
    let judges = (0..judges)
        .map(|j| JudgeOffset {
            judge: ids[j],
            reviews: count_u32(judge_count[j]),
            offset: (judges_in[root[noms + j]] >= 2).then(|| b[j] - shift[root[noms + j]]),
        })
        .collect();
    Fit {
        obs,
        normalised,
        judges,
    }
}

/// Mean of `b` over each nomination's reviewers.
fn per_nomination_mean(obs: &[Obs], inv_count: &[f64], b: &[f64]) -> Vec<f64> {
    let mut sum = vec![0.0; inv_count.len()];
    for o in obs {
        sum[o.nom] += b[o.judge];
    }
    sum.iter().zip(inv_count).map(|(s, i)| s * i).collect()
}

/// Solves the normal equations for the leniencies `b` with qualities eliminated:
/// `(n_j + ridge) b_j - sum over j's reviews of (mean b of that nomination's reviewers)
/// = sum over j's reviews of (score - nomination mean)`. The matrix is symmetric positive
/// definite, so Jacobi-preconditioned conjugate gradients converge (from b = 0).
fn solve_offsets(obs: &[Obs], inv_count: &[f64], diag: &[f64], rhs: &[f64]) -> Vec<f64> {
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let precondition = |r: &[f64]| -> Vec<f64> { r.iter().zip(diag).map(|(r, d)| r / d).collect() };
    let (mut x, mut r, mut p) = (vec![0.0; rhs.len()], rhs.to_vec(), precondition(rhs));
    let mut rz = dot(&r, &p);
    let limit = SOLVER_TOLERANCE * dot(rhs, rhs).sqrt();
    for _ in 0..MAX_SOLVER_ITERATIONS {
        if dot(&r, &r).sqrt() <= limit || rz <= 0.0 {
            break;
        }
        let mean_p = per_nomination_mean(obs, inv_count, &p);
        let mut ap: Vec<f64> = p.iter().zip(diag).map(|(p, d)| p * d).collect();
        for o in obs {
            ap[o.judge] -= mean_p[o.nom];
        }
        let pap = dot(&p, &ap);
        if !(pap > 0.0 && pap.is_finite()) {
            break;
        }
        let alpha = rz / pap;
        for i in 0..x.len() {
            x[i] += alpha * p[i];
            r[i] -= alpha * ap[i];
        }
        let z = precondition(&r);
        let rz_next = dot(&r, &z);
        let beta = rz_next / rz;
        p.iter_mut().zip(&z).for_each(|(p, z)| *p = z + beta * *p);
        rz = rz_next;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::NormalisedBy::{Model, ZScore};
    use super::*;
    use proptest::prelude::*;

    /// Grid cell meaning "this judge did not review this nomination".
    const NO: f64 = -1.0;

    fn nominations(n: usize) -> Vec<NominationInput> {
        vec![NominationInput::default(); n]
    }

    fn review(nomination: usize, judge: usize, score: f64) -> ReviewScore {
        ReviewScore {
            nomination,
            judge,
            score,
        }
    }

    /// Reviews from a grid: row = nomination, column = judge.
    fn grid(rows: &[&[f64]]) -> Vec<ReviewScore> {
        let mut reviews = Vec::new();
        for (n, row) in rows.iter().enumerate() {
            for (j, &s) in row.iter().enumerate().filter(|(_, s)| **s != NO) {
                reviews.push(review(n, j, s));
            }
        }
        reviews
    }

    fn score(criteria: &[(f64, u32, u32)]) -> Option<f64> {
        let c = |&(score, weight, scale_max)| CriterionScore {
            score,
            weight,
            scale_max,
        };
        weighted_score(&criteria.iter().map(c).collect::<Vec<_>>())
    }

    fn ranks(results: &[NominationResult]) -> Vec<Option<u32>> {
        results.iter().map(|r| r.rank).collect()
    }

    fn normalised(results: &[NominationResult], n: usize) -> f64 {
        results[n].normalised.unwrap_or(f64::NAN)
    }

    #[test]
    fn weighted_score_normalises_each_scale_and_weights_each_criterion() {
        // 8/10 -> 8.0 (weight 1) and 3/5 -> 6.0 (weight 3): (8 + 18) / 4.
        assert_eq!(score(&[(8.0, 1, 10), (3.0, 3, 5)]), Some(6.5));
        assert_eq!(score(&[(7.0, 2, DEFAULT_SCALE_MAX)]), Some(7.0));
        assert_eq!(score(&[(4.0, 0, 4), (1.0, 1, 4)]), Some(2.5));
    }

    #[test]
    fn weighted_score_is_none_when_empty_weightless_or_out_of_scale() {
        let none = [
            &[][..],
            &[(5.0, 0, 10)],
            &[(6.0, 1, 5)],
            &[(1.0, 1, 0)],
            &[(f64::NAN, 1, 9)],
        ];
        assert!(none.iter().all(|c| score(c).is_none()));
    }

    #[test]
    fn median_of_an_odd_count_is_the_middle_one_and_of_an_even_count_the_mean_of_the_middle_two() {
        let reviews = grid(&[&[9.0, 2.0, 5.0], &[8.0, 1.0, 4.0, 6.0]]);
        let [odd, even] = &compute_results(&nominations(2), &reviews, RankBy::Median)[..] else {
            panic!("two results expected");
        };
        assert_eq!((odd.median, odd.reviews), (Some(5.0), 3));
        assert_eq!((even.median, even.mean), (Some(5.0), Some(4.75)));
    }

    #[test]
    fn tied_nominations_share_a_rank_the_next_is_skipped_and_each_category_ranks_alone() {
        let mut noms = nominations(6);
        noms[4].category = 1;
        let reviews = grid(&[&[9.0], &[7.0], &[7.0], &[5.0], &[4.0], &[6.0]]);
        let results = compute_results(&noms, &reviews, RankBy::Mean);
        let expected = [1, 2, 2, 5, 1, 4].map(Some);
        assert_eq!(ranks(&results), expected);
    }

    #[test]
    fn a_nomination_without_submitted_reviews_is_unranked_and_says_why() {
        let mut noms = nominations(2);
        noms[0].abstentions = 2;
        let results = compute_results(&noms, &grid(&[&[], &[6.0]]), RankBy::Normalised);
        let r = &results[0];
        assert_eq!((r.reviews, r.abstentions, r.rank), (0, 2, None));
        assert_eq!(r.unranked_reason, Some(UnrankedReason::NoSubmittedReviews));
        let why = r.unranked_reason.map(UnrankedReason::message);
        assert_eq!(why, Some("no submitted reviews"));
        assert_eq!((r.mean, r.normalised, r.spread), (None, None, None));
        assert_eq!(results[1].rank, Some(1));
        assert!(results[1].unranked_reason.is_none());
    }

    #[test]
    fn disagreement_is_flagged_above_the_threshold_and_not_at_or_below_it() {
        let reviews = grid(&[&[2.0, 5.5], &[2.0, 5.0], &[4.0, 5.0]]);
        let results = compute_results(&nominations(3), &reviews, RankBy::Normalised);
        assert_eq!(results[0].spread, Some(3.5));
        let flags: Vec<bool> = results.iter().map(|r| r.disagreement).collect();
        assert_eq!(flags, [true, false, false]);
    }

    #[test]
    fn invalid_reviews_are_skipped_without_panicking() {
        let mut reviews = grid(&[&[7.0, f64::NAN, f64::INFINITY, 10.5]]);
        reviews.extend([review(5, 0, 7.0), review(0, usize::MAX, 10.0 + 1e-12)]);
        let results = compute_results(&nominations(1), &reviews, RankBy::Normalised);
        assert_eq!((results[0].reviews, results[0].mean), (2, Some(8.5)));
        assert_eq!(judge_offsets(&nominations(1), &reviews).len(), 2);
    }

    #[test]
    fn a_judge_alone_in_their_component_falls_back_to_z_scores_on_the_cycle_scale() {
        // Judges 0 and 1 share nomination 0; judge 2 alone reviews 2 and 3; judges 3 and 4
        // alone give identical scores (no spread) and a single review.
        let (x, y) = (&[NO, NO, 9.0][..], &[NO, NO, 7.0][..]);
        let (a, b) = (&[NO, NO, NO, 8.0][..], &[NO, NO, NO, NO, 8.0][..]);
        let (reviews, noms) = (grid(&[&[6.0, 6.0], &[4.0], x, y, a, a, b]), nominations(7));
        let results = compute_results(&noms, &reviews, RankBy::Normalised);
        let z: Vec<bool> = results
            .iter()
            .map(|r| r.normalised_by == Some(ZScore))
            .collect();
        assert_eq!(z, [false, false, true, true, true, true, true]);
        // Scores 6, 6, 4, 9, 7, 8, 8, 8: mean 7, population sd sqrt(18 / 8) = 1.5.
        let (mean, sd) = (7.0, 1.5);
        assert!((normalised(&results, 2) - (mean + sd)).abs() < 1e-9);
        assert!((normalised(&results, 3) - (mean - sd)).abs() < 1e-9);
        assert!((4..7).all(|n| (normalised(&results, n) - mean).abs() < 1e-9));
        let offsets = judge_offsets(&noms, &reviews);
        assert!(offsets[0].offset.is_some() && offsets[2].offset.is_none());
    }

    #[test]
    fn the_normalised_ranking_recovers_the_true_order_where_the_mean_misranks() {
        // 12 nominations of true quality 3.0, 3.5, ..., 8.5; six judges of known leniency;
        // nomination i is reviewed by judges i, i+1, i+2 (mod 6): incomplete but connected.
        // Deterministic noise in [-0.15, 0.15].
        let leniency = [2.0, 2.0, 0.0, -2.0, -2.0, 0.0];
        let quality = |i: usize| 3.0 + 0.5 * i as f64;
        let (mut state, mut reviews) = (0x9E37_79B9_u32, Vec::new());
        for (i, k) in (0..12).flat_map(|i| [(i, 0), (i, 1), (i, 2)]) {
            let judge = (i + k) % 6;
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let noise = (f64::from(state % 1000) / 999.0 - 0.5) * 0.3;
            reviews.push(review(i, judge, quality(i) + leniency[judge] + noise));
        }
        let results = compute_results(&nominations(12), &reviews, RankBy::Normalised);
        let order_by = |key: &dyn Fn(usize) -> f64| {
            let mut order: Vec<usize> = (0..12).collect();
            order.sort_by(|&a, &b| key(b).total_cmp(&key(a)));
            order
        };
        let truth = order_by(&quality);
        let mean = |i: usize| results[i].mean.unwrap_or(f64::NAN);
        assert_ne!(order_by(&mean), truth, "the plain mean should misrank");
        assert_eq!(order_by(&|i| normalised(&results, i)), truth);
        assert!(results.iter().all(|r| r.normalised_by == Some(Model)));
        let offsets = judge_offsets(&nominations(12), &reviews);
        let b: Vec<f64> = offsets
            .iter()
            .map(|o| o.offset.unwrap_or(f64::NAN))
            .collect();
        // Shrunk towards zero by the ridge, but in the right direction and order.
        assert!(
            b[0].min(b[1]) > b[2].max(b[5]) && b[2].min(b[5]) > b[3].max(b[4]),
            "{b:?}"
        );
        assert!(b[0] > 1.0 && b[3] < -1.0, "{b:?}");
    }

    fn finite_or_none(v: Option<f64>) -> bool {
        v.is_none_or(f64::is_finite)
    }

    proptest! {
        #[test]
        fn adding_a_constant_to_one_judges_scores_leaves_the_normalised_ranking_unchanged(
            (judges, scores, shifted, constant) in (2usize..6, 2usize..12)
                .prop_flat_map(|(j, n)| (Just(j), prop::collection::vec(3u8..=7, j * n), 0..j, -3.0..3.0))
        ) {
            // Complete design: every judge reviews every nomination.
            let noms = nominations(scores.len() / judges);
            let design = |c: f64| -> Vec<ReviewScore> {
                let extra = |j: usize| if j == shifted { c } else { 0.0 };
                (scores.iter().enumerate())
                    .map(|(k, &s)| review(k / judges, k % judges, f64::from(s) + extra(k % judges)))
                    .collect()
            };
            let before = compute_results(&noms, &design(0.0), RankBy::Normalised);
            let after = compute_results(&noms, &design(constant), RankBy::Normalised);
            prop_assert_eq!(ranks(&before), ranks(&after));
            for n in 1..noms.len() {
                let gap = |r: &[NominationResult]| normalised(r, n) - normalised(r, 0);
                prop_assert!((gap(&before) - gap(&after)).abs() < 1e-6);
            }
        }

        #[test]
        fn judges_without_leniency_give_the_same_normalised_ranking_as_the_mean(
            (judges, truths, extra) in (2usize..6, 6usize..15).prop_flat_map(|(j, n)| {
                (Just(j), prop::collection::vec(0u8..=20, n), prop::collection::vec(any::<bool>(), j * n))
            })
        ) {
            // Connected: nomination n links judges n and n + 1 (mod judges), plus random extras.
            let mut reviews = Vec::new();
            for (n, &t) in truths.iter().enumerate() {
                for j in 0..judges {
                    if j == n % judges || j == (n + 1) % judges || extra[n * judges + j] {
                        reviews.push(review(n, j, f64::from(t) / 2.0));
                    }
                }
            }
            let noms = nominations(truths.len());
            let by_normalised = compute_results(&noms, &reviews, RankBy::Normalised);
            let by_mean = compute_results(&noms, &reviews, RankBy::Mean);
            prop_assert_eq!(ranks(&by_normalised), ranks(&by_mean));
            prop_assert!(by_normalised.iter().all(|r| r.normalised_by == Some(Model)));
        }

        #[test]
        fn results_never_contain_nan_or_infinity(
            noms in 0usize..8,
            raw in prop::collection::vec((0usize..10, 0usize..7, prop_oneof![
                0.0f64..=10.0, Just(5.0), Just(f64::NAN), Just(f64::NEG_INFINITY), Just(f64::MAX), -5.0f64..15.0,
            ]), 0..40),
            rank_by in prop_oneof![Just(RankBy::Normalised), Just(RankBy::Mean), Just(RankBy::Median)],
        ) {
            let reviews: Vec<_> = raw.iter().map(|&(n, j, s)| review(n, j * 1_000_003, s)).collect();
            for r in compute_results(&nominations(noms), &reviews, rank_by) {
                prop_assert!([r.mean, r.median, r.normalised, r.spread].into_iter().all(finite_or_none));
                prop_assert_eq!(r.rank.is_some(), r.reviews > 0);
                prop_assert_eq!(r.normalised.is_some(), r.reviews > 0);
            }
            for o in judge_offsets(&nominations(noms), &reviews) {
                prop_assert!(finite_or_none(o.offset));
            }
        }

        #[test]
        fn weighted_scores_of_valid_criteria_stay_on_the_zero_to_ten_scale(
            criteria in prop::collection::vec((1u32..=100, 0u32..5).prop_flat_map(|(max, w)| {
                (0u32..=max).prop_map(move |s| (f64::from(s), w, max))
            }), 1..8)
        ) {
            let result = score(&criteria);
            prop_assert_eq!(result.is_some(), criteria.iter().any(|c| c.1 > 0));
            prop_assert!(result.is_none_or(|s| (0.0..=10.0).contains(&s)));
        }
    }
}
