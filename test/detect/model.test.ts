import { describe, expect, it } from 'vitest';
import { forEachCandidatePair } from '../../electron/engine/detect/blocking';
import { buildClusters, UnionFind } from '../../electron/engine/detect/clusters';
import { compareKeep, recommendKeep, type KeepFacts } from '../../electron/engine/detect/keep';
import { Interner, toRecord, type UserRecord } from '../../electron/engine/detect/records';
import { FieldStats, likelyCause, Scorer } from '../../electron/engine/detect/scoring';

const NOW = new Date('2025-06-01T00:00:00Z');
const intern = new Interner();
let nextId = 1;

function user(fields: Record<string, unknown>): UserRecord {
  const id = nextId++;
  return toRecord(
    { id, uid: `u${id}`, login: `login${id}`, org_unit_id: 1, client_id: 1, origin: 'interface', status: 'active', created_at: '2020-01-01', ...fields },
    id - 1,
    intern,
    NOW,
  );
}

function statsOf(records: UserRecord[]): FieldStats {
  const s = new FieldStats();
  records.forEach((r) => s.add(r));
  s.finish();
  return s;
}

describe('scoring', () => {
  it('a shared rare surname says more than a shared common one', () => {
    const crowd = Array.from({ length: 200 }, (_, i) => user({ first_name: `Name${i}`, last_name: i % 2 ? 'Müller' : 'Schmidt', birth_date: null }));
    const a = user({ first_name: 'Jana', last_name: 'Müller' });
    const b = user({ first_name: 'Jana', last_name: 'Mueller' });
    const c = user({ first_name: 'Jana', last_name: 'Quastenberg' });
    const d = user({ first_name: 'Jana', last_name: 'Quastenberg' });
    const scorer = new Scorer(statsOf([...crowd, a, b, c, d]));
    expect(scorer.score(c, d).weight).toBeGreaterThan(scorer.score(a, b).weight + 3);
  });

  it('counts missing fields as missing, not as disagreement', () => {
    const a = user({ first_name: 'Lotte', last_name: 'Brandauer', birth_date: '1980-01-01', email: 'l.brandauer@firma.de', employee_id: '1' });
    const b = user({ first_name: 'Lotte', last_name: 'Brandauer' });
    const c = user({ first_name: 'Lotte', last_name: 'Brandauer', birth_date: '1991-07-07', email: 'lotte@web.de', employee_id: '2' });
    const scorer = new Scorer(statsOf([a, b, c]));
    const missing = scorer.score(a, b, true);
    const differ = scorer.score(a, c, true);
    expect(missing.features.dob).toBe('missing');
    expect(missing.features.email).toBe('missing');
    expect(missing.features.employeeId).toBe('missing');
    expect(missing.weight).toBeGreaterThan(differ.weight + 5);
    expect(missing.reasons).toContain('date of birth missing on one account');
  });

  it('names the cause from what differs and how the accounts were made', () => {
    const base = { first_name: 'Greta', last_name: 'Olbers', birth_date: '1985-05-05' };
    const scorer = new Scorer(statsOf([]));
    const cause = (x: UserRecord, y: UserRecord) => likelyCause(x, y, scorer.score(x, y).features);
    expect(cause(user(base), user({ ...base, origin: 'manual' }))).toBe('manual_before_interface');
    expect(cause(user(base), user({ ...base, origin: 'self_registration' }))).toBe('self_registration');
    expect(cause(user({ ...base, status: 'inactive' }), user(base))).toBe('returning_employee');
    expect(cause(user({ ...base, org_unit_id: 2 }), user(base))).toBe('hr_multiple_records');
    expect(cause(user(base), user({ ...base, last_name: 'Kranich' }))).toBe('name_change');
  });

  it('sees swapped first and last names', () => {
    const a = user({ first_name: 'Moritz', last_name: 'Albertsen', birth_date: '1979-02-02' });
    const b = user({ first_name: 'Albertsen', last_name: 'Moritz', birth_date: '1979-02-02', origin: 'manual' });
    const s = new Scorer(statsOf([a, b])).score(a, b, true);
    expect(s.features.swapped).toBe(true);
    expect(s.reasons).toContain('first and last name swapped');
    expect(s.score).toBeGreaterThan(0.5);
  });
});

describe('blocking', () => {
  it('splits an oversized block instead of dropping it, and reports it', () => {
    const crowd = Array.from({ length: 260 }, (_, i) =>
      user({ first_name: 'Anna', last_name: 'Müller', birth_date: `19${String(50 + (i % 50)).padStart(2, '0')}-0${(i % 9) + 1}-1${i % 10}` }),
    );
    const twin = user({ first_name: 'Anna', last_name: 'Mueller', birth_date: crowd[123]!.dob ? `${String(crowd[123]!.dob).slice(0, 4)}-${String(crowd[123]!.dob).slice(4, 6)}-${String(crowd[123]!.dob).slice(6, 8)}` : null });
    const records = [...crowd, twin].map((r, i) => ({ ...r, idx: i }));
    const pairs = new Set<string>();
    const report = forEachCandidatePair(records, (i, j) => pairs.add(`${i}-${j}`), { maxBlock: 100, window: 10 });
    expect(report.oversized.length).toBeGreaterThan(0);
    expect(report.oversized[0]!.size).toBeGreaterThan(100);
    expect(pairs.has(`123-${records.length - 1}`)).toBe(true);
    expect(report.candidates).toBeLessThan((records.length * (records.length - 1)) / 2);
  });

  it('compares each pair once even when it shares several keys', () => {
    const a = user({ first_name: 'Ida', last_name: 'Wendt', birth_date: '1990-01-01', email: 'ida@x.de', phone: '0170 1234567', employee_id: '9' });
    const b = user({ first_name: 'Ida', last_name: 'Wendt', birth_date: '1990-01-01', email: 'ida@x.de', phone: '0170 1234567', employee_id: '9' });
    const seen: string[] = [];
    const report = forEachCandidatePair([a, b].map((r, i) => ({ ...r, idx: i })), (i, j) => seen.push(`${i}-${j}`));
    expect(seen).toEqual(['0-1']);
    expect(report.candidates).toBe(1);
  });
});

describe('account to keep and clusters', () => {
  const facts = (r: UserRecord, enrolments = 0, completions = 0): KeepFacts => ({ record: r, activity: { enrolments, completions }, mainDomain: 'firma.de' });

  it('keeps the account the HR interface maintains, then the one with more history', () => {
    const manual = facts(user({ first_name: 'A', last_name: 'B', origin: 'manual' }), 20, 10);
    const iface = facts(user({ first_name: 'A', last_name: 'B' }), 1, 0);
    const k = recommendKeep(manual, iface);
    expect(k.keep).toBe(iface.record.uid);
    expect(k.reasons[0]).toMatch(/HR interface/);
    const busy = facts(user({ first_name: 'A', last_name: 'B', origin: 'manual' }), 9, 4);
    const idle = facts(user({ first_name: 'A', last_name: 'B', origin: 'manual' }), 2, 1);
    expect(recommendKeep(idle, busy)).toMatchObject({ keep: busy.record.uid, reasons: [expect.stringMatching(/more enrolments and completions \(9 enrolments, 4 completions vs 2, 1\)/)] });
    const recent = facts(user({ first_name: 'A', last_name: 'B', origin: 'manual', last_login_at: '2025-05-01' }));
    const old = facts(user({ first_name: 'A', last_name: 'B', origin: 'manual', last_login_at: '2019-05-01' }));
    expect(recommendKeep(old, recent).keep).toBe(recent.record.uid);
    expect(compareKeep(recent, old)).toBeLessThan(0);
  });

  it('groups pairs sharing an account into one cluster with one keep and a merge order', () => {
    const better = (x: string, y: string) => (x === 'k' ? -1 : y === 'k' ? 1 : x < y ? -1 : 1);
    const clusters = buildClusters(
      [
        { a: 'a', b: 'k', score: 0.9 },
        { a: 'a', b: 'c', score: 0.8 },
        { a: 'x', b: 'y', score: 0.7 },
      ],
      better,
    );
    expect(clusters).toEqual([
      { uids: ['a', 'c', 'k'], keep: 'k', mergeOrder: [{ source: 'a', target: 'k' }, { source: 'c', target: 'k' }] },
      { uids: ['x', 'y'], keep: 'x', mergeOrder: [{ source: 'y', target: 'x' }] },
    ]);
  });

  it('merges the strongest links first, ties by uid, like a full re-sort would', () => {
    // Reference: the frontier re-sorted at every step.
    const reference = (pairs: { a: string; b: string; score: number }[], keep: string) => {
      const adj = new Map<string, { uid: string; score: number }[]>();
      for (const p of pairs) {
        adj.set(p.a, [...(adj.get(p.a) ?? []), { uid: p.b, score: p.score }]);
        adj.set(p.b, [...(adj.get(p.b) ?? []), { uid: p.a, score: p.score }]);
      }
      const merged = new Set([keep]);
      const order: string[] = [];
      const frontier = [...(adj.get(keep) ?? [])];
      while (frontier.length) {
        frontier.sort((x, y) => y.score - x.score || (x.uid < y.uid ? -1 : 1));
        const next = frontier.shift()!;
        if (merged.has(next.uid)) continue;
        merged.add(next.uid);
        order.push(next.uid);
        frontier.push(...(adj.get(next.uid) ?? []).filter((e) => !merged.has(e.uid)));
      }
      return order;
    };
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 20; round++) {
      const nodes = Array.from({ length: 12 }, (_, i) => `n${String(i).padStart(2, '0')}`);
      const pairs = nodes.slice(1).map((x, i) => ({ a: nodes[Math.floor(rnd() * (i + 1))]!, b: x, score: Math.round(rnd() * 4) / 4 }));
      for (let e = 0; e < 15; e++) {
        const a = nodes[Math.floor(rnd() * 12)]!;
        const b = nodes[Math.floor(rnd() * 12)]!;
        if (a !== b) pairs.push({ a, b, score: Math.round(rnd() * 4) / 4 });
      }
      const [cluster] = buildClusters(pairs, (x, y) => (x < y ? -1 : 1));
      expect(cluster!.mergeOrder.map((s) => s.source)).toEqual(reference(pairs, 'n00'));
    }
  });

  it('clusters a very dense group quickly (no re-sort per merged account)', () => {
    let seed = 99;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const size = 3000;
    const pairs: { a: string; b: string; score: number }[] = [];
    for (let i = 1; i < size; i++) {
      for (let e = 0; e < 30; e++) pairs.push({ a: `u${i}`, b: `u${Math.floor(rnd() * i)}`, score: rnd() });
    }
    const started = performance.now();
    const clusters = buildClusters(pairs, (x, y) => (x < y ? -1 : 1));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.mergeOrder).toHaveLength(size - 1);
  });

  it('union-find is deterministic', () => {
    const uf = new UnionFind();
    uf.union('c', 'b');
    uf.union('b', 'a');
    expect(uf.find('c')).toBe('a');
    expect(uf.groups()).toEqual([['c', 'b', 'a']]);
  });
});
