import { describe, expect, it } from 'vitest';
import { BlockingPlan, forEachCandidatePair, KEY_TYPES } from '../../electron/engine/detect/blocking';
import { idsOneTypoApart } from '../../electron/engine/detect/blocking-keys';
import { Interner, toRecord, type UserRecord } from '../../electron/engine/detect/records';

const NOW = new Date('2025-06-01T00:00:00Z');

function users(rows: Record<string, unknown>[]): UserRecord[] {
  const intern = new Interner();
  return rows.map((f, k) => toRecord({ id: k + 1, uid: `u${k + 1}`, login: `login${k + 1}`, org_unit_id: 1 + (k % 7), client_id: 1, origin: 'interface', status: 'active', created_at: '2020-01-01', ...f }, k, intern, NOW));
}

function candidates(records: UserRecord[], keyTypes = KEY_TYPES) {
  const pairs = new Set<string>();
  const report = forEachCandidatePair(records, (i, j) => pairs.add(`${records[i]!.uid}+${records[j]!.uid}`), { keyTypes });
  return { pairs, report };
}

describe('blocking on employee IDs with a typing error', () => {
  // Names changed or mistyped beyond what the name keys catch; only the ID (one digit off) links them.
  const rows = [
    { first_name: 'Anna', last_name: 'Berger', birth_date: '1980-03-04', employee_id: '482913' },
    { first_name: 'Marie', last_name: 'Schulz', birth_date: '1980-03-04', employee_id: '482918' }, // one digit wrong, same birth date
    { first_name: 'Kim', last_name: 'Nowak', birth_date: null, employee_id: '771204' },
    { first_name: 'Kimberly', last_name: 'Nagel', birth_date: null, employee_id: '772104' }, // two digits swapped, no birth date
    { first_name: 'Paul', last_name: 'Roth', birth_date: '1975-11-30', employee_id: '5550917' },
    { first_name: 'Peter', last_name: 'Stein', birth_date: '1975-11-30', employee_id: '555917' }, // one digit missing
  ];

  it('makes a pair of accounts whose IDs differ by one wrong, missing or swapped digit a candidate', () => {
    const records = users(rows);
    const withKey = candidates(records);
    const without = candidates(records, KEY_TYPES.filter((t) => t.name !== 'id_typo'));
    for (const pair of ['u1+u2', 'u3+u4', 'u5+u6']) {
      expect(withKey.pairs.has(pair)).toBe(true);
      expect(without.pairs.has(pair)).toBe(false);
    }
    expect(withKey.report.perKey.find((k) => k.keyType === 'id_typo')?.pairs).toBe(3);
  });

  it('counts one wrong, swapped or missing digit as one typing error, and nothing more', () => {
    for (const [a, b] of <[string, string][]>[['4829130', '4829130'], ['4829130', '4829180'], ['4829130', '4892130'], ['4829130', '482930'], ['4829130', '829130'], ['482913', '4829130']]) expect(idsOneTypoApart(a, b), `${a} ${b}`).toBe(true);
    for (const [a, b] of <[string, string][]>[['4829130', '4829181'], ['4829130', '4823190'], ['4829130', '48291'], ['4829130', '8291304'], ['1234', '2143']]) expect(idsOneTypoApart(a, b), `${a} ${b}`).toBe(false);
  });

  it('finds every pair one typing error apart with the same birth date, wherever the error is', () => {
    // Every single-digit substitution, neighbour swap and deletion of one ID, each on its own account.
    const id = '5082937';
    const variants = new Set<string>();
    for (let p = 0; p < id.length; p++) {
      for (let d = 0; d <= 9; d++) variants.add(id.slice(0, p) + d + id.slice(p + 1));
      variants.add(id.slice(0, p) + id.slice(p + 1));
      if (p + 1 < id.length) variants.add(id.slice(0, p) + id[p + 1] + id[p] + id.slice(p + 2));
    }
    variants.delete(id);
    // Leading zeros are not part of an ID (normaliseEmployeeId drops them).
    for (const v of variants) if (v.startsWith('0')) variants.delete(v);
    const rows = [id, ...variants].map((employee_id, k) => ({ first_name: `F${k}x`, last_name: `L${k}y`, birth_date: '1981-07-09', employee_id }));
    const records = users(rows);
    const { pairs } = candidates(records, KEY_TYPES.filter((t) => t.name === 'id_typo'));
    for (let k = 1; k < records.length; k++) expect(pairs.has(`u1+u${k + 1}`), rows[k]!.employee_id).toBe(true);
    // …and only pairs one error apart: variants of one ID are mostly two errors from each other.
    for (const p of pairs) {
      const [a, b] = p.split('+').map((u) => records[Number(u.slice(1)) - 1]!.employeeId!);
      expect(idsOneTypoApart(a!, b!)).toBe(true);
    }
  });

  it('adds few candidates where IDs are numbered in sequence (neighbours differ by one digit)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const names = ['Anna', 'Ben', 'Clara', 'David', 'Eva', 'Felix', 'Greta', 'Hans', 'Ida', 'Jonas'];
    const lasts = ['Meier', 'Huber', 'Wagner', 'Becker', 'Wolf', 'Keller', 'Braun', 'Frank', 'Lang', 'Vogel', 'Sommer', 'Graf'];
    const many = Array.from({ length: 5_000 }, (_, k) => ({
      first_name: names[Math.floor(rnd() * names.length)],
      last_name: lasts[Math.floor(rnd() * lasts.length)],
      birth_date: rnd() < 0.2 ? null : new Date(Date.UTC(1960, 0, 1) + Math.floor(rnd() * 14_000) * 86_400_000).toISOString().slice(0, 10),
      employee_id: String(100_000 + k),
    }));
    const { report } = candidates(users(many));
    const typo = report.perKey.find((k) => k.keyType === 'id_typo')!;
    // About 40 one-digit neighbours per ID; the birth date or initials cut that to a few per hundred users.
    expect(typo.pairs).toBeLessThan(many.length / 10);
  });
});

describe('oversized name blocks', () => {
  // 3,000 people called Anna Müller (a block far above maxBlock), born on days spread over
  // ten years, in 60 org units; among them three duplicates whose partners lie a hundred
  // places apart in name and birth-date order, where a sorted window does not reach.
  let seed = 3;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const iso = (days: number) => new Date(Date.UTC(1975, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
  const crowd = Array.from({ length: 3_000 }, (_, k) => ({
    first_name: 'Anna',
    last_name: k % 2 ? 'Müller' : 'Mueller',
    birth_date: rnd() < 0.15 ? null : iso(Math.floor(rnd() * 3_650)),
    employee_id: String(1_000_000 + k * 7),
    org_unit_id: 10 + (k % 60),
    attributes: { street: `Hauptstraße ${k}` },
  }));
  const rows = [
    ...crowd,
    // One digit of the birth date mistyped (March for August).
    { first_name: 'Anna', last_name: 'Müller', birth_date: '1978-03-14', employee_id: '7700001', org_unit_id: 5 },
    { first_name: 'Anna', last_name: 'Mueller', birth_date: '1978-08-14', employee_id: '8800001', org_unit_id: 6 },
    // Day and month swapped.
    { first_name: 'Anna', last_name: 'Müller', birth_date: '1983-05-09', employee_id: '7700002', org_unit_id: 5 },
    { first_name: 'Anna', last_name: 'Müller', birth_date: '1983-09-05', employee_id: '8800002', org_unit_id: 6 },
    // No birth date on the hand-made account; the same street as the HR account.
    { first_name: 'Anna', last_name: 'Müller', birth_date: '1990-12-01', employee_id: '7700003', org_unit_id: 5, attributes: { street: 'Lindenweg 7' } },
    { first_name: 'Anna', last_name: 'Müller', birth_date: null, employee_id: null, org_unit_id: 7, attributes: { street: 'Lindenweg 7' } },
  ];

  function withAttributes(list: typeof rows): UserRecord[] {
    const records = users(list);
    records.forEach((r, k) => (r.attrs = [String(list[k]!.attributes?.street ?? '').toLowerCase()]));
    return records;
  }

  it('still finds a pair whose block is too large to compare every pair in', () => {
    const records = withAttributes(rows);
    const n = records.length;
    const { pairs, report } = candidates(records);
    for (const [a, b] of [[n - 6, n - 5], [n - 4, n - 3], [n - 2, n - 1]] as const) expect(pairs.has(`${records[a]!.uid}+${records[b]!.uid}`)).toBe(true);
    const block = report.oversized.find((o) => o.keyType === 'name')!;
    expect(block.size).toBeGreaterThan(3_000);
    expect(block.method).toBe('split');
    // Far fewer pairs than all of them: namesakes with unrelated birth dates are not compared.
    expect(report.candidates).toBeLessThan((n * (n - 1)) / 2 / 20);
  });

  it('compares exactly the pairs a full comparison of the block would accept by birth date', () => {
    // Everyone has a birth date: the split must equal the all-pairs rule.
    const dated = withAttributes(rows.filter((r) => r.birth_date !== null).slice(-800));
    const split = new Set<string>();
    const report = forEachCandidatePair(dated, (i, j) => split.add(`${dated[i]!.uid}+${dated[j]!.uid}`), { maxBlock: 100 });
    expect(report.oversized.some((o) => o.method === 'split')).toBe(true);
    const full = new Set<string>();
    forEachCandidatePair(dated, (i, j) => full.add(`${dated[i]!.uid}+${dated[j]!.uid}`), { maxBlock: 1e9 });
    expect([...split].sort()).toEqual([...full].sort());
  });
});

describe('units of blocking work', () => {
  it('give the same pairs in the same order however the units are shared out', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const firsts = ['Anna', 'Ben', 'Clara', 'David', 'Eva'];
    const lasts = ['Meier', 'Huber', 'Wagner', 'Becker'];
    const records = users(
      Array.from({ length: 3_000 }, (_, k) => ({
        first_name: firsts[Math.floor(rnd() * firsts.length)],
        last_name: lasts[Math.floor(rnd() * lasts.length)],
        birth_date: rnd() < 0.3 ? null : `19${60 + Math.floor(rnd() * 3)}-0${1 + Math.floor(rnd() * 2)}-1${Math.floor(rnd() * 3)}`,
        employee_id: String(100_000 + Math.floor(rnd() * 900_000)),
        email: rnd() < 0.1 ? 'info@example.com' : `p${k}@example.com`,
      })),
    );
    const once: string[] = [];
    const whole = forEachCandidatePair(records, (i, j) => once.push(`${i}-${j}`));
    // Two "threads" with their own plans, taking units alternately from one counter.
    const plans = [new BlockingPlan(records), new BlockingPlan(records)];
    expect(plans[0]!.units.length).toBeGreaterThan(10);
    expect(plans[0]!.units).toEqual(plans[1]!.units);
    const byUnit: string[][] = [];
    const reports = plans[0]!.units.map((_, u) => {
      const plan = plans[u % 3 === 0 ? 0 : 1]!;
      const out = plan.unitReport();
      byUnit[u] = [];
      plan.runUnit(u, (i, j) => byUnit[u]!.push(`${i}-${j}`), out);
      return out;
    });
    expect(byUnit.flat()).toEqual(once);
    expect(plans[0]!.report(reports)).toEqual(whole);
    // The windowed identifier block (300 accounts share info@example.com) is in the last unit.
    expect(whole.oversized.some((b) => b.method === 'window')).toBe(true);
  });
});
