import type { LmsTable } from '../../../db/lms-tables';
import { normalise, recordId } from '../rows';
import type { Action, Conflict, PlannedRecord, Row, Scalar, Values } from '../types';

export interface RecordSpec {
  objectType: string;
  objectId: Scalar;
  source?: Row | undefined;
  target?: Row | undefined;
  action: Action;
  rule: string;
  /** The target's record as it will be; default: derived from the action. */
  after?: Row | null;
  note?: string;
}

/** Builds a plan record for a row pair of one table; `status` tells the status to show. */
export function makeRecord(category: string, t: LmsTable, spec: RecordSpec, status: (row: Values) => Scalar, targetUserId: number, userCol = 'user_id'): PlannedRecord {
  const source = normalise(t, spec.source ?? null);
  const target = normalise(t, spec.target ?? null);
  let after: Values | null;
  if (spec.after !== undefined) after = normalise(t, spec.after);
  else {
    switch (spec.action) {
      case 'move':
      case 'take_source':
        after = source ? { ...source, [userCol]: targetUserId } : null;
        break;
      case 'keep_target':
      case 'combine':
      case 'not_merged':
      case 'drop':
      case 'action_required':
      case 'conflict':
      case 'copy':
        after = target;
        break;
    }
  }
  return {
    category,
    objectType: spec.objectType,
    objectId: spec.objectId,
    sourceRecordId: recordId(t, spec.source),
    targetRecordId: recordId(t, spec.target),
    action: spec.action,
    rule: spec.rule,
    statusBefore: { source: source ? status(source) : null, target: target ? status(target) : null },
    statusAfter: after ? status(after) : null,
    before: { source, target },
    after,
    ...(spec.note ? { note: spec.note } : {}),
  };
}

/** With abort on conflict, a training conflict's record shows `conflict` and names what would have happened. */
export function conflictRecord(rec: PlannedRecord, abort: boolean, description: string): { record: PlannedRecord; conflict: Conflict } {
  const resolution = `${rec.action}: ${rec.rule}`;
  const conflict: Conflict = { category: rec.category, objectType: rec.objectType, objectId: rec.objectId, description, resolution };
  if (!abort) return { record: { ...rec, note: rec.note ? `${rec.note}; training conflict` : 'training conflict' }, conflict };
  return { record: { ...rec, action: 'conflict', rule: 'abort on conflict', note: `${description}; with abort on conflict off: ${resolution}` }, conflict };
}

export function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export const num = (v: unknown): number => Number(v);
