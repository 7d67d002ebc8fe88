import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { LmsMapping } from '../../electron/db/mapping';
import { canonicalJson, execute, jsonWithRecords, plan } from '../../electron/engine/merge/index';
import { readRunDetails } from '../../electron/engine/runs/ledger';
import { sqliteTestDatabase } from '../helpers/databases';
import { Fixture, settingsWith } from './fixtures';
import { richPair } from './rich-pair';

/**
 * The plan hash is what a preview hands to the merge (`--expect-plan`), which refuses when the
 * plan made under the locks hashes differently: it must stay the same for the same data
 * whatever order the settings come in, and change with any value of any record.
 * Its definition, written out here independently: the sorted-key JSON of everything but the
 * records, a newline, then the records' own JSON.
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
const referenceHash = ({ records, ...rest }: { records: unknown[] } & Record<string, unknown>) =>
  crypto.createHash('sha256').update(`${JSON.stringify(sortedCopy(rest))}\n${JSON.stringify(records)}`).digest('hex');

/** Runs `fn` on a fresh SQLite fixture with a pair touching every category. */
async function withRichPair(fn: (db: Knex, fx: Fixture, pair: Awaited<ReturnType<typeof richPair>>) => Promise<void>): Promise<void> {
  const tdb = sqliteTestDatabase();
  const db = await tdb.open();
  try {
    const fx = await Fixture.create(db, new LmsMapping());
    await fn(db, fx, await richPair(fx));
  } finally {
    await tdb.drop();
  }
}

/** The same settings with their keys in the opposite order. */
const reversed = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;

describe('plan hash', () => {
  it('is the stated hash for a plan touching every category, the same for settings in another key order, and changes with one value of one record', async () => {
    await withRichPair(async (db, fx, { source, target }) => {
      const settings = settingsWith({ abort_on_conflict: false });
      const p = await plan(db, fx.m, source.uid, target.uid, settings, fx.admin);
      const { operator: _o, hash, ...content } = p;
      expect(p.records.length).toBeGreaterThan(20);
      expect(hash).toBe(referenceHash(content));
      expect((await plan(db, fx.m, source.uid, target.uid, reversed(settings), fx.admin)).hash).toBe(hash);

      // One SCORM score of the source changes: a record's row image changes, so does the hash.
      await db(fx.m.table('scorm_data')).where(fx.m.col('scorm_data', 'user_id'), source.id).where(fx.m.col('scorm_data', 'score'), 90).update({ [fx.m.col('scorm_data', 'score')]: 91 });
      const changed = await plan(db, fx.m, source.uid, target.uid, settings, fx.admin);
      expect(changed.records.length).toBe(p.records.length);
      expect(changed.hash).not.toBe(hash);
      const refused = await execute(db, fx.m, p, settings, fx.admin);
      expect(refused.outcome).toBe('refused');
      expect(refused.reason).toMatch(/changed since the preview/);
    });
  });

  it('the run keeps the plan it ran, with its objects’ names, as the plan the merge returned', async () => {
    await withRichPair(async (db, fx, { source, target }) => {
      const names = { 'course:1': 'Fire safety “Basics” ü' };
      const r = await execute(db, fx.m, { source: source.uid, target: target.uid }, settingsWith(), fx.admin, { nameObjects: async () => names });
      expect(r.outcome).toBe('merged');
      expect(await readRunDetails(db, r.runId)).toEqual(JSON.parse(JSON.stringify({ ...r.plan, objectNames: names })));
    });
  });

  it('canonical JSON writes the sorted copy’s text for awkward values: integer-like keys, undefined, dates, nesting, long text', () => {
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
  });

  it('an object with records already written as JSON reads back as the whole object', () => {
    const records = [{ a: 1, at: new Date(0) }, { b: 'ü "x"' }];
    const bytes = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');
    expect(JSON.parse(jsonWithRecords({ hash: 'h', n: undefined, nested: { x: [1] }, name: 'Müller' }, bytes(records)).toString('utf8'))).toEqual(JSON.parse(JSON.stringify({ hash: 'h', nested: { x: [1] }, name: 'Müller', records })));
    expect(JSON.parse(jsonWithRecords({}, bytes([])).toString('utf8'))).toEqual({ records: [] });
  });
});
