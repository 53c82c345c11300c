//! The least-squares fit behind the normalised score: quality + leniency
//! across connected judges, the z-score fallback for a lone judge, and the
//! judges' fitted leniencies. See the parent module for the method.

use std::collections::HashMap;

use super::{
    JUDGE_OFFSET_RIDGE, JudgeOffset, MAX_SOLVER_ITERATIONS, NormalisedBy, ReviewScore, SCORE_SLACK,
    SOLVER_TOLERANCE, count_u32,
};

/// A valid review; `judge` is a dense index (order of first appearance).
pub(super) struct Obs {
    pub nom: usize,
    pub judge: usize,
    pub score: f64,
}

pub(super) struct Fit {
    pub obs: Vec<Obs>,
    pub normalised: Vec<Option<(f64, NormalisedBy)>>,
    pub judges: Vec<JudgeOffset>,
    /// Per nomination: a label shared by the nominations of one connected group.
    pub component: Vec<usize>,
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

pub(super) fn fit(noms: usize, reviews: &[ReviewScore]) -> Fit {
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
        component: root[..noms].to_vec(),
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
