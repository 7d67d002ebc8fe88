import type { Command } from 'commander';
import { recordPairDecision, type PairDecision } from '../../engine/detect/decisions';
import { UserInputError } from '../../errors';
import { withDatabase, type DbOptions } from '../context';
import { signInOperator } from '../operator';
import type { Output } from '../output';

interface DecideCliOptions extends DbOptions {
  pair?: string[];
  as?: string;
  note?: string;
}

/** What the CLI accepts; "merged" is recorded by the merge itself. */
const WORDS: Record<string, PairDecision> = { 'not-duplicate': 'not_duplicate', not_duplicate: 'not_duplicate', later: 'later' };

export function registerDecide(program: Command, out: Output): void {
  program
    .command('decide')
    .description('Record a review decision on a candidate pair: not-duplicate (never shown again) or later')
    .argument('[decision]', 'not-duplicate | later')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--pair <uids...>', 'the two account UIDs')
    .option('--as <login>', 'LMS administrator deciding (password from $MERGEDESK_PASSWORD or a prompt)')
    .option('--note <text>', 'a note stored with the decision')
    .option('--json', 'machine-readable output')
    .action(async (decisionArg: string | undefined, opts: DecideCliOptions) => {
      // `--pair A B later`: the variadic option also takes the decision word.
      const tokens = [...(opts.pair ?? []), ...(decisionArg ? [decisionArg] : [])];
      const words = tokens.filter((t) => t in WORDS);
      const uids = tokens.filter((t) => !(t in WORDS));
      if (words.length !== 1) {
        throw new UserInputError(
          words.length ? 'More than one decision given.' : 'No decision given.',
          'End the command with not-duplicate or later, e.g. mergedesk decide --pair U1 U2 --as admin not-duplicate.',
          'USAGE',
        );
      }
      if (uids.length !== 2) throw new UserInputError(`--pair needs exactly two UIDs, got ${uids.length}.`, 'Pass --pair UID UID.', 'USAGE');
      const decision = WORDS[words[0]!]!;
      await withDatabase(opts, out, async (db, mapping) => {
        const operator = await signInOperator(db, mapping, opts.as);
        const row = await recordPairDecision(db, mapping, { uids: [uids[0]!, uids[1]!], decision, operator, note: opts.note ?? null });
        out.data({ pair: [row.uidA, row.uidB], decision: row.decision, decidedBy: row.decidedBy, decidedAt: row.decidedAt.toISOString(), note: row.note });
        out.line(
          out.t(decision === 'not_duplicate' ? 'decide.notDuplicate' : 'decide.later', { a: row.uidA, b: row.uidB }),
        );
      });
    });
}
