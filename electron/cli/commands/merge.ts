import path from 'node:path';
import type { Command } from 'commander';
import type { MergeResult } from '../../engine/merge/index';
import { UserInputError } from '../../errors';
import { parseOverrides } from '../../settings/merge-settings';
import { defaultRunLogfileName } from '../../usecases/logfile';
import { mergeUseCase } from '../../usecases/merge';
import { closeSharedLogfileThread, sharedLogfileThread } from '../../workbooks/logfile-thread';
import { withDatabase, type DbOptions } from '../context';
import { EXIT } from '../exit-codes';
import { signInOperator } from '../operator';
import type { Output } from '../output';

interface MergeOptions extends DbOptions {
  source: string;
  target: string;
  as?: string;
  dryRun?: boolean;
  expectPlan?: string;
  takeEmail?: boolean;
  takeLogin?: boolean;
  /** undefined: the default (on when the source is interface-maintained and the target is not). */
  takeEmployeeId?: boolean;
  set: string[];
  logfile?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The default logfile: in the current folder, named after the run and both UIDs. */
export function defaultLogfileName(r: Pick<MergeResult, 'runId' | 'sourceUid' | 'targetUid' | 'dryRun'>): string {
  return path.resolve(defaultRunLogfileName({ id: r.runId, kind: 'merge', undoOf: null, sourceUid: r.sourceUid, targetUid: r.targetUid, dryRun: r.dryRun }));
}

export function exitCodeFor(outcome: MergeResult['outcome']): number {
  return outcome === 'merged' ? EXIT.ok : outcome === 'aborted' ? EXIT.aborted : outcome === 'refused' ? EXIT.refused : EXIT.failed;
}

export function registerMerge(program: Command, out: Output, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description('Merge the source account into the target account (all or nothing) and write an Excel logfile')
    .requiredOption('--source <uid>', 'UID of the account that is merged and removed')
    .requiredOption('--target <uid>', 'UID of the account that is kept')
    .option('--as <login>', 'LMS administrator you act as (password from MERGEDESK_PASSWORD or a prompt)')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--dry-run', 'do everything, then roll back; the logfile shows what would happen')
    .option('--expect-plan <hash>', 'refuse if the plan differs from this previewed plan hash')
    .option('--take-email', "the target takes over the source's email")
    .option('--take-login', "the target takes over the source's login")
    .option('--take-employee-id', "the target takes over the source's employee ID (default: on when the source is interface-maintained and the target is not)")
    .option('--no-take-employee-id', "the target does not take over the source's employee ID, whatever the default")
    .option('--set <key=value>', 'override a person-merge setting for this merge (md_merge_settings column), repeatable', collect, [])
    .option('--logfile <file.xlsx>', 'where to write the logfile (default: a file in the current folder)')
    .option('--json', 'machine-readable output')
    .action(async (opts: MergeOptions) => {
      if (opts.logfile && !/\.xlsx$/i.test(opts.logfile)) throw new UserInputError(`The logfile "${opts.logfile}" must end in .xlsx.`, 'Give a file name like merge.xlsx.', 'USAGE');
      if (opts.expectPlan !== undefined && !/^[0-9a-f]{64}$/i.test(opts.expectPlan)) {
        throw new UserInputError(`"${opts.expectPlan}" is not a plan hash.`, 'Pass the 64-character hash shown by the preview.', 'USAGE');
      }
      const overrides = parseOverrides(opts.set);
      // The logfile thread starts while the command connects and signs in (a large plan's
      // logfile is laid out there while the merge runs; see mergeUseCase).
      sharedLogfileThread();
      try {
        await withDatabase(opts, out, async (db, mapping) => {
          const operator = await signInOperator(db, mapping, opts.as);
          const { result, logfile, warnings } = await mergeUseCase(db, mapping, operator, {
            source: opts.source,
            target: opts.target,
            dryRun: Boolean(opts.dryRun),
            ...(opts.expectPlan ? { expectPlanHash: opts.expectPlan.toLowerCase() } : {}),
            takeEmail: Boolean(opts.takeEmail),
            takeLogin: Boolean(opts.takeLogin),
            ...(opts.takeEmployeeId === undefined ? {} : { takeEmployeeId: opts.takeEmployeeId }),
            overrides,
            logfile: (r) => path.resolve(opts.logfile ?? defaultLogfileName(r)),
            language: out.language,
          });
          const p = result.plan;
          const counts: Record<string, Record<string, number>> = {};
          for (const [c, byAction] of Object.entries(p?.counts ?? {})) {
            for (const [a, n] of Object.entries(byAction)) if (n) (counts[c] ??= {})[a] = n;
          }
          out.data({
            run: result.runId,
            outcome: result.outcome,
            source: result.sourceUid,
            target: result.targetUid,
            planHash: p?.hash ?? null,
            counts,
            conflicts: p?.conflicts ?? [],
            actionRequired: p?.actionRequired ?? [],
            logfile,
            warnings,
            employeeIdTakeOver: p?.employeeIdTakeOver ?? null,
          });
          const t = out.t;
          const words = { source: result.sourceUid, target: result.targetUid, reason: result.reason ?? '' };
          const headline =
            result.outcome === 'merged'
              ? t(result.dryRun ? 'merge.dryRunDone' : 'merge.merged', words)
              : result.outcome === 'aborted'
                ? t('merge.aborted', words)
                : result.outcome === 'refused'
                  ? t(result.dryRun ? 'merge.dryRunRefused' : 'merge.mergeRefused', words)
                  : t(result.dryRun ? 'merge.dryRunFailed' : 'merge.mergeFailed', words);
          out.line(headline.trim());
          out.line(t('merge.runPlan', { run: result.runId, hash: p?.hash ?? t('merge.noPlan') }));
          for (const [c, byAction] of Object.entries(counts)) {
            out.line(`  ${c.padEnd(18)} ${Object.entries(byAction).map(([a, n]) => `${a} ${n}`).join(', ')}`);
          }
          for (const c of p?.conflicts ?? []) out.line(`  ${t('merge.conflict', { description: c.description })}`);
          for (const a of p?.actionRequired ?? []) out.line(`  ${t('merge.actionRequired', { description: a.description })}`);
          if (p) out.line(p.sourceAccount.description);
          if (p) out.line(t('merge.employeeId', { reason: p.employeeIdTakeOver.reason }));
          if (logfile) out.line(t('merge.logfile', { file: logfile }));
          for (const w of warnings) out.note(t('warning', { message: w }));
          setExit(exitCodeFor(result.outcome));
        });
      } finally {
        await closeSharedLogfileThread();
      }
    });
}
