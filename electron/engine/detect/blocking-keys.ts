/**
 * Blocking keys: users are grouped by cheap keys and only users sharing a key are
 * compared (blocking.ts). The key set is a union, each key aimed at a cause:
 *
 *  email     the normalised e-mail address (self-registration, family sharing)
 *  local     the e-mail local part or login (self-registration with another domain)
 *  employee  the employee ID as digits (name change, manual-before-interface)
 *  phone     the phone number's last digits
 *  name      phonetic first + last name as an unordered pair (same name, spelling
 *            variants, first and last name swapped)
 *  cologne   Kölner Phonetik of each surname token + first initial (German names, typos)
 *  metaphone Double Metaphone of the surname + first initial (English names)
 *  name_dob  phonetic first name or surname + birth date, one key space (name change:
 *            the surname is new; nicknames; first and last name swapped)
 *  first_org phonetic first name + org unit (a hand-made account, often without birth
 *            date, in the unit the interface account later lands in, surname mistyped)
 *  id_typo   the employee ID as it is and with one digit deleted (each position, so one
 *            wrong or missing digit or two swapped digits still meet) + the birth date, or +
 *            the initials where a birth date is missing. The name or date part keeps
 *            sequentially numbered IDs (which differ by one digit all the time) from
 *            making every neighbour a candidate.
 *
 */
import { birthDatesNear } from './normalise';
import type { UserRecord } from './records';
import { KeyTable, StringIds } from './key-table';
import { cologne, metaphone } from './similarity';

export interface BlockingKeyType {
  name: string;
  /**
   * Name keys: two users who both have a birth date are compared only when the dates agree
   * or differ like a typing error (otherwise they are namesakes; identifiers shared by
   * duplicates with wildly different dates are caught by the identifier keys).
   */
  dobCompatible?: boolean;
  /** Up to `slots` (default SLOTS) keys per user in words ('' or undefined for none): what an oversized block is reported as. */
  keys(r: UserRecord): (string | undefined)[];
  /**
   * The same keys as numbers (undefined where `keys` has none), equal exactly where the
   * words are equal: the scan's hot path, no string built per user. Without it the words are used.
   */
  codes?(r: UserRecord, c: KeyCodes): (number | undefined)[];
  slots?: number;
}

/** Dense ids of the parts keys are built from, shared by the key types of one blocking run. */
export class KeyCodes {
  private readonly strings = new StringIds();
  private readonly orgs = new KeyTable(256);
  private readonly cologneIds = new Map<string, number>();
  /** Id of a string (identifiers, phonetic codes, names). */
  str(s: string): number {
    return this.strings.id(s);
  }
  /** Id of the Kölner Phonetik code of a token, or of the token itself where it has none ('' → undefined). */
  phonetic(token: string): number | undefined {
    if (!token) return undefined;
    let id = this.cologneIds.get(token);
    if (id === undefined) {
      id = this.strings.id(cologne(token) || token);
      this.cologneIds.set(token, id);
    }
    return id;
  }
  org(id: number): number {
    return this.orgs.id(id);
  }
  private readonly numbers = new KeyTable(1 << 16);
  /** Id of an integer (0 ≤ x < 2^53). */
  num(x: number): number {
    return this.numbers.id(x);
  }
}

export const SLOTS = 2;
/** Keys per user for ID typos: the ID itself and up to 12 deletions (digits further right get none). */
const ID_TYPO_SLOTS = 13;
const MIN_ID_TYPO_LENGTH = 4;
const P26 = 2 ** 26;
const P27 = 2 ** 27;

/** What else must agree for an ID typo key: the birth date, or both initials where it is missing. */
function idTypoTag(r: UserRecord): string {
  return r.dob ? String(r.dob) : `${initial(r)}${r.lastTokens[0]?.[0] ?? ''}`;
}

/** The ID with each one digit deleted, tagged with what else must agree. */
function idTypoKeys(r: UserRecord): string[] {
  const id = r.employeeId;
  if (!id || id.length < MIN_ID_TYPO_LENGTH) return [];
  const tag = idTypoTag(r);
  if (tag.length < 2) return [];
  // The whole ID too: a digit missing on one side leaves the other's ID minus one digit.
  const out: string[] = [`${id}|${tag}`];
  for (let p = 0; p < Math.min(id.length, ID_TYPO_SLOTS - 1); p++) {
    const v = `${id.slice(0, p)}${id.slice(p + 1)}|${tag}`;
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

const DIGITS_ONLY = /^\d{4,15}$/;

/**
 * idTypoKeys as numbers: a digit string is its value and length (value · 16 + length,
 * leading zeros kept apart), given a dense id, then combined with the tag (the birth date
 * as yyyymmdd, or the two initials' char codes, always below 10^7 so never a date).
 */
function idTypoCodes(r: UserRecord, c: KeyCodes): (number | undefined)[] {
  const id = r.employeeId;
  if (!id || id.length < MIN_ID_TYPO_LENGTH) return [];
  let tag: number;
  if (r.dob) tag = r.dob;
  else {
    const a = initial(r);
    const b = r.lastTokens[0]?.[0] ?? '';
    if (a.length + b.length < 2) return [];
    tag = 1 + (a.charCodeAt(0) % 4096) * 4096 + (b.charCodeAt(0) % 4096);
  }
  if (!DIGITS_ONLY.test(id)) return idTypoKeys(r).map((k) => c.str(k) * P27 + 0);
  const L = id.length;
  const value = Number(id);
  const out: number[] = [c.num(value * 16 + L) * P27 + tag];
  for (let p = 0; p < Math.min(L, ID_TYPO_SLOTS - 1); p++) {
    const right = 10 ** (L - p - 1);
    const v = Math.floor(value / (right * 10)) * right + (value % right);
    const k = c.num(v * 16 + L - 1) * P27 + tag;
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

/** Birth dates (yyyymmdd, 0 = missing) that do not rule a pair out. */
export function dobCompatible(a: number, b: number): boolean {
  return a === 0 || b === 0 || a === b || birthDatesNear(a, b);
}

const initial = (r: UserRecord) => r.firstTokens[0]?.[0] ?? '';
const firstToken = (r: UserRecord) => r.firstTokens[0] ?? '';

function lastTokensForKeys(r: UserRecord): string[] {
  const t = r.lastTokens.filter((x) => x.length >= 2);
  if (t.length <= 1) return t.length ? [r.last] : [];
  // The whole name and its longest other token (double names: "schmidt weber").
  return [r.last, ...t.sort((x, y) => y.length - x.length || (x < y ? -1 : 1)).slice(0, 1)];
}

const strCode = (c: KeyCodes, s: string | null | undefined) => (s ? c.str(s) : undefined);

export const KEY_TYPES: BlockingKeyType[] = [
  { name: 'email', keys: (r) => [r.email ?? undefined], codes: (r, c) => [strCode(c, r.email)] },
  { name: 'local', keys: (r) => [r.emailLocalKey ?? undefined, r.loginKey ?? undefined], codes: (r, c) => [strCode(c, r.emailLocalKey), strCode(c, r.loginKey)] },
  { name: 'employee', keys: (r) => [r.employeeId ?? undefined], codes: (r, c) => [strCode(c, r.employeeId)] },
  { name: 'phone', keys: (r) => [r.phone ?? undefined], codes: (r, c) => [strCode(c, r.phone)] },
  {
    name: 'name',
    dobCompatible: true,
    keys: (r) => {
      if (!r.first || !r.last) return [];
      const a = cologne(r.first);
      const b = cologne(r.last);
      if (!a || !b) return [];
      return [a < b ? `${a}|${b}` : `${b}|${a}`];
    },
    codes: (r, c) => {
      if (!r.first || !r.last) return [];
      const a = cologne(r.first);
      const b = cologne(r.last);
      if (!a || !b) return [];
      const x = c.str(a);
      const y = c.str(b);
      return [x < y ? x * P26 + y : y * P26 + x];
    },
  },
  {
    name: 'cologne',
    dobCompatible: true,
    keys: (r) => {
      const i = initial(r);
      if (!i) return [];
      return lastTokensForKeys(r).map((t) => {
        const c = cologne(t);
        return c ? `${c}|${i}` : undefined;
      });
    },
    codes: (r, c) => {
      const i = initial(r);
      if (!i) return [];
      const code = i.charCodeAt(0);
      return lastTokensForKeys(r).map((t) => {
        const k = cologne(t);
        return k ? c.str(k) * 65536 + code : undefined;
      });
    },
  },
  {
    name: 'metaphone',
    dobCompatible: true,
    keys: (r) => {
      const i = initial(r);
      if (!i || !r.last) return [];
      const c = metaphone(r.lastVariant);
      return [c ? `${c}|${i}` : undefined];
    },
    codes: (r, c) => {
      const i = initial(r);
      if (!i || !r.last) return [];
      const k = metaphone(r.lastVariant);
      return [k ? c.str(k) * 65536 + i.charCodeAt(0) : undefined];
    },
  },
  {
    // Phonetic first name or surname with the birth date, in one key space: catches name
    // changes (same first name), nicknames (same surname) and swapped first/last names.
    name: 'name_dob',
    keys: (r) => {
      if (!r.dob) return [];
      const f = firstToken(r);
      return [f ? `${cologne(f) || f}|${r.dob}` : undefined, r.last ? `${cologne(r.last) || r.last}|${r.dob}` : undefined];
    },
    codes: (r, c) => {
      if (!r.dob) return [];
      const f = c.phonetic(firstToken(r));
      const l = c.phonetic(r.last);
      return [f === undefined ? undefined : f * P27 + r.dob, l === undefined ? undefined : l * P27 + r.dob];
    },
  },
  {
    name: 'first_org',
    dobCompatible: true,
    keys: (r) => {
      const f = firstToken(r);
      return [f && r.orgUnitId ? `${cologne(f) || f}|${r.orgUnitId}` : undefined];
    },
    codes: (r, c) => {
      const f = c.phonetic(firstToken(r));
      return [f !== undefined && r.orgUnitId ? f * P26 + c.org(r.orgUnitId) : undefined];
    },
  },
  { name: 'id_typo', slots: ID_TYPO_SLOTS, keys: idTypoKeys, codes: idTypoCodes },
];

