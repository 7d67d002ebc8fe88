import type { Command } from 'commander';
import { DEFAULT_MIN_SCORE } from '../../engine/detect/scoring';
import { scanUseCase } from '../../usecases/scan';
import { writeScanFile } from '../../workbooks/index';
import { UserInputError } from '../../errors';
import { withDatabase, type DbOptions } from '../context';
import { signInOperator } from '../operator';
import type { Output } from '../output';
import { formatNumber, formatPercent } from '@shared/i18n/format';

interface ScanCliOptions extends DbOptions {
  as?: string;
  minScore?: string;
  limit?: string;
  out?: string;
  explain?: string[];
}

function parseMinScore(v: string | undefined): number {
  if (v === undefined) return DEFAULT_MIN_SCORE;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UserInputError(`--min-score "${v}" is not a number from 0 to 1.`, 'Pass e.g. --min-score 0.8.', 'USAGE');
  return n;
}

function parseLimit(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserInputError(`--limit "${v}" is not a whole number of at least 1.`, 'Pass e.g. --limit 100.', 'USAGE');
  return n;
}

function parseExplain(v: string[] | undefined): [string, string] | undefined {
  if (v === undefined) return undefined;
  if (v.length !== 2 || v[0] === v[1]) throw new UserInputError(`--explain needs two different uids, got ${v.length === 2 ? 'the same uid twice' : v.length}.`, 'Pass e.g. --explain U0000012 U0000345.', 'USAGE');
  return [v[0]!, v[1]!];
}

export function registerScan(program: Command, out: Output): void {
  program
    .command('scan')
    .description('Find likely duplicate accounts, explain each pair and recommend the account to keep')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--as <login>', 'LMS administrator: show only pairs this admin can view (password from $MERGEDESK_PASSWORD or a prompt)')
    .option('--min-score <s>', `lowest score to report, 0..1 (default ${DEFAULT_MIN_SCORE})`)
    .option('--limit <n>', 'at most this many pairs, highest score first')
    .option('--out <file>', 'also write the pairs and clusters to a .xlsx or .csv file')
    .option('--explain <uid...>', 'also show the evidence (weight of each field, in bits) for this one pair: --explain UID UID')
    .option('--json', 'machine-readable output')
    .action(async (opts: ScanCliOptions) => {
      const t = out.t;
      const minScore = parseMinScore(opts.minScore);
      const limit = parseLimit(opts.limit);
      const explain = parseExplain(opts.explain);
      await withDatabase(opts, out, async (db, mapping) => {
        const operator = opts.as ? await signInOperator(db, mapping, opts.as) : undefined;
        const progress = out.progress(out.t('progress.scanning'));
        let result;
        try {
          result = await scanUseCase(db, mapping, { operator, minScore, limit, explain, onProgress: (p) => progress.update(p.done, p.total, p.phase) });
        } finally {
          progress.stop();
        }
        if (explain && !result.explained) {
          throw new UserInputError(`--explain: no account with uid "${explain.join('" or "')}" among the scanned users.`, 'Pass two uids of existing, not deleted accounts.', 'UNKNOWN_UID');
        }
        if (opts.out) await writeScanFile(opts.out, result, out.language);
        out.data({
          users: result.users,
          candidates: result.candidates,
          seconds: result.seconds,
          pairs: result.pairs.map((p) => ({ a: p.a, b: p.b, score: p.score, cause: p.cause, reasons: p.reasons, keep: p.keep, keepReasons: p.keepReasons, evidence: p.evidence })),
          clusters: result.clusters.map((c) => ({ uids: c.uids, keep: c.keep })),
          model: result.model,
          stats: { pairsCompared: result.stats.pairsCompared, blocksCapped: result.stats.blocksCapped },
          ...(result.explained ? { explained: result.explained } : {}),
        });
        if (result.explained) {
          const e = result.explained;
          const bits = t('scan.bits');
          out.line(t('scan.evidenceFor', { a: e.a, b: e.b, score: e.score.toFixed(3) }));
          out.line(`  ${t('scan.prior').padEnd(44)} ${e.priorLog2.toFixed(2).padStart(7)} ${bits}`);
          for (const x of e.evidence) out.line(`  ${`${x.field}: ${x.level}`.padEnd(44)} ${(x.weight >= 0 ? '+' : '') + x.weight.toFixed(2).padStart(6)} ${bits}`);
          const total = e.priorLog2 + e.evidence.reduce((sum, x) => sum + x.weight, 0);
          out.line(`  ${t('scan.total').padEnd(44)} ${total.toFixed(2).padStart(7)} ${bits}`);
          out.line(`  ${e.reasons.join('; ')}`);
          out.line();
        }
        const n = (x: number, digits = 0) => formatNumber(x, out.language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
        out.line(t('scan.scanned', { users: n(result.users), candidates: n(result.candidates), seconds: n(result.seconds, 1) }));
        const pairCount = { count: result.pairs.length, minScore: formatNumber(minScore, out.language, { maximumFractionDigits: 3 }), clusters: n(result.clusters.length) };
        out.line(operator ? t('scan.pairsVisible', { ...pairCount, login: operator.login }) : t('scan.pairs', pairCount));
        const model = { expected: n(result.model.expectedDuplicates), minScore: formatNumber(minScore, out.language, { maximumFractionDigits: 3 }), precision: formatPercent(result.model.expectedPrecision, out.language) };
        out.line(result.model.learned ? t('scan.modelLearned', model) : t('scan.modelDefaults', model));
        if (result.stats.oversizedBlocks.length) out.line(t('scan.oversized', { count: result.stats.oversizedBlocks.length }));
        const shown = result.pairs.slice(0, 50);
        if (shown.length) out.line();
        for (const p of shown) {
          out.line(`${p.score.toFixed(3)}  ${p.a}  ${p.b}  ${p.cause}  ${t('scan.keep', { uid: p.keep })}`);
          out.line(`       ${p.reasons.join('; ')}`);
          out.line(`       ${t('scan.keep', { uid: p.keep })}: ${p.keepReasons.join('; ')}`);
        }
        if (result.pairs.length > shown.length) out.line(t('scan.more', { count: result.pairs.length - shown.length }));
        if (opts.out) out.line(t('scan.written', { file: opts.out }));
      });
    });
}
