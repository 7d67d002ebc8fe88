/**
 * The user records the scan builds, through the shortcuts the scan takes at a million
 * users: birth dates looked up by their digits, local parts keyed without a sort, names
 * compared once per pair of token lists, one key table reused across key types.
 */
import { describe, expect, it } from 'vitest';
import { Interner, localKey, toRecord } from '../../electron/engine/detect/records';
import { compareNames, NameComparisons } from '../../electron/engine/detect/compare-fields';
import { KeyTable } from '../../electron/engine/detect/key-table';

const NOW = new Date('2025-06-01T00:00:00Z');
const row = (id: number, f: Record<string, unknown>) => ({ id, uid: `u${id}`, org_unit_id: 1, client_id: 1, origin: 'interface', status: 'active', ...f });

describe('user records', () => {
  it('reads birth dates the same however often a text repeats: real dates kept, impossible dates and placeholders missing', () => {
    const intern = new Interner();
    const dob = (text: unknown, id: number) => toRecord(row(id, { first_name: 'Anna', last_name: 'Berg', birth_date: text }), id, intern, NOW).dob;
    for (let round = 0; round < 2; round++) {
      expect(dob('1955-01-02', 1)).toBe(19550102);
      expect(dob('1955-02-30', 2)).toBe(0); // no such day
      expect(dob('1900-01-01', 3)).toBe(0); // placeholder
      expect(dob('2020-05-05', 4)).toBe(0); // five years old
      expect(dob('02.01.1955', 5)).toBe(19550102);
      expect(dob('1955-1-2', 6)).toBe(19550102);
      expect(dob('1955-01-02T00:00:00', 7)).toBe(19550102);
      expect(dob('19x5-01-02', 8)).toBe(0);
      expect(dob(null, 9)).toBe(0);
    }
  });

  it('keys e-mail local parts and logins by their sorted name tokens', () => {
    expect(localKey('mueller.anna')).toBe('anna.mueller');
    expect(localKey('anna.mueller')).toBe('anna.mueller');
    expect(localKey('mueller_anna')).toBe('anna.mueller');
    expect(localKey('anna-mueller')).toBe('anna.mueller');
    expect(localKey('mueller..anna')).toBe('anna.mueller');
    expect(localKey('.anna.')).toBe('anna');
    expect(localKey('mueller.anna.b')).toBe('anna.b.mueller');
    expect(localKey('amueller')).toBe('amueller');
    const r = toRecord(row(1, { first_name: 'Anna', last_name: 'Müller', email: 'Mueller.Anna@firma.de', login: 'anna_mueller' }), 0, new Interner(), NOW);
    expect(r.emailLocalKey).toBe(r.loginKey);
  });

  it('compares each pair of names by its own tokens, also where earlier comparisons were kept', () => {
    const intern = new Interner();
    const rec = (id: number, first: string) => toRecord(row(id, { first_name: first, last_name: 'Berg' }), id, intern, NOW);
    const [anna, anne, jan, hans] = [rec(1, 'Anna'), rec(2, 'Anne'), rec(3, 'Jan'), rec(4, 'Hans Peter')];
    // A cache with room for one pair, one with room for all, and none: the same answers.
    const tiny = new NameComparisons(1);
    const roomy = new NameComparisons();
    const cmp = (a: typeof anna, b: typeof anna) => {
      const plain = compareNames(a.first, a.firstTokens, b.first, b.firstTokens, a.firstVariant, b.firstVariant);
      expect(tiny.compare(a.first, a.firstTokens, b.first, b.firstTokens, a.firstVariant, b.firstVariant)).toEqual(plain);
      expect(roomy.compare(a.first, a.firstTokens, b.first, b.firstTokens, a.firstVariant, b.firstVariant)).toEqual(plain);
      return plain;
    };
    for (let round = 0; round < 2; round++) {
      expect(cmp(anna, anne).level).toBe('high');
      expect(cmp(anna, jan).level).toBe('differ');
      expect(cmp(jan, anna).level).toBe('differ');
      expect(cmp(anna, anna).level).toBe('exact');
    }
    // "Hans Peter" and "Hanspeter" join to one key but are different token lists: partly equal only where a token list is a part of the other.
    const other = new Interner();
    const hansOne = toRecord(row(5, { first_name: 'Hanspeter', last_name: 'Berg' }), 5, other, NOW);
    const hansAlone = toRecord(row(6, { first_name: 'Hans', last_name: 'Berg' }), 6, other, NOW);
    expect(cmp(hans, hansOne).level).toBe('exact');
    expect(cmp(hans, hansAlone).level).toBe('partial');
    expect(cmp(hansOne, hansAlone).level).not.toBe('partial');
  });

  it('forgets every key of a cleared key table and hands out ids from 0 again', () => {
    const t = new KeyTable(4);
    for (let k = 0; k < 5000; k++) expect(t.id(k * 7919 + 2 ** 40)).toBe(k);
    expect(t.id(2 ** 40)).toBe(0);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.id(123)).toBe(0);
    expect(t.id(2 ** 40)).toBe(1);
    expect(t.id(123)).toBe(0);
  });
});
