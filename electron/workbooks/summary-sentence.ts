/**
 * The one sentence at the top of a logfile's Summary that says what happened, for the
 * reviewer who reads the printout rather than the fields below it. Built from the logfile's
 * own content, so a logfile made again from the database has the same sentence.
 */
import type { Language } from '@shared/i18n/languages';
import type { LogSummaryOf } from '@shared/logfile-types';
import { workbookT } from './logfile-labels';
import { plainTime } from './plain-text';

const DISPOSITIONS = ['delete', 'anonymise', 'deactivate'] as const;
type Disposition = (typeof DISPOSITIONS)[number];
const isDisposition = (v: unknown): v is Disposition => (DISPOSITIONS as readonly unknown[]).includes(v);

const who = (uid: string, name: string | null) => (name ? `${uid} ${name}` : uid);

/** What a merge did (or would have done, or why it did not), in one sentence. */
export function mergeSentence(s: LogSummaryOf<Date>, conflicts: number, actionRequired: number, language: Language = 'en'): string {
  const t = workbookT(language);
  const reason = (s.reason ?? t('logfile:sentence.noReason')).trim().replace(/[.\s]+$/, '');
  const disposition = s.settings.source_disposition;
  const base = { source: who(s.sourceUid, s.sourceName), target: who(s.targetUid, s.targetName), operator: s.operator, when: plainTime(s.startedAt, language) };
  const todo = actionRequired ? t('logfile:sentence.todo', { count: actionRequired }) : '';
  if (s.outcome === 'merged' && !s.dryRun) {
    const resolved = conflicts ? t('logfile:sentence.resolved', { count: conflicts }) : t('logfile:sentence.noConflicts');
    return t('logfile:sentence.merged', { ...base, resolved, todo, disposition: isDisposition(disposition) ? t(`logfile:sentence.disposed.${disposition}`) : '' });
  }
  if (s.outcome === 'merged') {
    const resolved = conflicts ? t('logfile:sentence.wouldResolve', { count: conflicts }) : t('logfile:sentence.wouldHaveNoConflicts');
    return t('logfile:sentence.mergeDryRun', { ...base, resolved, todo, disposition: isDisposition(disposition) ? t(`logfile:sentence.wouldDispose.${disposition}`) : '' });
  }
  const ended = { ...base, dry: s.dryRun ? t('logfile:sentence.dryRunSuffix') : '', reason };
  if (s.outcome === 'aborted') return t('logfile:sentence.aborted', { ...ended, conflicts: t('logfile:sentence.trainingConflicts', { count: conflicts }) });
  if (s.outcome === 'refused') return t('logfile:sentence.refused', ended);
  if (s.outcome === 'failed') return t('logfile:sentence.failed', ended);
  return t('logfile:sentence.ended', { ...ended, outcome: s.outcome });
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
export function undoSentence(u: UndoFacts, language: Language = 'en'): string {
  const t = workbookT(language);
  const merge = t('logfile:sentence.mergeRun', { run: u.undoneRunId, source: u.sourceUid, target: u.targetUid });
  const base = { merge, operator: u.operator, when: plainTime(u.startedAt, language) };
  const kept = u.acceptPartial && u.changedSince ? t('logfile:sentence.kept', { count: u.changedSince }) : '';
  const rows = t('logfile:sentence.rows', { count: u.restored });
  if (u.outcome === 'undone' && !u.dryRun) return t('logfile:sentence.undone', { ...base, rows, source: u.sourceUid, kept });
  if (u.outcome === 'undone') return t('logfile:sentence.undoDryRun', { ...base, rows, kept });
  const ended = { ...base, dry: u.dryRun ? t('logfile:sentence.dryRunSuffix') : '', reason: (u.reason ?? t('logfile:sentence.noReason')).trim().replace(/[.\s]+$/, '') };
  if (u.outcome === 'refused') return t('logfile:sentence.undoRefused', ended);
  return t('logfile:sentence.undoFailed', ended);
}
