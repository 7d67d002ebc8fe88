import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import type { LogfileView, RunView, SettingsView } from '@shared/ipc/admin-channels';
import { channelName } from '@shared/ipc/define';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry, type Registry } from '../../electron/ipc/registry';
import { ProfileStore } from '../../electron/profiles/store';
import { execute, type MergeResult } from '../../electron/engine/merge/index';
import { logFromResult, writeMergeLogfile } from '../../electron/workbooks/index';
import { loadSettings, withOverrides } from '../../electron/settings/merge-settings';
import { tempDir } from '../helpers/databases';

const ctx = { progress: () => undefined };
type Ok<T> = { ok: true; value: T };

describe('Settings, History and Logfile channels over a real demo database', () => {
  let registry: Registry;
  let handlers: ReturnType<typeof createHandlers>;
  let home: string;
  const call = (key: string, input: unknown) => registry.call(channelName(key), input, ctx);
  const value = async <T>(key: string, input: unknown): Promise<T> => {
    const r = await call(key, input);
    if (!r.ok) throw new Error(`${key} failed: ${r.error.code} ${r.error.message}`);
    return (r as Ok<T>).value;
  };
  const db = () => handlers.session.requireDb().db;
  const base64 = (file: string) => fs.readFileSync(file).toString('base64');

  /** A real merge of two demo accounts through the engine. */
  async function executeMerge(source: string, target: string): Promise<MergeResult> {
    const { db, mapping, operator } = handlers.session.requireOperator();
    return execute(db, mapping, { source, target }, withOverrides(await loadSettings(db), { abort_on_conflict: false }), operator);
  }

  beforeAll(async () => {
    home = tempDir('mergedesk-admin-ipc-');
    process.env.MERGEDESK_HOME = home;
    // A private temporary folder, so the test can see that no copy of a logfile is left behind.
    process.env.TMPDIR = path.join(home, 'tmp');
    fs.mkdirSync(process.env.TMPDIR);
    handlers = createHandlers({ profiles: new ProfileStore(path.join(home, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }), version: 'test' });
    registry = createRegistry(contract, handlers);
  });
  afterAll(async () => {
    await handlers.session.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('reads a logfile offline, with no database, and gives the reader\'s clear message for a non-xlsx file', async () => {
    expect(await call('readLogfile', { name: 'notes.xlsx', base64: Buffer.from('hello, this is text').toString('base64') })).toMatchObject({
      ok: false,
      error: { code: 'LOGFILE_INVALID', message: expect.stringMatching(/^notes\.xlsx is not a readable MergeDesk merge logfile: it is not an Excel \(\.xlsx\) file/) },
    });
    expect(await call('readLogfile', { name: 'empty.xlsx', base64: '' })).toMatchObject({ ok: false, error: { code: 'LOGFILE_INVALID', message: expect.stringContaining('empty.xlsx is empty') } });
    expect(await call('readLogfile', { name: '', base64: 'AAAA' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('The file name is missing.') } });
    expect(await call('readLogfile', { name: 'x.xlsx' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // No temporary copy is left behind.
    expect(os.tmpdir()).toBe(path.join(home, 'tmp'));
    expect(fs.readdirSync(os.tmpdir())).toEqual([]);
  });

  it('refuses the database channels before connecting and the changes before signing in', async () => {
    for (const [key, input] of [
      ['getSettings', {}],
      ['listRuns', {}],
      ['openRunLogfile', { runId: 1 }],
    ] as const) {
      expect(await call(key, input)).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    }
    await value('connect', { profileId: 'demo' });
    for (const [key, input] of [
      ['saveGeneralSettings', { general: { abort_on_conflict: false } }],
      ['savePortfolioRules', { rules: [] }],
      ['saveJobProfileRules', { rules: [] }],
      ['setClientLevelProtection', { clientId: 1, keep: false }],
    ] as const) {
      expect(await call(key, input)).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    }
    await value('signIn', { login: 'admin', password: 'demo' });
  });

  it('gets the settings, both rule lists and the clients', async () => {
    const s = await value<SettingsView>('getSettings', {});
    expect(s.general).toEqual({
      merge_person_attributes: true,
      abort_on_conflict: true,
      ignore_custom_rules: true,
      merge_group_assignments: false,
      source_disposition: 'delete',
      updated_by: null,
      updated_at: null,
    });
    expect(Array.isArray(s.portfolioRules)).toBe(true);
    expect(Array.isArray(s.jobProfileRules)).toBe(true);
    expect(s.clients).toEqual([
      { id: 1, name: 'Nordwerk AG', keepHighestLevelProtection: true },
      { id: 2, name: 'Nordwerk Services GmbH', keepHighestLevelProtection: false },
    ]);
    expect(await call('getSettings', { all: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('saves general settings with who changed them and when', async () => {
    const before = Date.now();
    const g = await value<SettingsView['general']>('saveGeneralSettings', { general: { abort_on_conflict: false, source_disposition: 'anonymise' } });
    expect(g).toMatchObject({ abort_on_conflict: false, source_disposition: 'anonymise', merge_person_attributes: true, updated_by: 'admin' });
    expect(Date.parse(g.updated_at!)).toBeGreaterThanOrEqual(before - 1000);
    const row = await db()('md_merge_settings').where('id', 1).first();
    expect(row).toMatchObject({ abort_on_conflict: 0, source_disposition: 'anonymise', updated_by: 'admin' });
    expect(await call('saveGeneralSettings', { general: { source_disposition: 'shred' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('general.source_disposition') } });
    expect(await call('saveGeneralSettings', { general: { abort_on_conflict: 'no' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('saveGeneralSettings', { general: { colour: 'blue' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await db()('md_merge_settings').where('id', 1).first()).toMatchObject({ abort_on_conflict: 0, source_disposition: 'anonymise' });
    await value('saveGeneralSettings', { general: { abort_on_conflict: true, source_disposition: 'delete' } });
  });

  it('saves portfolio rules, and refuses contradictory or invalid ones with the validator\'s message, saving nothing', async () => {
    const rules = [
      { target_status_id: 8, source_status_id: 11, result_status_id: 11, dates_merge_type: 'source' },
      { target_status_id: 8, source_status_id: 9, result_status_id: 9, dates_merge_type: 'latest' },
    ];
    expect(await value('savePortfolioRules', { rules })).toEqual(rules);
    const stored = async () =>
      (await db()('md_portfolio_rules').select('target_status_id', 'source_status_id', 'result_status_id', 'dates_merge_type').orderBy('id')).map((r: Record<string, unknown>) => ({ ...r }));
    expect(await stored()).toEqual(rules);
    const contradictory = [...rules, { target_status_id: 8, source_status_id: 11, result_status_id: 8, dates_merge_type: 'target' }];
    expect(await call('savePortfolioRules', { rules: contradictory })).toEqual({
      ok: false,
      error: {
        code: 'RULES_INVALID',
        message:
          'The portfolio rules are not usable: portfolio rules contradict each other: target status Enrolled with source status Passed gives Passed (source) in one rule and Enrolled (target) in rule 3. Correct or remove the named rules.',
      },
    });
    expect(await call('savePortfolioRules', { rules: [{ target_status_id: 99, source_status_id: 11, result_status_id: 11, dates_merge_type: 'sometimes' }] })).toMatchObject({
      ok: false,
      error: { code: 'RULES_INVALID', message: expect.stringContaining('portfolio rule 1 is incomplete or invalid') },
    });
    expect(await call('savePortfolioRules', { rules: [{ target_status_id: 8 }] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await stored()).toEqual(rules);
    expect((await value<SettingsView>('getSettings', {})).portfolioRules).toEqual(rules);
  });

  it('saves job profile rules and refuses contradictory ones, saving nothing', async () => {
    const rules = [{ target_status: 'not_confirmed', source_status: 'confirmed', result_status: 'confirmed' }];
    expect(await value('saveJobProfileRules', { rules })).toEqual(rules);
    expect(await db()('md_job_profile_rules').select('target_status', 'source_status', 'result_status')).toEqual(rules);
    const bad = await call('saveJobProfileRules', { rules: [...rules, { target_status: 'not_confirmed', source_status: 'confirmed', result_status: 'not_confirmed' }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'RULES_INVALID', message: expect.stringContaining('job profile rules contradict each other') } });
    expect(await call('saveJobProfileRules', { rules: [{ target_status: 'maybe', source_status: 'confirmed', result_status: 'confirmed' }] })).toMatchObject({
      ok: false,
      error: { code: 'RULES_INVALID', message: expect.stringContaining('job profile rule 1 is incomplete or invalid') },
    });
    expect(await call('saveJobProfileRules', { rules: 'all' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await db()('md_job_profile_rules').select('target_status', 'source_status', 'result_status')).toEqual(rules);
  });

  it('sets the level-protection client setting', async () => {
    expect(await value('setClientLevelProtection', { clientId: 2, keep: true })).toEqual({ id: 2, name: 'Nordwerk Services GmbH', keepHighestLevelProtection: true });
    expect(await db()('clients').where('id', 2).first()).toMatchObject({ keep_highest_level_protection: 1 });
    expect(await value('setClientLevelProtection', { clientId: 2, keep: false })).toMatchObject({ keepHighestLevelProtection: false });
    expect(await db()('clients').where('id', 2).first()).toMatchObject({ keep_highest_level_protection: 0 });
    expect(await call('setClientLevelProtection', { clientId: 999, keep: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('no client with id 999') } });
    expect(await call('setClientLevelProtection', { clientId: 'one', keep: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  describe('runs and their logfiles', () => {
    let merged: MergeResult;
    let file: string;

    beforeAll(async () => {
      merged = await executeMerge('U0000237', 'U0000238');
      file = path.join(home, 'logfiles', `run-${merged.runId}.xlsx`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await writeMergeLogfile(file, logFromResult(merged));
    });

    it('lists runs newest first, filtered by outcome, saying whether the logfile is here', async () => {
      expect(merged.outcome).toBe('merged');
      const refused = await executeMerge('U0000239', 'U0000239');
      expect(refused.outcome).toBe('refused');
      const runs = await value<RunView[]>('listRuns', {});
      expect(runs.map((r) => r.id)).toEqual([refused.runId, merged.runId]);
      expect(runs[1]).toMatchObject({ id: merged.runId, outcome: 'merged', operator: 'admin', sourceUid: 'U0000237', targetUid: 'U0000238', dryRun: false, hasLogfile: true, reason: null });
      expect(Date.parse(runs[1]!.startedAt!)).toBe(merged.startedAt.getTime());
      expect(runs[0]).toMatchObject({ outcome: 'refused', hasLogfile: false, reason: expect.any(String) });
      expect((await value<RunView[]>('listRuns', { outcome: 'merged' })).map((r) => r.id)).toEqual([merged.runId]);
      expect(await value<RunView[]>('listRuns', { outcome: 'running' })).toEqual([]);
      expect(await value<RunView[]>('listRuns', { limit: 1 })).toHaveLength(1);
      expect(await call('listRuns', { outcome: 'exploded' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await call('listRuns', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    });

    it('opens a run\'s logfile, and says plainly when it is not on this computer', async () => {
      const log = await value<LogfileView>('openRunLogfile', { runId: merged.runId });
      const expected = logFromResult(merged);
      expect(log.name).toBe(`run-${merged.runId}.xlsx`);
      expect(log.summary).toMatchObject({ runId: merged.runId, outcome: 'merged', sourceUid: 'U0000237', targetUid: 'U0000238', operator: 'admin', startedAt: merged.startedAt.toISOString() });
      expect(log.records).toEqual(expected.records);
      const other = (await value<RunView[]>('listRuns', { outcome: 'refused' }))[0]!;
      expect(await call('openRunLogfile', { runId: other.id })).toEqual({
        ok: false,
        error: { code: 'LOGFILE_MISSING', message: expect.stringMatching(new RegExp(`^The logfile of run ${other.id} is not on this computer\\.`)) },
      });
      expect(await call('openRunLogfile', { runId: 9999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await call('openRunLogfile', { runId: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    });

    it('round-trips a real merge\'s logfile through readLogfile', async () => {
      const log = await value<LogfileView>('readLogfile', { name: 'C:\\Users\\me\\Downloads\\merge.xlsx', base64: base64(file) });
      const expected = logFromResult(merged);
      expect(log).toEqual({
        name: 'merge.xlsx',
        summary: { ...expected.summary, startedAt: expected.summary.startedAt.toISOString(), finishedAt: expected.summary.finishedAt.toISOString() },
        records: expected.records,
        conflicts: expected.conflicts,
        actionRequired: expected.actionRequired,
        verification: { verdict: 'unchanged', checksum: 'unchanged', database: null },
      });
      expect(log.records.length).toBeGreaterThan(5);
      expect(fs.readdirSync(os.tmpdir())).toEqual([]);
    });

    it('gives a clear message for a foreign Excel file', async () => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Budget').addRow(['Item', 'Cost']);
      const foreign = path.join(home, 'budget.xlsx');
      await wb.xlsx.writeFile(foreign);
      expect(await call('readLogfile', { name: 'budget.xlsx', base64: base64(foreign) })).toEqual({
        ok: false,
        error: { code: 'LOGFILE_INVALID', message: 'budget.xlsx is not a readable MergeDesk merge logfile: the sheet "Summary" is missing. Open a logfile written by MergeDesk (mergedesk merge … --logfile FILE.xlsx).' },
      });
    });
  });
});
