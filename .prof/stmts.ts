import { authenticateOperator } from '../electron/auth/operator';
import { LmsMapping } from '../electron/db/mapping';
import { generateDemo } from '../electron/demo/index';
import { mergeUseCase } from '../electron/usecases/merge';
import { loadSettings } from '../electron/settings/merge-settings';
import { sqliteTestDatabase } from '../test/helpers/databases';
const m = new LmsMapping();
const tdb = sqliteTestDatabase();
const db = await tdb.open();
const demo = await generateDemo(db, m, { users: 1500, seed: 11 });
const admin = demo.admins[0]!;
const operator = await authenticateOperator(db, m, admin.login, admin.password);
const settings = { ...(await loadSettings(db)), abort_on_conflict: false };
const used = new Set<string>(); const pairs = [];
for (const p of demo.plantedPairs) { if (used.has(p.uid_a) || used.has(p.uid_b)) continue; used.add(p.uid_a); used.add(p.uid_b); pairs.push(p); }
const shapes = new Map<string, { n: number; ms: number }>();
const started = new Map<string, number>();
db.on('query', (q: { __knexQueryUid: string; sql: string }) => started.set(q.__knexQueryUid, performance.now()));
db.on('query-response', (_r: unknown, q: { __knexQueryUid: string; sql: string }) => {
  const k = q.sql.replace(/\?(, \?)*/g, '?…').slice(0, 140);
  const s = shapes.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - (started.get(q.__knexQueryUid) ?? 0); shapes.set(k, s);
});
const N = Math.min(40, pairs.length);
for (const p of pairs.slice(0, N)) await mergeUseCase(db, m, operator, { source: p.uid_b, target: p.uid_a, settings, logfile: null });
let total = 0; for (const s of shapes.values()) total += s.n;
console.log(`${(total / N).toFixed(1)} statements per pair over ${N} pairs`);
for (const [k, s] of [...shapes].sort((a, b) => b[1].n - a[1].n).slice(0, 70)) console.log(`${(s.n / N).toFixed(2).padStart(6)} ${(s.ms / s.n).toFixed(3)}ms ${k}`);
await tdb.drop();
