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
 *  id_typo   the first and the last digits of the employee ID (one typing error leaves
 *            one of them intact; see idParts) + the birth date, or + the initials where
 *            a birth date is missing; only IDs one typing error apart are compared. The
 *            date or initials keep sequentially numbered IDs (which differ by one digit
 *            all the time) from making every neighbour a candidate. Four keys a user,
 *            where one per deleted digit took a third of the blocking time at a million.
 *
 */
import { birthDatesNear } from './normalise';
import type { UserRecord } from './records';
import { hashString, KeyTable, StringIds } from './key-table';
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
   * The same keys as numbers (undefined where `keys` has none), equal where the words are
   * equal and, but for identifiers (hashed, see hashString), only there: the scan's hot
   * path, no string built per user. Without it the words are used.
   */
  codes?(r: UserRecord, c: KeyCodes): (number | undefined)[];
  slots?: number;
  /** Only pairs it accepts are compared in this type's blocks (a key shared by many that are no candidates). */
  accept?(a: UserRecord, b: UserRecord): boolean;
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
}

export const SLOTS = 2;
/** Keys per user for ID typos: a prefix and a suffix at two part lengths. */
const ID_TYPO_SLOTS = 4;
const MIN_ID_TYPO_LENGTH = 4;
const P26 = 2 ** 26;
const P27 = 2 ** 27;
const P18 = 2 ** 18;
const P19 = 2 ** 19;

/** What else must agree for an ID typo key: the birth date, or both initials where it is missing. */
function idTypoTag(r: UserRecord): number | undefined {
  if (r.dob) return r.dob;
  const a = initial(r);
  const b = r.lastTokens[0]?.[0] ?? '';
  if (a.length + b.length < 2) return undefined;
  // Below 10^7, so never a date.
  return 1 + (a.charCodeAt(0) % 4096) * 4096 + (b.charCodeAt(0) % 4096);
}

/**
 * The part length for IDs of length L: one typing error (a wrong digit, two neighbouring
 * digits swapped, a digit missing) leaves the first or the last ⌊(L−1)/2⌋ digits intact.
 * Where a digit is missing the two IDs differ in length, so each ID also gives the parts
 * of the scheme one digit shorter: the two always share a scheme.
 */
const partLength = (L: number) => Math.floor((L - 1) / 2);

/** The ID's parts as [side, length, digits]: prefix and suffix, at its own scheme and the one a digit shorter. */
function idParts(id: string): [number, number, string][] {
  const out: [number, number, string][] = [];
  for (const P of new Set([partLength(id.length), partLength(id.length - 1)])) {
    if (P < 1) continue;
    out.push([0, P, id.slice(0, P)], [1, P, id.slice(id.length - P)]);
  }
  return out;
}

function idTypoKeys(r: UserRecord): string[] {
  const id = r.employeeId;
  if (!id || id.length < MIN_ID_TYPO_LENGTH) return [];
  const tag = idTypoTag(r);
  if (tag === undefined) return [];
  return idParts(id).map(([side, P, part]) => `${side ? 'suffix' : 'prefix'}${P}:${part}|${tag}`);
}

const DIGITS_ONLY = /^\d{4,15}$/;

/** idTypoKeys as numbers: a digit part is its value, length and side (leading zeros kept apart by the length), given a dense id, with the tag. */
function idTypoCodes(r: UserRecord, c: KeyCodes): (number | undefined)[] {
  // Other IDs by their words (the tag inside): multiples of 2^27, which the digit codes (tag ≢ 0 mod 2^19) never are.
  const id = r.employeeId;
  if (!id || id.length < MIN_ID_TYPO_LENGTH) return [];
  const tag = idTypoTag(r);
  if (tag === undefined) return [];
  if (!DIGITS_ONLY.test(id)) return idTypoKeys(r).map((k) => c.str(k) * P27 + 0);
  // The parts by arithmetic, in idParts's order (a million users, four parts each: no strings).
  // A date as ((year − 1800) · 13 + month) · 32 + day (below 2^18), initials at 2^18 and up.
  const t = r.dob ? ((Math.floor(r.dob / 10_000) - 1800) * 13 + (Math.floor(r.dob / 100) % 100)) * 32 + (r.dob % 100) : P18 + (tag % P18);
  const L = id.length;
  const v = Number(id);
  const P1 = partLength(L);
  const P2 = partLength(L - 1);
  return P2 !== P1 && P2 >= 1 ? [idPart(v, L, 0, P1, t), idPart(v, L, 1, P1, t), idPart(v, L, 0, P2, t), idPart(v, L, 1, P2, t)] : [idPart(v, L, 0, P1, t), idPart(v, L, 1, P1, t)];
}

/** One digit part of the L-digit ID v as a code: parts of up to 7 digits (IDs of up to 15) stay below 2^28 with length and side, below 2^47 with the tag t. */
function idPart(v: number, L: number, side: number, P: number, t: number): number {
  return ((side ? v % POW10[P]! : Math.floor(v / POW10[L - P]!)) * 16 + P * 2 + side) * P19 + t;
}
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Two IDs one typing error apart (or equal): one wrong digit, two neighbouring digits
 * swapped, or one digit missing. The id_typo blocks compare only such pairs (they share
 * a part and the tag, which many unrelated IDs do).
 */
export function idsOneTypoApart(a: string, b: string): boolean {
  if (a.length === b.length) {
    let first = -1;
    let diffs = 0;
    for (let k = 0; k < a.length; k++) {
      if (a.charCodeAt(k) === b.charCodeAt(k)) continue;
      if (++diffs > 2) return false;
      if (first < 0) first = k;
    }
    if (diffs < 2) return true;
    return b.charCodeAt(first) === a.charCodeAt(first + 1) && b.charCodeAt(first + 1) === a.charCodeAt(first) && first + 1 < a.length;
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  let k = 0;
  while (k < short.length && long.charCodeAt(k) === short.charCodeAt(k)) k++;
  for (let q = k; q < short.length; q++) if (long.charCodeAt(q + 1) !== short.charCodeAt(q)) return false;
  return true;
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

const identCode = (s: string | null | undefined) => (s ? hashString(s) : undefined);

export const KEY_TYPES: BlockingKeyType[] = [
  { name: 'email', keys: (r) => [r.email ?? undefined], codes: (r) => [identCode(r.email)] },
  { name: 'local', keys: (r) => [r.emailLocalKey ?? undefined, r.loginKey ?? undefined], codes: (r) => [identCode(r.emailLocalKey), identCode(r.loginKey)] },
  { name: 'employee', keys: (r) => [r.employeeId ?? undefined], codes: (r) => [identCode(r.employeeId)] },
  { name: 'phone', keys: (r) => [r.phone ?? undefined], codes: (r) => [identCode(r.phone)] },
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
  { name: 'id_typo', slots: ID_TYPO_SLOTS, keys: idTypoKeys, codes: idTypoCodes, accept: (a, b) => idsOneTypoApart(a.employeeId!, b.employeeId!) },
];

