import type { Knex } from 'knex';
import { loadClearance } from '../../auth/clearance';
import type { Operator } from '../../auth/operator';
import type { LmsMapping } from '../../db/mapping';
import { findMergedAway, mergedAwayMessage } from '../runs/merged-away';
import { takesEmployeeIdByDefault, type KeyFacts } from '@shared/employee-id-take-over';
import type { Worklist, WorklistProblem, WorklistProblemCode, WorklistRow } from './worklist';

/** A pair to merge, after chains were resolved; in the order the batch runs them. */
export interface BatchPair {
  /** 1-based position in the run order. */
  index: number;
  /** The worklist row it comes from. */
  row: number;
  source: string;
  target: string;
  /** The target the row named, when a chain resolved it to another one. */
  listedTarget: string | null;
  takeEmail: boolean;
  takeLogin: boolean;
  /** null: the merge's default (interface-maintained source into a target that is not). */
  takeEmployeeId: boolean | null;
  note: string | null;
  /** Set when an earlier (non-dry) run already merged this pair: the batch skips it. */
  alreadyMergedRun: number | null;
}

/** A chain A→B, B→C in the worklist and how it was resolved. */
export interface ChainResolution {
  rows: number[];
  /** The chain's UIDs, from the first source to the final target. */
  uids: string[];
  finalTarget: string;
  message: string;
}

export interface WorklistValidation {
  ok: boolean;
  problems: WorklistProblem[];
  pairs: BatchPair[];
  chains: ChainResolution[];
}

const at = (row: number | null, code: WorklistProblemCode, message: string): WorklistProblem => ({ row, code, message: row === null ? message : `Row ${row}: ${message}` });
const rowList = (rows: number[]) => (rows.length === 1 ? `row ${rows[0]}` : `rows ${rows.slice(0, -1).join(', ')} and ${rows[rows.length - 1]}`);

function chunks<T>(list: readonly T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Checks a whole worklist before anything runs: structure, the same UID twice in a row,
 * repeated pairs, a UID used as source twice (conflicting roles), chains (resolved to the
 * final target, or refused when they loop or two sources would hand over a login or email
 * to the same target), unknown or removed accounts and the operator's clearance (Delete on
 * the source's org unit, Edit on the target's), and accounts an earlier merge already merged
 * away (a pair merged before is skipped instead). Every problem carries its row number.
 */
export async function validateWorklist(db: Knex, m: LmsMapping, worklist: Worklist | WorklistRow[], operator: Operator): Promise<WorklistValidation> {
  const wl: Worklist = Array.isArray(worklist) ? { file: null, rows: worklist, problems: [] } : worklist;
  const problems: WorklistProblem[] = [...wl.problems];
  const rows = wl.rows.filter((r) => r.source_uid !== '' && r.target_uid !== '');

  // Row-local and role checks.
  const bySource = new Map<string, WorklistRow>();
  const byPair = new Map<string, WorklistRow>();
  const usable: WorklistRow[] = [];
  for (const r of rows) {
    if (r.source_uid === r.target_uid) {
      problems.push(at(r.row, 'SAME_UID', `source_uid and target_uid are the same account (${r.source_uid}).`));
      continue;
    }
    const pairKey = `${r.source_uid}\u0000${r.target_uid}`;
    const same = byPair.get(pairKey);
    if (same) {
      problems.push(at(r.row, 'DUPLICATE_PAIR', `repeats row ${same.row} (${r.source_uid} into ${r.target_uid}).`));
      continue;
    }
    const other = bySource.get(r.source_uid);
    if (other) {
      problems.push(at(r.row, 'CONFLICTING_ROLES', `${r.source_uid} is the source here (into ${r.target_uid}) and in row ${other.row} (into ${other.target_uid}); an account can be merged into one target only.`));
      continue;
    }
    const reverse = byPair.get(`${r.target_uid}\u0000${r.source_uid}`);
    if (reverse) {
      problems.push(at(r.row, 'CONFLICTING_ROLES', `merges ${r.source_uid} into ${r.target_uid}, but row ${reverse.row} merges ${r.target_uid} into ${r.source_uid}.`));
      continue;
    }
    byPair.set(pairKey, r);
    bySource.set(r.source_uid, r);
    usable.push(r);
  }

  // Chains: follow each target while it is itself a source.
  const chains: ChainResolution[] = [];
  const resolved = new Map<WorklistRow, string>();
  const depth = new Map<WorklistRow, number>();
  const cyclic = new Set<WorklistRow>();
  for (const r of usable) {
    const path: WorklistRow[] = [r];
    const seen = new Set<string>([r.source_uid]);
    let t = r.target_uid;
    let loop = false;
    while (bySource.has(t)) {
      if (seen.has(t)) {
        loop = true;
        break;
      }
      seen.add(t);
      const next = bySource.get(t)!;
      path.push(next);
      t = next.target_uid;
    }
    if (loop) {
      cyclic.add(r);
      continue;
    }
    resolved.set(r, t);
    depth.set(r, path.length);
  }
  if (cyclic.size) {
    const rowsInLoop = [...cyclic].map((r) => r.row).sort((a, b) => a - b);
    for (const r of [...cyclic].sort((a, b) => a.row - b.row)) {
      problems.push(at(r.row, 'CHAIN_CYCLE', `${r.source_uid} into ${r.target_uid} is part of a loop of merges (${rowsInLoop.join(', ')}); a loop has no account to keep. Refused.`));
    }
  }
  for (const r of usable) {
    if (cyclic.has(r) || (depth.get(r) ?? 1) === 1) continue;
    // Report each maximal chain once, from its first source.
    const isTargetOfSome = usable.some((x) => x.target_uid === r.source_uid && !cyclic.has(x));
    if (isTargetOfSome) continue;
    const uids = [r.source_uid];
    const chainRows: number[] = [];
    let cur: WorklistRow | undefined = r;
    while (cur) {
      chainRows.push(cur.row);
      uids.push(cur.target_uid);
      cur = bySource.get(cur.target_uid);
    }
    const final = uids[uids.length - 1]!;
    const parts = uids.slice(0, -1).map((u) => `${u}→${final}`);
    chains.push({
      rows: chainRows,
      uids,
      finalTarget: final,
      message: `${rowList(chainRows)} form the chain ${uids.join('→')}: resolved to ${parts.join(', ')} (every account goes straight into ${final}); ${parts.slice(1).reverse().concat(parts[0]!).join(', then ')} run in that order.`,
    });
  }
  // Two sources handing over a login or an email to the same (final) target.
  const byFinal = new Map<string, WorklistRow[]>();
  for (const [r, t] of resolved) byFinal.set(t, [...(byFinal.get(t) ?? []), r]);
  for (const [t, list] of byFinal) {
    for (const [flag, what] of [
      ['take_login', 'login'],
      ['take_email', 'email'],
    ] as const) {
      const takers = list.filter((r) => r[flag]).sort((a, b) => a.row - b.row);
      if (takers.length > 1) {
        for (const r of takers.slice(1)) {
          problems.push(at(r.row, 'TAKE_CONFLICT', `${t} would take over the ${what} of ${takers.map((x) => `${x.source_uid} (row ${x.row})`).join(' and ')}; only one source can hand over its ${what}.`));
        }
      }
    }
  }

  // Pairs in a safe order: in a chain, the account nearest the final target first; otherwise file order.
  const ordered = [...resolved.keys()].sort((a, b) => (depth.get(a)! === depth.get(b)! ? a.row - b.row : depth.get(a)! - depth.get(b)!));
  const pairs: BatchPair[] = ordered.map((r, i) => {
    const target = resolved.get(r)!;
    return { index: i + 1, row: r.row, source: r.source_uid, target, listedTarget: target === r.target_uid ? null : r.target_uid, takeEmail: r.take_email, takeLogin: r.take_login, takeEmployeeId: r.take_employee_id ?? null, note: r.note, alreadyMergedRun: null };
  });

  // Pairs an earlier run already merged (resume), and accounts an earlier run merged away elsewhere.
  const mergedAway = await findMergedAway(db, pairs.flatMap((p) => [p.source, p.target]));
  const refusedRows = new Set<number>();
  for (const p of pairs) {
    const earlier = mergedAway.get(p.source);
    if (earlier && earlier.targetUid === p.target) {
      p.alreadyMergedRun = earlier.runId;
      continue;
    }
    for (const [role, uid] of [['source', p.source], ['target', p.target]] as const) {
      const away = mergedAway.get(uid);
      if (!away) continue;
      problems.push(at(p.row, 'ALREADY_MERGED', mergedAwayMessage(role, away).problem));
      refusedRows.add(p.row);
    }
  }

  // Accounts: exist, not removed, within the operator's clearance.
  const uids = [...new Set(pairs.filter((p) => p.alreadyMergedRun === null).flatMap((p) => [p.source, p.target]))];
  const users = new Map<string, { status: string; orgUnit: number } & KeyFacts>();
  for (const c of chunks(uids)) {
    const found = (await db(m.table('users')).select(m.select('users', ['uid', 'status', 'org_unit_id', 'origin', 'employee_id'])).whereIn(m.col('users', 'uid'), c)) as Record<string, unknown>[];
    for (const u of found.map((x) => m.fromDbRow('users', x))) {
      users.set(String(u.uid), { uid: String(u.uid), status: String(u.status), orgUnit: Number(u.org_unit_id), origin: String(u.origin), employee_id: (u.employee_id as string | null) ?? null });
    }
  }
  problems.push(...employeeIdTakeConflicts(pairs, users));
  const clearance = await loadClearance(db, m, operator.id);
  for (const p of [...pairs].sort((a, b) => a.row - b.row)) {
    if (p.alreadyMergedRun !== null || refusedRows.has(p.row)) continue;
    let known = true;
    for (const [role, uid] of [
      ['source', p.source],
      ['target', p.target],
    ] as const) {
      const u = users.get(uid);
      if (!u) {
        problems.push(at(p.row, 'UNKNOWN_UID', `there is no account with UID "${uid}" (${role}${role === 'target' && p.listedTarget ? `, the end of a chain` : ''}).`));
        known = false;
      } else if (u.status === 'deleted' || u.status === 'anonymised') {
        problems.push(at(p.row, 'ACCOUNT_GONE', `the ${role} account ${uid} is already ${u.status}.`));
        known = false;
      }
    }
    if (!known) continue;
    const s = users.get(p.source)!;
    const t = users.get(p.target)!;
    if (!clearance.can('delete', s.orgUnit)) problems.push(at(p.row, 'NO_CLEARANCE', `${operator.login} lacks Delete clearance on org unit ${s.orgUnit} of the source account ${p.source}.`));
    if (!clearance.can('edit', t.orgUnit)) problems.push(at(p.row, 'NO_CLEARANCE', `${operator.login} lacks Edit clearance on org unit ${t.orgUnit} of the target account ${p.target}.`));
  }
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { ok: problems.length === 0, problems, pairs, chains };
}

/**
 * Two sources handing over an employee ID to the same target, by choice or by default (an
 * interface-maintained source into a target that is not): the second would overwrite the first.
 */
function employeeIdTakeConflicts(pairs: BatchPair[], users: Map<string, KeyFacts>): WorklistProblem[] {
  const byTarget = new Map<string, BatchPair[]>();
  for (const p of pairs) {
    const s = users.get(p.source);
    const t = users.get(p.target);
    if (p.alreadyMergedRun !== null || !s || !t || !s.employee_id) continue;
    if (!(p.takeEmployeeId ?? takesEmployeeIdByDefault(s, t))) continue;
    byTarget.set(p.target, [...(byTarget.get(p.target) ?? []), p]);
  }
  const out: WorklistProblem[] = [];
  for (const [t, list] of byTarget) {
    const takers = [...list].sort((a, b) => a.row - b.row);
    const why = (p: BatchPair) => (p.takeEmployeeId === null ? ', by default' : '');
    for (const p of takers.slice(1)) {
      out.push(
        at(
          p.row,
          'TAKE_CONFLICT',
          `${t} would take over the employee ID of ${takers.map((x) => `${x.source} (row ${x.row}${why(x)})`).join(' and ')}; only one source can hand over its employee ID. Set take_employee_id to no on all but one of these rows.`,
        ),
      );
    }
  }
  return out;
}
