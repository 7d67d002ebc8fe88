import { describe, expect, it } from 'vitest';
import { estimateModel } from '../../electron/engine/detect/estimate';
import { BITS, F, FIELD_COUNT, FIELD_OFFSET, FIELDS, LEVEL_COUNT } from '../../electron/engine/detect/levels';
import { defaultParams, FieldStats } from '../../electron/engine/detect/scoring';

/** Deterministic pseudo-random numbers. */
function rng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

function draw(p: number[], r: number): number {
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i]!;
    if (r < acc) return i + 1;
  }
  return p.length;
}

// A population whose true m and u are known: levels drawn independently per field.
const TRUE: Record<string, { m: number[]; u: number[] }> = {
  email: { m: [0.3, 0, 0.1, 0.1, 0, 0.5, 0], u: [0.001, 0, 0.01, 0.02, 0, 0.969, 0] },
  phone: { m: [0.6, 0.1, 0.3], u: [0.02, 0.03, 0.95] },
  employee_id: { m: [0.7, 0.05, 0.25], u: [0.01, 0.01, 0.98] },
  org_unit: { m: [0.5, 0.3, 0.2], u: [0.05, 0.25, 0.7] },
};

function population(pairs: number, share: number, seed: number) {
  const rnd = rng(seed);
  const patterns = new Map<number, number>();
  const randomCounts = new Float64Array(LEVEL_COUNT);
  const randomPresent = new Float64Array(FIELD_COUNT);
  for (let k = 0; k < pairs; k++) {
    const match = rnd() < share;
    const levels = new Array<number>(FIELD_COUNT).fill(0);
    for (const [field, p] of Object.entries(TRUE)) levels[F[field]!] = draw(match ? p.m : p.u, rnd());
    let code = 0;
    for (let f = FIELD_COUNT - 1; f >= 0; f--) code = code * (1 << BITS) + levels[f]!;
    patterns.set(code, (patterns.get(code) ?? 0) + 1);
  }
  // u as random pairs of the population show it.
  for (const [field, p] of Object.entries(TRUE)) {
    const fi = F[field]!;
    randomPresent[fi] = 100_000;
    p.u.forEach((x, i) => (randomCounts[FIELD_OFFSET[fi]! + i + 1] = x * 100_000));
  }
  return { patterns, randomCounts, randomPresent };
}

describe('model estimation', () => {
  const stats = new FieldStats();
  stats.finish();
  const defaults = defaultParams(stats);

  it('recovers known m probabilities and the duplicate share from unlabelled pairs', () => {
    const pop = population(40_000, 0.2, 11);
    const e = estimateModel({ ...pop, users: 200_000, minEffectiveUsers: 20_000, defaults });
    expect(e.candidateMatchShare).toBeGreaterThan(0.18);
    expect(e.candidateMatchShare).toBeLessThan(0.22);
    for (const [field, p] of Object.entries(TRUE)) {
      p.m.forEach((m, i) => expect(e.m[FIELD_OFFSET[F[field]!]! + i + 1], `${field} level ${FIELDS[F[field]!]!.levels[i]!.level}`).toBeCloseTo(m, 1));
      // u of an exact birth date is the frequency of the date itself, per pair (not checked here).
      p.u.forEach((u, i) => FIELDS[F[field]!]!.levels[i]!.uFrom === 'random' && expect(Math.abs(e.u[FIELD_OFFSET[F[field]!]! + i + 1]! - u), `${field} u ${i}`).toBeLessThan(0.005));
    }
    // The weights follow: log2(m/u).
    const k = FIELD_OFFSET[F.phone!]! + 3;
    expect(e.params.weights[k]).toBeCloseTo(Math.log2(0.3 / 0.95), 0);
  });

  it('estimates more duplicates where there are more, and a higher prior', () => {
    const few = estimateModel({ ...population(40_000, 0.05, 5), users: 200_000, minEffectiveUsers: 20_000, defaults });
    const many = estimateModel({ ...population(40_000, 0.3, 5), users: 200_000, minEffectiveUsers: 20_000, defaults });
    expect(many.expectedDuplicates).toBeGreaterThan(4 * few.expectedDuplicates);
    expect(many.params.priorLog2).toBeGreaterThan(few.params.priorLog2 + 2);
  });

  it('learns the domain rules from review decisions only', () => {
    const pop = population(5_000, 0.2, 3);
    const k = FIELD_OFFSET[F.hr_records!]! + 1;
    const unlabelled = estimateModel({ ...pop, users: 50_000, minEffectiveUsers: 20_000, defaults });
    expect(unlabelled.params.weights[k]).toBeCloseTo(defaults.weights[k]!, 5);
    // Admins merged 60 pairs of two current HR records in one unit with different IDs.
    const code = 1 * (1 << (BITS * F.hr_records!));
    const labelled = estimateModel({ ...pop, labelledMatches: Array(60).fill(code), users: 50_000, minEffectiveUsers: 20_000, defaults });
    expect(labelled.params.weights[k]).toBeGreaterThan(defaults.weights[k]! + 4);
  });
});
