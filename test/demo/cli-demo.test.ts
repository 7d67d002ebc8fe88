import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseKinds, tempDir } from '../helpers/databases';
import { runCli } from '../helpers/cli';

/** `mergedesk demo --db URL --truth FILE` end to end, on every database kind (SQL Server with MERGEDESK_TEST_MSSQL). */
for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`mergedesk demo on ${kind.kind}`, async () => {
    const tdb = kind.skip ? undefined : await kind.create();
    afterAll(async () => tdb?.drop());
    const truth = path.join(tempDir('mergedesk-demo-cli-'), 'truth.csv');

    it('builds the demo and writes the truth CSV; doctor then finds nothing missing', async () => {
      const r = await runCli('demo', '--db', tdb!.url, '--users', '300', '--seed', '7', '--truth', truth, '--json');
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const out = r.json();
      expect(out.users).toBe(300);
      expect(out.plantedPairs).toBeGreaterThan(5);
      const lines = fs.readFileSync(truth, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe('uid_a,uid_b,cause');
      expect(lines).toHaveLength(out.plantedPairs + 1);
      const doctor = await runCli('doctor', '--db', tdb!.url, '--json');
      expect({ code: doctor.code, problems: doctor.json().problems }).toEqual({ code: 0, problems: [] });
    });

    it('a planted pair merges and undoes on the demo database', async () => {
      const [a, b] = fs.readFileSync(truth, 'utf8').trimEnd().split('\n')[1]!.split(',');
      process.env.MERGEDESK_PASSWORD = 'demo';
      const merged = await runCli('merge', '--db', tdb!.url, '--as', 'admin', '--source', a!, '--target', b!, '--set', 'abort_on_conflict=false', '--logfile', path.join(tempDir(), 'm.xlsx'), '--json');
      expect({ code: merged.code, outcome: merged.json().outcome }).toEqual({ code: 0, outcome: 'merged' });
      const undone = await runCli('undo', '--db', tdb!.url, '--as', 'admin', '--run', String(merged.json().run), '--logfile', path.join(tempDir(), 'u.xlsx'), '--json');
      expect({ code: undone.code, outcome: undone.json().outcome }).toEqual({ code: 0, outcome: 'undone' });
    });

    it('refuses to fill a database that already has users, with exit 3', async () => {
      const again = await runCli('demo', '--db', tdb!.url, '--users', '50');
      expect(again.code).toBe(3);
      expect(again.stderr).toMatch(/already/);
    });
  });
}
