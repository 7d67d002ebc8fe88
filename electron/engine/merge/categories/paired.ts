import { tableSpec, type LmsTable } from '../../../db/lms-tables';
import { deleteRows, normaliseValue, readPlanRows, updateEach, updateRows } from '../rows';
import type { Action, Category, CategoryPlan, Conflict, PlanContext, PlannedRecord, Row, Scalar, UserReference, Values } from '../types';
import { conflictRecord, makeRecord } from './common';

/**
 * What a paired category's rule decided for one of the source's records. `keep` says which
 * row stays with the target (the other is deleted); `action` and `rule` are what the plan shows.
 */
export interface Decision {
  action: Action;
  rule: string;
  /**
   * source: the source's record moves to the target (with `change`, when given); the target's, if any, is deleted.
   * target: the target's record stays (with `change`, when not empty); the source's is deleted.
   * unchanged: nothing is written; the source's record stays with the source account.
   */
  keep: 'source' | 'target' | 'unchanged';
  change?: Row;
  /** The target's record as it will be; default: derived from `keep` and `change`. */
  after?: Row | null;
  note?: string;
}

/** The rule of a paired category: `target` is the target's record under the same collision key, if any. */
export type Decide = (source: Row, target: Row | undefined) => Decision;

export interface PairedSpec {
  name: string;
  table: LmsTable;
  /** What a record is about, e.g. "course"; its id is the collision key's value. */
  objectType: string;
  status: (row: Values) => Scalar;
  /** Reads what the rule depends on (settings, client flags) once per plan and returns the rule. */
  rule(ctx: PlanContext): Decide | Promise<Decide>;
  /** When both accounts hold the object it is a training conflict, described so. */
  conflict?: (source: Row) => string;
  /** The Compare screen's count lines of this table's rows (see UserReference.counted). */
  counted?: UserReference['counted'];
  /** Write step names: deleting the losing records, moving, updating moved and kept records. */
  steps: { remove: string; move: string; takeSource?: string; update?: string };
}

/**
 * The table's key that makes a user's record unique (its unique key or composite primary key
 * with a column referring to users), as declared in lms-tables.ts: the user column, and the
 * other columns, which are the collision key between the two accounts.
 */
export function collisionKey(t: LmsTable): { userCol: string; keyCols: string[] } {
  const spec = tableSpec(t);
  for (const key of [...(spec.unique ?? []), ...(spec.primary ? [spec.primary] : [])]) {
    const userCol = key.find((c) => spec.columns[c]?.references === 'users');
    if (userCol && key.length > 1) return { userCol, keyCols: key.filter((c) => c !== userCol) };
  }
  throw new Error(`Table ${t} declares no unique key with a user column; it cannot be merged as a paired category.`);
}

/** Plans a paired category: reads both accounts' rows, pairs them by collision key, lets the rule decide. */
export async function planPaired(ctx: PlanContext, spec: PairedSpec): Promise<CategoryPlan & { conflicts: Conflict[] }> {
  const { source, target, settings } = ctx;
  const { name, table: T, status, steps } = spec;
  const { userCol, keyCols } = collisionKey(T);
  const decide = await spec.rule(ctx);
  const rows = await readPlanRows(ctx, T, userCol, [source.id, target.id]);
  const keyOf = (r: Row) => JSON.stringify(keyCols.map((c) => normaliseValue(T, c, r[c])));
  const owner = (r: Row) => Number(r[userCol]);
  const targetBy = new Map(rows.filter((r) => owner(r) === target.id).map((r) => [keyOf(r), r]));
  const records: PlannedRecord[] = [];
  const conflicts: Conflict[] = [];
  const losers: Row[] = [];
  const moves: Row[] = [];
  const sourceChanges: { row: Row; change: Row }[] = [];
  const targetChanges: { row: Row; change: Row }[] = [];
  for (const s of rows.filter((r) => owner(r) === source.id)) {
    const t = targetBy.get(keyOf(s));
    const d = decide(s, t);
    let after = d.after;
    if (d.keep === 'source') {
      if (t) losers.push(t);
      if (d.change) {
        const change = { [userCol]: target.id, ...d.change };
        sourceChanges.push({ row: s, change });
        after ??= { ...s, ...change };
      } else moves.push(s);
    } else if (d.keep === 'target') {
      losers.push(s);
      if (t && d.change && Object.keys(d.change).length) {
        targetChanges.push({ row: t, change: d.change });
        after ??= { ...t, ...d.change };
      }
    }
    const objectId = keyCols.length === 1 ? normaliseValue(T, keyCols[0]!, s[keyCols[0]!]) : keyOf(s);
    const rec = makeRecord(
      name,
      T,
      { objectType: spec.objectType, objectId, source: s, target: t, action: d.action, rule: d.rule, ...(after !== undefined ? { after } : {}), ...(d.note ? { note: d.note } : {}) },
      status,
      target.id,
      userCol,
    );
    if (t && spec.conflict) {
      const c = conflictRecord(rec, settings.abort_on_conflict, spec.conflict(s));
      records.push(c.record);
      conflicts.push(c.conflict);
    } else records.push(rec);
  }
  return {
    records,
    conflicts,
    async apply(a) {
      await deleteRows(a, T, losers, steps.remove);
      await updateRows(a, T, moves, { [userCol]: target.id }, steps.move);
      await updateEach(a, T, sourceChanges, steps.takeSource ?? `${name}: take source records`);
      await updateEach(a, T, targetChanges, steps.update ?? `${name}: update kept records`);
    },
  };
}

/** The (table, user column) a paired category takes care of. */
export function pairedClaim(t: LmsTable, counted?: UserReference['counted']): UserReference {
  return { table: t, column: collisionKey(t).userCol, ...(counted ? { counted } : {}) };
}

/** A category that is only a paired rule. */
export function pairedCategory(spec: PairedSpec): Category {
  return { name: spec.name, claims: [pairedClaim(spec.table, spec.counted)], plan: (ctx) => planPaired(ctx, spec) };
}
