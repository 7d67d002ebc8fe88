/**
 * Detection quality on generated demo databases: precision, recall and F1 over the
 * planted pairs (overall and per cause), hard negatives above the threshold, and how
 * often the likely cause is right.
 *
 *   npx tsx test/detect/quality.ts [--users 5000] [--seeds 101,202,303] [--strip] [--min-score 0.5] [--verbose]
 *
 * --strip removes e-mails and employee IDs and replaces logins with meaningless ones
 * after generation: the "no identifiers" database.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { DUPLICATE_CAUSE_IDS, type DuplicateCause } from '@shared/causes';
import { LmsMapping } from '../../electron/db/mapping';
import { generateDemo } from '../../electron/demo/index';
import { scan, type ScanResult } from '../../electron/engine/detect/scan';
import { sqliteTestDatabase, tempDir } from '../helpers/databases';

export interface CauseQuality {
  planted: number;
  found: number;
  /** Found pairs the scan attributed to this cause. */
  predicted: number;
  truePredicted: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Quality {
  pairs: number;
  planted: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  f1: number;
  causeAccuracy: number;
  hardNegatives: number;
  hardNegativesFlagged: number;
  perCause: Record<string, CauseQuality>;
  falsePositiveExamples: string[];
  missedExamples: string[];
}

const key = (a: string, b: string) => (a < b ? `${a}+${b}` : `${b}+${a}`);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function evaluate(
  result: Pick<ScanResult, 'pairs'>,
  planted: { uid_a: string; uid_b: string; cause: DuplicateCause }[],
  hardNegatives: { uid_a: string; uid_b: string; kind: string }[],
): Quality {
  const truth = new Map(planted.map((p) => [key(p.uid_a, p.uid_b), p.cause]));
  const negatives = new Map(hardNegatives.map((n) => [key(n.uid_a, n.uid_b), n.kind]));
  const found = new Map(result.pairs.map((p) => [key(p.a, p.b), p]));
  let tp = 0;
  let causeRight = 0;
  const perCause: Record<string, CauseQuality> = {};
  for (const c of [...DUPLICATE_CAUSE_IDS, 'unknown']) perCause[c] = { planted: 0, found: 0, predicted: 0, truePredicted: 0, precision: 0, recall: 0, f1: 0 };
  const missedExamples: string[] = [];
  for (const [k, cause] of truth) {
    perCause[cause]!.planted++;
    const p = found.get(k);
    if (p) {
      tp++;
      perCause[cause]!.found++;
      if (p.cause === cause) causeRight++;
    } else if (missedExamples.length < 30) missedExamples.push(`${k} (${cause})`);
  }
  const falsePositiveExamples: string[] = [];
  let flaggedNegatives = 0;
  for (const p of result.pairs) {
    const k = key(p.a, p.b);
    const trueCause = truth.get(k);
    perCause[p.cause]!.predicted++;
    if (trueCause === p.cause) perCause[p.cause]!.truePredicted++;
    if (!trueCause) {
      if (negatives.has(k)) flaggedNegatives++;
      if (falsePositiveExamples.length < 30) falsePositiveExamples.push(`${k} ${p.score} ${p.cause} [${negatives.get(k) ?? 'not planted'}] ${p.reasons.join('; ')}`);
    }
  }
  for (const c of Object.values(perCause)) {
    // Per cause: recall over the cause's planted pairs; precision over the pairs attributed to it.
    c.recall = c.planted ? c.found / c.planted : 1;
    c.precision = c.predicted ? c.truePredicted / c.predicted : 1;
    c.f1 = f1(c.precision, c.recall);
  }
  const precision = result.pairs.length ? tp / result.pairs.length : 1;
  const recall = truth.size ? tp / truth.size : 1;
  return {
    pairs: result.pairs.length,
    planted: truth.size,
    truePositives: tp,
    falsePositives: result.pairs.length - tp,
    precision,
    recall,
    f1: f1(precision, recall),
    causeAccuracy: tp ? causeRight / tp : 1,
    hardNegatives: negatives.size,
    hardNegativesFlagged: flaggedNegatives,
    perCause,
    falsePositiveExamples,
    missedExamples,
  };
}

/** Removes e-mails and employee IDs and makes logins meaningless (admins keep theirs). */
export async function stripIdentifiers(db: Knex, m: LmsMapping): Promise<void> {
  await db(m.table('users'))
    .where(m.col('users', 'is_admin'), false)
    .update({ [m.col('users', 'email')]: null, [m.col('users', 'employee_id')]: null, [m.col('users', 'login')]: db.raw(`concat('x', ??)`, [m.col('users', 'id')]) });
}

export async function qualityRun(users: number, seed: number, opts: { strip?: boolean; minScore?: number } = {}) {
  const tdb = sqliteTestDatabase(tempDir('mergedesk-quality-'));
  const db = await tdb.open();
  try {
    const m = new LmsMapping();
    const demo = await generateDemo(db, m, { users, seed });
    if (opts.strip) await stripIdentifiers(db, m);
    const result = await scan(db, m, { minScore: opts.minScore });
    return { result, quality: evaluate(result, demo.plantedPairs, demo.hardNegatives), planted: demo.plantedPairs, hardNegatives: demo.hardNegatives };
  } finally {
    await tdb.drop();
  }
}

const pct = (x: number) => (x * 100).toFixed(1).padStart(5);

export function formatQuality(q: Quality): string {
  const lines = [
    `pairs ${q.pairs}, planted ${q.planted}, TP ${q.truePositives}, FP ${q.falsePositives}: precision ${pct(q.precision)}%, recall ${pct(q.recall)}%, F1 ${pct(q.f1)}%, cause right ${pct(q.causeAccuracy)}%, hard negatives flagged ${q.hardNegativesFlagged}/${q.hardNegatives}`,
  ];
  for (const [c, v] of Object.entries(q.perCause)) {
    if (!v.planted && !v.predicted) continue;
    lines.push(`  ${c.padEnd(24)} planted ${String(v.planted).padStart(4)} found ${String(v.found).padStart(4)} predicted ${String(v.predicted).padStart(4)}  P ${pct(v.precision)}%  R ${pct(v.recall)}%  F1 ${pct(v.f1)}%`);
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const users = Number(arg('--users') ?? 5000);
  const seeds = (arg('--seeds') ?? '101,202,303').split(',').map(Number);
  const strip = process.argv.includes('--strip');
  const minScore = arg('--min-score') ? Number(arg('--min-score')) : undefined;
  for (const seed of seeds) {
    const { result, quality } = await qualityRun(users, seed, { strip, minScore });
    console.log(`seed ${seed}, ${users} users${strip ? ', no identifiers' : ''}, ${result.candidates} candidates, ${result.seconds} s`);
    console.log(formatQuality(quality));
    if (process.argv.includes('--verbose')) {
      console.log('  false positives:\n    ' + quality.falsePositiveExamples.join('\n    '));
      console.log('  missed:\n    ' + quality.missedExamples.join('\n    '));
    }
  }
}
