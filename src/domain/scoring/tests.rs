//! Unit and property tests of scoring: weighted scores, statistics, ranks,
//! the z-score fallback and the properties of the normalised score.

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

#[test]
fn each_group_of_linked_judges_is_numbered_within_its_category() {
    // Judges 0 and 1 share nominations 0 and 1; judges 2 and 3 share 2 and 3;
    // nomination 4 (category 1) is linked to the first group through judge 0.
    let mut noms = nominations(6);
    noms[4].category = 1;
    noms[5].category = 1;
    let reviews = grid(&[
        &[6.0, 7.0],
        &[5.0, 4.0],
        &[NO, NO, 8.0, 6.0],
        &[NO, NO, 3.0, 5.0],
        &[7.0, NO, NO, NO, 6.0],
    ]);
    let results = compute_results(&noms, &reviews, RankBy::Normalised);
    let groups: Vec<Option<u32>> = results.iter().map(|r| r.group).collect();
    assert_eq!(groups, [Some(1), Some(1), Some(2), Some(2), Some(1), None]);
    assert!(results[..5].iter().all(|r| r.normalised_by == Some(Model)));
}
