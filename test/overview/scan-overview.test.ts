import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, type TestDatabase } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { generateDemo } from '../../electron/demo/index';
import { scan, type ScanResult } from '../../electron/engine/detect/scan';
import { ORG_UNITS_SHOWN, scanOverview } from '../../electron/read-models/scan-overview';
import { reasonText } from '../../electron/engine/detect/reasons';
import { createTranslator } from '../../shared/i18n/translator';
import { reasonWords } from '../../renderer/src/features/duplicates/reason-words';

/** The overview's numbers against the database: counted here again with plain SQL. */
for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`scan overview on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    let result: ScanResult;
    const m = new LmsMapping();
    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      await generateDemo(db, m, { users: 1500, seed: 1414 });
      result = await scan(db, m);
    });
    afterAll(async () => tdb?.drop());

    const overview = () => scanOverview(db, m, { pairs: result.pairs, clusters: result.clusters, threshold: result.model.threshold, disposition: 'deactivate' });
    const removed = (p: { a: string; b: string; keep: string }) => (p.keep === p.a ? p.b : p.a);

    it('counts the licences merging would free as the active accounts it would remove', async () => {
      const o = await overview();
      const toRemove = result.clusters.flatMap((c) => c.uids.filter((u) => u !== c.keep));
      expect(toRemove.length).toBeGreaterThan(20);
      const row = (await db(m.table('users')).count({ n: '*' }).whereIn(m.col('users', 'uid'), toRemove).where(m.col('users', 'status'), m.value('users', 'status', 'active')).first()) as { n: unknown };
      expect(o.licences).toEqual({ accountsToRemove: toRemove.length, activeToRemove: Number(row.n), disposition: 'deactivate' });
      expect(Number(row.n)).toBeGreaterThan(0);
      expect(Number(row.n)).toBeLessThan(toRemove.length); // the demo plants inactive duplicates too
    });

    it('names the org units of the accounts the pairs would remove, with their pair counts', async () => {
      const o = await overview();
      const uids = result.pairs.map(removed);
      const perUid = new Map<string, number>();
      for (const u of uids) perUid.set(u, (perUid.get(u) ?? 0) + 1);
      const rows = (await db({ u: m.table('users') })
        .join({ o: m.table('org_units') }, m.qcol('org_units', 'id', 'o'), m.qcol('users', 'org_unit_id', 'u'))
        .select({ uid: m.qcol('users', 'uid', 'u'), name: m.qcol('org_units', 'name', 'o') })
        .whereIn(m.qcol('users', 'uid', 'u'), [...perUid.keys()])) as { uid: string; name: string }[];
      const byName = new Map<string, number>();
      for (const r of rows) byName.set(r.name, (byName.get(r.name) ?? 0) + perUid.get(r.uid)!);
      const expected = [...byName].map(([orgUnit, pairs]) => ({ orgUnit, pairs })).sort((x, y) => y.pairs - x.pairs || (x.orgUnit < y.orgUnit ? -1 : 1));
      expect(o.byOrgUnit).toEqual(expected.slice(0, ORG_UNITS_SHOWN));
      expect(o.otherOrgUnits).toEqual({ units: Math.max(0, expected.length - ORG_UNITS_SHOWN), pairs: expected.slice(ORG_UNITS_SHOWN).reduce((n, r) => n + r.pairs, 0) });
      for (const r of o.byOrgUnit) expect(r.orgUnit).not.toMatch(/^\d+$/);
    });

    it('gives every reason as data: the English screen text is the scan --json sentence, the German one differs', () => {
      const inNamespace = (t: (key: string, o?: object) => string) => ((key: string, o?: object) => t(`duplicates:${key}`, o)) as never;
      const en = inNamespace(createTranslator('en') as never);
      const de = inNamespace(createTranslator('de') as never);
      let compared = 0;
      for (const p of result.pairs) {
        expect(p.reasonKeys.map(reasonText)).toEqual(p.reasons);
        for (const [i, r] of p.reasonKeys.entries()) {
          // The screen formats numbers by locale; en-GB writes them as the engine does.
          expect(reasonWords(en, r, 'en')).toBe(p.reasons[i]);
          const german = reasonWords(de, r, 'de');
          expect(german).not.toBe(p.reasons[i]);
          expect(german).not.toMatch(/^reason\./);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(result.pairs.length * 3);
    });

    it('splits the pairs by cause, score and cluster size without losing one', async () => {
      const o = await overview();
      expect(o.pairs).toBe(result.pairs.length);
      expect(o.byCause.reduce((n, c) => n + c.pairs, 0)).toBe(result.pairs.length);
      for (const c of o.byCause) expect(c.pairs).toBe(result.pairs.filter((p) => p.cause === c.cause).length);
      expect(o.scoreBins.reduce((n, b) => n + b.pairs, 0)).toBe(result.pairs.length);
      for (const b of o.scoreBins) {
        const inBin = result.pairs.filter((p) => p.score >= b.from - 1e-9 && (p.score < b.to - 1e-9 || (b.to >= 1 && p.score <= 1))).length;
        expect(b.pairs).toBe(inBin);
      }
      expect(o.scoreBins[0]!.from).toBeLessThanOrEqual(o.threshold);
      expect(o.scoreBins.at(-1)!.to).toBe(1);
      expect(o.clusterSizes.reduce((n, c) => n + c.size * c.clusters, 0)).toBe(new Set(result.clusters.flatMap((c) => c.uids)).size);
      expect(o.clusterSizes.reduce((n, c) => n + c.clusters, 0)).toBe(result.clusters.length);
    });
  });
}
