import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LmsMapping } from '../../electron/db/mapping';
import { sqliteTestDatabase, tempDir, type TestDatabase } from '../helpers/databases';
import { Fixture } from '../merge/fixtures';

const BIN = path.resolve(__dirname, '../../bin/mergedesk.js');

/**
 * Runs the real `mergedesk` as a child whose stdout reader is gone before it prints, as
 * with `mergedesk … | head -0`: every write meets a closed pipe (EPIPE).
 */
function runWithClosedStdout(args: string[], home: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, MERGEDESK_PASSWORD: 'demo', MERGEDESK_HOME: home }, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('mergedesk … | head (closed stdout)', () => {
  let tdb: TestDatabase;
  let pair: { source: { id: number; uid: string }; target: { id: number; uid: string } };
  const home = tempDir('mergedesk-pipe-');
  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    const db = await tdb.open();
    const fx = await Fixture.create(db, new LmsMapping());
    const person = { first_name: 'Pia', last_name: 'Pipe', email: 'pia@example.com', birth_date: '1990-05-06' };
    pair = { source: await fx.user({ ...person, login: 'pia1' }), target: await fx.user({ ...person, login: 'pia2' }) };
    await db.destroy();
  });
  afterAll(async () => tdb?.drop());

  it('a committed merge exits 0 quietly, without an EPIPE stack trace', async () => {
    const r = await runWithClosedStdout(['merge', '--db', tdb.url, '--source', pair.source.uid, '--target', pair.target.uid, '--as', 'admin', '--logfile', path.join(home, 'm.xlsx')], home);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.code).toBe(0);
    const db = await tdb.open();
    expect(await db('md_merge_runs').where({ source_uid: pair.source.uid, outcome: 'merged' }).count({ n: '*' })).toEqual([{ n: 1 }]);
    await db.destroy();
  }, 60_000);

  it('scan and --json output exit by their outcome too', async () => {
    const scan = await runWithClosedStdout(['scan', '--db', tdb.url, '--json'], home);
    expect(scan.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(scan.code).toBe(0);
    // A refusal stays a refusal (exit 3) when its message cannot be printed.
    const refused = await runWithClosedStdout(['merge', '--db', tdb.url, '--source', 'NOPE', '--target', 'NOPE2', '--as', 'admin', '--json'], home);
    expect(refused.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(refused.code).toBe(3);
  }, 60_000);
});
