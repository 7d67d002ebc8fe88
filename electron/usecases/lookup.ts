/**
 * The person lookup the CLI (`mergedesk lookup`) and the Find-person screen call: before
 * an account is created by hand, the accounts that may be the same person, scored and
 * explained as the scan would, within the administrator's clearance, plus how many more
 * matches lie outside it (a count only: no name, no id).
 *
 * The index (accounts, keys, learned model) is kept per database connection and rebuilt
 * when accounts were added or merged, or after INDEX_MAX_AGE_MS; accounts deleted since
 * are left out per query.
 */
import type { Knex } from 'knex';
import type { Operator } from '../auth/operator';
import { loadClearance, type Clearance } from '../auth/clearance';
import type { LmsMapping } from '../db/mapping';
import type { PersonMatchView } from '@shared/ipc/lookup-channels';
import { nameTokens, normaliseBirthDate, normaliseEmail, normaliseEmployeeId } from '../engine/detect/normalise';
import { PersonIndex, type PersonProbe } from '../engine/detect/person-index';
import { EXCLUDED_STATUSES } from '../engine/detect/scanned-users';
import { isoDate } from '../engine/detect/scoring';
import { UserInputError } from '../errors';
import { LOOKUP_LIMITS } from '@shared/lookup-limits';

/** A one-in-twenty chance of being the same person is worth a look before creating an account. */
export const DEFAULT_LOOKUP_MIN_SCORE = 0.05;
export const DEFAULT_LOOKUP_LIMIT = 20;
/** Changes made in the LMS itself (a corrected name) reach the lookup at the latest after this. */
export const INDEX_MAX_AGE_MS = 10 * 60_000;

/** One account that may be the person (the IPC view and the CLI's --json use this shape). */
export type LookupMatch = PersonMatchView;

export interface LookupResult {
  /** Highest score first, at most `limit`, only accounts the operator may view. */
  matches: LookupMatch[];
  /** Matches the operator may view (more than `matches` when the limit cut the list). */
  withinClearance: number;
  /** Matches in org units the operator may not view: a count, nothing else. */
  outsideClearance: number;
  minScore: number;
  /** The model's prior in bits, where the evidence waterfall starts. */
  priorLog2: number;
  /** Accounts compared against (not deleted or anonymised). */
  users: number;
  /** Time of this query, in milliseconds (index building included when it was built now). */
  milliseconds: number;
  /** The index was (re)built for this query. */
  indexBuilt: boolean;
}

export interface LookupOptions {
  /** Only accounts this administrator may view are listed; the others are counted. */
  operator?: Operator;
  minScore?: number;
  limit?: number;
  now?: Date;
}

/** The person as typed, checked: names required, a birth date, e-mail or employee ID that can be compared. */
export function validatePerson(input: PersonProbe, now = new Date()): PersonProbe {
  const text = (v: string | null | undefined) => (typeof v === 'string' ? v.trim() : '');
  const first = text(input.firstName);
  const last = text(input.lastName);
  for (const [value, label, flag] of [
    [first, 'first name', '--first'],
    [last, 'last name', '--last'],
  ] as const) {
    if (!value) throw new UserInputError(`The ${label} is missing.`, `Type the person's ${label} (${flag} NAME).`, 'INVALID_PERSON');
    if (value.length > LOOKUP_LIMITS.text) throw new UserInputError(`The ${label} is longer than ${LOOKUP_LIMITS.text} characters.`, `Shorten the ${label}.`, 'INVALID_PERSON');
    if (nameTokens(value).length === 0) throw new UserInputError(`The ${label} "${value}" has no letters.`, `Type the ${label} in letters.`, 'INVALID_PERSON');
  }
  const out: PersonProbe = { firstName: first, lastName: last };
  const birth = text(input.birthDate);
  if (birth) {
    if (birth.length > LOOKUP_LIMITS.birthDate || normaliseBirthDate(birth, now) === null) {
      throw new UserInputError(
        `The birth date "${birth}" is not a date of birth MergeDesk can compare.`,
        `Write it as YYYY-MM-DD or DD.MM.YYYY (e.g. 1985-04-03 or 03.04.1985), a real day between 1900 and ${now.getUTCFullYear() - 10}.`,
        'INVALID_PERSON',
      );
    }
    out.birthDate = birth;
  }
  const email = text(input.email);
  if (email) {
    if (email.length > LOOKUP_LIMITS.text || normaliseEmail(email) === null) throw new UserInputError(`"${email}" is not an e-mail address.`, 'Write it as name@example.com, or leave it out.', 'INVALID_PERSON');
    out.email = email;
  }
  const employeeId = text(input.employeeId);
  if (employeeId) {
    if (employeeId.length > LOOKUP_LIMITS.employeeId) throw new UserInputError(`The employee ID is longer than ${LOOKUP_LIMITS.employeeId} characters.`, 'Type the employee ID as HR issued it, or leave it out.', 'INVALID_PERSON');
    if (normaliseEmployeeId(employeeId) === null) throw new UserInputError(`The employee ID "${employeeId}" has no digits or letters to compare.`, 'Type the employee ID as HR issued it, or leave it out.', 'INVALID_PERSON');
    out.employeeId = employeeId;
  }
  return out;
}

/**
 * Within this time after a check, a query trusts the last stamp and clearance: an admin types
 * several queries a second, and each check costs a count over the users table.
 */
export const FRESHNESS_MS = 1_000;

interface CachedIndex {
  stamp: string;
  checkedAt: number;
  index: Promise<PersonIndex>;
}

const indexes = new WeakMap<Knex, CachedIndex>();
const clearances = new WeakMap<Knex, Map<number, { at: number; clearance: Promise<Clearance> }>>();

/** The operator's clearance, read again when older than FRESHNESS_MS. */
function clearanceFor(db: Knex, m: LmsMapping, operatorId: number): Promise<Clearance> {
  let perAdmin = clearances.get(db);
  if (!perAdmin) clearances.set(db, (perAdmin = new Map()));
  const hit = perAdmin.get(operatorId);
  if (hit && Date.now() - hit.at < FRESHNESS_MS) return hit.clearance;
  const clearance = loadClearance(db, m, operatorId);
  perAdmin.set(operatorId, { at: Date.now(), clearance });
  clearance.catch(() => perAdmin.delete(operatorId));
  return clearance;
}

/**
 * What changes when accounts are added (count, highest id) or merged and undone (each
 * records a run). Cheap on purpose, as it runs before every query: an account deleted in
 * the LMS itself is caught per query instead (see liveAccounts), a name corrected there
 * after INDEX_MAX_AGE_MS.
 */
async function stampOf(db: Knex, m: LmsMapping): Promise<string> {
  const [users, runs] = await Promise.all([
    db(m.table('users')).count({ n: '*' }).max({ top: m.col('users', 'id') }).first(),
    db('md_merge_runs').count({ n: '*' }).max({ top: 'id' }).first(),
  ]);
  return [users?.n, users?.top, runs?.n, runs?.top].map((v) => String(v ?? 0)).join('/');
}

/** The uids among `uids` whose accounts still exist and are not deleted or anonymised now. */
async function liveAccounts(db: Knex, m: LmsMapping, uids: string[]): Promise<Set<string>> {
  const live = new Set<string>();
  const excluded = EXCLUDED_STATUSES.map((st) => m.value('users', 'status', st));
  // Far below SQL Server's 2,100 parameters per statement.
  for (let i = 0; i < uids.length; i += 1000) {
    const rows = (await db(m.table('users'))
      .select({ uid: m.col('users', 'uid') })
      .whereIn(m.col('users', 'uid'), uids.slice(i, i + 1000))
      .whereNotIn(m.col('users', 'status'), excluded)) as { uid: unknown }[];
    for (const r of rows) live.add(String(r.uid));
  }
  return live;
}

/** The index of this connection, rebuilt when its stamp changed or it grew old. */
async function indexFor(db: Knex, m: LmsMapping, now: Date): Promise<{ index: PersonIndex; built: boolean }> {
  const cached = indexes.get(db);
  const stamp = cached && Date.now() - cached.checkedAt < FRESHNESS_MS ? cached.stamp : await stampOf(db, m);
  if (cached && cached.stamp === stamp) {
    const index = await cached.index;
    if (Date.now() - index.builtAt < INDEX_MAX_AGE_MS) {
      if (Date.now() - cached.checkedAt >= FRESHNESS_MS) cached.checkedAt = Date.now();
      return { index, built: false };
    }
  }
  const building = PersonIndex.build(db, m, { now });
  indexes.set(db, { stamp, checkedAt: Date.now(), index: building });
  try {
    return { index: await building, built: true };
  } catch (err) {
    if (indexes.get(db)?.index === building) indexes.delete(db);
    throw err;
  }
}

/** Drops the connection's index (its next lookup rebuilds it). */
export function forgetPersonIndex(db: Knex): void {
  indexes.delete(db);
  clearances.delete(db);
}

/** Builds the connection's index ahead of the first lookup (the Find-person screen opening). */
export async function preparePersonIndex(db: Knex, m: LmsMapping): Promise<{ users: number }> {
  const { index } = await indexFor(db, m, new Date());
  return { users: index.records.length };
}

export async function lookupPerson(db: Knex, m: LmsMapping, input: PersonProbe, options: LookupOptions = {}): Promise<LookupResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const person = validatePerson(input, now);
  const minScore = options.minScore ?? DEFAULT_LOOKUP_MIN_SCORE;
  const limit = options.limit ?? DEFAULT_LOOKUP_LIMIT;
  const [{ index, built }, clearance] = await Promise.all([indexFor(db, m, now), options.operator ? clearanceFor(db, m, options.operator.id) : Promise.resolve(null)]);
  const indexed = index.match(person, minScore, now);
  // Accounts deleted since the index was built are neither listed nor counted.
  const live = await liveAccounts(db, m, indexed.map((f) => f.record.uid));
  const found = indexed.filter((f) => live.has(f.record.uid));
  const visible = clearance ? found.filter((f) => clearance.can('view', f.record.orgUnitId)) : found;
  const listed = visible.slice(0, limit);
  const details = await accountDetails(db, m, listed.map((f) => f.record.uid));
  const matches: LookupMatch[] = [];
  for (const f of listed) {
    const d = details.get(f.record.uid);
    if (!d) continue; // deleted a moment ago
    matches.push({
      uid: f.record.uid,
      firstName: d.firstName,
      lastName: d.lastName,
      birthDate: f.record.dob ? isoDate(f.record.dob) : null,
      email: d.email,
      login: d.login,
      employeeId: d.employeeId,
      status: d.status,
      orgUnit: d.orgUnit,
      score: f.score,
      reasons: f.reasons,
      evidence: f.evidence,
    });
  }
  return {
    matches,
    withinClearance: visible.length,
    outsideClearance: found.length - visible.length,
    minScore,
    priorLog2: index.priorLog2,
    users: index.records.length,
    milliseconds: Math.round((performance.now() - started) * 10) / 10,
    indexBuilt: built,
  };
}

type AccountDetail = Pick<LookupMatch, 'firstName' | 'lastName' | 'email' | 'login' | 'employeeId' | 'status' | 'orgUnit'>;

/** Names, login, e-mail and org unit of the listed accounts as the LMS holds them (the index keeps only normalised values). */
async function accountDetails(db: Knex, m: LmsMapping, uids: string[]): Promise<Map<string, AccountDetail>> {
  const out = new Map<string, AccountDetail>();
  // Far below SQL Server's 2,100 parameters per statement.
  for (let i = 0; i < uids.length; i += 1000) {
    const rows = await db({ u: m.table('users') })
      .select(m.select('users', ['uid', 'first_name', 'last_name', 'email', 'login', 'employee_id', 'status'], 'u'), { org_unit: m.qcol('org_units', 'name', 'o') })
      .leftJoin({ o: m.table('org_units') }, m.qcol('org_units', 'id', 'o'), m.qcol('users', 'org_unit_id', 'u'))
      .whereIn(m.qcol('users', 'uid', 'u'), uids.slice(i, i + 1000));
    for (const raw of rows as Record<string, unknown>[]) {
      const r = m.fromDbRow('users', raw);
      const status = String(r.status);
      if ((EXCLUDED_STATUSES as readonly string[]).includes(status)) continue;
      out.set(String(r.uid), {
        firstName: String(r.first_name ?? ''),
        lastName: String(r.last_name ?? ''),
        email: (r.email as string | null) ?? null,
        login: String(r.login ?? ''),
        employeeId: r.employee_id === null || r.employee_id === undefined ? null : String(r.employee_id),
        status,
        orgUnit: String(raw.org_unit ?? ''),
      });
    }
  }
  return out;
}
