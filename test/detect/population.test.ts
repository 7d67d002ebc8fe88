import { describe, expect, it } from 'vitest';
import { measure } from './load-users';
import { generatePopulation } from './population';

/**
 * The company population (a noise model of its own, not the demo generator's): namesakes
 * in one org unit, one-digit ID typos, nicknames, missing birth dates, addresses as user
 * attributes. The model is estimated from the population itself, no labels.
 */
describe('detection on the company population', () => {
  it('finds the duplicates with high precision, also where a birth date is missing', async () => {
    const pop = generatePopulation(8_000, 77);
    const r = await measure(pop.units, pop.users, pop.truth);
    expect(r.result.model.learned).toBe(true);
    expect(r.quality.planted).toBeGreaterThan(300);
    expect(r.quality.precision).toBeGreaterThanOrEqual(0.97);
    expect(r.quality.recall).toBeGreaterThanOrEqual(0.92);
    expect(r.noDob).toBeGreaterThan(40);
    expect(r.noDobRecall).toBeGreaterThanOrEqual(0.7);
    // The model's own estimate of its precision is close to the measured one.
    expect(Math.abs(r.result.model.expectedPrecision - r.quality.precision)).toBeLessThan(0.03);
  }, 120_000);

  it('returns the same pairs in the same order twice', async () => {
    const pop = generatePopulation(3_000, 5);
    const x = await measure(pop.units, pop.users, pop.truth);
    const y = await measure(pop.units, pop.users, pop.truth);
    expect(y.result.pairs.map((p) => [p.a, p.b, p.score, p.evidence])).toEqual(x.result.pairs.map((p) => [p.a, p.b, p.score, p.evidence]));
  }, 120_000);
});
