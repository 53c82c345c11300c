//! Linking the panel: among the optimal plans, one whose review graph is
//! connected and whose co-reviews are spread.
//!
//! The cost of a plan depends only on panel membership and loads, so it has
//! very many optima; the flow picks one by judge order, which can split a
//! category's judges into groups that share no nomination (12 judges, k = 2:
//! six pairs each scoring the same ten nominations). The normalised score can
//! only compare judges who are linked, so this module rewrites the added
//! pairs by moves that never change the cost:
//!
//! * a **swap** trades judge `a` on nomination `x` with judge `b` on
//!   nomination `y` of the same category (loads and panel penalties are
//!   unchanged);
//! * a **move** hands `a`'s place on `x` to `b` when `b`'s next nomination
//!   costs exactly what `a`'s last one did (the plan stays optimal).
//!
//! Existing pairs are never touched, and nothing lands on a conflicted or
//! repeated pair. First, while a category has several groups, it looks for a
//! move or swap across two groups that lowers their number (checked by
//! recounting); then it makes swaps that lower the sum of squares of the
//! number of nominations each two judges share, never splitting a group.
//! Both passes run in a fixed order with a budget of tries, so the result is
//! deterministic and bounded in time.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{CostModel, Problem};

/// Tries per category in each pass (a try is one candidate move or swap).
const BUDGET: usize = 400_000;

/// Tries the spreading pass always has, however small the category.
const SPREAD_FLOOR: usize = 20_000;

/// Tries the spreading pass has per pair of a large category, so that a
/// cycle of 10,000 nominations is spread in about the time it is assigned.
const SPREAD_PER_PAIR: usize = 4;

/// The assignment of one cycle being rewritten, in external indices.
struct State<'a> {
    problem: &'a Problem,
    model: &'a CostModel,
    conflicts: HashSet<(usize, usize)>,
    /// Every judge on each nomination (existing first, then added).
    on: Vec<Vec<usize>>,
    /// How many of `on[n]` are existing (never moved).
    fixed: Vec<usize>,
    loads: Vec<u32>,
}

impl State<'_> {
    fn penalty(&self, n: usize, j: usize) -> i64 {
        let category = self.problem.nominations[n].category;
        if self.problem.panels[j].contains(&category) {
            0
        } else {
            i64::from(self.model.off_panel)
        }
    }

    fn may_take(&self, n: usize, j: usize) -> bool {
        !self.on[n].contains(&j) && !self.conflicts.contains(&(n, j))
    }
}

/// Judges linked by shared nominations among `noms`: the number of groups and
/// each judge's group label (judges on none of them are not counted).
fn groups(on: &[Vec<usize>], noms: &[usize], judges: usize) -> (usize, Vec<usize>) {
    let mut parent: Vec<usize> = (0..judges).collect();
    let find = |parent: &mut Vec<usize>, mut x: usize| {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    };
    let mut seen = vec![false; judges];
    for &n in noms {
        for w in on[n].windows(2) {
            let (a, b) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
            parent[a] = b;
        }
        on[n].iter().for_each(|&j| seen[j] = true);
    }
    let label: Vec<usize> = (0..judges).map(|j| find(&mut parent, j)).collect();
    let count = (0..judges).filter(|&j| seen[j] && label[j] == j).count();
    (count, label)
}

/// How many groups the judges of each category form, given every pair
/// (existing and added) as `(nomination, judge)`; sorted by category.
#[must_use]
pub fn review_groups(problem: &Problem, pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut on = vec![Vec::new(); problem.nominations.len()];
    for &(n, j) in pairs {
        if n < on.len() && j < problem.judge_count && !on[n].contains(&j) {
            on[n].push(j);
        }
    }
    let mut by_category: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (n, need) in problem.nominations.iter().enumerate() {
        by_category.entry(need.category).or_default().push(n);
    }
    (by_category.into_iter())
        .map(|(c, noms)| (c, groups(&on, &noms, problem.judge_count).0))
        .collect()
}

/// Rewrites `added` (and `loads`) to a plan of the same cost whose groups
/// are joined and co-reviews spread, as the module doc describes.
pub(super) fn connect(
    problem: &Problem,
    model: &CostModel,
    added: &mut Vec<(usize, usize)>,
    loads: &mut [u32],
) {
    let mut on: Vec<Vec<usize>> = Vec::with_capacity(problem.nominations.len());
    for need in &problem.nominations {
        let mut existing = need.existing.clone();
        existing.sort_unstable();
        existing.dedup();
        on.push(existing);
    }
    let fixed = on.iter().map(Vec::len).collect();
    added.iter().for_each(|&(n, j)| on[n].push(j));
    let mut state = State {
        problem,
        model,
        conflicts: problem.conflicts.iter().copied().collect(),
        on,
        fixed,
        loads: loads.to_vec(),
    };
    let mut by_category: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (n, need) in problem.nominations.iter().enumerate() {
        by_category.entry(need.category).or_default().push(n);
    }
    for noms in by_category.values() {
        join_groups(&mut state, noms);
        spread(&mut state, noms);
    }
    added.clear();
    for (n, judges) in state.on.iter().enumerate() {
        added.extend(judges[state.fixed[n]..].iter().map(|&j| (n, j)));
    }
    added.sort_unstable();
    loads.copy_from_slice(&state.loads);
}

/// Judge `a` on `x` and `b` on `y` trade places.
fn swap(state: &mut State, (x, a): (usize, usize), (y, b): (usize, usize)) {
    for (n, from, to) in [(x, a, b), (y, b, a)] {
        if let Some(slot) = state.on[n].iter().position(|&j| j == from) {
            state.on[n][slot] = to;
        }
    }
}

/// Moves `a`'s place on `x` to `b`.
fn hand_over(state: &mut State, x: usize, a: usize, b: usize) {
    if let Some(slot) = state.on[x].iter().position(|&j| j == a) {
        state.on[x][slot] = b;
        state.loads[a] -= 1;
        state.loads[b] += 1;
    }
}

/// True when `b` may take `a`'s place on `x` at no extra cost.
fn move_is_free(state: &State, x: usize, a: usize, b: usize) -> bool {
    let step = i64::from(state.model.load_step);
    let before = state.penalty(x, a) + step * (i64::from(state.loads[a]) - 1);
    let after = state.penalty(x, b) + step * i64::from(state.loads[b]);
    before == after && state.may_take(x, b)
}

fn join_groups(state: &mut State, noms: &[usize]) {
    let judges = state.problem.judge_count;
    let mut tries = 0;
    'merge: loop {
        let (count, label) = groups(&state.on, noms, judges);
        if count <= 1 {
            return;
        }
        for &x in noms {
            for slot in state.fixed[x]..state.on[x].len() {
                let a = state.on[x][slot];
                for b in 0..judges {
                    if label[b] == label[a] || !move_is_free(state, x, a, b) {
                        continue;
                    }
                    tries += 1;
                    hand_over(state, x, a, b);
                    if groups(&state.on, noms, judges).0 < count {
                        continue 'merge;
                    }
                    hand_over(state, x, b, a);
                }
                for &y in noms {
                    for other in state.fixed[y]..state.on[y].len() {
                        let b = state.on[y][other];
                        if tries >= BUDGET {
                            return;
                        }
                        if label[b] == label[a] || !state.may_take(y, a) || !state.may_take(x, b) {
                            continue;
                        }
                        tries += 1;
                        swap(state, (x, a), (y, b));
                        if groups(&state.on, noms, judges).0 < count {
                            continue 'merge;
                        }
                        swap(state, (x, b), (y, a));
                    }
                }
            }
        }
        return;
    }
}

/// Nominations each two judges share within `noms`.
fn co_reviews(state: &State, noms: &[usize]) -> HashMap<(usize, usize), i64> {
    let mut shared = HashMap::new();
    for &n in noms {
        for (i, &a) in state.on[n].iter().enumerate() {
            for &b in &state.on[n][i + 1..] {
                *shared.entry((a.min(b), a.max(b))).or_insert(0) += 1;
            }
        }
    }
    shared
}

/// How the co-review count of each pair of judges changes if `a` on `x` and
/// `b` on `y` trade places.
fn swap_changes(
    state: &State,
    (x, a): (usize, usize),
    (y, b): (usize, usize),
) -> BTreeMap<(usize, usize), i64> {
    let mut change: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    let mut add =
        |p: usize, q: usize, d: i64| *change.entry((p.min(q), p.max(q))).or_insert(0) += d;
    for &o in state.on[x].iter().filter(|&&o| o != a) {
        add(a, o, -1);
        add(b, o, 1);
    }
    for &o in state.on[y].iter().filter(|&&o| o != b) {
        add(b, o, -1);
        add(a, o, 1);
    }
    change
}

/// Change in the sum of squared co-reviews that `changes` would make.
fn swap_gain(
    shared: &HashMap<(usize, usize), i64>,
    changes: &BTreeMap<(usize, usize), i64>,
) -> i64 {
    (changes.iter())
        .map(|(pair, d)| {
            let now = shared.get(pair).copied().unwrap_or(0);
            (now + d).pow(2) - now.pow(2)
        })
        .sum()
}

/// Applies `changes` to the co-review counts (kept in step with each swap
/// rather than counted again, which made large panels slow).
fn apply(shared: &mut HashMap<(usize, usize), i64>, changes: &BTreeMap<(usize, usize), i64>) {
    for (pair, d) in changes {
        *shared.entry(*pair).or_insert(0) += d;
    }
}

fn spread(state: &mut State, noms: &[usize]) {
    let judges = state.problem.judge_count;
    let mut shared = co_reviews(state, noms);
    let mut count = groups(&state.on, noms, judges).0;
    let pairs: usize = noms
        .iter()
        .map(|&n| state.on[n].len() - state.fixed[n])
        .sum();
    let budget = (pairs * SPREAD_PER_PAIR).clamp(SPREAD_FLOOR, BUDGET);
    let mut tries = 0;
    let mut improved = true;
    while improved {
        improved = false;
        for (i, &x) in noms.iter().enumerate() {
            for slot in state.fixed[x]..state.on[x].len() {
                for &y in &noms[i + 1..] {
                    for other in state.fixed[y]..state.on[y].len() {
                        if tries >= budget {
                            return;
                        }
                        let (a, b) = (state.on[x][slot], state.on[y][other]);
                        if a == b || !state.may_take(y, a) || !state.may_take(x, b) {
                            continue;
                        }
                        tries += 1;
                        let changes = swap_changes(state, (x, a), (y, b));
                        if swap_gain(&shared, &changes) >= 0 {
                            continue;
                        }
                        swap(state, (x, a), (y, b));
                        let now = groups(&state.on, noms, judges).0;
                        if now > count {
                            swap(state, (x, b), (y, a));
                            continue;
                        }
                        count = now;
                        apply(&mut shared, &changes);
                        improved = true;
                    }
                }
            }
        }
    }
}
