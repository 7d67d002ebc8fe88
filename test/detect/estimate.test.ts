import { describe, expect, it } from 'vitest';
import { estimateModel, oneToOneDuplicates } from '../../electron/engine/detect/estimate';
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

describe('an attribute that follows the org unit', () => {
  const stats = new FieldStats();
  stats.finish();
  const defaults = defaultParams(stats);
  const code = (levels: Record<string, number>) => {
    const l = new Array<number>(FIELD_COUNT).fill(0);
    for (const [f, x] of Object.entries(levels)) l[F[f]!] = x;
    let c = 0;
    for (let f = FIELD_COUNT - 1; f >= 0; f--) c = c * (1 << BITS) + l[f]!;
    return c;
  };

  it('agreeing on it within one unit weighs about nothing, not less than nothing, when duplicates of one unit always agree', () => {
    // Duplicates (sure by the employee ID): 300 in one unit, all agreeing on the department;
    // 700 in other units, one in five still in the same department. Namesakes: 9,000, mostly elsewhere.
    const patterns = new Map<number, number>([
      [code({ employee_id: 1, org_unit: 1, attribute_1: 2 }), 300],
      [code({ employee_id: 1, org_unit: 3, attribute_1: 1 }), 140],
      [code({ employee_id: 1, org_unit: 3, attribute_1: 4 }), 560],
      [code({ employee_id: 3, org_unit: 3, attribute_1: 4 }), 8_500],
      [code({ employee_id: 3, org_unit: 1, attribute_1: 2 }), 500],
    ]);
    const randomCounts = new Float64Array(LEVEL_COUNT);
    const randomPresent = new Float64Array(FIELD_COUNT);
    const fill = (field: string, u: number[]) => {
      randomPresent[F[field]!] = 100_000;
      u.forEach((x, i) => (randomCounts[FIELD_OFFSET[F[field]!]! + i + 1] = x * 100_000));
    };
    fill('employee_id', [0.0001, 0.001, 0.9989, 0]);
    fill('org_unit', [0.003, 0.04, 0.957]);
    fill('attribute_1', [0.02, 0.003, 0.001, 0.976]);
    // Two random accounts of one unit share the department nine times in ten.
    const sameUnitAgreement = new Float64Array(6).fill(0.5);
    sameUnitAgreement[0] = 0.9;
    const e = estimateModel({ patterns, randomCounts, randomPresent, sameUnitAgreement, users: 100_000, minEffectiveUsers: 20_000, defaults });
    const w = e.params.weights[FIELD_OFFSET[F.attribute_1!]! + 2]!;
    expect(w).toBeGreaterThan(-0.1);
    expect(w).toBeLessThan(0.3);
  });
});

describe('the number of duplicates, one account to one person', () => {
  /** Links as the scan keeps them: record indexes and a pattern code (here the code is the posterior in percent). */
  const links = (pairs: [number, number, number][]) => ({
    i: Int32Array.from(pairs.map((p) => p[0])),
    j: Int32Array.from(pairs.map((p) => p[1])),
    code: Float64Array.from(pairs.map((p) => p[2])),
    length: pairs.length,
  });
  const percent = (code: number) => code / 100;

  it('counts an account linked to ten namesakes as one duplicate pair, not ten', () => {
    const star = links(Array.from({ length: 10 }, (_, k) => [0, k + 1, 60] as [number, number, number]));
    expect(oneToOneDuplicates(star, percent, 11)).toBeCloseTo(0.6, 9);
  });

  it('counts three accounts of one person, linked each to each, as three pairs', () => {
    const trio = links([
      [0, 1, 99],
      [0, 2, 95],
      [1, 2, 90],
    ]);
    expect(oneToOneDuplicates(trio, percent, 3)).toBeCloseTo(0.99 + 0.95 + 0.9, 9);
  });

  it('takes the likelier link where two compete for an account, and ignores links below one per cent', () => {
    const competing = links([
      [0, 1, 40],
      [1, 2, 90],
      [3, 4, 0.5],
    ]);
    expect(oneToOneDuplicates(competing, percent, 5)).toBeCloseTo(0.9, 9);
  });
});
