import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import { channelName } from '@shared/ipc/define';
import { readWorklist } from '../../electron/workbooks/index';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry } from '../../electron/ipc/registry';
import { readMergeLogfile } from '../../electron/workbooks/index';
import { ProfileStore } from '../../electron/profiles/store';
import { UserInputError } from '../../electron/errors';
import { runCli } from '../helpers/cli';
import { sqliteTestDatabase, tempDir } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { Fixture } from '../merge/fixtures';
import { xlsxBomb } from '../helpers/zip-bomb';

const dir = tempDir('mergedesk-bomb-');
/** 2 GiB of zeros in a file of about 2 MB, renamed .xlsx. */
const bomb = path.join(dir, 'worklist.xlsx');
fs.writeFileSync(bomb, xlsxBomb(2047));
/** The same part, but its directory claims 500 KB: only unpacking tells. */
const liar = path.join(dir, 'liar.xlsx');
fs.writeFileSync(liar, xlsxBomb(2047, 500 * 1024));

/** Runs fn and returns its result with the time taken and how far the peak memory grew. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakGrowthMb: number }> {
  const peakBefore = process.resourceUsage().maxRSS / 1024;
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started, peakGrowthMb: process.resourceUsage().maxRSS / 1024 - peakBefore };
}

describe('XLSX input is bounded before parsing (zip bombs)', () => {
  it('the bomb file is small, as the issue describes', () => {
    expect(fs.statSync(bomb).size).toBeLessThan(2.5 * 1024 * 1024);
  });

  it('a zip bomb as a worklist is refused within a second, using under 200 MB, with a clear message', async () => {
    const r = await measured(() => readWorklist(bomb));
    expect(r.value.rows).toEqual([]);
    expect(r.value.problems).toEqual([{ row: null, code: 'FILE_TOO_LARGE', message: expect.stringMatching(/is refused: it unpacks to 2047\.0 MB \(the limit is 100\.0 MB\)\..*split a very large worklist/) }]);
    expect(r.ms).toBeLessThan(1000);
    expect(r.peakGrowthMb).toBeLessThan(200);
  });

  it('mergedesk batch refuses it as an invalid worklist (exit 3), nothing written', async () => {
    const tdb = sqliteTestDatabase();
    await Fixture.create(await tdb.open(), new LmsMapping());
    const before = await (await tdb.open())('md_merge_runs').count({ n: '*' });
    process.env.MERGEDESK_PASSWORD = 'demo';
    const r = await runCli('batch', '--db', tdb.url, '--worklist', bomb, '--as', 'admin');
    delete process.env.MERGEDESK_PASSWORD;
    expect(r.code).toBe(3);
    expect(`${r.stdout}${r.stderr}`).toMatch(/unpacks to 2047\.0 MB/);
    expect(await (await tdb.open())('md_merge_runs').count({ n: '*' })).toEqual(before);
    await tdb.drop();
  });

  it('a part that unpacks to more than its directory declares is stopped there', async () => {
    const r = await measured(() => readWorklist(liar));
    expect(r.value.problems).toMatchObject([{ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/part xl\/worksheets\/sheet1\.xml unpacks to more than the 512000 bytes it declares/) }]);
    expect(r.ms).toBeLessThan(1000);
    expect(r.peakGrowthMb).toBeLessThan(200);
  });

  it('the logfile reader refuses the bomb and the liar the same way', async () => {
    for (const file of [bomb, liar]) {
      const r = await measured(() => readMergeLogfile(file).catch((err: unknown) => err));
      expect(r.value).toBeInstanceOf(UserInputError);
      expect((r.value as UserInputError).code).toBe('XLSX_TOO_LARGE');
      expect(r.ms).toBeLessThan(1000);
      expect(r.peakGrowthMb).toBeLessThan(200);
    }
  });

  it('the app\'s logfile viewer refuses it, naming the file the user opened', async () => {
    const handlers = createHandlers({ profiles: new ProfileStore(path.join(dir, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }), version: 'test' });
    const registry = createRegistry(contract, handlers);
    const r = await measured(() =>
      registry.call(channelName('readLogfile'), { name: 'C:\\Users\\me\\run-7.xlsx', base64: fs.readFileSync(bomb).toString('base64') }, { progress: () => undefined }),
    );
    expect(r.value).toEqual({ ok: false, error: { code: 'XLSX_TOO_LARGE', message: expect.stringMatching(/^run-7\.xlsx is refused: it unpacks to 2047\.0 MB/) } });
    expect(r.ms).toBeLessThan(1000);
    expect(r.peakGrowthMb).toBeLessThan(200);
  });
});
