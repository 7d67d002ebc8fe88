import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../electron/engine/merge/index';
import { tableSpec } from '../../electron/db/lms-tables';
import { countLines } from '../../electron/read-models/accounts';
import { LEFT_TO_SOURCE_ACCOUNT, userReferences } from '../../electron/engine/merge/categories/source-account';

describe('user references', () => {
  it('every column the schema marks as referring to users is claimed by exactly one category or explicitly left to the source-account step', () => {
    const handledBy = new Map<string, string[]>();
    const claim = (r: { table: string; column: string }, by: string) => handledBy.set(`${r.table}.${r.column}`, [...(handledBy.get(`${r.table}.${r.column}`) ?? []), by]);
    for (const c of CATEGORIES) for (const r of c.claims) claim(r, c.name);
    for (const r of LEFT_TO_SOURCE_ACCOUNT) claim(r, 'left to the source-account step');
    const expected = Object.fromEntries(userReferences().map((r) => [`${r.table}.${r.column}`, 1]));
    // A reference nobody handles shows 0, a doubly handled one 2, and a claim of a column that does not refer to users shows up as an extra key.
    expect(Object.fromEntries([...Object.keys(expected), ...handledBy.keys()].map((k) => [k, handledBy.get(k)?.length ?? 0]))).toEqual(expected);
  });

  it("the Compare screen's count lines come from the claims: each has its own label, and a filter column its table has", () => {
    const lines = countLines();
    expect(lines.map((l) => l.line.label)).toEqual(expect.arrayContaining(['Enrolments', 'Completions', 'Mentor of', 'Tutor of courses']));
    expect(new Set(lines.map((l) => l.line.label)).size).toBe(lines.length);
    for (const { ref, line } of lines) if (line.whereSet) expect(Object.keys(tableSpec(ref.table).columns), `${line.label}: ${ref.table}.${line.whereSet}`).toContain(line.whereSet);
  });
});
