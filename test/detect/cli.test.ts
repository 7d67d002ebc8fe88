import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, tempDir, type TestDatabase } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import { buildFixture, PLANTED } from './fixtures';

const key = (a: string, b: string) => [a, b].sort().join('+');

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`mergedesk scan / decide on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    const dir = tempDir();
    const savedPassword = process.env.MERGEDESK_PASSWORD;
    beforeAll(async () => {
      tdb = await kind.create();
      await buildFixture(await tdb.open());
      process.env.MERGEDESK_PASSWORD = 'demo';
    });
    afterAll(async () => {
      if (savedPassword === undefined) delete process.env.MERGEDESK_PASSWORD;
      else process.env.MERGEDESK_PASSWORD = savedPassword;
      await tdb?.drop();
    });

    it('scan --json prints exactly the documented document, highest score first', async () => {
      const r = await runCli('scan', '--db', tdb.url, '--json');
      expect(r.code).toBe(0);
      const doc = r.json();
      // The first five keys are the original contract; model and stats were added.
      expect(Object.keys(doc)).toEqual(['users', 'candidates', 'seconds', 'pairs', 'clusters', 'model', 'stats']);
      expect(doc.pairs).toHaveLength(PLANTED.length);
      for (const p of doc.pairs) expect(Object.keys(p)).toEqual(['a', 'b', 'score', 'cause', 'reasons', 'keep', 'keepReasons', 'evidence']);
      for (const c of doc.clusters) expect(Object.keys(c)).toEqual(['uids', 'keep']);
      const scores = doc.pairs.map((p: { score: number }) => p.score);
      expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    });

    it('scan --json gives each pair its evidence as {field, level, weight} that adds up to the score', async () => {
      const doc = (await runCli('scan', '--db', tdb.url, '--json')).json();
      expect(Object.keys(doc.model)).toEqual(['learned', 'expectedDuplicates', 'threshold', 'expectedPrecision', 'priorLog2']);
      expect(doc.model.threshold).toBe(0.5);
      expect(doc.stats.pairsCompared).toBeGreaterThanOrEqual(doc.candidates);
      for (const p of doc.pairs) {
        expect(p.evidence.length).toBeGreaterThan(2);
        for (const e of p.evidence) {
          expect(Object.keys(e)).toEqual(['field', 'level', 'weight']);
          expect(typeof e.weight).toBe('number');
        }
        // Transitive pairs may score above their own evidence; the rest follow it exactly.
        if (p.reasons.some((r: string) => r.startsWith('both accounts are likely duplicates'))) continue;
        const bits = doc.model.priorLog2 + p.evidence.reduce((t: number, e: { weight: number }) => t + e.weight, 0);
        expect(1 / (1 + 2 ** -bits)).toBeCloseTo(p.score, 1);
      }
      const nc = doc.pairs.find((p: { a: string; b: string }) => key(p.a, p.b) === key('nc-1', 'nc-2'));
      expect(nc.evidence).toEqual(expect.arrayContaining([{ field: 'employee_id', level: 'exact', weight: expect.any(Number) }, { field: 'last_name', level: 'different', weight: expect.any(Number) }]));
      expect(nc.evidence.find((e: { field: string }) => e.field === 'employee_id').weight).toBeGreaterThan(5);
    });

    it('scan --explain UID UID prints the evidence of one pair; unknown uids are refused', async () => {
      const r = await runCli('scan', '--db', tdb.url, '--explain', 'ns-2', 'ns-1');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Evidence for ns-1 \/ ns-2: score 0\.0\d\d/);
      expect(r.stdout).toMatch(/birth_date: different +-\d+\.\d\d bits/);
      expect(r.stdout).toMatch(/Model .*duplicate pair\(s\) expected; expected precision at score ≥ 0\.5/);
      const json = (await runCli('scan', '--db', tdb.url, '--explain', 'ns-1', 'ns-2', '--json')).json();
      expect(json.explained).toMatchObject({ a: 'ns-1', b: 'ns-2', evidence: expect.arrayContaining([{ field: 'birth_date', level: 'different', weight: expect.any(Number) }]) });
      const bad = await runCli('scan', '--db', tdb.url, '--explain', 'ns-1', 'nobody', '--json');
      expect(bad.code).toBe(3);
      expect(bad.json().error.code).toBe('UNKNOWN_UID');
    });

    it('scan --as limits the pairs to the admin\'s clearance; --limit and --min-score apply', async () => {
      const r = await runCli('scan', '--db', tdb.url, '--as', 'sales-admin', '--json');
      expect(r.code).toBe(0);
      expect(r.json().pairs.map((p: { a: string; b: string }) => key(p.a, p.b)).sort()).toEqual([key('nc-1', 'nc-2'), key('sr-1', 'sr-2')].sort());
      expect((await runCli('scan', '--db', tdb.url, '--limit', '1', '--json')).json().pairs).toHaveLength(1);
      expect((await runCli('scan', '--db', tdb.url, '--min-score', '2')).code).toBe(3);
      expect((await runCli('scan', '--db', tdb.url, '--as', 'admin', '--json')).code).toBe(0);
    });

    it('scan prints a readable summary and writes .xlsx and .csv files', async () => {
      const xlsx = path.join(dir, 'pairs.xlsx');
      const csv = path.join(dir, 'pairs.csv');
      const r = await runCli('scan', '--db', tdb.url, '--out', xlsx);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/\d+ likely duplicate pairs? with score ≥ /);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsx);
      expect(wb.getWorksheet('Pairs')!.rowCount).toBe(PLANTED.length + 1);
      expect(wb.getWorksheet('Clusters')!.rowCount).toBeGreaterThan(1);
      expect((await runCli('scan', '--db', tdb.url, '--out', csv)).code).toBe(0);
      const lines = fs.readFileSync(csv, 'utf8').trim().split(/\r\n/);
      expect(lines[0]).toContain('uid_a,uid_b,score,cause');
      expect(lines).toHaveLength(PLANTED.length + 1);
    });

    it('decide not-duplicate hides the pair from later scans', async () => {
      const d = await runCli('decide', '--db', tdb.url, '--pair', 'hr-2', 'hr-1', '--as', 'admin', 'not-duplicate', '--note', 'checked with HR', '--json');
      expect(d.code).toBe(0);
      expect(d.json()).toMatchObject({ pair: ['hr-1', 'hr-2'], decision: 'not_duplicate', decidedBy: 'admin', note: 'checked with HR' });
      const later = await runCli('decide', '--db', tdb.url, '--as', 'admin', '--pair', 'rt-1', 'rt-2', 'later');
      expect(later.code).toBe(0);
      const keys = (await runCli('scan', '--db', tdb.url, '--json')).json().pairs.map((p: { a: string; b: string }) => key(p.a, p.b));
      expect(keys).not.toContain(key('hr-1', 'hr-2'));
      expect(keys).toContain(key('rt-1', 'rt-2'));
    });

    it('decide refuses bad input with exit code 3', async () => {
      expect((await runCli('decide', '--db', tdb.url, '--pair', 'hr-1', 'hr-1', '--as', 'admin', 'later')).code).toBe(3);
      expect((await runCli('decide', '--db', tdb.url, '--pair', 'hr-1', 'nobody', '--as', 'admin', 'later')).code).toBe(3);
      expect((await runCli('decide', '--db', tdb.url, '--pair', 'hr-1', 'hr-2', '--as', 'admin')).code).toBe(3);
      expect((await runCli('decide', '--db', tdb.url, '--pair', 'hr-1', '--as', 'admin', 'later')).code).toBe(3);
      expect((await runCli('decide', '--db', tdb.url, '--pair', 'hr-1', 'hr-2', '--as', 'sales-admin', 'later')).code).toBe(3);
      const json = await runCli('decide', '--db', tdb.url, '--pair', 'hr-1', 'nobody', '--as', 'admin', 'later', '--json');
      expect(json.json().error.code).toBe('UNKNOWN_UID');
    });

    it('decide fails with exit code 1 when the database cannot be opened', async () => {
      const garbage = path.join(dir, 'not-a-database.db');
      fs.writeFileSync(garbage, 'this is not SQLite '.repeat(100));
      const r = await runCli('decide', '--db', `sqlite:${garbage}`, '--pair', 'a', 'b', '--as', 'admin', 'later');
      expect(r.code).toBe(1);
    });
  });
}
