import path from 'node:path';
import type { Command } from 'commander';
import { listRuns, type RunRecord } from '../../engine/runs/ledger';
import { runsVisibleTo } from '../../engine/runs/visibility';
import { UserInputError } from '../../errors';
import { recreateLogfile, verifyLogfile, type LogfileVerification } from '../../usecases/logfile';
import { describeDifference } from '../../workbooks/verify';
import { withDatabase, type DbOptions } from '../context';
import { EXIT } from '../exit-codes';
import { signInOperator } from '../operator';
import type { Output } from '../output';

const OUTCOMES = ['merged', 'aborted', 'failed', 'refused', 'undone', 'interrupted', 'running'] as const;

interface RunsOptions extends DbOptions {
  as?: string;
  limit?: string;
  outcome?: string;
}

/** One run in `runs --json`. */
export function runJson(r: RunRecord) {
  return {
    run: r.id,
    kind: r.kind,
    undoes: r.undoOf,
    outcome: r.outcome ?? 'running',
    dryRun: r.dryRun,
    source: r.sourceUid,
    target: r.targetUid,
    operator: r.operator,
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    reason: (r.summary.reason as string | null | undefined) ?? null,
    planHash: r.planHash,
  };
}

export function registerRuns(program: Command, out: Output, setExit: (code: number) => void): void {
  program
    .command('runs')
    .description('List merge and undo runs, newest first, with their outcome (merged, aborted, failed, refused, undone, interrupted, running)')
    .option('--as <login>', 'list only runs on accounts this LMS administrator may view (password from MERGEDESK_PASSWORD or a prompt)')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--limit <n>', 'at most this many runs (default 100)')
    .option('--outcome <outcome>', `only runs with this outcome (${OUTCOMES.join(', ')})`)
    .option('--json', 'machine-readable output')
    .action(async (opts: RunsOptions) => {
      const limit = opts.limit === undefined ? 100 : Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UserInputError(`"${opts.limit}" is not a number of runs.`, 'Pass a whole number, e.g. --limit 20.', 'USAGE');
      if (opts.outcome !== undefined && !(OUTCOMES as readonly string[]).includes(opts.outcome)) {
        throw new UserInputError(`"${opts.outcome}" is not a run outcome.`, `Use one of: ${OUTCOMES.join(', ')}.`, 'USAGE');
      }
      await withDatabase(opts, out, async (db, mapping) => {
        const visible = opts.as ? await runsVisibleTo(db, mapping, (await signInOperator(db, mapping, opts.as)).id) : undefined;
        const runs = await listRuns(db, { limit, ...(opts.outcome ? { outcome: opts.outcome as (typeof OUTCOMES)[number] } : {}), ...(visible ? { visible } : {}) });
        out.data({ runs: runs.map(runJson) });
        const t = out.t;
        if (runs.length === 0) out.line(t('runs.none'));
        for (const r of runs) {
          const what = r.kind === 'undo' ? t('runs.undoOf', { run: r.undoOf }) : t('runs.merge');
          const reason = r.summary.reason ? ` — ${String(r.summary.reason)}` : '';
          out.line(`${String(r.id).padStart(6)}  ${(r.outcome ?? t('runs.running')).padEnd(11)} ${r.startedAt?.toISOString().slice(0, 19).replace('T', ' ') ?? ''}  ${r.operator}  ${what}${r.dryRun ? t('runs.dryRun') : ''}: ${r.sourceUid} → ${r.targetUid}${reason}`);
        }
        setExit(EXIT.ok);
      });
    });
}

interface LogfileOptions extends DbOptions {
  run?: string;
  out?: string;
  verify?: string;
}

/** `logfile --verify` in words. */
function printVerification(out: Output, v: LogfileVerification): void {
  const t = out.t;
  const what = t('runs.logfileOf', { file: v.file, kind: v.kind, run: v.run });
  if (v.checksum.verdict === 'unchanged') out.line(t('runs.unchanged', { what }));
  else if (v.checksum.verdict === 'changed') out.line(t('runs.changed', { what }));
  else out.line(t(v.database ? 'runs.noChecksum' : 'runs.noChecksumPassDb', { what }));
  if (!v.database) return;
  if (v.database.verdict === 'no run') out.line(t('runs.noRun', { kind: v.kind, run: v.run }));
  else if (v.database.verdict === 'matches') out.line(t('runs.matches', { run: v.run }));
  else {
    out.line(t('runs.differs', { run: v.run, count: v.database.differences.length }));
    for (const d of v.database.differences) out.line(`  ${describeDifference(d)}`);
  }
}

/**
 * `mergedesk logfile --run N`: makes run N's logfile again from the database. A command
 * of its own with options (not a positional run number), so `--verify FILE` can join it.
 */
export function registerLogfile(program: Command, out: Output, setExit: (code: number) => void): void {
  program
    .command('logfile')
    .description("Make a run's logfile again from the database (--run N), or check that a logfile is unchanged (--verify FILE)")
    .option('--run <id>', 'the run whose logfile to make (merge or undo)')
    .option('--verify <file.xlsx>', "check the logfile's content checksum; with --db also compare it with the logfile its run record makes (exit 0 unchanged, 1 changed, 3 not a MergeDesk logfile)")
    .option('--out <file.xlsx>', 'where to write it (default: its usual name in the current folder)')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--json', 'machine-readable output')
    .action(async (opts: LogfileOptions) => {
      if (opts.verify !== undefined) {
        if (opts.run !== undefined || opts.out !== undefined) throw new UserInputError('--verify cannot be combined with --run or --out.', 'Verify a file (--verify FILE [--db URL]) or make one (--run N [--out FILE]).', 'USAGE');
        const file = path.resolve(opts.verify);
        // Only an explicitly given database is used: verifying must not create the demo database.
        const v = opts.db === undefined ? await verifyLogfile(file) : await withDatabase(opts, out, (db) => verifyLogfile(file, db), { createDemoIfMissing: false });
        out.data(v);
        printVerification(out, v);
        setExit(v.verdict === 'unchanged' ? EXIT.ok : EXIT.failed);
        return;
      }
      if (opts.run === undefined) throw new UserInputError('No run given.', 'Pass --run N (mergedesk runs lists the runs), or --verify FILE.', 'USAGE');
      if (!/^\d+$/.test(opts.run) || Number(opts.run) < 1) throw new UserInputError(`"${opts.run}" is not a run number.`, 'Pass the number of the run, e.g. --run 42.', 'USAGE');
      if (opts.out !== undefined && !/\.xlsx$/i.test(opts.out)) throw new UserInputError(`The logfile "${opts.out}" must end in .xlsx.`, 'Give a file name like run.xlsx.', 'USAGE');
      await withDatabase(opts, out, async (db) => {
        const r = await recreateLogfile(db, Number(opts.run), opts.out, out.language);
        out.data({ run: r.run, kind: r.kind, outcome: r.outcome, logfile: r.logfile });
        out.line(out.t('runs.written', { run: r.run, kind: r.kind, outcome: r.outcome, file: r.logfile }));
        setExit(EXIT.ok);
      });
    });
}
