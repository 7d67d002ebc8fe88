import { describe, expect, it } from 'vitest';
import { attributeSlotWeights, estimateAttributeGroups, noAttributeGroups } from '../../electron/engine/detect/attribute-groups';
import { F, FIELD_COUNT, FIELD_OFFSET, LEVEL_COUNT, levelOf } from '../../electron/engine/detect/levels';
import { Interner, toRecord } from '../../electron/engine/detect/records';
import { FieldStats, Scorer } from '../../electron/engine/detect/scoring';

const A0 = F.attribute_1!;
const EXACT = levelOf('attribute_1', 'exact');
const DIFF = levelOf('attribute_1', 'different');

/** A pattern with these attribute levels (slot → level), nothing else present. */
function pattern(attrs: number[]): Uint8Array {
  const l = new Uint8Array(FIELD_COUNT);
  attrs.forEach((x, s) => (l[A0 + s] = x));
  return l;
}

describe('attributes that change together', () => {
  // Duplicates: 40 moved (slots 0 and 1 differ together), 60 kept the address; slot 2
  // differs on its own, independently, in half of each.
  const matches = [
    { levels: pattern([DIFF, DIFF, DIFF]), count: 20, p: 1 },
    { levels: pattern([DIFF, DIFF, EXACT]), count: 20, p: 1 },
    { levels: pattern([EXACT, EXACT, DIFF]), count: 30, p: 1 },
    { levels: pattern([EXACT, EXACT, EXACT]), count: 30, p: 1 },
  ];
  const random = [{ levels: pattern([DIFF, DIFF, DIFF]), count: 1000 }];
  const m = new Float64Array(LEVEL_COUNT);
  const u = new Float64Array(LEVEL_COUNT).fill(0.99);
  for (let s = 0; s < 3; s++) m[FIELD_OFFSET[A0 + s]! + DIFF] = 0.4;

  it('groups the slots whose disagreements go together among the likely duplicates, not the independent one', () => {
    const g = estimateAttributeGroups(matches, random, m, u, { m: 20, u: 200 });
    expect(g.groupOf[0]).toBe(0);
    expect(g.groupOf[1]).toBe(0);
    expect(g.groupOf[2]).toBe(-1);
    // "moved" among duplicates 40 %, among different people ~100 %: one disagreement of about -1.3 bits.
    expect(g.differWeight[0]).toBeCloseTo(Math.log2(0.4 / 0.99), 1);
  });

  it('counts a move once: the differing slots of a group share its weight, others keep their own', () => {
    const g = estimateAttributeGroups(matches, random, m, u, { m: 20, u: 200 });
    const weights = new Float64Array(LEVEL_COUNT);
    for (let s = 0; s < 3; s++) weights[FIELD_OFFSET[A0 + s]! + DIFF] = -1.3;
    const out = new Float64Array(6);
    attributeSlotWeights(pattern([DIFF, DIFF, DIFF]), weights, g, out);
    expect(out[0]! + out[1]!).toBeCloseTo(g.differWeight[0]!, 6);
    expect(out[2]).toBe(-1.3);
    attributeSlotWeights(pattern([DIFF, DIFF, DIFF]), weights, noAttributeGroups(), out);
    expect(out[0]! + out[1]! + out[2]!).toBeCloseTo(-3.9, 6);
  });
});

describe('how the accounts were made', () => {
  const intern = new Interner();
  let id = 1;
  const user = (fields: Record<string, unknown>) =>
    toRecord({ id, uid: `u${id++}`, login: `l${id}`, org_unit_id: 1, client_id: 1, origin: 'interface', status: 'active', created_at: '2020-01-01', first_name: 'Greta', last_name: 'Olbers', ...fields }, id - 1, intern);
  const levelsOf = (a: ReturnType<typeof user>, b: ReturnType<typeof user>) => {
    const s = new FieldStats();
    [a, b].forEach((r) => s.add(r));
    s.finish();
    const e = new Scorer(s).score(a, b, true).evidence!;
    return Object.fromEntries(e.map((x) => [x.field, x]));
  };

  it('names a self-registered account and an interface pair of which one is no longer in use', () => {
    expect(levelsOf(user({}), user({ origin: 'self_registration' })).origin?.level).toBe('self_registered');
    expect(levelsOf(user({}), user({ status: 'inactive' })).origin?.level).toBe('active_and_inactive');
    expect(levelsOf(user({}), user({})).origin).toBeUndefined();
  });

  it('a hand-made account with a wholly different employee ID speaks against, more than two HR records with different IDs', () => {
    const byHand = levelsOf(user({ employee_id: '4711000' }), user({ employee_id: '9235813', origin: 'manual', created_at: '2018-01-01' })).employee_id!;
    const twoHr = levelsOf(user({ employee_id: '4711000' }), user({ employee_id: '9235813' })).employee_id!;
    expect(byHand.level).toBe('different_by_hand');
    expect(twoHr.level).toBe('different');
    expect(byHand.weight).toBeLessThan(twoHr.weight - 2);
  });
});
