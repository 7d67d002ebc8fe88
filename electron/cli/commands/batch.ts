import path from 'node:path';
import type { Command } from 'commander';
import { validateWorklist } from '../../engine/batch/index';
import { batchExitCode, runBatch, type BatchResult } from '../../usecases/batch';
import { readWorklist } from '../../workbooks/index';
import { loadSettings, parseOverrides, withOverrides } from '../../settings/merge-settings';
import { withDatabase, type DbOptions } from '../context';
import { EXIT } from '../exit-codes';
import { signInOperator } from '../operator';
import { formatNumber } from '@shared/i18n/format';
import type { Output } from '../output';

interface BatchCliOptions extends DbOptions {
  worklist: string;
  as?: string;
  dryRun?: boolean;
  set: string[];
  logdir?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The --json document of a batch that ran (dry runs included). */
export function batchJson(r: BatchResult) {
  return {
    ok: true,
    dryRun: r.dryRun,
    cancelled: r.cancelled,
    counts: r.counts,
    seconds: Math.round(r.seconds * 1000) / 1000,
    logDir: r.logDir,
    summaryFile: r.summaryFile,
    chains: r.validation.chains,
    pairs: r.pairs.map((p) => ({
      index: p.pair.index,
      row: p.pair.row,
      source: p.pair.source,
      target: p.pair.target,
      listedTarget: p.pair.listedTarget,
      takeEmail: p.pair.takeEmail,
      takeLogin: p.pair.takeLogin,
      takeEmployeeId: p.pair.takeEmployeeId,
      outcome: p.outcome,
      reason: p.reason,
      run: p.runId,
      actions: p.actions,
      conflicts: p.conflicts.length,
      actionRequired: p.actionRequired,
      logfile: p.logfile,
      warnings: p.warnings ?? [],
    })),
  };
}

export function registerBatch(program: Command, out: Output, setExit: (code: number) => void): void {
  program
    .command('batch')
    .description('Merge every pair of a worklist (CSV or XLSX: source_uid, target_uid[, take_email, take_login, take_employee_id, note]), each pair in its own transaction')
    .requiredOption('--worklist <file>', 'the worklist (.csv or .xlsx)')
    .option('--as <login>', 'LMS administrator you act as (password from MERGEDESK_PASSWORD or a prompt)')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--dry-run', 'plan every pair and roll back; the summary shows what would happen')
    .option('--set <key=value>', 'override a person-merge setting for every pair (md_merge_settings column), repeatable', collect, [])
    .option('--logdir <dir>', 'folder for the per-pair logfiles and the summary workbook (default: a new folder in the current one)')
    .option('--json', 'machine-readable output')
    .action(async (opts: BatchCliOptions) => {
      const overrides = parseOverrides(opts.set);
      await withDatabase(opts, out, async (db, mapping) => {
        const operator = await signInOperator(db, mapping, opts.as);
        const settings = withOverrides(await loadSettings(db), overrides);
        const worklist = await readWorklist(path.resolve(opts.worklist));
        const validation = await validateWorklist(db, mapping, worklist, operator);
        if (!validation.ok) {
          out.data({ ok: false, error: { code: 'WORKLIST_INVALID', message: `The worklist has ${validation.problems.length} problem(s); nothing was merged.` }, problems: validation.problems, chains: validation.chains });
          out.line(out.t('batch.problems', { file: opts.worklist, count: validation.problems.length }));
          for (const p of validation.problems) out.line(`  ${p.message}`);
          out.line(out.t('batch.correct'));
          setExit(EXIT.refused);
          return;
        }
        for (const c of validation.chains) out.line(out.t('batch.chain', { message: c.message }));
        const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
        const logDir = path.resolve(opts.logdir ?? `mergedesk-batch-${stamp}${opts.dryRun ? '-dry-run' : ''}`);
        const controller = new AbortController();
        const onSigint = () => {
          out.note(out.t('batch.cancelling'));
          controller.abort();
        };
        process.once('SIGINT', onSigint);
        const bar = out.progress(out.t(opts.dryRun ? 'progress.batchDryRun' : 'progress.batch'));
        let result: BatchResult;
        try {
          result = await runBatch(db, mapping, validation, settings, operator, {
            dryRun: Boolean(opts.dryRun),
            logDir,
            signal: controller.signal,
            overrides,
            language: out.language,
            onProgress: (p) => bar.update(p.done, p.total, `merged ${p.merged} aborted ${p.aborted} failed ${p.failed}${p.skipped ? ` skipped ${p.skipped}` : ''}${p.etaMs !== null ? ` left ~${Math.ceil(p.etaMs / 1000)} s` : ''}`),
          });
        } finally {
          bar.stop();
          process.removeListener('SIGINT', onSigint);
        }
        out.data(batchJson(result));
        const c = result.counts;
        const t = out.t;
        out.line(
          t(result.dryRun ? 'batch.doneDryRun' : 'batch.done', {
            what: t(result.dryRun ? 'batch.whatDryRun' : 'batch.whatBatch'),
            state: t(result.cancelled ? 'batch.stateCancelled' : 'batch.stateDone'),
            seconds: formatNumber(result.seconds, out.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
            ...c,
            notRun: c.notRun ? t('batch.notRun', { count: c.notRun }) : '',
          }),
        );
        for (const p of result.pairs) {
          const row = { row: p.pair.row, source: p.pair.source, target: p.pair.target, outcome: p.outcome, reason: p.reason ?? '' };
          if (p.outcome !== 'merged' && p.outcome !== 'skipped') out.line(`  ${t(p.reason ? 'batch.rowReason' : 'batch.row', row)}`);
          for (const w of p.warnings ?? []) out.note(t('warning', { message: t('batch.rowWarning', { row: p.pair.row, message: w }) }));
        }
        out.line(t('batch.summary', { file: result.summaryFile }));
        out.line(t('batch.logfiles', { folder: result.logDir }));
        if (result.cancelled) out.line(t('batch.again'));
        setExit(batchExitCode(result));
      });
    });
}
