/**
 * A user as duplicate detection sees it: every compared field normalised once, names
 * interned (a million users carry a few thousand distinct names).
 */
import {
  foldText,
  isGenericLocalPart,
  localPartLetters,
  nameTokens,
  normaliseBirthDate,
  normaliseEmail,
  normaliseEmployeeId,
  normaliseLogin,
  normalisePhone,
  normaliseTimestamp,
  spellingVariant,
} from './normalise';
import { hashString } from './key-table';

export interface UserRecord {
  /** Position in the scan's user list. */
  idx: number;
  id: number;
  uid: string;
  firstTokens: string[];
  lastTokens: string[];
  /** Tokens joined without spaces ("hans peter" → "hanspeter"); '' when missing. */
  first: string;
  last: string;
  /** The names in one spelling (umlaut transliterations, doubled letters merged), see spellingVariant. */
  firstVariant: string;
  lastVariant: string;
  /** Birth date as yyyymmdd; 0 when missing or implausible. */
  dob: number;
  email: string | null;
  emailDomain: string | null;
  /** The local part's name tokens sorted ("mueller.anna" = "anna.mueller"); null when generic or missing. */
  emailLocalKey: string | null;
  /** The login the same way, when it looks like a name (letters, four or more characters). */
  loginKey: string | null;
  /** Letters of the e-mail local part ('' when it is generic or missing). */
  emailLetters: string;
  /** Letters of the login ('' when fewer than three). */
  loginLetters: string;
  employeeId: string | null;
  phone: string | null;
  orgUnitId: number;
  /** The part of the organisation the org unit lies in (see orgBranches); the unit itself when unknown. */
  branchId: number;
  origin: string;
  status: string;
  createdAt: number | null;
  lastLoginAt: number | null;
  /** Folded user attribute values per attribute slot ('' = missing); see attributes.ts. */
  attrs: string[];
  /**
   * The identifiers as small integers held in the record itself (0 = missing), so that the
   * pair loop tells different values apart without reading their strings (two cache
   * misses each, for millions of pairs): a 30-bit hash for e-mail, local key, login key,
   * letters and employee ID (equal hashes are confirmed on the strings), and phone and
   * short numeric employee IDs by value and length (exact).
   */
  emailHash: number;
  localHash: number;
  loginKeyHash: number;
  lettersHash: number;
  loginLettersHash: number;
  employeeHash: number;
  employeeLen: number;
  /** The employee ID's value where it has digits only and at most nine of them, else -1. */
  employeeNum: number;
  /** The phone's digits as a number (at most nine; with the length they give the digits back). */
  phoneNum: number;
  phoneLen: number;
}

/** A 30-bit hash of a string, never 0; 0 for a missing or empty one (see UserRecord.emailHash). */
export function smallHash(s: string | null): number {
  return s ? (hashString(s) % 0x3fffffff) + 1 : 0;
}

const SHORT_DIGITS = /^\d{1,9}$/;

/** The org unit of a person who has no account yet (the lookup's typed-in person): compared as missing. */
export const UNKNOWN_ORG_UNIT = -1;

/** The logical users columns the scan reads. */
export const USER_COLUMNS = [
  'id',
  'uid',
  'login',
  'email',
  'first_name',
  'last_name',
  'birth_date',
  'employee_id',
  'phone',
  'client_id',
  'org_unit_id',
  'origin',
  'status',
  'last_login_at',
  'created_at',
] as const;

/** Tokens of a local part or login, sorted: the order of first and last name does not matter. */
export function localKey(local: string): string {
  // The usual "anna.mueller" without the split, filter and sort (twice per user at a million users).
  const sep = SEPARATOR.exec(local);
  if (!sep) return local;
  const at = sep.index;
  if (at > 0 && sep[0].length === 1 && at < local.length - 1 && !SEPARATOR.test(local.slice(at + 1))) {
    const a = local.slice(0, at);
    const b = local.slice(at + 1);
    return a <= b ? (sep[0] === '.' ? local : `${a}.${b}`) : `${b}.${a}`;
  }
  return local.split(/[._\-]+/).filter(Boolean).sort().join('.');
}
const SEPARATOR = /[._\-]+/;

export class Interner {
  private readonly map = new Map<string, string>();
  get(s: string): string {
    const hit = this.map.get(s);
    if (hit !== undefined) return hit;
    this.map.set(s, s);
    return s;
  }
  private readonly rawNames = new Map<string, string[]>();
  /** Name tokens of a raw name, normalised once per distinct spelling. */
  nameTokens(raw: unknown): string[] {
    if (typeof raw !== 'string') return this.tokens(nameTokens(raw));
    let t = this.rawNames.get(raw);
    if (t === undefined) {
      t = this.tokens(nameTokens(raw));
      if (this.rawNames.size < 1_000_000) this.rawNames.set(raw, t);
    }
    return t;
  }
  private readonly joins = new Map<string[], string>();
  /** An interned token list (see tokens) joined without spaces, once per list: the lists are few, the users many. */
  joined(list: string[]): string {
    let j = this.joins.get(list);
    if (j === undefined) {
      j = this.get(list.join(''));
      this.joins.set(list, j);
    }
    return j;
  }
  private readonly variants = new Map<string, string>();
  /** The spelling variant of a name key, computed once per distinct key. */
  variant(key: string): string {
    let v = this.variants.get(key);
    if (v === undefined) {
      v = this.get(spellingVariant(key));
      this.variants.set(key, v);
    }
    return v;
  }
  tokens(list: string[]): string[] {
    const key = list.join(' ');
    const hit = this.tokenLists.get(key);
    if (hit) return hit;
    const out = list.map((t) => this.get(t));
    this.tokenLists.set(key, out);
    return out;
  }
  private readonly tokenLists = new Map<string, string[]>();
  private readonly dates = new Map<string, number>();
  private readonly isoDates = new Map<number, number>();
  /** A birth date as yyyymmdd (0 = missing), checked once per distinct text (a million users have some 20,000 dates). */
  birthDate(raw: unknown, now: Date): number {
    if (typeof raw !== 'string') return normaliseBirthDate(raw, now) ?? 0;
    // yyyy-mm-dd, the usual form, looked up by its digits: hashing a million fresh strings cost more than the check.
    const digits = isoDigits(raw);
    if (digits >= 0) {
      let d = this.isoDates.get(digits);
      if (d === undefined) {
        d = normaliseBirthDate(raw, now) ?? 0;
        this.isoDates.set(digits, d);
      }
      return d;
    }
    let d = this.dates.get(raw);
    if (d === undefined) {
      d = normaliseBirthDate(raw, now) ?? 0;
      if (this.dates.size < 1_000_000) this.dates.set(raw, d);
    }
    return d;
  }
  private readonly folded = new Map<string, string>();
  /** A text folded (see foldText) and interned, once per distinct text (attribute values repeat). */
  fold(raw: string): string {
    let f = this.folded.get(raw);
    if (f === undefined) {
      f = this.get(foldText(raw));
      if (this.folded.size < 1_000_000) this.folded.set(raw, f);
    }
    return f;
  }
}

const NO_ATTRIBUTES: string[] = [];

/** The digits of an exact "yyyy-mm-dd" as yyyymmdd, -1 for any other text. */
function isoDigits(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  let v = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Builds the record of one users row (logical names and values, see LmsMapping.select/fromDbRow). */
export function toRecord(row: Record<string, unknown>, idx: number, intern: Interner = new Interner(), now = new Date()): UserRecord {
  const firstTokens = intern.nameTokens(row.first_name);
  const lastTokens = intern.nameTokens(row.last_name);
  const first = intern.joined(firstTokens);
  const last = intern.joined(lastTokens);
  const email = normaliseEmail(row.email);
  const login = normaliseLogin(row.login);
  const local = email && !isGenericLocalPart(email.local) ? email.local : null;
  const canonical = email?.canonical ?? null;
  const emailLocalKey = local ? localKey(local) : null;
  const loginKey = login && login.length >= 4 && /[a-z]/.test(login) && !/^x?\d+$/.test(login) ? localKey(login) : null;
  const emailLetters = local ? localPartLetters(local) : '';
  const allLoginLetters = login ? localPartLetters(login) : '';
  const loginLetters = allLoginLetters.length >= 3 ? allLoginLetters : '';
  const employeeId = normaliseEmployeeId(row.employee_id);
  const phone = normalisePhone(row.phone);
  const orgUnitId = Number(row.org_unit_id ?? 0);
  // The fields every pair comparison reads come first: they share the record's first cache lines.
  return {
    first,
    last,
    firstTokens,
    lastTokens,
    firstVariant: intern.variant(first),
    lastVariant: intern.variant(last),
    dob: intern.birthDate(row.birth_date, now),
    orgUnitId,
    branchId: orgUnitId,
    origin: intern.get(String(row.origin ?? '')),
    status: intern.get(String(row.status ?? '')),
    emailHash: smallHash(canonical),
    localHash: smallHash(emailLocalKey),
    loginKeyHash: smallHash(loginKey),
    lettersHash: smallHash(emailLetters),
    loginLettersHash: smallHash(loginLetters),
    employeeHash: smallHash(employeeId),
    employeeLen: employeeId?.length ?? 0,
    employeeNum: employeeId && SHORT_DIGITS.test(employeeId) ? Number(employeeId) : -1,
    phoneNum: phone ? Number(phone) : 0,
    phoneLen: phone?.length ?? 0,
    attrs: NO_ATTRIBUTES,
    idx,
    id: Number(row.id),
    uid: String(row.uid),
    email: canonical,
    emailDomain: email ? intern.get(email.domain) : null,
    emailLetters,
    emailLocalKey,
    loginKey,
    loginLetters,
    employeeId,
    phone,
    createdAt: normaliseTimestamp(row.created_at),
    lastLoginAt: normaliseTimestamp(row.last_login_at),
  };
}

/**
 * The "branch" of every org unit: its ancestor at the shallowest depth of the tree that
 * really splits the users (two random users share it with probability at most one half).
 * A flat tree gives every unit itself. Cycles in bad data are cut.
 */
export function orgBranches(units: { id: number; parent_id: number | null }[], usersPerUnit: Map<number, number>): Map<number, number> {
  const parent = new Map<number, number | null>();
  for (const u of units) parent.set(Number(u.id), u.parent_id === null || u.parent_id === undefined ? null : Number(u.parent_id));
  const pathOf = new Map<number, number[]>();
  const rootPath = (id: number): number[] => {
    const hit = pathOf.get(id);
    if (hit) return hit;
    const path: number[] = [];
    const seen = new Set<number>();
    let cur: number | null | undefined = id;
    while (cur !== null && cur !== undefined && !seen.has(cur)) {
      seen.add(cur);
      path.push(cur);
      cur = parent.get(cur);
    }
    path.reverse(); // root first
    pathOf.set(id, path);
    return path;
  };
  const total = [...usersPerUnit.values()].reduce((x, y) => x + y, 0) || 1;
  const maxDepth = Math.max(0, ...[...usersPerUnit.keys()].map((u) => rootPath(u).length - 1));
  let depth = maxDepth;
  for (let d = 0; d <= maxDepth; d++) {
    const share = new Map<number, number>();
    for (const [u, n] of usersPerUnit) {
      const p = rootPath(u);
      const a = p[Math.min(d, p.length - 1)]!;
      share.set(a, (share.get(a) ?? 0) + n / total);
    }
    let same = 0;
    for (const s of share.values()) same += s * s;
    if (same <= 0.5) {
      depth = d;
      break;
    }
  }
  const out = new Map<number, number>();
  for (const u of usersPerUnit.keys()) {
    const p = rootPath(u);
    out.set(u, p[Math.min(depth, p.length - 1)]!);
  }
  return out;
}
