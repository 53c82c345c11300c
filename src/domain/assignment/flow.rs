//! The solver behind [`super::assign`]: an aggregated min-cost flow, its
//! disaggregation into nominations, and a negative-cycle canceller that
//! makes the result exactly optimal. All judge ids here are internal
//! (seed-permuted) ids; `super` maps them back.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

const INF: i64 = i64::MAX / 4;
const NONE: u32 = u32::MAX;

/// A validated, compacted problem. Only nominations with open slots appear.
pub(super) struct Instance {
    pub judges: usize,
    pub cats: usize,
    /// `on_panel[c * judges + j]`.
    pub on_panel: Vec<bool>,
    /// Per nomination: compact category and number of judges to add (> 0).
    pub cat: Vec<u32>,
    pub slots: Vec<u32>,
    /// Per nomination, sorted judges that may not be added (conflicted or
    /// already assigned): `blocked[blocked_at[i]..blocked_at[i + 1]]`.
    pub blocked_at: Vec<usize>,
    pub blocked: Vec<u32>,
    /// Existing load per judge.
    pub base: Vec<u64>,
    pub off_panel: i64,
    pub step: i64,
}

impl Instance {
    pub fn pen(&self, c: usize, j: usize) -> i64 {
        if self.on_panel[c * self.judges + j] {
            0
        } else {
            self.off_panel
        }
    }
    /// Cost of a judge's next nomination when it already has `added` new ones.
    pub fn marginal(&self, j: usize, added: u64) -> i64 {
        self.step * (self.base[j] + added) as i64
    }
    fn is_blocked(&self, i: usize, j: u32) -> bool {
        self.blocked[self.blocked_at[i]..self.blocked_at[i + 1]]
            .binary_search(&j)
            .is_ok()
    }
}

/// The solver's result: `judges_of[slot_at[i]..slot_at[i + 1]]` are the
/// judges added to nomination `i`.
pub(super) struct Solution {
    pub slot_at: Vec<usize>,
    pub judges_of: Vec<u32>,
}

pub(super) fn solve(inst: &Instance) -> Solution {
    let mut slot_at = Vec::with_capacity(inst.slots.len() + 1);
    slot_at.push(0);
    for &s in &inst.slots {
        slot_at.push(slot_at[slot_at.len() - 1] + s as usize);
    }
    let mut sol = Solution {
        judges_of: vec![NONE; slot_at[slot_at.len() - 1]],
        slot_at,
    };
    let agg = Aggregate::solve(inst);
    disaggregate(inst, &agg.x, &mut sol);
    cancel_negative_cycles(inst, &agg.pot, &mut sol);
    sol
}

/// Min-cost flow on the category-level graph
/// `source -> category -> judge -> sink`, with arc capacity = number of
/// open nominations of the category the judge may take, panel penalty on
/// `category -> judge` and the convex load cost on `judge -> sink`. Solved
/// by primal-dual: Dijkstra on reduced costs, then a Dinic max flow on the
/// zero-reduced-cost arcs, until every slot is routed.
struct Aggregate<'a> {
    inst: &'a Instance,
    cap: Vec<u32>,
    x: Vec<u32>,
    rem: Vec<u64>,
    added: Vec<u64>,
    /// Potentials: 0 source, 1 + c categories, 1 + C + j judges, 1 + C + J sink.
    pot: Vec<i64>,
}

impl<'a> Aggregate<'a> {
    fn solve(inst: &'a Instance) -> Self {
        let (nj, nc) = (inst.judges, inst.cats);
        let mut open = vec![0u32; nc];
        let mut rem = vec![0u64; nc];
        for (i, &c) in inst.cat.iter().enumerate() {
            open[c as usize] += 1;
            rem[c as usize] += u64::from(inst.slots[i]);
        }
        let mut cap: Vec<u32> = (0..nc * nj).map(|k| open[k / nj.max(1)]).collect();
        for (i, &c) in inst.cat.iter().enumerate() {
            for &j in &inst.blocked[inst.blocked_at[i]..inst.blocked_at[i + 1]] {
                cap[c as usize * nj + j as usize] -= 1;
            }
        }
        let mut agg = Aggregate {
            inst,
            cap,
            x: vec![0; nc * nj],
            rem,
            added: vec![0; nj],
            pot: vec![0; nc + nj + 2],
        };
        while agg.rem.iter().any(|&r| r > 0) && agg.dijkstra() {
            agg.dinic();
        }
        agg
    }

    fn sink(&self) -> usize {
        self.inst.cats + self.inst.judges + 1
    }

    fn degree(&self, u: usize) -> usize {
        let (nc, nj) = (self.inst.cats, self.inst.judges);
        match u {
            0 => nc,
            u if u <= nc => nj,
            u if u < self.sink() => nc + 1,
            _ => 0,
        }
    }

    /// Arc `k` of node `u`: (head, residual capacity, cost).
    fn arc(&self, u: usize, k: usize) -> (usize, u64, i64) {
        let (nc, nj, inst) = (self.inst.cats, self.inst.judges, self.inst);
        if u == 0 {
            (1 + k, self.rem[k], 0)
        } else if u <= nc {
            let c = u - 1;
            (1 + nc + k, u64::from(self.cap[c * nj + k]), inst.pen(c, k))
        } else {
            let j = u - 1 - nc;
            if k == 0 {
                let cap = if inst.step == 0 { u64::MAX } else { 1 };
                (self.sink(), cap, inst.marginal(j, self.added[j]))
            } else {
                let c = k - 1;
                (1 + c, u64::from(self.x[c * nj + j]), -inst.pen(c, j))
            }
        }
    }

    fn push(&mut self, u: usize, k: usize, amount: u64) {
        let (nc, nj) = (self.inst.cats, self.inst.judges);
        if u == 0 {
            self.rem[k] -= amount;
        } else if u <= nc {
            let a = (u - 1) * nj + k;
            self.cap[a] -= amount as u32;
            self.x[a] += amount as u32;
        } else if k == 0 {
            self.added[u - 1 - nc] += amount;
        } else {
            let a = (k - 1) * nj + (u - 1 - nc);
            self.cap[a] += amount as u32;
            self.x[a] -= amount as u32;
        }
    }

    fn reduced(&self, u: usize, v: usize, cost: i64) -> i64 {
        cost + self.pot[u] - self.pot[v]
    }

    /// Shortest reduced distances from the source; updates the potentials.
    /// Returns false if the sink is unreachable.
    fn dijkstra(&mut self) -> bool {
        let t = self.sink();
        let mut dist = vec![INF; t + 1];
        let mut heap = BinaryHeap::new();
        dist[0] = 0;
        heap.push(Reverse((0, 0usize)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            if u == t {
                break;
            }
            for k in 0..self.degree(u) {
                let (v, cap, cost) = self.arc(u, k);
                let nd = d + self.reduced(u, v, cost);
                if cap > 0 && nd < dist[v] {
                    dist[v] = nd;
                    heap.push(Reverse((nd, v)));
                }
            }
        }
        if dist[t] >= INF {
            return false;
        }
        for (p, d) in self.pot.iter_mut().zip(&dist) {
            *p += (*d).min(dist[t]);
        }
        true
    }

    fn admissible(&self, u: usize, k: usize, level: &[u32]) -> Option<(usize, u64)> {
        let (v, cap, cost) = self.arc(u, k);
        (cap > 0 && level[v] == level[u] + 1 && self.reduced(u, v, cost) == 0).then_some((v, cap))
    }

    /// Max flow over zero-reduced-cost arcs (Dinic, iterative DFS).
    fn dinic(&mut self) {
        let t = self.sink();
        loop {
            let mut level = vec![NONE; t + 1];
            level[0] = 0;
            let mut queue = VecDeque::from([0usize]);
            while let Some(u) = queue.pop_front() {
                for k in 0..self.degree(u) {
                    let (v, cap, cost) = self.arc(u, k);
                    if cap > 0 && level[v] == NONE && self.reduced(u, v, cost) == 0 {
                        level[v] = level[u] + 1;
                        queue.push_back(v);
                    }
                }
            }
            if level[t] == NONE {
                return;
            }
            let mut next = vec![0usize; t + 1];
            let mut path = vec![0usize];
            while let Some(&u) = path.last() {
                if u == t {
                    let nodes = &path[..path.len() - 1];
                    let b = nodes
                        .iter()
                        .map(|&w| self.arc(w, next[w]).1)
                        .min()
                        .unwrap_or(0);
                    for &w in nodes {
                        self.push(w, next[w], b);
                    }
                    path.truncate(1);
                    continue;
                }
                match (next[u]..self.degree(u))
                    .find_map(|k| Some(k).zip(self.admissible(u, k, &level)))
                {
                    Some((k, (v, _))) => {
                        next[u] = k;
                        path.push(v);
                    }
                    None => {
                        next[u] = self.degree(u);
                        level[u] = NONE - 1;
                        path.pop();
                        if let Some(&p) = path.last() {
                            next[p] += 1;
                        }
                    }
                }
            }
        }
    }
}

/// Turns category-level quotas `x[c * J + j]` into nomination assignments:
/// a greedy (most constrained nomination first, judge with most remaining
/// quota first), then augmenting paths for any slot it left open. A slot
/// that still cannot be placed within the quotas goes to the cheapest
/// eligible judge; the cycle canceller repairs the cost afterwards.
fn disaggregate(inst: &Instance, x: &[u32], sol: &mut Solution) {
    let nj = inst.judges;
    let mut by_cat: Vec<Vec<usize>> = vec![Vec::new(); inst.cats];
    for (i, &c) in inst.cat.iter().enumerate() {
        by_cat[c as usize].push(i);
    }
    let mut fill = vec![0usize; inst.slots.len()];
    let mut quota = vec![0u32; nj];
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); nj];
    let mut mark = vec![false; nj];
    let mut stuck = Vec::new();
    for (c, noms) in by_cat.iter_mut().enumerate() {
        let with_quota: Vec<u32> = (0..nj as u32)
            .filter(|&j| x[c * nj + j as usize] > 0)
            .collect();
        for &j in &with_quota {
            quota[j as usize] = x[c * nj + j as usize];
            held[j as usize].clear();
        }
        noms.sort_by_key(|&i| (Reverse(inst.blocked_at[i + 1] - inst.blocked_at[i]), i));
        let mut cand = Vec::new();
        for &i in noms.iter() {
            let blocked = &inst.blocked[inst.blocked_at[i]..inst.blocked_at[i + 1]];
            blocked.iter().for_each(|&j| mark[j as usize] = true);
            cand.clear();
            cand.extend(
                with_quota
                    .iter()
                    .filter(|&&j| quota[j as usize] > 0 && !mark[j as usize]),
            );
            blocked.iter().for_each(|&j| mark[j as usize] = false);
            let take = (inst.slots[i] as usize).min(cand.len());
            if take < cand.len() && take > 0 {
                cand.select_nth_unstable_by_key(take - 1, |&j| (Reverse(quota[j as usize]), j));
            }
            for &j in &cand[..take] {
                sol.judges_of[sol.slot_at[i] + fill[i]] = j;
                fill[i] += 1;
                quota[j as usize] -= 1;
                held[j as usize].push(i);
            }
        }
        for &i in noms.iter() {
            while fill[i] < inst.slots[i] as usize
                && augment(inst, sol, &mut fill, &with_quota, &mut quota, &mut held, i)
            {
            }
            if fill[i] < inst.slots[i] as usize {
                stuck.push(i);
            }
        }
    }
    if stuck.is_empty() {
        return;
    }
    let mut load: Vec<u64> = vec![0; nj];
    sol.judges_of
        .iter()
        .filter(|&&j| j != NONE)
        .for_each(|&j| load[j as usize] += 1);
    for i in stuck {
        while fill[i] < inst.slots[i] as usize {
            let c = inst.cat[i] as usize;
            let best = (0..nj as u32)
                .filter(|&j| !is_on(inst, sol, i, j))
                .min_by_key(|&j| {
                    (
                        inst.pen(c, j as usize) + inst.marginal(j as usize, load[j as usize]),
                        j,
                    )
                });
            let Some(j) = best else { break };
            sol.judges_of[sol.slot_at[i] + fill[i]] = j;
            fill[i] += 1;
            load[j as usize] += 1;
        }
    }
}

fn is_on(inst: &Instance, sol: &Solution, i: usize, j: u32) -> bool {
    sol.judges_of[sol.slot_at[i]..sol.slot_at[i + 1]].contains(&j) || inst.is_blocked(i, j)
}

/// Breadth-first augmenting path within one category: nomination `start`
/// takes judge `j1`, whose nomination `w1` gives it up and takes `j2`, ...,
/// ending at a judge with quota left.
fn augment(
    inst: &Instance,
    sol: &mut Solution,
    fill: &mut [usize],
    judges: &[u32],
    quota: &mut [u32],
    held: &mut [Vec<usize>],
    start: usize,
) -> bool {
    let mut reached_by = vec![NONE; inst.judges]; // judge -> queue entry that takes it
    let mut queued = vec![false; inst.slots.len()];
    let mut queue: Vec<(usize, u32)> = vec![(start, NONE)]; // (nomination, judge it gives up)
    queued[start] = true;
    let mut head = 0;
    while head < queue.len() {
        let u = queue[head].0;
        for &j in judges {
            if reached_by[j as usize] != NONE || is_on(inst, sol, u, j) {
                continue;
            }
            reached_by[j as usize] = head as u32;
            if quota[j as usize] > 0 {
                quota[j as usize] -= 1;
                let mut j = j;
                loop {
                    let (w, gives_up) = queue[reached_by[j as usize] as usize];
                    held[j as usize].push(w);
                    let slots = &mut sol.judges_of[sol.slot_at[w]..sol.slot_at[w + 1]];
                    if gives_up == NONE {
                        slots[fill[w]] = j;
                        fill[w] += 1;
                        return true;
                    }
                    if let Some(s) = slots.iter_mut().find(|s| **s == gives_up) {
                        *s = j;
                    }
                    let h = &mut held[gives_up as usize];
                    if let Some(p) = h.iter().position(|&n| n == w) {
                        h.swap_remove(p);
                    }
                    j = gives_up;
                }
            }
            for &w in &held[j as usize] {
                if !queued[w] {
                    queued[w] = true;
                    queue.push((w, j));
                }
            }
        }
        head += 1;
    }
    false
}

/// Bellman-Ford over the full residual graph (judges, open nominations,
/// sink), warm-started from the aggregate potentials, with the
/// nomination->judge arcs relaxed per category through a sorted scan.
/// Any cycle in the parent graph is negative and is cancelled; when a
/// round relaxes nothing the labels are an optimality certificate.
fn cancel_negative_cycles(inst: &Instance, pot: &[i64], sol: &mut Solution) {
    let (nj, nc, nn) = (inst.judges, inst.cats, inst.slots.len());
    let t = nj + nn;
    let mut d: Vec<i64> = (0..=t)
        .map(|v| match v {
            v if v < nj => pot[1 + nc + v],
            v if v < t => pot[1 + inst.cat[v - nj] as usize],
            _ => pot[1 + nc + nj],
        })
        .collect();
    let mut added = vec![0u64; nj];
    sol.judges_of
        .iter()
        .filter(|&&j| j != NONE)
        .for_each(|&j| added[j as usize] += 1);
    let mut by_cat: Vec<Vec<usize>> = vec![Vec::new(); nc];
    for (i, &c) in inst.cat.iter().enumerate() {
        by_cat[c as usize].push(i);
    }
    let (mut parent, mut quiet_rounds) = (vec![NONE; t + 1], 0);
    loop {
        let mut changed = false;
        let mut relax = |d: &mut [i64], from: usize, to: usize, cost: i64| {
            if d[from] + cost < d[to] {
                d[to] = d[from] + cost;
                parent[to] = from as u32;
                changed = true;
            }
        };
        for i in 0..nn {
            for &j in &sol.judges_of[sol.slot_at[i]..sol.slot_at[i + 1]] {
                relax(
                    &mut d,
                    j as usize,
                    nj + i,
                    -inst.pen(inst.cat[i] as usize, j as usize),
                );
            }
        }
        for (j, &a) in added.iter().enumerate() {
            relax(&mut d, j, t, inst.marginal(j, a));
            if a > 0 {
                relax(&mut d, t, j, -inst.marginal(j, a - 1));
            }
        }
        for (c, noms) in by_cat.iter_mut().enumerate() {
            noms.sort_by_key(|&i| (d[nj + i], i));
            for j in 0..nj {
                if let Some(&i) = noms.iter().find(|&&i| !is_on(inst, sol, i, j as u32)) {
                    relax(&mut d, nj + i, j, inst.pen(c, j));
                }
            }
        }
        quiet_rounds += 1;
        // No change proves optimality. The round limit only guards against a
        // runaway loop: a negative cycle shows in the parent graph long before.
        if !changed || quiet_rounds > 2 * (t + 1) {
            return;
        }
        if let Some(cycle) = parent_cycle(&parent) {
            quiet_rounds = 0;
            if !cancel(inst, sol, &mut added, &cycle, nj, t) {
                return; // unreachable: parent-graph cycles are negative
            }
            parent.fill(NONE);
        }
    }
}

/// A cycle in the parent graph, listed by following parents.
fn parent_cycle(parent: &[u32]) -> Option<Vec<usize>> {
    let mut stamp = vec![NONE; parent.len()];
    for start in 0..parent.len() {
        let mut v = start;
        while stamp[v] == NONE {
            stamp[v] = start as u32;
            match parent[v] {
                NONE => break,
                p => v = p as usize,
            }
        }
        if stamp[v] == start as u32 && parent[v] != NONE {
            let mut cycle = vec![v];
            let mut w = parent[v] as usize;
            while w != v {
                cycle.push(w);
                w = parent[w] as usize;
            }
            return Some(cycle);
        }
    }
    None
}

/// Pushes one unit around `cycle` (arcs go from `cycle[k + 1]` to
/// `cycle[k]`) if its cost is negative.
fn cancel(
    inst: &Instance,
    sol: &mut Solution,
    added: &mut [u64],
    cycle: &[usize],
    nj: usize,
    t: usize,
) -> bool {
    let n = cycle.len();
    let arc_cost = |from: usize, to: usize| match (from, to) {
        (f, _) if f == t => -inst.marginal(to, added[to] - 1),
        (_, x) if x == t => inst.marginal(from, added[from]),
        (f, x) if f < nj => -inst.pen(inst.cat[x - nj] as usize, f),
        (f, x) => inst.pen(inst.cat[f - nj] as usize, x),
    };
    let cost: i64 = (0..n).map(|k| arc_cost(cycle[(k + 1) % n], cycle[k])).sum();
    if cost >= 0 {
        return false;
    }
    for k in 0..n {
        let (v, gives_up, gains) = (cycle[k], cycle[(k + 1) % n], cycle[(k + n - 1) % n]);
        if v == t {
            added[gives_up] += 1;
            added[gains] -= 1;
        } else if v >= nj {
            let i = v - nj;
            let slots = &mut sol.judges_of[sol.slot_at[i]..sol.slot_at[i + 1]];
            if let Some(s) = slots.iter_mut().find(|s| **s == gives_up as u32) {
                *s = gains as u32;
            }
        }
    }
    true
}
