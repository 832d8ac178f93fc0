//! Graph algorithms over dense node indices. Iterative throughout: a 50,000-node chain costs
//! heap, not stack. Deterministic: ties break by the smaller index.

/// A directed graph in adjacency-list form, without parallel edges or self-loops.
#[derive(Debug, Clone)]
pub struct Digraph {
    pub succ: Vec<Vec<u32>>,
}

impl Digraph {
    pub fn new(n: usize, edges: impl IntoIterator<Item = (u32, u32)>) -> Digraph {
        let mut succ = vec![Vec::new(); n];
        for (a, b) in edges {
            if a != b {
                succ[a as usize].push(b);
            }
        }
        for s in &mut succ {
            s.sort_unstable();
            s.dedup();
        }
        Digraph { succ }
    }

    pub fn len(&self) -> usize {
        self.succ.len()
    }

    pub fn is_empty(&self) -> bool {
        self.succ.is_empty()
    }

    pub fn reversed(&self) -> Digraph {
        Digraph::new(
            self.len(),
            self.succ.iter().enumerate().flat_map(|(a, s)| s.iter().map(move |&b| (b, a as u32))),
        )
    }

    pub fn edge_count(&self) -> usize {
        self.succ.iter().map(Vec::len).sum()
    }
}

/// Strongly connected components (Tarjan, iterative), in reverse topological order: a
/// component comes after every component it depends on (sinks first).
pub fn sccs(g: &Digraph) -> Vec<Vec<u32>> {
    let n = g.len();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    let mut next = 0u32;
    // (node, position in its successor list)
    let mut call: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != UNSEEN {
            continue;
        }
        call.push((root, 0));
        index[root as usize] = next;
        low[root as usize] = next;
        next += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut i)) = call.last_mut() {
            let succ = &g.succ[v as usize];
            if *i < succ.len() {
                let w = succ[*i];
                *i += 1;
                if index[w as usize] == UNSEEN {
                    index[w as usize] = next;
                    low[w as usize] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    call.push((w, 0));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent as usize] = low[parent as usize].min(low[v as usize]);
            }
            if low[v as usize] == index[v as usize] {
                let mut comp = Vec::new();
                loop {
                    let w = stack.pop().expect("v is on the stack");
                    on_stack[w as usize] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comp.sort_unstable();
                out.push(comp);
            }
        }
    }
    out
}

/// For each node, the index of its component in `sccs`.
pub fn component_of(n: usize, sccs: &[Vec<u32>]) -> Vec<u32> {
    let mut of = vec![0u32; n];
    for (c, members) in sccs.iter().enumerate() {
        for &v in members {
            of[v as usize] = c as u32;
        }
    }
    of
}

/// A shortest cycle inside one strong component, as nodes in order. Breadth-first from each
/// member (from at most `limit` members in large components).
pub fn shortest_cycle(g: &Digraph, members: &[u32], limit: usize) -> Vec<u32> {
    if members.len() < 2 {
        return members.to_vec();
    }
    let inside: std::collections::HashSet<u32> = members.iter().copied().collect();
    let mut best: Vec<u32> = Vec::new();
    let mut parent: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    for &start in members.iter().take(limit) {
        parent.clear();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut found = None;
        'bfs: while let Some(v) = queue.pop_front() {
            for &w in &g.succ[v as usize] {
                if !inside.contains(&w) {
                    continue;
                }
                if w == start {
                    found = Some(v);
                    break 'bfs;
                }
                if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(w) {
                    e.insert(v);
                    queue.push_back(w);
                }
            }
        }
        if let Some(mut v) = found {
            let mut cycle = vec![v];
            while v != start {
                v = parent[&v];
                cycle.push(v);
            }
            cycle.reverse();
            if best.is_empty() || cycle.len() < best.len() {
                best = cycle;
                if best.len() == 2 {
                    break;
                }
            }
        }
    }
    best
}

/// A small set of edges whose removal makes the component acyclic: the edges that point
/// backwards in the ordering of Eades, Lin and Smyth's greedy heuristic (1993).
pub fn feedback_edges(g: &Digraph, members: &[u32]) -> Vec<(u32, u32)> {
    let k = members.len();
    if k < 2 {
        return Vec::new();
    }
    let local: std::collections::HashMap<u32, usize> =
        members.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    let mut out_e: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut in_e: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, &v) in members.iter().enumerate() {
        for &w in &g.succ[v as usize] {
            if let Some(&j) = local.get(&w) {
                out_e[i].push(j);
                in_e[j].push(i);
            }
        }
    }
    let mut outdeg: Vec<i64> = out_e.iter().map(|e| e.len() as i64).collect();
    let mut indeg: Vec<i64> = in_e.iter().map(|e| e.len() as i64).collect();
    let mut removed = vec![false; k];
    let (mut s1, mut s2) = (Vec::new(), Vec::new());
    let mut remaining = k;
    let remove = |v: usize, removed: &mut Vec<bool>, outdeg: &mut Vec<i64>, indeg: &mut Vec<i64>| {
        removed[v] = true;
        for &w in &out_e[v] {
            indeg[w] -= 1;
        }
        for &u in &in_e[v] {
            outdeg[u] -= 1;
        }
    };
    while remaining > 0 {
        let mut changed = true;
        while changed {
            changed = false;
            for v in 0..k {
                if !removed[v] && outdeg[v] == 0 {
                    remove(v, &mut removed, &mut outdeg, &mut indeg);
                    s2.push(v);
                    remaining -= 1;
                    changed = true;
                } else if !removed[v] && indeg[v] == 0 {
                    remove(v, &mut removed, &mut outdeg, &mut indeg);
                    s1.push(v);
                    remaining -= 1;
                    changed = true;
                }
            }
        }
        if remaining == 0 {
            break;
        }
        let u = (0..k).filter(|&v| !removed[v]).max_by_key(|&v| (outdeg[v] - indeg[v], std::cmp::Reverse(v)));
        if let Some(u) = u {
            remove(u, &mut removed, &mut outdeg, &mut indeg);
            s1.push(u);
            remaining -= 1;
        }
    }
    s2.reverse();
    s1.extend(s2);
    let mut pos = vec![0usize; k];
    for (p, &v) in s1.iter().enumerate() {
        pos[v] = p;
    }
    let mut fb: Vec<(u32, u32)> = Vec::new();
    for v in 0..k {
        for &w in &out_e[v] {
            if pos[v] > pos[w] {
                fb.push((members[v], members[w]));
            }
        }
    }
    fb.sort_unstable();
    fb
}

/// The level of each strong component in the condensed graph: 0 for a component that
/// depends on nothing, else one more than the highest level it depends on.
pub fn levels(g: &Digraph, sccs: &[Vec<u32>], of: &[u32]) -> Vec<u32> {
    let mut level = vec![0u32; sccs.len()];
    // Tarjan's order is sinks first: every successor's level is final before it is read.
    for (c, members) in sccs.iter().enumerate() {
        let mut l = 0;
        for &v in members {
            for &w in &g.succ[v as usize] {
                let d = of[w as usize] as usize;
                if d != c {
                    l = l.max(level[d] + 1);
                }
            }
        }
        level[c] = l;
    }
    level
}

/// For each node, how many nodes it reaches, itself included (its visibility fan-out).
/// Bit-parallel over the condensed graph, 64 target components at a time: O(C/64 · (C + E))
/// time and O(C) memory.
pub fn reach_counts(g: &Digraph, sccs: &[Vec<u32>], of: &[u32]) -> Vec<u64> {
    let c = sccs.len();
    let mut dag: Vec<Vec<u32>> = vec![Vec::new(); c];
    for (ci, members) in sccs.iter().enumerate() {
        for &v in members {
            for &w in &g.succ[v as usize] {
                let d = of[w as usize];
                if d as usize != ci {
                    dag[ci].push(d);
                }
            }
        }
        dag[ci].sort_unstable();
        dag[ci].dedup();
    }
    let size: Vec<u64> = sccs.iter().map(|m| m.len() as u64).collect();
    let mut reach = vec![0u64; c];
    let mut mask = vec![0u64; c];
    for chunk in 0..c.div_ceil(64) {
        let lo = chunk * 64;
        let hi = (lo + 64).min(c);
        for ci in 0..c {
            // Components are in reverse topological order: successors come first.
            let mut m = if (lo..hi).contains(&ci) { 1u64 << (ci - lo) } else { 0 };
            for &d in &dag[ci] {
                m |= mask[d as usize];
            }
            mask[ci] = m;
            let mut bits = m;
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                reach[ci] += size[lo + b];
                bits &= bits - 1;
            }
        }
    }
    (0..g.len()).map(|v| reach[of[v] as usize]).collect()
}

/// Louvain community detection (Blondel et al. 2008) on the undirected view of `edges`
/// (weights summed both ways), visiting nodes in index order so the result is deterministic.
/// Returns each node's community, numbered by first appearance.
pub fn louvain(n: usize, edges: &[(u32, u32, f64)]) -> Vec<u32> {
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for &(a, b, w) in edges {
        adj[a as usize].push((b, w));
        adj[b as usize].push((a, w));
    }
    for _level in 0..16 {
        let size = adj.len();
        let m2: f64 = adj.iter().flatten().map(|&(_, w)| w).sum();
        if m2 == 0.0 {
            break;
        }
        let k: Vec<f64> = adj.iter().map(|a| a.iter().map(|&(_, w)| w).sum()).collect();
        let mut comm: Vec<u32> = (0..size as u32).collect();
        let mut tot: Vec<f64> = k.clone();
        let mut weight_to: Vec<f64> = vec![0.0; size];
        let mut touched: Vec<u32> = Vec::new();
        let mut improved = false;
        for _pass in 0..32 {
            let mut moved = false;
            for i in 0..size {
                let ci = comm[i];
                for &(j, w) in &adj[i] {
                    if j as usize == i {
                        continue;
                    }
                    let cj = comm[j as usize];
                    if weight_to[cj as usize] == 0.0 {
                        touched.push(cj);
                    }
                    weight_to[cj as usize] += w;
                }
                tot[ci as usize] -= k[i];
                let gain = |c: u32, wt: f64| wt - tot[c as usize] * k[i] / m2;
                let mut best = ci;
                let mut best_gain = gain(ci, weight_to[ci as usize]);
                touched.sort_unstable();
                for &c in &touched {
                    let g = gain(c, weight_to[c as usize]);
                    if g > best_gain + 1e-12 {
                        best = c;
                        best_gain = g;
                    }
                }
                for &c in &touched {
                    weight_to[c as usize] = 0.0;
                }
                touched.clear();
                tot[best as usize] += k[i];
                if best != ci {
                    comm[i] = best;
                    moved = true;
                    improved = true;
                }
            }
            if !moved {
                break;
            }
        }
        if !improved {
            break;
        }
        // Renumber by first appearance and fold the graph.
        let mut renum = vec![u32::MAX; size];
        let mut next = 0u32;
        for c in comm.iter_mut() {
            if renum[*c as usize] == u32::MAX {
                renum[*c as usize] = next;
                next += 1;
            }
            *c = renum[*c as usize];
        }
        for m in membership.iter_mut() {
            *m = comm[*m as usize];
        }
        let mut folded: Vec<std::collections::BTreeMap<u32, f64>> = vec![Default::default(); next as usize];
        for (i, a) in adj.iter().enumerate() {
            for &(j, w) in a {
                *folded[comm[i] as usize].entry(comm[j as usize]).or_default() += w;
            }
        }
        adj = folded.into_iter().map(|m| m.into_iter().collect()).collect();
    }
    // Number communities by first appearance among the original nodes.
    let mut renum = std::collections::HashMap::new();
    membership
        .iter()
        .map(|&c| {
            let next = renum.len() as u32;
            *renum.entry(c).or_insert(next)
        })
        .collect()
}

/// PageRank by power iteration (damping 0.85), with the mass of nodes without successors
/// spread over every node (or over the personalisation vector, when given). An edge `a -> b`
/// passes rank from `a` to `b`, so in a dependency graph the files depended on most, directly
/// and through others, rank highest. The result sums to 1; iteration stops when the L1 change is
/// below 1e-10 or after 100 rounds. Sequential sums in index order keep it deterministic.
pub fn pagerank(g: &Digraph, personalization: Option<&[f64]>) -> Vec<f64> {
    let n = g.len();
    if n == 0 {
        return Vec::new();
    }
    let uniform = 1.0 / n as f64;
    let teleport: Vec<f64> = match personalization {
        Some(p) if p.len() == n && p.iter().sum::<f64>() > 0.0 => {
            let total: f64 = p.iter().sum();
            p.iter().map(|x| x / total).collect()
        }
        _ => vec![uniform; n],
    };
    let edges: Vec<(usize, usize, f64)> = g
        .succ
        .iter()
        .enumerate()
        .flat_map(|(v, succ)| succ.iter().map(move |&w| (v, w as usize, 1.0)))
        .collect();
    weighted_pagerank(n, &edges, &teleport)
}

/// PageRank over weighted edges `(from, to, weight)`: rank flows along each edge in proportion
/// to its weight among its source's out-edges; nodes without out-edges and the teleport go to
/// `teleport` (a distribution over the `n` nodes). Damping 0.85; stops when the L1 change is
/// below 1e-10 or after 100 rounds; sums in edge order, so the result is deterministic.
pub fn weighted_pagerank(n: usize, edges: &[(usize, usize, f64)], teleport: &[f64]) -> Vec<f64> {
    const DAMPING: f64 = 0.85;
    let mut out_weight = vec![0.0; n];
    for &(a, _, w) in edges {
        out_weight[a] += w;
    }
    let mut rank = teleport.to_vec();
    let mut next = vec![0.0; n];
    for _ in 0..100 {
        let dangling: f64 = (0..n).filter(|&v| out_weight[v] == 0.0).map(|v| rank[v]).sum();
        for (v, x) in next.iter_mut().enumerate() {
            *x = (1.0 - DAMPING + DAMPING * dangling) * teleport[v];
        }
        for &(a, b, w) in edges {
            next[b] += DAMPING * rank[a] * w / out_weight[a];
        }
        let delta: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if delta < 1e-10 {
            break;
        }
    }
    rank
}

/// The nodes within `depth` steps of `start` (not `start` itself), with their distance,
/// breadth-first; sorted by node index.
pub fn within(g: &Digraph, start: usize, depth: u32) -> Vec<(usize, u32)> {
    let mut seen = std::collections::BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([(start, 0u32)]);
    while let Some((v, d)) = queue.pop_front() {
        if d >= depth {
            continue;
        }
        for &w in &g.succ[v] {
            let w = w as usize;
            if w != start && !seen.contains_key(&w) {
                seen.insert(w, d + 1);
                queue.push_back((w, d + 1));
            }
        }
    }
    seen.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sccs_levels_and_reach() {
        // 0 -> 1 -> 2 -> 0 (a cycle), 2 -> 3, 4 -> 3
        let g = Digraph::new(5, [(0, 1), (1, 2), (2, 0), (2, 3), (4, 3)]);
        let s = sccs(&g);
        assert_eq!(s, vec![vec![3], vec![0, 1, 2], vec![4]]);
        let of = component_of(5, &s);
        assert_eq!(levels(&g, &s, &of), vec![0, 1, 1]);
        assert_eq!(reach_counts(&g, &s, &of), vec![4, 4, 4, 1, 2]);
        assert_eq!(shortest_cycle(&g, &s[1], 10), vec![0, 1, 2]);
        let fb = feedback_edges(&g, &s[1]);
        assert_eq!(fb.len(), 1, "one edge breaks a triangle: {fb:?}");
    }

    #[test]
    fn pagerank_matches_networkx() {
        // networkx.pagerank(alpha=0.85) on the same graph, with an isolated node 5:
        // [0.1729, 0.214038, 0.249005, 0.229912, 0.067073, 0.067073].
        let g = Digraph::new(6, [(0, 1), (1, 2), (2, 0), (2, 3), (4, 3)]);
        let r = pagerank(&g, None);
        let want = [0.1729, 0.214038, 0.249005, 0.229912, 0.067073, 0.067073];
        for (got, want) in r.iter().zip(want) {
            assert!((got - want).abs() < 1e-5, "{r:?}");
        }
        // Personalised toward node 4, its target 3 gains.
        let p = pagerank(&g, Some(&[0.0, 0.0, 0.0, 0.0, 1.0, 0.0]));
        assert!(p[3] > r[3] && p[4] > r[4], "{p:?}");
    }

    #[test]
    fn deep_chain_does_not_overflow() {
        let n = 30_000u32;
        let g = Digraph::new(n as usize, (0..n - 1).map(|i| (i, i + 1)));
        let s = sccs(&g);
        assert_eq!(s.len(), n as usize);
        let of = component_of(n as usize, &s);
        let r = reach_counts(&g, &s, &of);
        assert_eq!(r[0], u64::from(n));
        assert_eq!(r[(n - 1) as usize], 1);
    }

    #[test]
    fn louvain_finds_two_cliques() {
        let mut e = Vec::new();
        for a in 0..5u32 {
            for b in a + 1..5 {
                e.push((a, b, 1.0));
                e.push((a + 5, b + 5, 1.0));
            }
        }
        e.push((0, 5, 1.0));
        let c = louvain(10, &e);
        assert_eq!(c, vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    }
}
