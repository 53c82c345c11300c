//! `cargo bench`: results for 10,000 nominations, 30,000 reviews, 500 judges.
use criterion::{Criterion, criterion_group, criterion_main};
use laurel::domain::scoring::{
    NominationInput, RankBy, ReviewScore, compute_results, judge_offsets,
};
use std::hint::black_box;

fn cycle(
    nominations: usize,
    judges: usize,
    per_nomination: usize,
) -> (Vec<NominationInput>, Vec<ReviewScore>) {
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut unit = move || (next() >> 11) as f64 / (1u64 << 53) as f64;
    let leniency: Vec<f64> = (0..judges).map(|_| unit() * 4.0 - 2.0).collect();
    let noms = (0..nominations)
        .map(|n| NominationInput {
            category: n % 20,
            abstentions: 0,
        })
        .collect();
    let mut reviews = Vec::with_capacity(nominations * per_nomination);
    for n in 0..nominations {
        let quality = 2.0 + unit() * 6.0;
        let first = (unit() * judges as f64) as usize;
        for k in 0..per_nomination {
            // Distinct judges: a random start and a random stride through the panel.
            let judge = (first + k * (1 + n % 97)) % judges;
            let score = (quality + leniency[judge] + unit() - 0.5).clamp(0.0, 10.0);
            reviews.push(ReviewScore {
                nomination: n,
                judge,
                score,
            });
        }
    }
    (noms, reviews)
}

fn bench(c: &mut Criterion) {
    let (noms, reviews) = cycle(10_000, 500, 3);
    c.bench_function(
        "compute_results 10k nominations / 30k reviews / 500 judges",
        |b| b.iter(|| compute_results(black_box(&noms), black_box(&reviews), RankBy::Normalised)),
    );
    c.bench_function(
        "judge_offsets 10k nominations / 30k reviews / 500 judges",
        |b| b.iter(|| judge_offsets(black_box(&noms), black_box(&reviews))),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
