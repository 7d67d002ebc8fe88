/**
 * Clusters: pairs that share an account belong to one person (one HR record per position
 * easily gives three accounts). Union-find over the pairs; per cluster the account to
 * keep and the merge order, a sequence of pair merges into that account.
 */

export class UnionFind {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = this.parent.get(x) ?? x;
    if (root === x) {
      if (!this.parent.has(x)) this.parent.set(x, x);
      return x;
    }
    while (root !== (this.parent.get(root) ?? root)) root = this.parent.get(root)!;
    // Path compression.
    let cur = x;
    while (cur !== root) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The smaller uid becomes the root: deterministic.
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }

  groups(): string[][] {
    const by = new Map<string, string[]>();
    for (const x of this.parent.keys()) {
      const r = this.find(x);
      const list = by.get(r) ?? [];
      list.push(x);
      by.set(r, list);
    }
    return [...by.values()];
  }
}

/** A max-heap of (uid, score): highest score first, then the smaller uid (deterministic). */
export class FrontierHeap {
  private readonly uids: string[] = [];
  private readonly scores: number[] = [];

  get size(): number {
    return this.uids.length;
  }

  /** True when entry x comes out before entry y. */
  private before(x: number, y: number): boolean {
    const sx = this.scores[x]!;
    const sy = this.scores[y]!;
    return sx > sy || (sx === sy && this.uids[x]! < this.uids[y]!);
  }

  private swap(x: number, y: number): void {
    [this.uids[x], this.uids[y]] = [this.uids[y]!, this.uids[x]!];
    [this.scores[x], this.scores[y]] = [this.scores[y]!, this.scores[x]!];
  }

  push(uid: string, score: number): void {
    this.uids.push(uid);
    this.scores.push(score);
    let i = this.uids.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): string {
    const top = this.uids[0]!;
    const last = this.uids.length - 1;
    this.swap(0, last);
    this.uids.pop();
    this.scores.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.uids.length && this.before(l, best)) best = l;
      if (r < this.uids.length && this.before(r, best)) best = r;
      if (best === i) break;
      this.swap(i, best);
      i = best;
    }
    return top;
  }
}

export interface ClusterPair {
  a: string;
  b: string;
  score: number;
}

export interface MergeStep {
  /** The account merged away. */
  source: string;
  /** Always the cluster's keep account. */
  target: string;
}

export interface Cluster {
  uids: string[];
  keep: string;
  /** Pair merges into `keep`, in order: each source was linked to an account already merged. */
  mergeOrder: MergeStep[];
}

/**
 * Groups pairs into clusters. `better(a, b)` < 0 when a is the better account to keep.
 * Clusters come out largest first, then by their smallest uid; uids sorted.
 */
export function buildClusters(pairs: ClusterPair[], better: (a: string, b: string) => number): Cluster[] {
  const uf = new UnionFind();
  const adjacency = new Map<string, { other: string; score: number }[]>();
  for (const p of pairs) {
    uf.union(p.a, p.b);
    for (const [x, y] of [[p.a, p.b], [p.b, p.a]] as const) {
      const list = adjacency.get(x) ?? [];
      list.push({ other: y, score: p.score });
      adjacency.set(x, list);
    }
  }
  const clusters: Cluster[] = [];
  for (const group of uf.groups()) {
    const uids = [...group].sort();
    const keep = uids.reduce((best, x) => ((better(x, best) || (x < best ? -1 : x > best ? 1 : 0)) < 0 ? x : best));
    // Best-first search from keep: the strongest links are merged first (a heap, so a
    // cluster of k accounts with e links costs e·log e, not a re-sort per step).
    const merged = new Set([keep]);
    const mergeOrder: MergeStep[] = [];
    const frontier = new FrontierHeap();
    const push = (from: string) => {
      for (const e of adjacency.get(from) ?? []) if (!merged.has(e.other)) frontier.push(e.other, e.score);
    };
    push(keep);
    while (frontier.size > 0) {
      const next = frontier.pop();
      if (merged.has(next)) continue;
      merged.add(next);
      mergeOrder.push({ source: next, target: keep });
      push(next);
    }
    clusters.push({ uids, keep, mergeOrder });
  }
  clusters.sort((x, y) => y.uids.length - x.uids.length || (x.uids[0]! < y.uids[0]! ? -1 : 1));
  return clusters;
}

export interface Link {
  i: number;
  j: number;
  score: number;
}

export interface TransitiveCandidate {
  /** i < j: the two accounts not linked directly. */
  i: number;
  j: number;
  /** The account both are strongly linked to. */
  via: number;
  /** Probability that both links are right (their product): then i and j are one person. */
  score: number;
}

/**
 * Transitive evidence inside a cluster: when account a is strongly linked to b and to c
 * (one person with one HR record per position), b and c are one person too, even if b
 * and c alone look less alike (a typing error in one of them, positions far apart). Only
 * links of at least `strong` count; pairs already linked are left out; for each pair the
 * strongest third account. Accounts with more than `maxNeighbours` strong links (junk
 * data) are not used as evidence.
 */
export function transitiveCandidates(links: Link[], strong: number, maxNeighbours = 8): TransitiveCandidate[] {
  const linked = new Set<string>();
  const adjacency = new Map<number, { other: number; score: number }[]>();
  for (const l of links) {
    linked.add(l.i < l.j ? `${l.i},${l.j}` : `${l.j},${l.i}`);
    if (l.score < strong) continue;
    for (const [x, y] of [[l.i, l.j], [l.j, l.i]] as const) {
      const list = adjacency.get(x) ?? [];
      list.push({ other: y, score: l.score });
      adjacency.set(x, list);
    }
  }
  const best = new Map<string, TransitiveCandidate>();
  for (const via of [...adjacency.keys()].sort((x, y) => x - y)) {
    const list = adjacency.get(via)!;
    if (list.length < 2 || list.length > maxNeighbours) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = Math.min(list[x]!.other, list[y]!.other);
        const j = Math.max(list[x]!.other, list[y]!.other);
        const k = `${i},${j}`;
        if (linked.has(k)) continue;
        const score = list[x]!.score * list[y]!.score;
        const prev = best.get(k);
        if (!prev || score > prev.score) best.set(k, { i, j, via, score });
      }
    }
  }
  return [...best.values()].sort((p, q) => p.i - q.i || p.j - q.j);
}
