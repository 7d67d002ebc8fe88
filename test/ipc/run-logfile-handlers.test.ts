import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import { channelName } from '@shared/ipc/define';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry, type Registry } from '../../electron/ipc/registry';
import { ProfileStore } from '../../electron/profiles/store';
import { tempDir } from '../helpers/databases';
import { loadClearance } from '../../electron/auth/clearance';

const ctx = { signal: new AbortController().signal, progress: () => undefined };
type Ok<T = any> = { ok: true; value: T };

/** Issue 9: the app reports a committed merge as merged when its logfile cannot be written, and History makes it again. */
describe('executeMerge, listRuns and createRunLogfile over a real demo database', () => {
  let registry: Registry;
  let handlers: ReturnType<typeof createHandlers>;
  let home: string;
  const call = (key: string, input: unknown) => registry.call(channelName(key), input, ctx);

  beforeAll(async () => {
    home = tempDir('mergedesk-ipc-runs-');
    process.env.MERGEDESK_HOME = home;
    handlers = createHandlers({
      profiles: new ProfileStore(path.join(home, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }),
      version: 'test',
      desktop: { saveFileDialog: async () => null, openPath: async () => undefined },
    });
    registry = createRegistry(contract, handlers);
    await call('connect', { profileId: 'demo' });
    await call('signIn', { login: 'admin', password: 'demo' });
  });
  afterAll(async () => handlers.session.close());

  it('a merge whose logfile cannot be written succeeds with a warning; Create logfile makes it; hr.north sees only its runs', async () => {
    const scan = (await call('scanDuplicates', {})) as Ok;
    // A pair outside hr.north's region, so the History filter has something to hide.
    await call('signIn', { login: 'hr.north', password: 'demo' });
    const visible = new Set((((await call('scanDuplicates', {})) as Ok).value.pairs as { a: { uid: string } }[]).map((x) => x.a.uid));
    await call('signIn', { login: 'admin', password: 'demo' });
    const p = scan.value.pairs.find((x: { a: { uid: string } }) => !visible.has(x.a.uid)) ?? scan.value.pairs[0];
    const [source, target] = p.keep === p.a.uid ? [p.b.uid, p.a.uid] : [p.a.uid, p.b.uid];
    const input = { source, target, takeEmail: false, takeLogin: false, overrides: { abort_on_conflict: false } };
    const preview = (await call('previewMerge', input)) as Ok;
    // Something is in the way of the logfile folder.
    fs.writeFileSync(path.join(home, 'logfiles'), 'not a folder');
    const done = (await call('executeMerge', { ...input, expectPlanHash: preview.value.hash })) as Ok;
    expect(done.ok).toBe(true);
    expect(done.value).toMatchObject({ outcome: 'merged', logfile: null, message: `${source} was merged into ${target}.` });
    expect(done.value.warnings).toEqual([expect.stringMatching(/^The logfile could not be written.*Make it again with: "Create logfile" in History$/)]);
    const runId = done.value.runId;
    const listedAll = (await call('listRuns', {})) as Ok;
    expect(listedAll.ok).toBe(true);
    const listed = listedAll.value.find((r: { id: number }) => r.id === runId);
    expect(listed).toMatchObject({ id: runId, outcome: 'merged', kind: 'merge', hasLogfile: false });

    fs.rmSync(path.join(home, 'logfiles'));
    const made = (await call('createRunLogfile', { runId })) as Ok;
    expect(made.value).toMatchObject({ id: runId, hasLogfile: true });
    const log = (await call('openRunLogfile', { runId })) as Ok;
    expect(log.value.summary).toMatchObject({ runId, outcome: 'merged', sourceUid: source, targetUid: target });
    expect(log.value.records.length).toBe(preview.value.records.length);

    // The limited administrator sees only runs on accounts it may view: this one is outside its region.
    await call('signIn', { login: 'hr.north', password: 'demo' });
    const theirs = ((await call('listRuns', {})) as Ok).value as { id: number; targetUid: string }[];
    const { db, mapping: m } = handlers.session.requireDb();
    const north = (await db(m.table('users')).select(m.select('users', ['id'])).where(m.col('users', 'login'), 'hr.north').first()) as { id: number };
    const clearance = await loadClearance(db, m, Number(north.id));
    const unitOf = async (uid: string) => Number(((await db(m.table('users')).select(m.select('users', ['org_unit_id'])).where(m.col('users', 'uid'), uid).first()) as { org_unit_id: number }).org_unit_id);
    expect(theirs.some((r) => r.id === runId)).toBe(clearance.can('view', await unitOf(target)));
    for (const r of theirs) expect(clearance.can('view', await unitOf(r.targetUid))).toBe(true);
    if (!clearance.can('view', await unitOf(target))) expect(await call('createRunLogfile', { runId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await call('signIn', { login: 'admin', password: 'demo' });
  });
});
