import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LmsMapping } from '../../electron/db/mapping';
import { parseWorklistCsv, worklistToCsv } from '../../electron/workbooks/index';
import { runCli } from '../helpers/cli';
import { sqliteTestDatabase, tempDir, type TestDatabase } from '../helpers/databases';
import { Fixture } from '../merge/fixtures';

/** Values a spreadsheet would run as a formula, as OWASP lists them. */
const EVIL = ["=cmd|' /C calc'!A0", '@SUM(1+1)*cmd|x', '+41-cmd', '-2+3+cmd', '\tcmd', '\r=1+1', "'=already guarded"];
const FORMULA = /^[=+\-@\t\r]/;

describe('CSV exports cannot carry spreadsheet formulas (OWASP CSV injection)', () => {
  let tdb: TestDatabase;
  const dir = tempDir('mergedesk-csv-');
  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    const db = await tdb.open();
    const fx = await Fixture.create(db, new LmsMapping());
    // One person twice, under UIDs an attacker chose: the scan pairs them.
    const person = { first_name: 'Mallory', last_name: 'Formula', email: 'mallory@example.com', birth_date: '1980-02-03', employee_id: 'E-66' };
    await fx.user({ ...person, uid: EVIL[0], login: 'mallory1' });
    await fx.user({ ...person, uid: EVIL[1], login: 'mallory2' });
    await db.destroy();
  });
  afterAll(async () => tdb?.drop());

  it('scan --out x.csv writes a formula-like UID as quoted text with a leading quote', async () => {
    const file = path.join(dir, 'pairs.csv');
    const r = await runCli('scan', '--db', tdb.url, '--out', file);
    expect(r.code).toBe(0);
    const rows = parse(fs.readFileSync(file, 'utf8'), { bom: true }) as string[][];
    const pair = rows.find((row) => row.includes(`'${EVIL[0]}`));
    expect(pair, fs.readFileSync(file, 'utf8')).toBeDefined();
    expect(pair).toContain(`'${EVIL[1]}`);
    for (const cell of rows.flat()) expect(cell).not.toMatch(FORMULA);
    // The raw text has the guarded cell inside quotes, as OWASP advises.
    expect(fs.readFileSync(file, 'utf8')).toContain(`"'${EVIL[0]}"`);
  });

  it('scan --out x.xlsx keeps the UIDs as text cells (no formula), unchanged', async () => {
    const file = path.join(dir, 'pairs.xlsx');
    expect((await runCli('scan', '--db', tdb.url, '--out', file)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const row = wb.getWorksheet('Pairs')!.getRow(2);
    const uids = [row.getCell(1), row.getCell(2)];
    expect(uids.map((c) => c.value).sort()).toEqual([EVIL[0], EVIL[1]].sort());
    for (const c of uids) expect(c.type).toBe(ExcelJS.ValueType.String);
  });

  it('the worklist export guards every formula-like value and the worklist reader reads it back to the same UIDs', () => {
    const pairs = EVIL.map((source, i) => ({ source, target: `T${i}`, note: EVIL[(i + 1) % EVIL.length]! }));
    const text = worklistToCsv(pairs);
    for (const cell of (parse(text) as string[][]).flat()) expect(cell).not.toMatch(FORMULA);
    const back = parseWorklistCsv(text);
    expect(back.problems).toEqual([]);
    // The reader trims cells, so a value's own leading tab or CR is not part of the UID.
    expect(back.rows.map((r) => [r.source_uid, r.target_uid, r.note])).toEqual(pairs.map((p) => [p.source.trim(), p.target, p.note.trim()]));
  });
});
