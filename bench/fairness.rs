//! `cargo bench --bench fairness`: how well each score recovers the true
//! order on simulated panels with known leniency, assigned by Laurel's own
//! automatic assignment. Prints the Kendall tau against the true quality of
//! the mean, the median, the normalised score and an oracle that knows every
//! judge's leniency, without and with a calibration set (three extra entries
//! that every judge scores, counted in the fit and left out of the ranking).
use laurel::domain::assignment::{CostModel, NominationNeed, Problem, assign};
use laurel::domain::scoring::{NominationInput, RankBy, ReviewScore, compute_results};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly normal (sum of four uniforms), standard deviation `sd`.
    fn noise(&mut self, sd: f64) -> f64 {
        let s: f64 = (0..4).map(|_| self.unit()).sum::<f64>() - 2.0;
        s * sd * (3.0f64).sqrt()
    }
}

/// Kendall's tau-a between two score lists.
fn tau(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len();
    let mut s = 0i64;
    for i in 0..n {
        for j in i + 1..n {
            let x = (a[i] - a[j]) * (b[i] - b[j]);
            s += i64::from(x > 0.0) - i64::from(x < 0.0);
        }
    }
    s as f64 / (n * (n - 1) / 2) as f64
}

/// Tau of mean, median, normalised and oracle for one simulated panel.
fn panel(judges: usize, noms: usize, k: u32, calibration: usize, seed: u64) -> [f64; 4] {
    let mut rng = Rng(seed);
    let leniency: Vec<f64> = (0..judges).map(|_| rng.unit() * 4.0 - 2.0).collect();
    let total = noms + calibration;
    let quality: Vec<f64> = (0..total).map(|_| 2.0 + rng.unit() * 6.0).collect();
    let nominations = (0..total)
        .map(|n| NominationNeed {
            category: 0,
            needed: if n < noms { k } else { judges as u32 },
            existing: vec![],
        })
        .collect();
    let problem = Problem {
        judge_count: judges,
        nominations,
        panels: vec![vec![0]; judges],
        conflicts: vec![],
        seed,
    };
    let Ok(plan) = assign(&problem, &CostModel::default()) else {
        return [f64::NAN; 4];
    };
    let mut reviews = Vec::new();
    let mut oracle = vec![(0.0, 0u32); total];
    for &(n, j) in &plan.added {
        let score = (quality[n] + leniency[j] + rng.noise(1.0)).clamp(0.0, 10.0);
        reviews.push(ReviewScore {
            nomination: n,
            judge: j,
            score,
        });
        oracle[n].0 += score - leniency[j];
        oracle[n].1 += 1;
    }
    let inputs = vec![NominationInput::default(); total];
    let results = compute_results(&inputs, &reviews, RankBy::Normalised);
    let truth = &quality[..noms];
    let column = |f: &dyn Fn(usize) -> Option<f64>| -> Vec<f64> {
        (0..noms).map(|n| f(n).unwrap_or(f64::NAN)).collect()
    };
    [
        tau(truth, &column(&|n| results[n].mean)),
        tau(truth, &column(&|n| results[n].median)),
        tau(truth, &column(&|n| results[n].normalised)),
        tau(
            truth,
            &column(&|n| Some(oracle[n].0 / f64::from(oracle[n].1.max(1)))),
        ),
    ]
}

fn main() {
    println!(
        "panel                                   calibration   mean  median  normalised  oracle  gap"
    );
    for (name, judges, noms, k, runs) in [
        ("dense: 8 judges, 60 nominations, k = 3", 8, 60, 3, 40),
        ("sparse: 12 judges, 60 nominations, k = 2", 12, 60, 2, 40),
        (
            "large: 500 judges, 10,000 nominations, k = 3",
            500,
            10_000,
            3,
            1,
        ),
    ] {
        for calibration in [0, 3] {
            let mut sum = [0.0; 4];
            for run in 0..runs {
                let t = panel(judges, noms, k, calibration, 1000 + run);
                (0..4).for_each(|i| sum[i] += t[i] / runs as f64);
            }
            println!(
                "{name:<46} {calibration:>2}   {:.3}  {:.3}   {:.3}       {:.3}   {:.3}",
                sum[0],
                sum[1],
                sum[2],
                sum[3],
                sum[3] - sum[2]
            );
        }
    }
}
