import type { Command } from 'commander';
import { UserInputError } from '../../errors';
import { DEFAULT_LOOKUP_LIMIT, DEFAULT_LOOKUP_MIN_SCORE, lookupPerson } from '../../usecases/lookup';
import { withDatabase, type DbOptions } from '../context';
import { signInOperator } from '../operator';
import type { Output } from '../output';
import { formatDate, formatNumber } from '@shared/i18n/format';

interface LookupCliOptions extends DbOptions {
  first?: string;
  last?: string;
  birth?: string;
  email?: string;
  employeeId?: string;
  as?: string;
  minScore?: string;
  limit?: string;
}

function parseNumber(flag: string, v: string | undefined, fallback: number, ok: (n: number) => boolean, example: string): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || !ok(n)) throw new UserInputError(`${flag} "${v}" is not allowed here.`, `Pass e.g. ${flag} ${example}.`, 'USAGE');
  return n;
}

export function registerLookup(program: Command, out: Output): void {
  program
    .command('lookup')
    .description('Does this person already exist? Accounts that may be the same person, scored and explained as the scan does')
    .option('--first <name>', 'first name (required)')
    .option('--last <name>', 'last name (required)')
    .option('--birth <date>', 'date of birth, YYYY-MM-DD or DD.MM.YYYY')
    .option('--email <address>', 'e-mail address')
    .option('--employee-id <id>', 'employee ID')
    .option('--as <login>', 'LMS administrator: list only accounts this admin can view, count the others (password from $MERGEDESK_PASSWORD or a prompt)')
    .option('--min-score <s>', `lowest score to list, 0..1 (default ${DEFAULT_LOOKUP_MIN_SCORE})`)
    .option('--limit <n>', `at most this many accounts (default ${DEFAULT_LOOKUP_LIMIT})`)
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--json', 'machine-readable output')
    .action(async (opts: LookupCliOptions) => {
      if (!opts.first?.trim() || !opts.last?.trim()) {
        throw new UserInputError(`No ${!opts.first?.trim() ? 'first' : 'last'} name given.`, 'Pass both names, e.g. mergedesk lookup --first Anna --last Müller.', 'USAGE');
      }
      const minScore = parseNumber('--min-score', opts.minScore, DEFAULT_LOOKUP_MIN_SCORE, (n) => n >= 0 && n <= 1, '0.5');
      const limit = parseNumber('--limit', opts.limit, DEFAULT_LOOKUP_LIMIT, (n) => Number.isInteger(n) && n >= 1, '50');
      const person = { firstName: opts.first, lastName: opts.last, birthDate: opts.birth ?? null, email: opts.email ?? null, employeeId: opts.employeeId ?? null };
      await withDatabase(opts, out, async (db, mapping) => {
        const operator = opts.as ? await signInOperator(db, mapping, opts.as) : undefined;
        const r = await lookupPerson(db, mapping, person, { ...(operator ? { operator } : {}), minScore, limit });
        out.data({
          matches: r.matches,
          withinClearance: r.withinClearance,
          outsideClearance: r.outsideClearance,
          minScore: r.minScore,
          priorLog2: r.priorLog2,
          users: r.users,
        });
        const t = out.t;
        const n = (x: number) => formatNumber(x, out.language);
        const found = { count: r.withinClearance, minScore: formatNumber(minScore, out.language, { maximumFractionDigits: 3 }), users: n(r.users) };
        out.line(operator ? t('lookup.foundVisible', { ...found, login: operator.login }) : t('lookup.found', found));
        for (const x of r.matches) {
          const born = x.birthDate ? `, ${t('lookup.born', { date: formatDate(`${x.birthDate}T00:00:00Z`, out.language) })}` : '';
          out.line();
          out.line(`${x.score.toFixed(3)}  ${x.uid}  ${x.firstName} ${x.lastName}${born}  (${x.status}, ${x.orgUnit || t('lookup.noOrgUnit')})`);
          out.line(`       ${[x.login, x.email, x.employeeId ? t('lookup.employeeId', { id: x.employeeId }) : null].filter(Boolean).join(' · ')}`);
          out.line(`       ${x.reasons.join('; ')}`);
        }
        if (r.withinClearance > r.matches.length) out.line(t('lookup.more', { count: r.withinClearance - r.matches.length }));
        if (r.outsideClearance > 0) out.line(t('lookup.outside', { count: r.outsideClearance }));
        if (r.withinClearance === 0 && r.outsideClearance === 0) out.line(t('lookup.none'));
      });
    });
}
