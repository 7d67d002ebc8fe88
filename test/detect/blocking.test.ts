import { describe, expect, it } from 'vitest';
import { forEachCandidatePair, KEY_TYPES } from '../../electron/engine/detect/blocking';
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
