/**
 * The candidate pairs a scan keeps while the model is estimated: record indexes, pattern
 * code and the frequency part of the weight, in growable typed arrays (millions of pairs
 * without an object each).
 */
import type { PairDecision } from './decisions';
import type { UserRecord } from './records';
import type { Scorer } from './scoring';

export class PairStore {
  i = new Int32Array(1024);
  j = new Int32Array(1024);
  code = new Float64Array(1024);
  tf = new Float32Array(1024);
  length = 0;

  push(i: number, j: number, code: number, tf: number): void {
    if (this.length === this.i.length) this.grow();
    this.i[this.length] = i;
    this.j[this.length] = j;
    this.code[this.length] = code;
    this.tf[this.length] = tf;
    this.length++;
  }

  private grow(): void {
    const size = this.i.length * 2;
    const copy = <T extends Int32Array | Float64Array | Float32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.i = copy(this.i, (k) => new Int32Array(k));
    this.j = copy(this.j, (k) => new Int32Array(k));
    this.code = copy(this.code, (k) => new Float64Array(k));
    this.tf = copy(this.tf, (k) => new Float32Array(k));
  }
}

/** Pattern codes of the pairs admins decided on: merged are duplicates, not_duplicate are not. */
export function decisionPatterns(records: UserRecord[], decisions: Map<string, PairDecision>, scorer: Scorer): { matches: number[]; nonMatches: number[] } {
  const matches: number[] = [];
  const nonMatches: number[] = [];
  const wanted = [...decisions].filter(([, d]) => d === 'merged' || d === 'not_duplicate');
  if (!wanted.length) return { matches, nonMatches };
  const byUid = new Map(records.map((r) => [r.uid, r]));
  for (const [key, d] of wanted) {
    const [a, b] = splitKey(key).map((u) => byUid.get(u));
    if (!a || !b) continue;
    scorer.compare(a, b);
    (d === 'merged' ? matches : nonMatches).push(scorer.patternCode());
  }
  return { matches, nonMatches };
}

/** The two uids of a pairKey. */
function splitKey(key: string): string[] {
  return key.split('\u0000');
}
