import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { sqliteTestDatabase, tempDir, type TestDatabase } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import { LmsMapping } from '../../electron/db/mapping';
import { Fixture } from '../merge/fixtures';
import { richPair } from '../merge/rich-pair';
import { snapshotLms } from '../helpers/db-snapshot';

describe('mergedesk undo (CLI on SQLite)', () => {
  let tdb: TestDatabase;
  const m = new LmsMapping();
  const dir = tempDir('mergedesk-cli-undo-');
  const saved = process.env.MERGEDESK_PASSWORD;
  let pair: { source: { id: number; uid: string }; target: { id: number; uid: string } };
  let before: Record<string, unknown[]>;
  const withDb = async <T>(fn: (db: Knex, fx: Fixture) => Promise<T>): Promise<T> => {
    const db = await tdb.open();
    try {
      return await fn(db, new Fixture(db, m));
    } finally {
      await db.destroy();
    }
  };
  beforeAll(async () => {
    process.env.MERGEDESK_PASSWORD = 'demo';
    tdb = sqliteTestDatabase();
    const db = await tdb.open();
    const fx = await Fixture.create(db, m);
    pair = await richPair(fx);
    before = await snapshotLms(db, m);
    await db.destroy();
  });
  afterAll(async () => {
    process.env.MERGEDESK_PASSWORD = saved;
    await tdb?.drop();
  });

  it('merge, dry-run undo, undo (exit 0), second undo refused (exit 3)', async () => {
    const merged = await runCli('merge', '--db', tdb.url, '--source', pair.source.uid, '--target', pair.target.uid, '--as', 'admin', '--take-login', '--set', 'abort_on_conflict=false', '--logfile', path.join(dir, 'm.xlsx'), '--json');
    expect(merged.code).toBe(0);
    const runId = String(merged.json().run);
    const dry = await runCli('undo', '--db', tdb.url, '--run', runId, '--as', 'admin', '--dry-run', '--logfile', path.join(dir, 'dry.xlsx'), '--json');
    expect(dry.code).toBe(0);
    expect(dry.json()).toMatchObject({ undoes: Number(runId), outcome: 'undone', dryRun: true, refusal: null, changedSince: [] });
    expect(await withDb((db) => snapshotLms(db, m))).not.toEqual(before);

    const undo = await runCli('undo', '--db', tdb.url, '--run', runId, '--as', 'admin', '--logfile', path.join(dir, 'u.xlsx'));
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain(`Undid run ${runId}: ${pair.source.uid} and ${pair.target.uid} are as before that merge`);
    expect(fs.existsSync(path.join(dir, 'u.xlsx'))).toBe(true);
    expect(await withDb((db) => snapshotLms(db, m))).toEqual(before);

    const again = await runCli('undo', '--db', tdb.url, '--run', runId, '--as', 'admin', '--logfile', path.join(dir, 'again.xlsx'), '--json');
    expect(again.code).toBe(3);
    expect(again.json()).toMatchObject({ outcome: 'refused', refusal: 'ALREADY_UNDONE' });
    const unknown = await runCli('undo', '--db', tdb.url, '--run', '4242', '--as', 'admin', '--json');
    expect(unknown.code).toBe(3);
    expect(unknown.json().error).toEqual({ code: 'UNKNOWN_RUN', message: expect.stringContaining('There is no merge run 4242.') });
    expect((await runCli('undo', '--db', tdb.url, '--run', 'abc', '--as', 'admin')).code).toBe(3);
  });

  it('changed since: refused with the list (exit 3); --accept-partial undoes the rest', async () => {
    const merged = await runCli('merge', '--db', tdb.url, '--source', pair.source.uid, '--target', pair.target.uid, '--as', 'admin', '--set', 'abort_on_conflict=false', '--set', 'source_disposition=anonymise', '--logfile', path.join(dir, 'm2.xlsx'), '--json');
    expect(merged.code).toBe(0);
    const runId = String(merged.json().run);
    const enrolmentId = await withDb(async (db, fx) => {
      const e = (await fx.rows('enrolments', { user_id: pair.target.id }, ['id']))[0]!;
      await db(m.table('enrolments')).where(m.col('enrolments', 'id'), e.id as number).update({ [m.col('enrolments', 'score')]: 99 });
      return Number(e.id);
    });
    const refused = await runCli('undo', '--db', tdb.url, '--run', runId, '--as', 'admin', '--logfile', path.join(dir, 'r.xlsx'));
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain(`enrolments id=${enrolmentId}: changed since the merge (score null → 99)`);
    expect(refused.stdout).toContain('--accept-partial');
    const partial = await runCli('undo', '--db', tdb.url, '--run', runId, '--as', 'admin', '--accept-partial', '--logfile', path.join(dir, 'p.xlsx'), '--json');
    expect(partial.code).toBe(0);
    const j = partial.json();
    expect(j).toMatchObject({ outcome: 'undone', acceptPartial: true });
    expect(j.changedSince).toEqual([expect.objectContaining({ table: 'enrolments', key: { id: enrolmentId }, kind: 'changed', columns: [{ column: 'score', mergeLeft: null, now: 99 }] })]);
    expect(await withDb((_db, fx) => fx.one('users', { uid: pair.source.uid }))).toBeDefined();
  });
});
