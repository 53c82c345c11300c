//! Unit and property tests of the assignment: hard rules, optimality
//! against brute force and residual-cycle checks, balance and determinism.

use super::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn need(category: usize, needed: u32, existing: &[usize]) -> NominationNeed {
    NominationNeed {
        category,
        needed,
        existing: existing.to_vec(),
    }
}

fn problem(judges: usize, nominations: Vec<NominationNeed>, panels: Vec<Vec<usize>>) -> Problem {
    Problem {
        judge_count: judges,
        nominations,
        panels,
        conflicts: vec![],
        seed: 7,
    }
}

fn solve(p: &Problem) -> Plan {
    assign(p, &CostModel::default()).expect("valid problem")
}

/// Cost of adding `added` on top of the existing assignments, recomputed
/// from the definition in the module doc.
fn cost_of(p: &Problem, m: &CostModel, added: &[(usize, usize)]) -> i64 {
    let mut load = vec![0i64; p.judge_count];
    for n in &p.nominations {
        let distinct: BTreeSet<_> = n.existing.iter().collect();
        distinct.into_iter().for_each(|&j| load[j] += 1);
    }
    let mut cost = 0;
    for &(n, j) in added {
        let on_panel = p.panels[j].contains(&p.nominations[n].category);
        cost +=
            if on_panel { 0 } else { i64::from(m.off_panel) } + i64::from(m.load_step) * load[j];
        load[j] += 1;
    }
    cost
}

/// Judges each nomination may still get, and how many it should get.
fn options(p: &Problem) -> Vec<(Vec<usize>, usize)> {
    let conflicts: BTreeSet<_> = p.conflicts.iter().copied().collect();
    (p.nominations.iter().enumerate())
        .map(|(n, need)| {
            let existing: BTreeSet<_> = need.existing.iter().copied().collect();
            let free: Vec<usize> = (0..p.judge_count)
                .filter(|&j| !existing.contains(&j) && !conflicts.contains(&(n, j)))
                .collect();
            let want = (need.needed as usize)
                .saturating_sub(existing.len())
                .min(free.len());
            (free, want)
        })
        .collect()
}

/// Receives one complete choice of added pairs.
type Visit<'a> = dyn FnMut(&[(usize, usize)]) + 'a;

/// Calls `visit` with every way of filling the nominations as far as possible.
fn each_choice(p: &Problem, visit: &mut Visit) {
    fn go(
        k: usize,
        opts: &[(Vec<usize>, usize)],
        chosen: &mut Vec<(usize, usize)>,
        visit: &mut Visit,
    ) {
        let Some((free, want)) = opts.get(k) else {
            return visit(chosen);
        };
        for mask in 0u32..(1 << free.len()) {
            if mask.count_ones() as usize == *want {
                let len = chosen.len();
                chosen.extend(
                    free.iter()
                        .enumerate()
                        .filter(|(b, _)| mask >> b & 1 == 1)
                        .map(|(_, &j)| (k, j)),
                );
                go(k + 1, opts, chosen, visit);
                chosen.truncate(len);
            }
        }
    }
    go(0, &options(p), &mut Vec::new(), visit);
}

fn brute_force(p: &Problem, m: &CostModel) -> i64 {
    let mut best = i64::MAX;
    each_choice(p, &mut |chosen| best = best.min(cost_of(p, m, chosen)));
    best
}

/// Checks the plan's hard rules and bookkeeping against the problem.
fn check_rules(p: &Problem, plan: &Plan) -> Result<(), TestCaseError> {
    let conflicts: BTreeSet<_> = p.conflicts.iter().copied().collect();
    let mut on: Vec<BTreeSet<usize>> = p
        .nominations
        .iter()
        .map(|n| n.existing.iter().copied().collect())
        .collect();
    let mut loads = vec![0u32; p.judge_count];
    on.iter().flatten().for_each(|&j| loads[j] += 1);
    for &(n, j) in &plan.added {
        prop_assert!(
            !conflicts.contains(&(n, j)),
            "conflicted pair ({n}, {j}) assigned"
        );
        prop_assert!(on[n].insert(j), "judge {j} twice on nomination {n}");
        loads[j] += 1;
    }
    prop_assert_eq!(&loads, &plan.loads);
    let mut expected = Vec::new();
    for (n, ((free, want), need)) in options(p).iter().zip(&p.nominations).enumerate() {
        let existing = need.existing.iter().collect::<BTreeSet<_>>().len();
        prop_assert_eq!(
            on[n].len(),
            existing + want,
            "nomination {} filled as far as possible",
            n
        );
        let missing = (need.needed as usize).saturating_sub(existing + want) as u32;
        if missing > 0 {
            let available = (existing + free.len()) as u32;
            let reason = UnfilledReason::NotEnoughJudges {
                available,
                needed: need.needed,
            };
            expected.push(Unfilled {
                nomination: n,
                missing,
                reason,
            });
        }
    }
    prop_assert_eq!(&expected, &plan.unfilled);
    Ok(())
}

/// True if the plan's residual graph has a negative cycle (plain
/// Bellman-Ford on the explicit graph), i.e. the plan is not optimal.
fn has_negative_cycle(p: &Problem, m: &CostModel, plan: &Plan) -> bool {
    let (nj, nn) = (p.judge_count, p.nominations.len());
    let (t, opts) = (nj + nn, options(p));
    let step = i64::from(m.load_step);
    let mut added = vec![0i64; nj];
    plan.added.iter().for_each(|&(_, j)| added[j] += 1);
    let mut arcs = Vec::new();
    for (n, (free, _)) in opts.iter().enumerate() {
        for &j in free {
            let pen = if p.panels[j].contains(&p.nominations[n].category) {
                0
            } else {
                i64::from(m.off_panel)
            };
            if plan.added.binary_search(&(n, j)).is_ok() {
                arcs.push((j, nj + n, -pen));
            } else {
                arcs.push((nj + n, j, pen));
            }
        }
    }
    for (j, &load) in plan.loads.iter().enumerate() {
        let load = i64::from(load);
        arcs.push((j, t, step * load));
        if added[j] > 0 {
            arcs.push((t, j, -step * (load - 1)));
        }
    }
    let mut d = vec![0i64; t + 1];
    for _ in 0..=t {
        let mut changed = false;
        for &(u, v, c) in &arcs {
            if d[u] + c < d[v] {
                d[v] = d[u] + c;
                changed = true;
            }
        }
        if !changed {
            return false;
        }
    }
    true
}

#[test]
fn panel_judges_are_preferred_over_off_panel_judges() {
    let p = problem(
        4,
        vec![need(0, 2, &[]), need(1, 2, &[])],
        vec![vec![0], vec![1], vec![0], vec![1]],
    );
    let plan = solve(&p);
    assert_eq!(plan.added, vec![(0, 0), (0, 2), (1, 1), (1, 3)]);
    assert_eq!(plan.cost, 0);
}

#[test]
fn an_off_panel_judge_is_used_only_past_ten_nominations_of_imbalance() {
    // Judge 0 is the only panel judge; judge 1 is off-panel and idle.
    let with_backlog = |extra: usize| {
        let mut noms: Vec<_> = (0..extra).map(|_| need(1, 1, &[0])).collect();
        noms.push(need(0, 1, &[]));
        problem(2, noms, vec![vec![0, 1], vec![]])
    };
    assert_eq!(solve(&with_backlog(9)).added, vec![(9, 0)]);
    assert_eq!(solve(&with_backlog(11)).added, vec![(11, 1)]);
    assert_eq!(solve(&with_backlog(10)).cost, 100, "exactly ten is a tie");
}

#[test]
fn conflicted_pairs_are_never_assigned() {
    let mut p = problem(3, vec![need(0, 2, &[])], vec![vec![0], vec![0], vec![]]);
    p.conflicts = vec![(0, 0)];
    assert_eq!(solve(&p).added, vec![(0, 1), (0, 2)]);
}

#[test]
fn existing_assignments_are_kept_and_counted_toward_load() {
    // Judge 0 already carries two nominations, so the new one goes to judge 1.
    let p = problem(
        2,
        vec![need(0, 1, &[0]), need(0, 1, &[0, 0]), need(0, 1, &[])],
        vec![vec![0], vec![0]],
    );
    let plan = solve(&p);
    assert_eq!(plan.added, vec![(2, 1)]);
    assert_eq!(plan.loads, vec![2, 1]);
}

#[test]
fn a_nomination_with_too_few_eligible_judges_is_listed_with_its_reason() {
    let mut p = problem(3, vec![need(0, 3, &[2]), need(0, 1, &[])], vec![vec![0]; 3]);
    p.conflicts = vec![(0, 0)];
    let plan = solve(&p);
    let reason = UnfilledReason::NotEnoughJudges {
        available: 2,
        needed: 3,
    };
    assert_eq!(
        plan.unfilled,
        vec![Unfilled {
            nomination: 0,
            missing: 1,
            reason
        }]
    );
    assert!(plan.added.contains(&(0, 1)));
}

#[test]
fn the_same_seed_gives_the_same_plan_and_other_seeds_the_same_cost() {
    let noms = (0..30).map(|n| need(n % 3, 2, &[])).collect();
    let mut p = problem(7, noms, (0..7).map(|j| vec![j % 3]).collect());
    p.conflicts = vec![(0, 0), (4, 3), (9, 6)];
    let first = solve(&p);
    assert_eq!(first, solve(&p));
    let plans: BTreeSet<_> = (0..8)
        .map(|seed| solve(&Problem { seed, ..p.clone() }).added)
        .collect();
    assert!(plans.len() > 1, "seeds break ties differently");
    for seed in 0..8 {
        assert_eq!(solve(&Problem { seed, ..p.clone() }).cost, first.cost);
    }
}

#[test]
fn invalid_indices_are_rejected_without_panicking() {
    let p = problem(2, vec![need(0, 1, &[5])], vec![vec![], vec![]]);
    assert_eq!(
        assign(&p, &CostModel::default()),
        Err(AssignError::JudgeOutOfRange { judge: 5 })
    );
    let p = Problem {
        conflicts: vec![(3, 0)],
        ..problem(2, vec![need(0, 1, &[])], vec![vec![], vec![]])
    };
    assert_eq!(
        assign(&p, &CostModel::default()),
        Err(AssignError::NominationOutOfRange { nomination: 3 })
    );
    let p = problem(2, vec![], vec![vec![]]);
    assert_eq!(
        assign(&p, &CostModel::default()),
        Err(AssignError::PanelCount {
            judges: 2,
            panels: 1
        })
    );
    let p = problem(1, vec![need(0, 1, &[])], vec![vec![]]);
    let huge = CostModel {
        off_panel: u32::MAX,
        load_step: u32::MAX,
    };
    assert!(assign(&p, &huge).is_ok());
}

prop_compose! {
    fn problems(max_noms: usize, max_judges: usize, max_cats: usize, max_needed: u32, conflict_pct: u32)
        (judges in 1..=max_judges, noms in 0..=max_noms, cats in 1..=max_cats)
        (panels in proptest::collection::vec(proptest::collection::btree_set(0..cats, 0..=cats), judges),
         nominations in proptest::collection::vec(
             (0..cats, 0..=max_needed, proptest::collection::vec(0..judges, 0..3)), noms),
         pairs in proptest::collection::vec((0..noms.max(1), 0..judges, 0..100u32), 0..=noms * judges),
         seed in any::<u64>(), judges in Just(judges), noms in Just(noms))
        -> Problem {
        Problem {
            judge_count: judges,
            nominations: nominations.into_iter().map(|(category, needed, existing)| NominationNeed { category, needed, existing }).collect(),
            panels: panels.into_iter().map(|s| s.into_iter().collect()).collect(),
            conflicts: pairs.into_iter().filter(|&(n, _, r)| n < noms && r < conflict_pct).map(|(n, j, _)| (n, j)).collect(),
            seed,
        }
    }
}

proptest! {
    #[test]
    fn plans_keep_the_hard_rules_and_fill_everything_fillable(p in problems(12, 8, 3, 4, 30)) {
        check_rules(&p, &solve(&p))?;
    }

    #[test]
    fn the_cost_equals_a_brute_force_optimum_on_small_cases(p in problems(5, 4, 2, 2, 25)) {
        let plan = solve(&p);
        check_rules(&p, &plan)?;
        prop_assert_eq!(plan.cost, cost_of(&p, &CostModel::default(), &plan.added));
        prop_assert_eq!(plan.cost, brute_force(&p, &CostModel::default()));
    }

    #[test]
    fn larger_plans_have_no_improving_cycle(p in problems(40, 12, 4, 4, 20), step in 0..4u32, pen in 0..60u32) {
        let model = CostModel { off_panel: pen, load_step: step };
        let plan = assign(&p, &model).expect("valid problem");
        check_rules(&p, &plan)?;
        prop_assert_eq!(plan.cost, cost_of(&p, &model, &plan.added));
        prop_assert!(!has_negative_cycle(&p, &model, &plan), "plan is not optimal");
    }

    #[test]
    fn loads_differ_by_at_most_one_when_every_judge_sits_on_every_panel(
        judges in 1..10usize, needs in proptest::collection::vec((0..3usize, 0..5u32), 0..40), seed in any::<u64>()) {
        // Condition: no existing assignments, no conflicts, all judges on all panels.
        let nominations = needs.into_iter().map(|(category, needed)| NominationNeed { category, needed, existing: vec![] }).collect();
        let p = Problem { judge_count: judges, nominations, panels: vec![vec![0, 1, 2]; judges], conflicts: vec![], seed };
        let plan = solve(&p);
        check_rules(&p, &plan)?;
        let (lo, hi) = (plan.loads.iter().min(), plan.loads.iter().max());
        prop_assert!(hi.zip(lo).is_none_or(|(h, l)| h - l <= 1), "loads {:?}", plan.loads);
    }
}

/// Minimal cost, and whether some assignment of that cost leaves every
/// category's judges in one group (existing pairs included).
fn best_and_connectable(p: &Problem, m: &CostModel) -> (i64, bool) {
    let mut best = (i64::MAX, false);
    each_choice(p, &mut |chosen| {
        let cost = cost_of(p, m, chosen);
        let mut pairs = chosen.to_vec();
        for (n, need) in p.nominations.iter().enumerate() {
            pairs.extend(need.existing.iter().map(|&j| (n, j)));
        }
        let linked = review_groups(p, &pairs).iter().all(|&(_, g)| g <= 1);
        if cost < best.0 {
            best = (cost, linked);
        } else if cost == best.0 {
            best.1 |= linked;
        }
    });
    best
}

#[test]
fn two_judges_a_nomination_link_the_whole_panel_and_spread_their_pairs() {
    // The case that split into six disjoint pairs: 12 judges, 60 nominations, k = 2.
    let p = problem(
        12,
        (0..60).map(|_| need(0, 2, &[])).collect(),
        vec![vec![0]; 12],
    );
    let plan = solve(&p);
    assert_eq!(plan.groups, vec![(0, 1)]);
    assert_eq!(plan.loads, vec![10; 12]);
    let mut shared = std::collections::BTreeMap::new();
    let mut judges_of = vec![Vec::new(); 60];
    plan.added.iter().for_each(|&(n, j)| judges_of[n].push(j));
    for pair in judges_of {
        *shared.entry(pair).or_insert(0) += 1;
    }
    let most = shared.values().copied().max().unwrap_or(0);
    // 60 pairs over 66 possible: no two judges need share more than one.
    assert!(most <= 2, "two judges share {most} nominations");
}

proptest! {
    #[test]
    fn plans_are_connected_whenever_an_optimal_connected_plan_exists(
        (judges, needs, panels, conflicts, seed) in (2..=4usize, 1..=5usize).prop_flat_map(|(j, n)| (
            Just(j),
            proptest::collection::vec((0..2usize, 2..=3u32), n),
            proptest::collection::vec(proptest::collection::btree_set(0..2usize, 0..=2), j),
            proptest::collection::vec((0..n, 0..j), 0..3),
            any::<u64>(),
        ))
    ) {
        let nominations = needs.into_iter().map(|(category, needed)| need(category, needed, &[])).collect();
        let p = Problem {
            judge_count: judges,
            nominations,
            panels: panels.into_iter().map(|s| s.into_iter().collect()).collect(),
            conflicts,
            seed,
        };
        let model = CostModel::default();
        let plan = solve(&p);
        check_rules(&p, &plan)?;
        let (best, connectable) = best_and_connectable(&p, &model);
        prop_assert_eq!(plan.cost, cost_of(&p, &model, &plan.added), "cost reported truly");
        prop_assert_eq!(plan.cost, best, "still optimal");
        prop_assert!(!has_negative_cycle(&p, &model, &plan));
        if connectable {
            prop_assert!(plan.groups.iter().all(|&(_, g)| g <= 1), "groups {:?} for {:?}", plan.groups, plan.added);
        }
    }

    #[test]
    fn balanced_full_panels_stay_balanced_and_connected(
        judges in 2..14usize, noms in 1..50usize, k in 2..=3u32, seed in any::<u64>()) {
        // One group is possible only with enough nominations to link every judge used.
        let used = judges.min(noms * k as usize);
        prop_assume!(noms * (k as usize - 1) + 1 >= used);
        let nominations = (0..noms).map(|_| need(0, k, &[])).collect();
        let p = Problem { judge_count: judges, nominations, panels: vec![vec![0]; judges], conflicts: vec![], seed };
        let plan = solve(&p);
        check_rules(&p, &plan)?;
        prop_assert!(!has_negative_cycle(&p, &CostModel::default(), &plan));
        let (lo, hi) = (plan.loads.iter().min(), plan.loads.iter().max());
        prop_assert!(hi.zip(lo).is_none_or(|(h, l)| h - l <= 1), "loads {:?}", plan.loads);
        prop_assert_eq!(&plan.groups, &vec![(0, 1)]);
    }
}
