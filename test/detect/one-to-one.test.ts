import { describe, expect, it } from 'vitest';
import { competitionBits, conditionalWeight, withCompetition, type Link } from '../../electron/engine/detect/one-to-one';
import { Interner, toRecord, type UserRecord } from '../../electron/engine/detect/records';
import { DEFAULT_MODEL, FieldStats, Scorer } from '../../electron/engine/detect/scoring';

const p = (logOdds: number) => 1 / (1 + 2 ** -logOdds);

/** B and C told apart by what the shared account lacks (their birth dates differ) … */
const twoPeople = () => -20;
/** … or nothing that speaks against one person. */
const couldBeOne = () => 0;

describe('one account is the duplicate of at most one person', () => {
  it('two equally good links to two different people fall to about a half each', () => {
    const links: Link[] = [
      { i: 0, j: 1, logOdds: 3 },
      { i: 0, j: 2, logOdds: 3 },
    ];
    const bits = competitionBits(links, twoPeople);
    expect(bits[0]).toBeCloseTo(Math.log2(1 + 8), 4);
    expect(p(3 - bits[0]!)).toBeLessThan(0.5);
    expect(p(3 - bits[0]!)).toBeCloseTo(8 / 17, 4);
  });

  it('a much stronger link keeps its score and takes the weaker one down', () => {
    const links: Link[] = [
      { i: 0, j: 1, logOdds: 12 },
      { i: 0, j: 2, logOdds: 1 },
    ];
    const bits = competitionBits(links, twoPeople);
    expect(p(12 - bits[0]!)).toBeGreaterThan(0.99);
    expect(p(1 - bits[1]!)).toBeLessThan(0.01);
  });

  it('accounts of one person do not compete with one another, even when two of them were never compared', () => {
    // A chain: 1 = 0 and 0 = 2 strongly; 1 and 2 differ only where 0 speaks for both.
    const links: Link[] = [
      { i: 0, j: 1, logOdds: 8 },
      { i: 0, j: 2, logOdds: 8 },
    ];
    const bits = competitionBits(links, couldBeOne);
    expect([...bits]).toEqual([0, 0]);
  });

  it('links without competitors, competitors too weak to count, and links that cannot be reported change nothing', () => {
    const links: Link[] = [
      { i: 0, j: 1, logOdds: 2 },
      { i: 2, j: 3, logOdds: 2 },
      { i: 0, j: 4, logOdds: -20 },
      { i: 2, j: 5, logOdds: 4 },
    ];
    const bits = competitionBits(links, twoPeople, 1);
    expect(bits[0]).toBe(0);
    expect(bits[1]).toBeGreaterThan(2);
    expect(bits[3]).toBeGreaterThan(0);
    expect(bits[2]).toBe(0);
    expect(competitionBits(links, twoPeople, 3)[1]).toBe(0);
  });

  it('is the same whatever order the links come in', () => {
    const links: Link[] = [
      { i: 0, j: 1, logOdds: 2.5 },
      { i: 0, j: 2, logOdds: 1.25 },
      { i: 1, j: 3, logOdds: 0.75 },
      { i: 2, j: 3, logOdds: -1 },
    ];
    const apart = (x: number, y: number) => -(x + y);
    const forward = competitionBits(links, apart);
    const backward = competitionBits([...links].reverse(), apart).reverse();
    expect([...backward]).toEqual([...forward]);
  });
});

describe('namesakes in one org unit and a hand-made account without a birth date', () => {
  const intern = new Interner();
  let id = 1;
  const user = (fields: Record<string, unknown>): UserRecord =>
    toRecord(
      { id, uid: `u${id++}`, login: `l${id}`, org_unit_id: 7, client_id: 1, origin: 'interface', status: 'active', created_at: '2021-03-01', first_name: 'Greta', last_name: 'Olbers', ...fields },
      id - 2,
      intern,
    );
  const first = user({ birth_date: '1980-04-12', employee_id: '4711001' });
  const second = user({ birth_date: '1975-09-30', employee_id: '5822713' });
  const byHand = user({ origin: 'manual', created_at: '2021-02-01' });
  const withDate = user({ origin: 'manual', created_at: '2021-02-01', birth_date: '1980-04-12' });
  const records = [first, second, byHand, withDate];
  const stats = new FieldStats();
  for (const r of records) stats.add(r);
  stats.finish();
  // An LMS of these four accounts: the prior is that of four users, not of a large LMS.
  const scorer = new Scorer(stats, { ...DEFAULT_MODEL, minEffectiveUsers: records.length });
  const link = (a: UserRecord, b: UserRecord): Link => ({ i: Math.min(a.idx, b.idx), j: Math.max(a.idx, b.idx), logOdds: scorer.weight(a, b) + scorer.params.priorLog2 });

  it('the hand-made account matches both namesakes alike, so each link loses a bit or more', () => {
    const links = [link(byHand, first), link(byHand, second), link(first, second)];
    expect(links[0]!.logOdds).toBeCloseTo(links[1]!.logOdds, 6);
    expect(links[0]!.logOdds).toBeGreaterThan(1);
    const bits = competitionBits(links, conditionalWeight(scorer, records));
    expect(bits[0]).toBeGreaterThan(1);
    expect(bits[1]).toBeCloseTo(bits[0]!, 6);
    // The explanation carries the competition as evidence and lowers the score by it.
    const s = withCompetition(scorer.score(byHand, first, true), bits[0]);
    const last = s.evidence!.at(-1)!;
    expect(last).toEqual({ field: 'other_accounts', level: 'match_as_well', weight: -Math.round(bits[0]! * 100) / 100 });
    expect(s.score).toBeLessThan(scorer.score(byHand, first).score);
    expect(s.reasons!.at(-1)).toMatch(/at most one/);
  });

  it('with the birth date the account is told apart: the right link stays sure, the namesake link falls', () => {
    const links = [link(withDate, first), link(withDate, second), link(first, second)];
    const bits = competitionBits(links, conditionalWeight(scorer, records));
    expect(p(links[0]!.logOdds - bits[0]!)).toBeGreaterThan(0.99);
    expect(bits[1]).toBeGreaterThan(bits[0]!);
    expect(p(links[1]!.logOdds - bits[1]!)).toBeLessThan(0.1);
  });
});
