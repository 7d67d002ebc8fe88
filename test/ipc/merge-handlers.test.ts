import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import { channelName } from '@shared/ipc/define';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry, type Registry } from '../../electron/ipc/registry';
import { ProfileStore } from '../../electron/profiles/store';
import { tempDir } from '../helpers/databases';

const ctx = { progress: () => undefined };
type Ok<T = any> = { ok: true; value: T };

describe('merge channels over a real demo database', () => {
  let registry: Registry;
  let handlers: ReturnType<typeof createHandlers>;
  let savedTo: string;
  const opened: string[] = [];
  const call = (key: string, input: unknown) => registry.call(channelName(key), input, ctx);
  let pair: { a: string; b: string; keep: string };

  beforeAll(async () => {
    const home = tempDir('mergedesk-ipc-merge-');
    process.env.MERGEDESK_HOME = home;
    savedTo = path.join(home, 'saved.xlsx');
    handlers = createHandlers({
      profiles: new ProfileStore(path.join(home, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }),
      version: 'test',
      desktop: { saveFileDialog: async () => savedTo, openPath: async (f) => void opened.push(f) },
    });
    registry = createRegistry(contract, handlers);
    expect(await call('searchUsers', { query: 'müller' })).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    await call('connect', { profileId: 'demo' });
    await call('signIn', { login: 'admin', password: 'demo' });
    const scan = (await call('scanDuplicates', {})) as Ok;
    const p = scan.value.pairs[0];
    pair = { a: p.a.uid, b: p.b.uid, keep: p.keep };
  });
  afterAll(async () => handlers.session.close());

  it('searches users within clearance and refuses a one-letter search', async () => {
    const hit = (await call('searchUsers', { query: pair.a })) as Ok;
    expect(hit.value.map((u: { uid: string }) => u.uid)).toEqual([pair.a]);
    expect(await call('searchUsers', { query: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('at least two characters') } });
    // The limited admin finds only users of the org units its clearance covers.
    const { db, mapping: m } = handlers.session.requireDb();
    await call('signIn', { login: 'hr.north', password: 'demo' });
    const limited = (await call('searchUsers', { query: 'U0', limit: 200 })) as Ok<{ uid: string }[]>;
    await call('signIn', { login: 'admin', password: 'demo' });
    const everyone = (await call('searchUsers', { query: 'U0', limit: 200 })) as Ok<{ uid: string }[]>;
    const admin = await db(m.table('users')).where(m.col('users', 'login'), 'hr.north').first();
    const { loadClearance } = await import('../../electron/auth/clearance');
    const units = new Set((await loadClearance(db, m, Number(admin.id))).orgUnits('view'));
    const found = await db(m.table('users')).whereIn(m.col('users', 'uid'), limited.value.map((u) => u.uid));
    expect(found.length).toBeGreaterThan(0);
    for (const u of found) expect(units.has(Number(u.org_unit_id))).toBe(true);
    const outside = await db(m.table('users')).whereIn(m.col('users', 'uid'), everyone.value.map((u) => u.uid));
    expect(outside.some((u) => !units.has(Number(u.org_unit_id)))).toBe(true);
  });

  it('compares two accounts, and refuses the same account twice or an unknown UID', async () => {
    const v = (await call('compareAccounts', { a: pair.a, b: pair.b })) as Ok;
    expect(v.value.accounts.map((x: { uid: string }) => x.uid)).toEqual([pair.a, pair.b]);
    expect([pair.a, pair.b]).toContain(v.value.keep);
    expect(v.value.keepReasons.length).toBeGreaterThan(0);
    const { db, mapping: m } = handlers.session.requireDb();
    const n = await db(m.table('enrolments')).where(m.col('enrolments', 'user_id'), v.value.accounts[0].id).count({ n: '*' }).first();
    expect(v.value.accounts[0].counts.Enrolments ?? 0).toBe(Number(n?.n));
    expect(await call('compareAccounts', { a: pair.a, b: pair.a })).toMatchObject({ ok: false, error: { code: 'SAME_ACCOUNT' } });
    expect(await call('compareAccounts', { a: pair.a, b: 'NO-SUCH-UID' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_UID' } });
  });

  it('previews without writing, refuses a stale or malformed plan hash, then merges and saves the logfile', async () => {
    const source = pair.keep === pair.a ? pair.b : pair.a;
    const input = { source, target: pair.keep, overrides: { abort_on_conflict: false } };
    const plan = (await call('previewMerge', input)) as Ok;
    expect(plan.value.hash).toMatch(/^[0-9a-f]{64}$/);
    const { db, mapping: m } = handlers.session.requireDb();
    const sourceRow = m.fromDbRow('users', await db(m.table('users')).select(m.select('users', ['id', 'status'])).where(m.col('users', 'uid'), source).first());
    expect(sourceRow).toBeDefined();
    // Names, not ids: every course of the preview by its code and title as the database holds them.
    const courseRecords = plan.value.records.filter((r: { objectType: string }) => r.objectType === 'course');
    expect(courseRecords.length).toBeGreaterThan(0);
    for (const r of courseRecords) {
      const c = await db(m.table('courses')).select(m.select('courses', ['code', 'title'])).where(m.col('courses', 'id'), r.objectId).first();
      expect(plan.value.names[`course:${String(r.objectId)}`]).toBe(`${c.code} ${c.title}`);
    }
    const enrolmentsOf = async (uid: string) =>
      Number((await db(m.table('enrolments')).join(m.table('users'), m.qcol('users', 'id'), m.qcol('enrolments', 'user_id')).where(m.qcol('users', 'uid'), uid).count({ n: '*' }).first())?.n);
    expect(plan.value.keptNow.enrolments).toBe(await enrolmentsOf(pair.keep));
    expect(await call('executeMerge', { ...input, expectPlanHash: 'abc' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('previewMerge', { ...input, overrides: { source_disposition: 'shred' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const stale = (await call('executeMerge', { ...input, expectPlanHash: '0'.repeat(64) })) as Ok;
    expect(stale.value.outcome).toBe('refused');
    expect(stale.value.message).toBe('Warning: The merge was not successful, please check the linked logfile for more information.');
    const done = (await call('executeMerge', { ...input, expectPlanHash: plan.value.hash })) as Ok;
    expect(done.value).toMatchObject({ outcome: 'merged', message: `${source} was merged into ${pair.keep}.` });
    // One licence freed exactly when the removed account was active (it is gone now).
    expect(done.value.licencesFreed).toBe(sourceRow.status === 'active' ? 1 : 0);
    expect(done.value.keptAfter.enrolments).toBe(await enrolmentsOf(pair.keep));
    expect(stale.value.licencesFreed).toBe(0);
    expect(fs.existsSync(done.value.logfile)).toBe(true);
    expect(await db(m.table('users')).where(m.col('users', 'uid'), source).first()).toBeUndefined();
    expect(await call('saveRunLogfile', { runId: done.value.runId })).toEqual({ ok: true, value: { savedTo } });
    expect(fs.readFileSync(savedTo).subarray(0, 2).toString()).toBe('PK');
    expect(await call('openRunLogfileExternally', { runId: done.value.runId })).toEqual({ ok: true, value: null });
    expect(opened).toEqual([done.value.logfile]);
    expect(await call('saveRunLogfile', { runId: 999999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'The logfile of run 999999 is not on this computer. Open it from the computer that ran the merge.' } });
    expect(await call('openRunLogfileExternally', { runId: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
