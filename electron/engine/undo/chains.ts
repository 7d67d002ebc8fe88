import type { Knex } from 'knex';
import { dialectOf, parseDateTimeText } from '../../db/dialect';
import { LMS_TABLE_NAMES, tableSpec, type LmsTable } from '../../db/lms-tables';
import type { LmsMapping } from '../../db/mapping';
import { afterImage, type JournalOp } from '../merge/journal';
import { keyColumns, keyGroupsFor, normaliseValue, whereKeys } from '../merge/rows';
import type { Row, Scalar } from '../merge/types';
import type { ChangedRow } from './undo';

/**
 * The undo's view of a merge journal: entries under logical names, each row followed through
 * the journal as one chain, the rows as they are now, and what changed since the merge.
 */

export interface Entry {
  seq: number;
  t: LmsTable;
  op: JournalOp;
  key: Row;
  before: Row | null;
  after: Row | null;
  /**
   * The images' JSON as journaled (physical names, values as stored), where that text is the
   * whole image: the undo journals the same rows again, and their text need not be made twice.
   */
  rawBefore?: string;
  rawAfter?: string;
}

export interface Chain {
  t: LmsTable;
  entries: Entry[];
  /** The row as the merge left it (null: the merge deleted it). */
  final: Row | null;
  /** The key the row has now (or had when deleted). */
  finalKey: Row;
}

/** Physical ↔ logical names of every LMS table and column, from the mapping. */
export class Names {
  private readonly tables = new Map<string, LmsTable>();
  private readonly cols = new Map<LmsTable, Map<string, string>>();
  private readonly physicalCols = new Map<LmsTable, Map<string, string>>();
  constructor(readonly m: LmsMapping) {
    for (const t of LMS_TABLE_NAMES) {
      this.tables.set(m.table(t), t);
      const map = new Map<string, string>();
      const back = new Map<string, string>();
      for (const c of Object.keys(tableSpec(t).columns)) {
        map.set(m.col(t, c as never), c);
        back.set(c, m.col(t, c as never));
      }
      this.cols.set(t, map);
      this.physicalCols.set(t, back);
    }
  }
  table(physical: string): LmsTable {
    const t = this.tables.get(physical);
    if (!t) throw new Error(`The journal names table "${physical}", which the mapping does not know.`);
    return t;
  }
  /** A physical row (physical names, values as stored) under logical names, values untouched. */
  logical(t: LmsTable, row: Record<string, unknown>): Row {
    const map = this.cols.get(t)!;
    const out: Row = {};
    for (const k in row) {
      const c = map.get(k);
      if (c === undefined) throw new Error(`The journal names column "${k}" of ${t}, which the mapping does not know.`);
      out[c] = row[k];
    }
    return out;
  }
  /** A logical row with values as stored → physical names, values as stored. */
  physical(t: LmsTable, row: Row): Record<string, unknown> {
    const map = this.physicalCols.get(t)!;
    const out: Record<string, unknown> = {};
    for (const c in row) out[map.get(c) ?? this.m.col(t, c as never)] = row[c];
    return out;
  }
}

/** Columns whose values no logfile, message or run record shows. */
export const SECRET_COLUMNS: Partial<Record<LmsTable, readonly string[]>> = { users: ['password_hash'] };
export const HIDDEN = '[not shown]';
export const isSecret = (t: LmsTable, c: string) => SECRET_COLUMNS[t]?.includes(c) ?? false;
export const norm = (t: LmsTable, c: string, v: unknown): Scalar => normaliseValue(t, c, v);
/** A value for display: secrets hidden. */
export const visible = (t: LmsTable, c: string, v: unknown): Scalar => (isSecret(t, c) && v !== null && v !== undefined ? HIDDEN : norm(t, c, v));
export const keyOfRow = (t: LmsTable, row: Row): Row => {
  const out: Row = {};
  for (const c of keyColumns(t)) out[c] = row[c];
  return out;
};
/** One value as text, the same for every form a driver gives it (normalised first); strings quoted, so null and "null" differ. */
export const valueText = (t: LmsTable, c: string, v: unknown): string => {
  const n = norm(t, c, v);
  return typeof n === 'string' ? JSON.stringify(n) : String(n);
};
/** A row's key as text (the undo asks for it several times per journal entry, so no JSON of arrays). */
export const keyText = (t: LmsTable, row: Row): string => {
  let text: string = t;
  for (const c of keyColumns(t)) text += `\u0000${valueText(t, c, row[c])}`;
  return text;
};
export const shown = (t: LmsTable, row: Row | null): Record<string, Scalar> | null => {
  if (!row) return null;
  const out: Record<string, Scalar> = {};
  for (const c in row) out[c] = visible(t, c, row[c]);
  return out;
};
export const describeKey = (t: LmsTable, key: Row) =>
  `${t} ${keyColumns(t)
    .map((c) => `${c}=${String(norm(t, c, key[c]))}`)
    .join(', ')}`;

/**
 * Values as stored, made writable for the dialect: journaled ISO date text becomes a Date
 * again outside SQLite, with any sub-millisecond digits (written back on SQL Server).
 */
export function writable(db: Knex, t: LmsTable, row: Row): Row {
  if (dialectOf(db) === 'sqlite') return row;
  const out: Row = { ...row };
  for (const [c, v] of Object.entries(row)) {
    const type = tableSpec(t).columns[c]?.type;
    if ((type === 'date' || type === 'datetime') && typeof v === 'string') {
      const d = parseDateTimeText(v);
      if (d) out[c] = d;
    }
  }
  return out;
}

export function parseJson(text: unknown): Record<string, unknown> | null {
  if (text === null || text === undefined) return null;
  return JSON.parse(String(text)) as Record<string, unknown>;
}

export async function readJournal(db: Knex, names: Names, runId: number): Promise<Entry[]> {
  const rows = (await db('md_merge_journal').select('seq', 'table_name', 'op', 'row_key', 'before_json', 'after_json').where('run_id', runId).orderBy('seq')) as Record<string, unknown>[];
  return rows.map((r) => {
    const t = names.table(String(r.table_name));
    const op = String(r.op) as JournalOp;
    const before = parseJson(r.before_json);
    const after = afterImage(op, before, parseJson(r.after_json));
    return {
      seq: Number(r.seq),
      t,
      op,
      key: names.logical(t, parseJson(r.row_key) ?? {}),
      before: before ? names.logical(t, before) : null,
      after: after ? names.logical(t, after) : null,
      ...(typeof r.before_json === 'string' ? { rawBefore: r.before_json } : {}),
      // An update's after_json may hold only the columns it set: not the whole image.
      ...(op !== 'update' && typeof r.after_json === 'string' ? { rawAfter: r.after_json } : {}),
    };
  });
}

/** Follows each row through the journal: a row moved by an update (new key) stays one chain. */
export function chainsOf(entries: Entry[]): Chain[] {
  const live = new Map<string, Chain>();
  const chains: Chain[] = [];
  const open = (t: LmsTable): Chain => {
    const c: Chain = { t, entries: [], final: null, finalKey: {} };
    chains.push(c);
    return c;
  };
  for (const e of entries) {
    if (e.op === 'insert') {
      const c = open(e.t);
      c.entries.push(e);
      c.final = e.after;
      c.finalKey = keyOfRow(e.t, e.after!);
      live.set(keyText(e.t, e.after!), c);
    } else if (e.op === 'update') {
      const k0 = keyText(e.t, e.key);
      const c = live.get(k0) ?? open(e.t);
      live.delete(k0);
      c.entries.push(e);
      c.final = e.after;
      c.finalKey = keyOfRow(e.t, e.after!);
      live.set(keyText(e.t, e.after!), c);
    } else {
      const k0 = keyText(e.t, e.key);
      const c = live.get(k0) ?? open(e.t);
      live.delete(k0);
      c.entries.push(e);
      c.final = null;
      c.finalKey = keyOfRow(e.t, e.key);
    }
  }
  return chains;
}

/** The row a chain's key names now, under logical names with values as stored (enumerations physical): one query per key group. */
export async function currentRows(db: Knex, names: Names, chains: Chain[]): Promise<Map<Chain, Row | undefined>> {
  const out = new Map<Chain, Row | undefined>();
  const byTable = new Map<LmsTable, Chain[]>();
  for (const c of chains) {
    const list = byTable.get(c.t);
    if (list) list.push(c);
    else byTable.set(c.t, [c]);
  }
  for (const [t, list] of byTable) {
    const select = names.m.select(t);
    for (const g of keyGroupsFor(db, t, list, (c) => c.finalKey)) {
      const rows = (await whereKeys(names.m, t, db(names.m.table(t)).select(select), g)) as Row[];
      const by = new Map(rows.map((r) => [keyText(t, r), r]));
      for (const c of g.items) out.set(c, by.get(keyText(t, c.finalKey)));
    }
  }
  return out;
}

/** Every row the merge wrote that is no longer as the merge left it. */
export function differences(chains: Chain[], now: Map<Chain, Row | undefined>): Map<Chain, ChangedRow> {
  const out = new Map<Chain, ChangedRow>();
  for (const c of chains) {
    const cur = now.get(c);
    const key = shown(c.t, c.finalKey)!;
    if (c.final === null) {
      if (cur) out.set(c, { table: c.t, key, kind: 'reappeared', columns: [], description: `${describeKey(c.t, c.finalKey)}: the merge removed this row; a row with the same key exists again` });
      continue;
    }
    if (!cur) {
      out.set(c, { table: c.t, key, kind: 'deleted', columns: [], description: `${describeKey(c.t, c.finalKey)}: deleted since the merge` });
      continue;
    }
    const columns: ChangedRow['columns'] = [];
    for (const [col, v] of Object.entries(c.final)) {
      const a = norm(c.t, col, v);
      const b = norm(c.t, col, cur[col]);
      if (a !== b) columns.push({ column: col, mergeLeft: visible(c.t, col, v), now: visible(c.t, col, cur[col]) });
    }
    if (columns.length) {
      out.set(c, {
        table: c.t,
        key,
        kind: 'changed',
        columns,
        description: `${describeKey(c.t, c.finalKey)}: changed since the merge (${columns.map((x) => `${x.column} ${JSON.stringify(x.mergeLeft)} → ${JSON.stringify(x.now)}`).join(', ')})`,
      });
    }
  }
  return out;
}

