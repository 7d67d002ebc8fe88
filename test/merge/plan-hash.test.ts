import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LmsMapping } from '../../electron/db/mapping';
import { canonicalHash, canonicalJson, plan } from '../../electron/engine/merge/index';
import { sqliteTestDatabase } from '../helpers/databases';
import { Fixture, settingsWith } from './fixtures';
import { richPair } from './rich-pair';

/**
 * The plan hash is compared with hashes recorded earlier (a preview's expectPlanHash, run
 * records), so its text must stay what it was: JSON.stringify of a copy with sorted keys.
 * That earlier definition, kept here as the reference.
 */
function sortedCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedCopy);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortedCopy(x);
    }
    return out;
  }
  return v;
}
const earlierHash = (v: unknown) => crypto.createHash('sha256').update(JSON.stringify(sortedCopy(v))).digest('hex');

describe('plan hash', () => {
  it('is the hash the earlier sorted-copy JSON gave, for a plan touching every category', async () => {
    const tdb = sqliteTestDatabase();
    const db = await tdb.open();
    try {
      const fx = await Fixture.create(db, new LmsMapping());
      const { source, target } = await richPair(fx);
      const p = await plan(db, fx.m, source.uid, target.uid, settingsWith({ abort_on_conflict: false }), fx.admin);
      const { operator: _o, hash, ...content } = p;
      expect(p.records.length).toBeGreaterThan(20);
      expect(hash).toBe(earlierHash(content));
    } finally {
      await tdb.drop();
    }
  });

  it('writes the same text as the sorted copy for awkward values: integer-like keys, undefined, dates, nesting, long text', () => {
    const awkward = {
      b: [1, undefined, null, 'x', { z: 1, a: [new Date('2024-01-02T03:04:05.678Z')] }, () => 1],
      '10': 'ten',
      '2': 'two',
      a: { skip: undefined, fn: () => 1, nested: { '01': 1, '1': 2, 'é': 3, Z: 4, '': 5 } },
      n: [0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, false],
      text: 'quote " backslash \\ newline \n \u2028 ü'.repeat(5000),
      'key "quoted"\t': ['emoji 😀', 'lone \ud800 surrogate', '\u0000\u001f'],
      rows: Array.from({ length: 50 }, (_, i) => ({ id: i, user_id: 7, course: `c${i}`, at: new Date(i * 1000), gone: undefined })),
    };
    expect(canonicalJson(awkward)).toBe(JSON.stringify(sortedCopy(awkward)));
    expect(canonicalHash(awkward)).toBe(earlierHash(awkward));
  });
});
