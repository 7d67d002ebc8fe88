import { describe, expect, it } from 'vitest';
import { Interner, toRecord, type UserRecord } from '../../electron/engine/detect/records';
import { FieldStats, Scorer } from '../../electron/engine/detect/scoring';

const NOW = new Date('2025-06-01T00:00:00Z');
const intern = new Interner();
let nextId = 1;

function user(fields: Record<string, unknown>, attrs: string[] = []): UserRecord {
  const id = nextId++;
  const r = toRecord(
    { id, uid: `u${id}`, login: `login${id}`, org_unit_id: 1, client_id: 1, origin: 'interface', status: 'inactive', created_at: '2020-01-01', ...fields },
    id - 1,
    intern,
    NOW,
  );
  r.attrs = attrs;
  return r;
}

function scorer(records: UserRecord[], attributeNames: string[] = []): Scorer {
  const s = new FieldStats();
  s.attributeNames = attributeNames;
  records.forEach((r) => s.add(r));
  s.finish();
  return new Scorer(s);
}

/** The level each present field got, as field → level. */
function levels(a: UserRecord, b: UserRecord, attributeNames: string[] = [], crowd: UserRecord[] = []): Record<string, string> {
  const e = scorer([...crowd, a, b], attributeNames).score(a, b, true).evidence!;
  return Object.fromEntries(e.map((x) => [x.field, x.level]));
}

describe('comparison levels on hand-built accounts', () => {
  it('names: exact, transliteration, typo, initials (one name contained in the other), phonetic, different', () => {
    const base = { birth_date: '1980-01-01' };
    expect(levels(user({ ...base, first_name: 'Anna', last_name: 'Berger' }), user({ ...base, first_name: 'Anna', last_name: 'Berger' }))).toMatchObject({ first_name: 'exact', last_name: 'exact' });
    expect(levels(user({ ...base, first_name: 'Jürgen', last_name: 'Weiß' }), user({ ...base, first_name: 'Juergen', last_name: 'Weiss' }))).toMatchObject({ first_name: 'exact', last_name: 'exact' });
    expect(levels(user({ ...base, first_name: 'Jürgen', last_name: 'Müller' }), user({ ...base, first_name: 'Jurgen', last_name: 'Muller' }))).toMatchObject({ first_name: 'transliteration', last_name: 'transliteration' });
    expect(levels(user({ ...base, first_name: 'Sebastian', last_name: 'Oberländer' }), user({ ...base, first_name: 'Sebastain', last_name: 'Oberlander' }))).toMatchObject({ first_name: 'typo' });
    expect(levels(user({ ...base, first_name: 'Anna Lena', last_name: 'Kron' }), user({ ...base, first_name: 'Anna', last_name: 'Kron' }))).toMatchObject({ first_name: 'initials' });
    expect(levels(user({ ...base, first_name: 'Peter', last_name: 'Kron' }), user({ ...base, first_name: 'Maria', last_name: 'Kron' }))).toMatchObject({ first_name: 'different' });
  });

  it('first and last name swapped are compared crosswise', () => {
    const a = user({ first_name: 'Moritz', last_name: 'Albertsen', birth_date: '1979-02-02' });
    const b = user({ first_name: 'Albertsen', last_name: 'Moritz', birth_date: '1979-02-02' });
    expect(levels(a, b)).toMatchObject({ first_name: 'exact', last_name: 'exact', name_order: 'swapped' });
  });

  it('birth dates: exact, near (a typing error), different', () => {
    const n = { first_name: 'Ida', last_name: 'Wendt' };
    expect(levels(user({ ...n, birth_date: '1984-03-12' }), user({ ...n, birth_date: '1984-03-12' })).birth_date).toBe('exact');
    expect(levels(user({ ...n, birth_date: '1984-03-12' }), user({ ...n, birth_date: '1984-12-03' })).birth_date).toBe('near');
    expect(levels(user({ ...n, birth_date: '1984-03-12' }), user({ ...n, birth_date: '1984-03-21' })).birth_date).toBe('near');
    expect(levels(user({ ...n, birth_date: '1955-01-02' }), user({ ...n, birth_date: '2001-01-20' })).birth_date).toBe('different');
  });

  it('employee IDs: exact, one digit apart (where IDs are not numbered in sequence), different', () => {
    const n = { first_name: 'Ida', last_name: 'Wendt' };
    // A crowd with IDs far apart: one digit apart is rare by chance here.
    const crowd = Array.from({ length: 300 }, (_, i) => user({ first_name: `F${i}`, last_name: `L${i}`, employee_id: String(1_000_000 + i * 7919) }));
    expect(levels(user({ ...n, employee_id: '4711023' }), user({ ...n, employee_id: '4711023' }), [], crowd).employee_id).toBe('exact');
    expect(levels(user({ ...n, employee_id: '4711023' }), user({ ...n, employee_id: '4711028' }), [], crowd).employee_id).toBe('one_digit');
    expect(levels(user({ ...n, employee_id: '4711023' }), user({ ...n, employee_id: '4711203' }), [], crowd).employee_id).toBe('one_digit');
    expect(levels(user({ ...n, employee_id: '4711023' }), user({ ...n, employee_id: '5822134' }), [], crowd).employee_id).toBe('different');
    // Sequential IDs: neighbours are one digit apart by chance, so it is no evidence.
    const sequential = Array.from({ length: 300 }, (_, i) => user({ first_name: `F${i}`, last_name: `L${i}`, employee_id: String(20_000 + i) }));
    expect(levels(user({ ...n, employee_id: '20011' }), user({ ...n, employee_id: '20012' }), [], sequential).employee_id).toBe('different');
    // Long IDs and IDs with letters are compared by their characters, short numbers by value: the same rule.
    expect(levels(user({ ...n, employee_id: '123456789012' }), user({ ...n, employee_id: '123456789021' }), [], crowd).employee_id).toBe('one_digit');
    expect(levels(user({ ...n, employee_id: '123456789012' }), user({ ...n, employee_id: '123456789012' }), [], crowd).employee_id).toBe('exact');
    expect(levels(user({ ...n, employee_id: 'HRAB-CDEF' }), user({ ...n, employee_id: 'hrab cdef' }), [], crowd).employee_id).toBe('exact');
    expect(levels(user({ ...n, employee_id: 'HRAB-CDEF' }), user({ ...n, employee_id: 'HRAB-CDEX' }), [], crowd).employee_id).toBe('one_digit');
    expect(levels(user({ ...n, employee_id: '4711023' }), user({ ...n, employee_id: '471102' }), [], crowd).employee_id).toBe('different');
  });

  it('phone numbers and e-mail addresses', () => {
    const n = { first_name: 'Ida', last_name: 'Wendt' };
    expect(levels(user({ ...n, phone: '0170 1234567' }), user({ ...n, phone: '+49 170 1234567' })).phone).toBe('exact');
    expect(levels(user({ ...n, phone: '0170 1234567' }), user({ ...n, phone: '0170 1234576' })).phone).toBe('one_digit');
    // Leading zeros count: numbers of one length that differ in the first digit, and numbers of different lengths.
    expect(levels(user({ ...n, phone: '0123 45678' }), user({ ...n, phone: '1123 45678' })).phone).toBe('one_digit');
    expect(levels(user({ ...n, phone: '0123 45678' }), user({ ...n, phone: '1023 45678' })).phone).toBe('one_digit');
    expect(levels(user({ ...n, phone: '0123 45678' }), user({ ...n, phone: '123 45678' })).phone).toBe('different');
    expect(levels(user({ ...n, phone: '0012 34567' }), user({ ...n, phone: '0012 34567' })).phone).toBe('exact');
    // A login that is the other account's local part, and the same letters in the local part and the login.
    expect(levels(user({ first_name: 'Ida', last_name: 'Wendt', email: 'wendt.ida@firma.de' }), user({ first_name: 'Ida', last_name: 'Kramer', email: 'ik@gmail.com', login: 'ida.wendt' })).email).toBe('local_part');
    expect(levels(user({ first_name: 'Ida', last_name: 'Wendt', email: 'ida.wendt84@firma.de' }), user({ first_name: 'Ida', last_name: 'Kramer', email: 'ik@gmail.com', login: 'idawendt' })).email).not.toBe('different');
    expect(levels(user({ ...n, email: 'ida.wendt@firma.de' }), user({ ...n, email: 'Ida.Wendt@firma.de' })).email).toBe('exact');
    expect(levels(user({ first_name: 'Ida', last_name: 'Wendt', email: 'ida.w@firma.de' }), user({ first_name: 'Ida', last_name: 'Kramer', email: 'ida.w@gmail.com' })).email).toBe('local_part');
  });

  it('user attributes: exact, exact within one unit, typo, different', () => {
    const n = { first_name: 'Ida', last_name: 'Wendt' };
    const names = ['street', 'postcode'];
    expect(levels(user({ ...n, org_unit_id: 1 }, ['hauptstrasse 5', '50667']), user({ ...n, org_unit_id: 2 }, ['hauptstrasse 5', '50667']), names)).toMatchObject({
      'attribute:street': 'exact',
      'attribute:postcode': 'exact',
    });
    expect(levels(user(n, ['hauptstrasse 5', '50667']), user(n, ['hauptstrasse 5', '50677']), names)).toMatchObject({ 'attribute:street': 'exact_same_unit', 'attribute:postcode': 'typo' });
    expect(levels(user(n, ['hauptstrasse 5', '50667']), user(n, ['ringweg 12', '80331']), names)).toMatchObject({ 'attribute:street': 'different', 'attribute:postcode': 'different' });
  });

  it('a missing field is left out of the evidence and weighs nothing', () => {
    const a = user({ first_name: 'Lotte', last_name: 'Brandauer', birth_date: '1980-01-01', employee_id: '1234567' }, ['hauptstrasse 5']);
    const b = user({ first_name: 'Lotte', last_name: 'Brandauer' }, ['']);
    const e = scorer([a, b], ['street']).score(a, b, true).evidence!;
    expect(e.map((x) => x.field)).not.toContain('birth_date');
    expect(e.map((x) => x.field)).not.toContain('employee_id');
    expect(e.map((x) => x.field)).not.toContain('attribute:street');
    expect(e.map((x) => x.field)).toEqual(expect.arrayContaining(['first_name', 'last_name']));
  });

  it('finds a pair without a birth date on one side by the other evidence', () => {
    const crowd = Array.from({ length: 400 }, (_, i) => user({ first_name: `F${i}`, last_name: `L${i % 50}`, birth_date: `19${50 + (i % 50)}-0${(i % 9) + 1}-1${i % 10}` }, [`street ${i}`, String(10000 + i)]));
    const a = user({ first_name: 'Greta', last_name: 'Olbers', birth_date: '1985-05-05', employee_id: '3141592', org_unit_id: 3 }, ['lindenweg 7', '50667']);
    const b = user({ first_name: 'Greta', last_name: 'Olbers', birth_date: null, employee_id: '3141592', origin: 'manual', org_unit_id: 3 }, ['lindenweg 7', '50667']);
    const s = scorer([...crowd, a, b], ['street', 'postcode']).score(a, b, true);
    expect(s.features.dob).toBe('missing');
    expect(s.score).toBeGreaterThan(0.99);
    expect(s.reasons).toContain('date of birth missing on one account');
  });
});
