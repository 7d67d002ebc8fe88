import type { TFunction } from 'i18next';
import { objectNameOf, type ObjectNames } from '@shared/object-names';
import type { PlanView } from '@shared/ipc/merge-channels';

/**
 * How the preview and the result put a plan into words: objects by their LMS names, categories
 * and actions from the shared `categories` catalogue, rules as translated sentences. Pure
 * functions over the plan view, so the steps stay small.
 */

export type PlanRecord = PlanView['records'][number];
type T = TFunction<['compare', 'categories']>;

/** "Course FS-101 Fire safety basics", "Skill Forklift licence (level 3)"; the id only when no name is known. */
export function objectLabel(t: T, names: ObjectNames | undefined, objectType: string, objectId: unknown, level?: unknown): string {
  const type = t(`categories:objectType.${objectType}` as never, { defaultValue: objectType });
  const name = objectNameOf(names, objectType, objectId);
  if (!name) return t('compare:item.unnamed', { type, id: String(objectId ?? '') });
  const shown = level === undefined || level === null ? name : t('compare:item.withLevel', { name, value: String(level) });
  return t('compare:item.named', { type, name: shown });
}

export function categoryName(t: T, category: string): string {
  return t(`categories:category.${category}` as never, { defaultValue: category });
}

export function actionName(t: T, action: string): string {
  return t(`categories:action.${action}` as never, { defaultValue: action });
}

/** The skill level a record ends with ("value 3" in the plan), for the name. */
export function levelOf(r: PlanRecord): string | null {
  if (r.objectType !== 'skill') return null;
  const m = /^value (\d+)$/.exec(String(r.statusAfter ?? r.statusBefore.source ?? ''));
  return m ? m[1]! : null;
}

/** A status value in words: skill values as levels, the rest as the LMS writes them. */
export function statusText(t: T, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('compare:item.none');
  const m = /^value (\d+)$/.exec(String(v));
  return m ? t('compare:item.level', { value: m[1] }) : String(v);
}

/** The translated sentence for the record's category and action; null when there is none (show the plan's English rule). */
export function ruleSentence(t: T, i18nExists: (key: string) => boolean, r: Pick<PlanRecord, 'category' | 'action'>): string | null {
  const key = `compare:rule.${r.category}.${r.action}`;
  return i18nExists(key) ? t(key as never) : null;
}

const ADDS = new Set(['move', 'copy']);

/** Whether the record gives the kept account one more row (moved or copied, or taken over where it had none). */
export function addsToKept(r: Pick<PlanRecord, 'action' | 'targetRecordId' | 'category'>): boolean {
  if (r.category === 'account') return false;
  return ADDS.has(r.action) || ((r.action === 'take_source' || r.action === 'combine') && (r.targetRecordId === null || r.targetRecordId === undefined));
}

export interface CategoryRow {
  category: string;
  now: number | null;
  after: number | null;
  byAction: Record<string, number>;
  conflicts: number;
}

/** One row per category of the plan: conflicts first, then by the engine's order. */
export function categoryRows(plan: Pick<PlanView, 'counts' | 'records' | 'conflicts'>, keptNow: Record<string, number> | undefined): CategoryRow[] {
  const added: Record<string, number> = {};
  for (const r of plan.records) if (addsToKept(r)) added[r.category] = (added[r.category] ?? 0) + 1;
  const rows = Object.entries(plan.counts).map(([category, byAction]) => {
    const now = keptNow && category in keptNow ? keptNow[category]! : null;
    return { category, now, after: now === null ? null : now + (added[category] ?? 0), byAction, conflicts: plan.conflicts.filter((c) => c.category === category).length };
  });
  return rows.map((r, i) => ({ r, i })).sort((x, y) => Number(y.r.conflicts > 0) - Number(x.r.conflicts > 0) || x.i - y.i).map((x) => x.r);
}

/** Records in the order a reviewer needs them: conflicts first, then what needs an administrator, then the rest. */
export function recordsInOrder(records: readonly PlanRecord[], category: string | null): PlanRecord[] {
  const rank = (r: PlanRecord) => (r.action === 'conflict' ? 0 : r.action === 'action_required' ? 1 : 2);
  return records.filter((r) => category === null || r.category === category).map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map((x) => x.r);
}
