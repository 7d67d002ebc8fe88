import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';

const THREAD = JSON.stringify(path.resolve(__dirname, '../../electron/workbooks/logfile-thread.ts'));
/** An empty merge logfile's content, as script text. */
const LOG = `{ summary: { runId: 1, outcome: 'merged', reason: null, dryRun: false, sourceUid: 'a', sourceName: null, targetUid: 'b', targetName: null, operator: 'x',
  startedAt: new Date(0), finishedAt: new Date(0), planHash: null, sourceAccount: null, settings: {}, counts: {} }, records: [], conflicts: [], actionRequired: [] }`;

/**
 * The process's logfile thread must never keep a finished command alive, and must keep it
 * alive while a logfile it writes is not yet written.
 */
describe('the shared logfile thread', () => {
  const dir = tempDir('mergedesk-thread-exit-');
  let n = 0;
  /** Runs `code` as an ES module in a new Node process (tsx loads the TypeScript it imports). */
  const run = (code: string) => {
    const script = path.join(dir, `script-${++n}.mjs`);
    fs.writeFileSync(script, code);
    return spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', timeout: 30_000 });
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lets the process exit once it is idle', () => {
    // Used once (a write into a missing folder), so the thread is up for certain, then idle.
    const r = run(`import { sharedLogfileThread } from ${THREAD};
      sharedLogfileThread().write('/nonexistent-folder/x.xlsx', ${LOG}, 'en').catch((e) => console.log('answered', e.code));`);
    expect(r.error).toBeUndefined(); // not killed by the timeout
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('answered ENOENT');
  }, 40_000);

  it('keeps the process alive until a logfile it writes is written', () => {
    const file = path.join(dir, 'written.xlsx');
    const r = run(`import fs from 'node:fs'; import { sharedLogfileThread } from ${THREAD};
      sharedLogfileThread().write(${JSON.stringify(file)}, ${LOG}, 'en').then(() => console.log('written', fs.statSync(${JSON.stringify(file)}).size > 0));`);
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('written true');
  }, 40_000);
});
