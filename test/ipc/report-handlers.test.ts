import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import { channelName } from '@shared/ipc/define';
import { resources } from '@shared/i18n/resources';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry, type Registry } from '../../electron/ipc/registry';
import { readReportWorkbook, REPORT_FORMAT } from '../../electron/workbooks/engagement-report-workbook';
import { ProfileStore } from '../../electron/profiles/store';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/databases';

/** The English words of the report (workbook and History's button), from the catalogues. */
const L = {
  ...resources.en.logfile.report,
  sheets: resources.en.logfile.report.sheet,
  format: REPORT_FORMAT,
  app: { button: resources.en.history.report.button, saved: resources.en.history.report.saved.split(' {{')[0]! },
};

const ctx = { progress: () => undefined };
type Ok<T = any> = { ok: true; value: T };

describe('engagement report and scan summaries from the app (IPC, SQLite demo)', () => {
  let registry: Registry;
  let handlers: ReturnType<typeof createHandlers>;
  let home: string;
  let saveAs: string | null = null;
  const call = (key: string, input: unknown) => registry.call(channelName(key), input, ctx);

  beforeAll(async () => {
    home = tempDir('mergedesk-ipc-report-');
    process.env.MERGEDESK_HOME = home;
    const file = path.join(home, 'lms.db');
    expect((await runCli('demo', '--db', file, '--users', '300', '--seed', '5')).code).toBe(0);
    const profiles = new ProfileStore(path.join(home, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' });
    const profile = profiles.save({ name: 'Small demo', connection: { kind: 'sqlite', file } });
    handlers = createHandlers({ profiles, version: 'test', desktop: { saveFileDialog: async () => saveAs, openPath: async () => undefined } });
    registry = createRegistry(contract, handlers);
    expect(await call('connect', { profileId: profile.id })).toMatchObject({ ok: true });
    expect(await call('signIn', { login: 'admin', password: 'demo' })).toMatchObject({ ok: true });
  }, 60_000);
  afterAll(async () => handlers.session.close());

  it('a scan in the app records its summary: by the signed-in administrator, with its threshold and pairs per cause', async () => {
    const scan = (await call('scanDuplicates', { minScore: 0.8 })) as Ok;
    const { db } = handlers.session.requireDb();
    const rows = await db('md_scan_summaries').select('*');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ operator_login: 'admin', pair_count: scan.value.pairs.length });
    expect(Number(rows[0].min_score)).toBeCloseTo(0.8);
    const perCause: Record<string, number> = {};
    for (const p of scan.value.pairs) perCause[p.cause] = (perCause[p.cause] ?? 0) + 1;
    expect(JSON.parse(rows[0].per_cause_json)).toEqual(perCause);
  });

  it('saves the report where the save dialog says, and writes nothing when it is cancelled', async () => {
    saveAs = null;
    expect(await call('saveEngagementReport', {})).toMatchObject({ ok: true, value: { savedTo: null } });
    saveAs = path.join(home, 'report.xlsx');
    const r = (await call('saveEngagementReport', { from: '2000-01-01' })) as Ok;
    expect(r.value).toMatchObject({ savedTo: saveAs, scans: 1, merged: 0 });
    const [summary, , remaining] = await readReportWorkbook(saveAs);
    expect(summary!.rows.find((x) => x[0] === L.summary.latestScanBy)?.[1]).toBe('admin');
    expect(remaining!.rows).toHaveLength(r.value.remaining);
    expect(fs.readdirSync(home).filter((f) => f.endsWith('.xlsx'))).toEqual(['report.xlsx']);
  });

  it('the offline viewer reads a report workbook sheet by sheet, and refuses another workbook', async () => {
    const base64 = fs.readFileSync(path.join(home, 'report.xlsx')).toString('base64');
    const view = (await call('readReportWorkbook', { name: 'C:\\Users\\me\\report.xlsx', base64 })) as Ok;
    expect(view.value.name).toBe('report.xlsx');
    expect(view.value.sheets.map((x: { name: string }) => x.name)).toEqual([L.sheets.summary, L.sheets.runs, L.sheets.remaining]);
    const summary = view.value.sheets[0];
    expect(summary.rows.find((r: unknown[]) => r[0] === L.summary.format)[1]).toBe(L.format);
    expect(summary.rows.find((r: unknown[]) => r[0] === L.summary.latestScanAt)[1]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const other = (await call('readReportWorkbook', { name: 'other.xlsx', base64: fs.readFileSync(path.join(home, 'lms.db')).toString('base64') })) as any;
    expect(other).toMatchObject({ ok: false, error: { message: expect.stringContaining('other.xlsx is not an Excel') } });
    expect(other.error.message).not.toContain(home);
  });

  it('refuses a date that is not a day, naming it, before asking where to save', async () => {
    saveAs = path.join(home, 'never.xlsx');
    expect(await call('saveEngagementReport', { from: '2026-13-01' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('The start date "2026-13-01" is not a date') } });
    expect(fs.existsSync(saveAs)).toBe(false);
  });
});
