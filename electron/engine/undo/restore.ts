import type { Knex } from 'knex';
import { bulkInsert } from '../../db/bulk-insert';
import { tableSpec, type LmsTable } from '../../db/lms-tables';
import type { LmsMapping } from '../../db/mapping';
import { Journal } from '../merge/journal';
import { chunks, keyColumns, keyGroupsFor, keyGroupsOf, whereKeys } from '../merge/rows';
import type { Row } from '../merge/types';
import { keyOfRow, keyText, shown, valueText, writable, type Entry, type Names } from './chains';
import type { RestoredRow } from './undo';

/** Bindings per statement: below SQL Server's 2,100 with room to spare. */
const MAX_BINDINGS = 1900;

/** The unique keys of each table (beside its primary key). */
const uniqueKeys = (t: LmsTable): readonly (readonly string[])[] => tableSpec(t).unique ?? [];

/**
 * Adds the texts of a row's primary key and unique keys: two entries sharing one may depend on
 * each other's order. A unique key's text goes on with its number and a u, which no value's text is.
 */
function addKeys(out: string[], t: LmsTable, row: Row | null, keyOnly = false): void {
  if (!row) return;
  out.push(keyText(t, row));
  if (keyOnly) return;
  const unique = uniqueKeys(t);
  for (let i = 0; i < unique.length; i++) {
    let text = `${t}\u0000${i}u`;
    for (const c of unique[i]!) text += `\u0000${valueText(t, c, row[c])}`;
    out.push(text);
  }
}

function sharesKey(touched: readonly string[], keys: ReadonlySet<string>): boolean {
  for (const k of touched) if (keys.has(k)) return true;
  return false;
}

/**
 * Consecutive journal entries (already reversed) of one table and op, none touching a primary or
 * unique key another entry of the run touched (SQLite checks unique keys row by row within a
 * statement, so a swap must stay two statements): one set-based step restores them all, in the
 * journal's order between runs.
 */
function runsOf(entries: readonly Entry[]): Entry[][] {
  const runs: Entry[][] = [];
  let run: Entry[] = [];
  let keys = new Set<string>();
  const touched: string[] = [];
  for (const e of entries) {
    touched.length = 0;
    addKeys(touched, e.t, e.key, true);
    addKeys(touched, e.t, e.after);
    addKeys(touched, e.t, e.before);
    const head = run[0];
    if (head && (head.t !== e.t || head.op !== e.op || sharesKey(touched, keys))) {
      runs.push(run);
      run = [];
      keys = new Set();
    }
    run.push(e);
    for (const k of touched) keys.add(k);
  }
  if (run.length) runs.push(run);
  return runs;
}

/** Equal as journaled: values are JSON scalars, or Dates made writable (compared as JSON). */
const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));

/** The columns an update changed (as journaled), without an identity id: the undo writes these back. */
function changedColumns(t: LmsTable, e: Entry): string[] {
  const skipId = tableSpec(t).columns.id?.type === 'id';
  return Object.keys(e.before!).filter((c) => !(skipId && c === 'id') && !same(e.before![c], e.after![c]));
}

/**
 * Writes back the before-images of updated rows, set-based: rows that changed the same columns
 * share statements; a column restored to one value for all is a plain SET, one with values per
 * row a portable CASE on the key (PostgreSQL types the bindings by the ELSE column).
 */
async function restoreUpdates(trx: Knex, names: Names, t: LmsTable, run: readonly Entry[]): Promise<void> {
  const m: LmsMapping = names.m;
  const bySignature = new Map<string, { cols: string[]; entries: Entry[] }>();
  for (const e of run) {
    const cols = changedColumns(t, e);
    if (!cols.length) continue;
    const k = cols.join('\u0000');
    const g = bySignature.get(k) ?? { cols, entries: [] };
    g.entries.push(e);
    bySignature.set(k, g);
  }
  const kc = keyColumns(t);
  for (const { cols, entries } of bySignature.values()) {
    const perRow = 1 + cols.length * (kc.length + 1);
    for (const g of keyGroupsOf(t, entries, (e) => keyOfRow(t, e.after!), Math.max(1, Math.floor(MAX_BINDINGS / perRow)))) {
      const values = g.items.map((e) => writable(trx, t, e.before!));
      const set: Record<string, unknown> = {};
      for (const c of cols) {
        const col = m.col(t, c as never);
        const first = values[0]![c];
        if (values.every((v) => same(v[c], first))) {
          set[col] = first ?? null;
          continue;
        }
        const bindings: Knex.RawBinding[] = [];
        const whens = g.items.map((e, i) => {
          for (const k of kc) bindings.push(m.col(t, k as never), e.after![k] as Knex.Value);
          bindings.push((values[i]![c] ?? null) as Knex.Value);
          return `WHEN ${kc.map(() => '?? = ?').join(' AND ')} THEN ?`;
        });
        set[col] = trx.raw(`CASE ${whens.join(' ')} ELSE ?? END`, [...bindings, col]);
      }
      await whereKeys(m, t, trx(m.table(t)), g).update(set);
    }
  }
}

/** Each entry's inverse, in the journal's order: replayBackwards on the result redoes the entries (the bench's floor). */
export function inverted(entries: readonly Entry[]): Entry[] {
  const op = { insert: 'delete', delete: 'insert', update: 'update' } as const;
  return entries.map(({ rawBefore: _b, rawAfter: _a, ...e }) => ({ ...e, op: op[e.op], key: e.after ? keyOfRow(e.t, e.after) : e.key, before: e.after, after: e.before }));
}

/**
 * The SQL of replaying journal entries (given newest first) backwards, set-based and nothing else: inserted rows
 * deleted, updated rows restored, deleted rows re-inserted with their original ids.
 * `done` is called after each run of entries.
 */
export async function replayBackwards(trx: Knex, names: Names, reversed: readonly Entry[], done: (run: Entry[]) => Promise<void> = async () => {}): Promise<void> {
  const m = names.m;
  for (const run of runsOf(reversed)) {
    const t = run[0]!.t;
    const op = run[0]!.op;
    if (op === 'insert') {
      for (const g of keyGroupsFor(trx, t, run, (e) => keyOfRow(t, e.after!))) await whereKeys(m, t, trx(m.table(t)), g).delete();
    } else if (op === 'update') {
      await restoreUpdates(trx, names, t, run);
    } else {
      const idCol = tableSpec(t).columns.id?.type === 'id' ? m.col(t, 'id' as never) : undefined;
      for (const part of chunks(run, 5000)) {
        await bulkInsert(trx, m.table(t), part.map((e) => names.physical(t, writable(trx, t, e.before!))), idCol ? { identityColumn: idCol } : {});
      }
    }
    await done(run);
  }
}

export interface RestoreContext {
  trx: Knex;
  names: Names;
  journal: Journal;
  restored: RestoredRow[];
  step: (name: string) => Promise<void>;
}

/**
 * Replays the journal backwards (replayBackwards); the undo's own journal and restored list
 * get one entry per row, as a row-by-row replay would.
 */
export async function restoreEntries(ctx: RestoreContext, reversed: readonly Entry[]): Promise<void> {
  const { trx, names, journal, restored } = ctx;
  const m = names.m;
  await replayBackwards(trx, names, reversed, async (run) => {
    const t = run[0]!.t;
    const op = run[0]!.op;
    if (op === 'insert') {
      for (const e of run) {
        const key = keyOfRow(t, e.after!);
        journal.add(m.table(t), 'delete', names.physical(t, key), e.rawAfter ?? names.physical(t, e.after!), null);
        restored.push({ seq: e.seq, table: t, action: 'deleted', key: shown(t, key)!, mergeLeft: shown(t, e.after), restored: null });
      }
      await ctx.step(`delete ${t}`);
    } else if (op === 'update') {
      for (const e of run) {
        journal.add(m.table(t), 'update', names.physical(t, keyOfRow(t, e.after!)), names.physical(t, e.after!), e.rawBefore ?? names.physical(t, e.before!));
        restored.push({ seq: e.seq, table: t, action: 'restored', key: shown(t, keyOfRow(t, e.before!))!, mergeLeft: shown(t, e.after), restored: shown(t, e.before) });
      }
      await ctx.step(`restore ${t}`);
    } else {
      for (const e of run) {
        journal.add(m.table(t), 'insert', names.physical(t, keyOfRow(t, e.before!)), null, e.rawBefore ?? names.physical(t, e.before!));
        restored.push({ seq: e.seq, table: t, action: 're-inserted', key: shown(t, keyOfRow(t, e.before!))!, mergeLeft: null, restored: shown(t, e.before) });
      }
      await ctx.step(`re-insert ${t}`);
    }
  });
}
