import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import { channelName } from '@shared/ipc/define';
import { readWorklist } from '../../electron/workbooks/index';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry, type Registry } from '../../electron/ipc/registry';
import { ProfileStore } from '../../electron/profiles/store';
import { tempDir } from '../helpers/databases';

const ctx = { progress: () => undefined };
type Ok<T = any> = { ok: true; value: T };
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('batch and undo channels over a real demo database', () => {
  let registry: Registry;
  let handlers: ReturnType<typeof createHandlers>;
  let home: string;
  const opened: string[] = [];
  const call = (key: string, input: unknown) => registry.call(channelName(key), input, ctx);
  let csv: string;
  let users: () => Promise<number>;

  beforeAll(async () => {
    home = tempDir('mergedesk-ipc-batch-');
    process.env.MERGEDESK_HOME = home;
    handlers = createHandlers({
      profiles: new ProfileStore(path.join(home, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }),
      version: 'test',
      desktop: { saveFileDialog: async () => path.join(home, 'export.csv'), openPath: async (f) => void opened.push(f) },
    });
    registry = createRegistry(contract, handlers);
    await call('connect', { profileId: 'demo' });
    await call('signIn', { login: 'admin', password: 'demo' });
    const scan = (await call('scanDuplicates', {})) as Ok;
    const pairs = scan.value.pairs.filter((p: any) => p.cause === 'self_registration').slice(0, 3);
    csv = `source_uid,target_uid\n${pairs.map((p: any) => `${p.keep === p.a.uid ? p.b.uid : p.a.uid},${p.keep}`).join('\n')}\n`;
    const { db, mapping: m } = handlers.session.requireDb();
    users = async () => Number((await db(m.table('users')).count({ n: '*' }).first())?.n);
  });
  afterAll(async () => handlers.session.close());

  it('validates a worklist, naming each problem with its row', async () => {
    const good = (await call('validateWorklist', { name: 'list.csv', base64: b64(csv) })) as Ok;
    expect(good.value).toMatchObject({ ok: true, problems: [] });
    expect(good.value.pairs).toHaveLength(3);
    const bad = (await call('validateWorklist', { name: 'list.csv', base64: b64('source_uid,target_uid\nU0000001,NOPE\n') })) as Ok;
    expect(bad.value.ok).toBe(false);
    expect(bad.value.problems[0].message).toMatch(/^Row 2: /);
    expect(await call('validateWorklist', { name: 'list.txt', base64: b64(csv) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('.csv or .xlsx') } });
    const columns = (await call('validateWorklist', { name: 'list.csv', base64: b64('from,to\nA,B\n') })) as Ok;
    expect(columns.value.problems.map((p: { message: string }) => p.message).join(' ')).toMatch(/source_uid/);
  });

  it('stops a running batch between pairs on cancelTask, leaving the rest not run', async () => {
    const before = await users();
    const r = (await registry.call(channelName('runBatch'), { name: 'list.csv', base64: b64(csv), dryRun: false }, {
      progress: () => void registry.call(channelName('cancelTask'), { task: 'batch' }, ctx),
    })) as Ok;
    expect(r.value).toMatchObject({ cancelled: true, counts: { merged: 0, notRun: 3 } });
    expect(r.value.pairs.map((p: { outcome: string }) => p.outcome)).toEqual(['not_run', 'not_run', 'not_run']);
    expect(await users()).toBe(before);
  });

  it('dry-runs without writing, runs, opens only its own summary, and undoes one merge', async () => {
    const before = await users();
    const dry = (await call('runBatch', { name: 'list.csv', base64: b64(csv), dryRun: true })) as Ok;
    expect(dry.value).toMatchObject({ dryRun: true, cancelled: false });
    expect(await users()).toBe(before);
    const run = (await call('runBatch', { name: 'list.csv', base64: b64(csv), dryRun: false, overrides: { abort_on_conflict: false } })) as Ok;
    const merged = run.value.counts.merged;
    expect(merged).toBeGreaterThan(0);
    expect(await users()).toBe(before - merged);
    expect(fs.existsSync(run.value.summaryFile)).toBe(true);
    expect(await call('openPath', { kind: 'batchSummary', path: run.value.summaryFile })).toEqual({ ok: true, value: null });
    expect(opened).toEqual([run.value.summaryFile]);
    expect(await call('openPath', { kind: 'batchSummary', path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The batch's runs show up in History with their logfiles.
    const runs = (await call('listRuns', { outcome: 'merged' })) as Ok;
    const first = run.value.pairs.find((p: { outcome: string }) => p.outcome === 'merged');
    expect(runs.value.find((r: { id: number }) => r.id === first.runId)).toMatchObject({ hasLogfile: true });
    const undo = (await call('undoMerge', { runId: first.runId })) as Ok;
    expect(undo.value).toMatchObject({ outcome: 'undone', undoneRunId: first.runId, sourceUid: first.source });
    expect(fs.existsSync(undo.value.logfile)).toBe(true);
    expect(await users()).toBe(before - merged + 1);
    const again = (await call('undoMerge', { runId: first.runId })) as Ok;
    expect(again.value).toMatchObject({ outcome: 'refused', refusal: 'ALREADY_UNDONE' });
    expect(await call('undoMerge', { runId: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('exports a worklist as CSV that the batch reads back', async () => {
    const r = (await call('exportWorklist', { pairs: [{ source: 'U1', target: 'U2', note: 'a "quoted", note' }] })) as Ok;
    expect(r.value.savedTo).toBe(path.join(home, 'export.csv'));
    const text = fs.readFileSync(r.value.savedTo, 'utf8');
    expect(text).toBe('source_uid,target_uid,take_email,take_login,take_employee_id,note\r\nU1,U2,no,no,,"a ""quoted"", note"\r\n');
    // The export's take_employee_id is empty: every pair gets the default.
    expect((await readWorklist(r.value.savedTo)).rows).toMatchObject([{ source_uid: 'U1', target_uid: 'U2', take_employee_id: null, note: 'a "quoted", note' }]);
    // A UID a spreadsheet would run as a formula is exported as text, and reads back the same.
    const evil = (await call('exportWorklist', { pairs: [{ source: "=cmd|' /C calc'!A0", target: '@SUM(1)' }] })) as Ok;
    const evilText = fs.readFileSync(evil.value.savedTo, 'utf8');
    expect(evilText).toContain(`"'=cmd|' /C calc'!A0","'@SUM(1)"`);
    expect((await readWorklist(evil.value.savedTo)).rows).toMatchObject([{ source_uid: "=cmd|' /C calc'!A0", target_uid: '@SUM(1)' }]);
    expect(await call('exportWorklist', { pairs: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
