/**
 * The one sentence at the top of a logfile's Summary that says what happened, for the
 * reviewer who reads the printout rather than the fields below it. Built from the logfile's
 * own content, so a logfile made again from the database has the same sentence.
 */
import type { LogSummaryOf } from '@shared/logfile-types';
import { count, plainTime } from './plain-text';

const bare = (reason: string | null) => (reason ?? 'no reason was recorded').trim().replace(/[.\s]+$/, '');
const who = (uid: string, name: string | null) => (name ? `${uid} ${name}` : uid);

const DISPOSED: Record<string, [done: string, would: string]> = {
  delete: ['source account deleted', 'the source account would be deleted'],
  anonymise: ['source account anonymised', 'the source account would be anonymised'],
  deactivate: ['source account deactivated', 'the source account would be deactivated'],
};

/** What a merge did (or would have done, or why it did not), in one sentence. */
export function mergeSentence(s: LogSummaryOf<Date>, conflicts: number, actionRequired: number): string {
  const src = who(s.sourceUid, s.sourceName);
  const tgt = who(s.targetUid, s.targetName);
  const when = plainTime(s.startedAt);
  const disposition = DISPOSED[String(s.settings.source_disposition ?? '')];
  const todo = actionRequired ? `; ${count(actionRequired, 'item')} left for an administrator (sheet Action required)` : '';
  if (s.outcome === 'merged' && !s.dryRun) {
    const resolved = conflicts ? `${count(conflicts, 'training conflict')} resolved by the rules` : 'no training conflicts';
    return `${src} was merged into ${tgt} by ${s.operator} on ${when}; ${resolved}${todo}${disposition ? `; ${disposition[0]}` : ''}.`;
  }
  if (s.outcome === 'merged') {
    const resolved = conflicts ? `${count(conflicts, 'training conflict')} would be resolved by the rules` : 'there would be no training conflicts';
    return `Dry run by ${s.operator} on ${when}: ${src} would be merged into ${tgt}; ${resolved}${todo}${disposition ? `; ${disposition[1]}` : ''}; nothing was changed.`;
  }
  const dry = s.dryRun ? ' (dry run)' : '';
  if (s.outcome === 'aborted') return `The merge of ${src} into ${tgt} by ${s.operator} on ${when}${dry} was aborted: ${bare(s.reason)}; ${count(conflicts, 'training conflict')} found; nothing was changed.`;
  if (s.outcome === 'refused') return `The merge of ${src} into ${tgt} asked for by ${s.operator} on ${when}${dry} was refused: ${bare(s.reason)}; nothing was changed.`;
  return `The merge of ${src} into ${tgt} by ${s.operator} on ${when}${dry} ${s.outcome === 'failed' ? 'failed' : `ended as ${s.outcome}`}: ${bare(s.reason)}; nothing was changed.`;
}

export interface UndoFacts {
  undoneRunId: number;
  outcome: string;
  dryRun: boolean;
  reason: string | null;
  sourceUid: string;
  targetUid: string;
  operator: string;
  startedAt: Date;
  acceptPartial: boolean;
  restored: number;
  changedSince: number;
}

/** What an undo did (or would have done, or why it did not), in one sentence. */
export function undoSentence(u: UndoFacts): string {
  const merge = `merge run ${u.undoneRunId} (${u.sourceUid} into ${u.targetUid})`;
  const when = plainTime(u.startedAt);
  const kept = u.acceptPartial && u.changedSince ? `; ${count(u.changedSince, 'row')} changed since the merge kept ${u.changedSince === 1 ? 'its' : 'their'} later changes` : '';
  if (u.outcome === 'undone' && !u.dryRun) return `The ${merge} was undone by ${u.operator} on ${when}: ${count(u.restored, 'row')} restored; ${u.sourceUid} exists again${kept}.`;
  if (u.outcome === 'undone') return `Dry run by ${u.operator} on ${when}: undoing ${merge} would restore ${count(u.restored, 'row')}${kept}; nothing was changed.`;
  const dry = u.dryRun ? ' (dry run)' : '';
  if (u.outcome === 'refused') return `The undo of ${merge} asked for by ${u.operator} on ${when}${dry} was refused: ${bare(u.reason)}; nothing was changed.`;
  return `The undo of ${merge} by ${u.operator} on ${when}${dry} failed: ${bare(u.reason)}; nothing was changed.`;
}
