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
        if (result.outcome === 'undone') {
          out.line(
            result.dryRun
              ? `Dry run done: run ${result.undoneRunId} (${result.sourceUid} into ${result.targetUid}) can be undone; ${result.restored.length} row(s) would be restored (nothing was changed).`
              : `Undid run ${result.undoneRunId}: ${result.sourceUid} and ${result.targetUid} are as before that merge; ${result.restored.length} row(s) restored.`,
          );
          if (result.changedSince.length) out.line(`Partial undo: ${result.changedSince.length} row(s) changed since the merge keep their later changes:`);
        } else {
          out.line(`Undo ${result.outcome}; nothing was changed: ${result.reason ?? ''}`.trim());
          if (result.changedSince.length) out.line('Rows changed since the merge:');
        }
        for (const c of result.changedSince) out.line(`  ${c.description}`);
        if (result.refusal === 'CHANGED_SINCE') out.line('To undo anyway and keep those changes, add --accept-partial.');
        out.line(`Undo run ${result.runId}.${logfile ? ` Logfile: ${logfile}` : ''}`);
        for (const w of warnings) out.note(`Warning: ${w}`);
        setExit(undoExitCode(result));
      });
    });
}
