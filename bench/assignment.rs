//! 10,000 nominations in 6 categories, 500 judges on 1-2 panels each,
//! k = 3 judges per nomination, 2% of (nomination, judge) pairs conflicted.
use criterion::{Criterion, criterion_group, criterion_main};
use laurel::domain::assignment::{CostModel, NominationNeed, Problem, assign};
use std::hint::black_box;

fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn cycle(nominations: usize, judges: usize, categories: u64, seed: u64) -> Problem {
    let mut s = seed;
    let panels = (0..judges)
        .map(|_| {
            let first = next(&mut s) % categories;
            let second = (first + 1 + next(&mut s) % (categories - 1)) % categories;
            let both = next(&mut s).is_multiple_of(2);
            if both {
                vec![first as usize, second as usize]
            } else {
                vec![first as usize]
            }
        })
        .collect();
    let nominations = (0..nominations)
        .map(|_| NominationNeed {
            category: (next(&mut s) % categories) as usize,
            needed: 3,
            existing: vec![],
        })
        .collect::<Vec<_>>();
    let mut conflicts = Vec::new();
    for n in 0..nominations.len() {
        for j in 0..judges {
            if next(&mut s).is_multiple_of(50) {
                conflicts.push((n, j));
            }
        }
    }
    Problem {
        judge_count: judges,
        nominations,
        panels,
        conflicts,
        seed,
    }
}

fn bench(c: &mut Criterion) {
    let problem = cycle(10_000, 500, 6, 42);
    let model = CostModel::default();
    // A solver that fails fast must not pass for a fast one: check the plan.
    let plan = assign(&problem, &model).expect("the solver finds a plan");
    assert!(
        plan.unfilled.is_empty(),
        "every nomination gets its judges: {} unfilled",
        plan.unfilled.len()
    );
    assert_eq!(plan.added.len(), 10_000 * 3, "three judges per nomination");
    let (lo, hi) = (plan.loads.iter().min(), plan.loads.iter().max());
    eprintln!(
        "{} conflicts, {} pairs added, {} unfilled, loads {:?}..={:?}, cost {}",
        problem.conflicts.len(),
        plan.added.len(),
        plan.unfilled.len(),
        lo,
        hi,
        plan.cost
    );
    let mut group = c.benchmark_group("assign");
    group.sample_size(10);
    group.bench_function("10k_nominations_500_judges_k3", |b| {
        b.iter(|| assign(black_box(&problem), &model).expect("the solver finds a plan"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
