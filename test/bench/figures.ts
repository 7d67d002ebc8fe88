/**
 * The benchmarks' figures: each time next to its floor — the same row changes done as plain
 * set-based SQL in one transaction on a twin database (what the tool cannot beat) — printed
 * for people, and collected as JSON lines for `npm run bench -- --json` (run.ts).
 */
import fs from 'node:fs';
import type { Knex } from 'knex';
import type { LmsMapping } from '../../electron/db/mapping';
import { Names, readJournal } from '../../electron/engine/undo/chains';
import { inverted, replayBackwards } from '../../electron/engine/undo/restore';

export interface Figure {
  name: string;
  db: string;
  seconds: number;
  floorSeconds: number | null;
  rssMb: number;
}

export const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

/** Prints a figure; run.ts sets BENCH_FIGURES to collect them. */
export function report(f: Figure, extra = ''): void {
  const ratio = f.floorSeconds ? ` (${(f.seconds / f.floorSeconds).toFixed(1)}× floor)` : '';
  const floor = f.floorSeconds === null ? '' : `, floor ${f.floorSeconds.toFixed(2)} s${ratio}`;
  console.log(`${f.name} on ${f.db}: ${f.seconds.toFixed(2)} s${floor}, RSS ${f.rssMb} MB${extra ? `; ${extra}` : ''}`);
  const file = process.env.BENCH_FIGURES;
  if (file) fs.appendFileSync(file, `${JSON.stringify(f)}\n`);
}

/**
 * The highest RSS (MB) while an async step runs, sampled every few milliseconds and at its end:
 * what the machine must have free for it, not what happens to be left when it returns.
 */
export async function peakRss<T>(fn: () => Promise<T>): Promise<[T, number]> {
  let peak = rssMb();
  const sample = setInterval(() => (peak = Math.max(peak, rssMb())), 5);
  try {
    const v = await fn();
    return [v, Math.max(peak, rssMb())];
  } finally {
    clearInterval(sample);
  }
}

/** Seconds of an async step. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, (performance.now() - t0) / 1000];
}

/**
 * The floor of a run: its journal (read from `from`, not timed) replayed forward on `twin`, a
 * database in the state `from` was in before the run, as plain set-based statements in one
 * transaction — the same row changes, without planning, checks, journal or run records.
 */
export async function floorOf(from: Knex, twin: Knex, m: LmsMapping, runId: number): Promise<number> {
  const names = new Names(m);
  const entries = await readJournal(from, names, runId);
  const [, seconds] = await timed(() => twin.transaction((trx) => replayBackwards(trx, names, inverted(entries))));
  return seconds;
}
