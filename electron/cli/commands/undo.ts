import path from 'node:path';
import type { Command } from 'commander';
import type { UndoResult } from '../../engine/undo/index';
import { defaultRunLogfileName } from '../../usecases/logfile';
import { undoUseCase } from '../../usecases/undo';
import { UserInputError } from '../../errors';
import { withDatabase, type DbOptions } from '../context';
import { EXIT } from '../exit-codes';
import { signInOperator } from '../operator';
import type { Output } from '../output';

interface UndoCliOptions extends DbOptions {
  run: string;
  as?: string;
  dryRun?: boolean;
  acceptPartial?: boolean;
  logfile?: string;
}

export function undoExitCode(r: UndoResult): number {
  return r.outcome === 'undone' ? EXIT.ok : r.outcome === 'refused' ? EXIT.refused : EXIT.failed;
}

/** The --json document of an undo. */
export function undoJson(r: UndoResult, logfile: string | null, warnings: string[] = []) {
  return {
    run: r.runId,
    undoes: r.undoneRunId,
    outcome: r.outcome,
    dryRun: r.dryRun,
    refusal: r.refusal,
    reason: r.reason,
    source: r.sourceUid,
    target: r.targetUid,
    acceptPartial: r.acceptPartial,
    restored: r.restored.length,
    counts: r.counts,
    changedSince: r.changedSince,
    logfile,
    warnings,
  };
}

export function registerUndo(program: Command, out: Output, setExit: (code: number) => void): void {
  program
    .command('undo')
    .description('Take a merge back from its journal (one transaction): the source account recreated, moved records moved back, removed records re-inserted')
    .requiredOption('--run <id>', 'the merge run to undo (shown by merge and in its logfile)')
    .option('--as <login>', 'LMS administrator you act as (password from MERGEDESK_PASSWORD or a prompt)')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--dry-run', 'check and restore everything, then roll back')
    .option('--accept-partial', 'undo although rows changed since the merge; those rows keep their later changes')
    .option('--logfile <file.xlsx>', 'where to write the undo logfile (default: a file in the current folder)')
    .option('--json', 'machine-readable output')
    .action(async (opts: UndoCliOptions) => {
      if (!/^\d+$/.test(opts.run)) throw new UserInputError(`"${opts.run}" is not a run number.`, 'Pass the number of the merge run, e.g. --run 42.', 'USAGE');
      if (opts.logfile && !/\.xlsx$/i.test(opts.logfile)) throw new UserInputError(`The logfile "${opts.logfile}" must end in .xlsx.`, 'Give a file name like undo.xlsx.', 'USAGE');
      await withDatabase(opts, out, async (db, mapping) => {
        const operator = await signInOperator(db, mapping, opts.as);
        const { result, logfile, warnings } = await undoUseCase(db, mapping, operator, Number(opts.run), { dryRun: Boolean(opts.dryRun), acceptPartial: Boolean(opts.acceptPartial) }, (r) =>
          path.resolve(opts.logfile ?? defaultRunLogfileName({ id: r.runId, kind: 'undo', undoOf: r.undoneRunId, sourceUid: r.sourceUid, targetUid: r.targetUid, dryRun: r.dryRun })),
        out.language);
        out.data(undoJson(result, logfile, warnings));
        const t = out.t;
        if (result.outcome === 'undone') {
          const words = { run: result.undoneRunId, source: result.sourceUid, target: result.targetUid, rows: result.restored.length };
          out.line(t(result.dryRun ? 'undo.dryRunDone' : 'undo.undone', words));
          if (result.changedSince.length) out.line(t('undo.partial', { count: result.changedSince.length }));
        } else {
          out.line(t('undo.notDone', { outcome: result.outcome, reason: result.reason ?? '' }).trim());
          if (result.changedSince.length) out.line(t('undo.changedRows'));
        }
        for (const c of result.changedSince) out.line(`  ${c.description}`);
        if (result.refusal === 'CHANGED_SINCE') out.line(t('undo.acceptPartial'));
        out.line(logfile ? t('undo.runWithLogfile', { run: result.runId, file: logfile }) : t('undo.run', { run: result.runId }));
        for (const w of warnings) out.note(t('warning', { message: w }));
        setExit(undoExitCode(result));
      });
    });
}
