import type { Command } from 'commander';
import { DEFAULT_MIN_SCORE } from '../../engine/detect/scoring';
import { scanUseCase } from '../../usecases/scan';
import { writeScanFile } from '../../workbooks/index';
import { UserInputError } from '../../errors';
import { withDatabase, type DbOptions } from '../context';
import { signInOperator } from '../operator';
import type { Output } from '../output';

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
      const minScore = parseMinScore(opts.minScore);
      const limit = parseLimit(opts.limit);
      const explain = parseExplain(opts.explain);
      await withDatabase(opts, out, async (db, mapping) => {
        const operator = opts.as ? await signInOperator(db, mapping, opts.as) : undefined;
        const progress = out.progress('Scanning');
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
          out.line(`Evidence for ${e.a} / ${e.b}: score ${e.score.toFixed(3)} (match probability)`);
          out.line(`  ${'prior (two random accounts are one person)'.padEnd(44)} ${e.priorLog2.toFixed(2).padStart(7)} bits`);
          for (const x of e.evidence) out.line(`  ${`${x.field}: ${x.level}`.padEnd(44)} ${(x.weight >= 0 ? '+' : '') + x.weight.toFixed(2).padStart(6)} bits`);
          const total = e.priorLog2 + e.evidence.reduce((t, x) => t + x.weight, 0);
          out.line(`  ${'total'.padEnd(44)} ${total.toFixed(2).padStart(7)} bits`);
          out.line(`  ${e.reasons.join('; ')}`);
          out.line();
        }
        out.line(
          `Scanned ${result.users.toLocaleString('en')} users (${result.candidates.toLocaleString('en')} candidate pairs compared) in ${result.seconds.toFixed(1)} s.`,
        );
        out.line(`${result.pairs.length} likely duplicate pair(s) with score ≥ ${minScore}, in ${result.clusters.length} cluster(s)${operator ? ` visible to ${operator.login}` : ''}.`);
        out.line(
          `Model${result.model.learned ? ' estimated from this LMS' : ' (shipped defaults: too few pairs to estimate)'}: about ${result.model.expectedDuplicates.toLocaleString('en')} duplicate pair(s) expected; expected precision at score ≥ ${minScore}: ${(result.model.expectedPrecision * 100).toFixed(1)} %.`,
        );
        if (result.stats.oversizedBlocks.length) {
          out.line(`${result.stats.oversizedBlocks.length} very large block(s) (e.g. a common name) were compared by nearest neighbours only.`);
        }
        const shown = result.pairs.slice(0, 50);
        if (shown.length) out.line();
        for (const p of shown) {
          out.line(`${p.score.toFixed(3)}  ${p.a}  ${p.b}  ${p.cause}  keep ${p.keep}`);
          out.line(`       ${p.reasons.join('; ')}`);
          out.line(`       keep ${p.keep}: ${p.keepReasons.join('; ')}`);
        }
        if (result.pairs.length > shown.length) out.line(`… and ${result.pairs.length - shown.length} more (use --json or --out FILE.xlsx for all).`);
        if (opts.out) out.line(`Written to ${opts.out}.`);
      });
    });
}
