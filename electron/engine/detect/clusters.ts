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
    const keep = [...uids].sort((x, y) => better(x, y) || (x < y ? -1 : x > y ? 1 : 0))[0]!;
    // Best-first search from keep: the strongest links are merged first.
    const merged = new Set([keep]);
    const mergeOrder: MergeStep[] = [];
    const frontier: { uid: string; score: number }[] = [];
    const push = (from: string) => {
      for (const e of adjacency.get(from) ?? []) if (!merged.has(e.other)) frontier.push({ uid: e.other, score: e.score });
    };
    push(keep);
    while (frontier.length) {
      frontier.sort((x, y) => y.score - x.score || (x.uid < y.uid ? -1 : x.uid > y.uid ? 1 : 0));
      const next = frontier.shift()!;
      if (merged.has(next.uid)) continue;
      merged.add(next.uid);
      mergeOrder.push({ source: next.uid, target: keep });
      push(next.uid);
    }
    clusters.push({ uids, keep, mergeOrder });
  }
  clusters.sort((x, y) => y.uids.length - x.uids.length || (x.uids[0]! < y.uids[0]! ? -1 : 1));
  return clusters;
}
