/**
 * Blocking: instead of comparing every pair, users are grouped by cheap keys and only
 * users sharing a key are compared. The key set is a union, each key aimed at a cause:
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
 * A pair is compared once, under the first key it shares. Oversized blocks (common names,
 * junk identifiers) are not dropped: they are sorted by name and birth date and each
 * user is compared with its `window` nearest neighbours (sorted neighbourhood), and
 * every such block is reported.
 */
import { birthDatesNear } from './normalise';
import type { UserRecord } from './records';
import { cologne, metaphone } from './similarity';

export interface BlockingKeyType {
  name: string;
  /**
   * Name keys: two users who both have a birth date are compared only when the dates agree
   * or differ like a typing error (otherwise they are namesakes; identifiers shared by
   * duplicates with wildly different dates are caught by the identifier keys).
   */
  dobCompatible?: boolean;
  /** Up to `slots` (default SLOTS) keys per user ('' or undefined for none). */
  keys(r: UserRecord): (string | undefined)[];
  slots?: number;
}

const SLOTS = 2;
/** Keys per user for ID typos: the ID itself and up to 12 deletions (digits further right get none). */
const ID_TYPO_SLOTS = 13;
const MIN_ID_TYPO_LENGTH = 4;

/** The ID with each one digit deleted, tagged with what else must agree. */
function idTypoKeys(r: UserRecord): string[] {
  const id = r.employeeId;
  if (!id || id.length < MIN_ID_TYPO_LENGTH) return [];
  const tag = r.dob ? String(r.dob) : `${initial(r)}${r.lastTokens[0]?.[0] ?? ''}`;
  if (tag.length < 2) return [];
  // The whole ID too: a digit missing on one side leaves the other's ID minus one digit.
  const out: string[] = [`${id}|${tag}`];
  for (let p = 0; p < Math.min(id.length, ID_TYPO_SLOTS - 1); p++) {
    const v = `${id.slice(0, p)}${id.slice(p + 1)}|${tag}`;
    if (!out.includes(v)) out.push(v);
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

export const KEY_TYPES: BlockingKeyType[] = [
  { name: 'email', keys: (r) => [r.email ?? undefined] },
  { name: 'local', keys: (r) => [r.emailLocalKey ?? undefined, r.loginKey ?? undefined] },
  { name: 'employee', keys: (r) => [r.employeeId ?? undefined] },
  { name: 'phone', keys: (r) => [r.phone ?? undefined] },
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
  },
  {
    name: 'first_org',
    dobCompatible: true,
    keys: (r) => {
      const f = firstToken(r);
      return [f && r.orgUnitId ? `${cologne(f) || f}|${r.orgUnitId}` : undefined];
    },
  },
  { name: 'id_typo', slots: ID_TYPO_SLOTS, keys: idTypoKeys },
];

export interface BlockingOptions {
  /** Blocks larger than this are compared by sorted neighbourhood. */
  maxBlock?: number;
  /** Neighbours each user is compared with inside an oversized block. */
  window?: number;
  keyTypes?: BlockingKeyType[];
  /** Called between blocks of work; throw to stop. */
  checkpoint?: (done: number, total: number) => void;
}

export interface OversizedBlock {
  keyType: string;
  key: string;
  size: number;
  /** Pairs compared in it (instead of size·(size−1)/2). */
  compared: number;
}

export interface BlockingReport {
  /** Distinct pairs handed to the scorer. */
  candidates: number;
  /** Per key type: blocks with two or more users, and pairs first found there. */
  perKey: { keyType: string; blocks: number; pairs: number }[];
  oversized: OversizedBlock[];
}

export const DEFAULT_MAX_BLOCK = 200;
export const DEFAULT_WINDOW = 20;

/**
 * Calls `onPair(i, j)` (i < j, record indexes) once for every candidate pair.
 */
export function forEachCandidatePair(records: UserRecord[], onPair: (i: number, j: number) => void, options: BlockingOptions = {}): BlockingReport {
  const maxBlock = options.maxBlock ?? DEFAULT_MAX_BLOCK;
  const window = options.window ?? DEFAULT_WINDOW;
  const types = options.keyTypes ?? KEY_TYPES;
  const n = records.length;
  const T = types.length;

  // Phase 1: key ids per type and slot; block sizes.
  const slotsOf = types.map((t) => t.slots ?? SLOTS);
  const keyIds: Int32Array[] = [];
  const keyNames: string[][] = [];
  const sizes: Int32Array[] = [];
  for (let t = 0; t < T; t++) {
    const S = slotsOf[t]!;
    const ids = new Int32Array(n * S).fill(-1);
    const intern = new Map<string, number>();
    const names: string[] = [];
    const type = types[t]!;
    for (let i = 0; i < n; i++) {
      const ks = type.keys(records[i]!);
      let slot = 0;
      for (let s = 0; s < ks.length && slot < S; s++) {
        const k = ks[s];
        if (!k) continue;
        let id = intern.get(k);
        if (id === undefined) {
          id = names.length;
          intern.set(k, id);
          names.push(k);
        }
        // Kept in ascending order (insertion), so firstShared intersects two users' keys in one pass.
        let q = slot;
        while (q > 0 && ids[i * S + q - 1]! > id) q--;
        if (q > 0 && ids[i * S + q - 1] === id) continue;
        for (let r = slot; r > q; r--) ids[i * S + r] = ids[i * S + r - 1]!;
        ids[i * S + q] = id;
        slot++;
      }
    }
    const size = new Int32Array(names.length);
    for (let x = 0; x < ids.length; x++) if (ids[x]! >= 0) size[ids[x]!]!++;
    keyIds.push(ids);
    keyNames.push(names);
    sizes.push(size);
  }

  const oversizedKey = (t: number, id: number) => sizes[t]![id]! > maxBlock;

  /** The first (type, key) the pair shares among normal-sized blocks, as t * 2^31 + id; -1 if none. */
  const firstShared = (i: number, j: number): number => {
    for (let t = 0; t < T; t++) {
      const ids = keyIds[t]!;
      const S = slotsOf[t]!;
      // Both key lists are ascending (-1 after the last): the first common normal-sized key is the smallest.
      let s = 0;
      let u = 0;
      while (s < S && u < S) {
        const a = ids[i * S + s]!;
        const b = ids[j * S + u]!;
        if (a < 0 || b < 0) break;
        if (a === b) {
          if (!oversizedKey(t, a)) return t * 2 ** 31 + a;
          s++;
          u++;
        } else if (a < b) s++;
        else u++;
      }
    }
    return -1;
  };

  const report: BlockingReport = { candidates: 0, perKey: [], oversized: [] };
  const sortKey = (r: UserRecord) => `${r.last} ${r.first} ${r.dob}`;

  const dobs = new Int32Array(n);
  for (let i = 0; i < n; i++) dobs[i] = records[i]!.dob;

  for (let t = 0; t < T; t++) {
    const ids = keyIds[t]!;
    const size = sizes[t]!;
    const checkDob = types[t]!.dobCompatible === true;
    const S = slotsOf[t]!;
    // Members per key (CSR), users in index order.
    const start = new Int32Array(size.length + 1);
    for (let k = 0; k < size.length; k++) start[k + 1] = start[k]! + (size[k]! >= 2 ? size[k]! : 0);
    const fill = start.slice(0, size.length);
    const members = new Int32Array(start[size.length]!);
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < S; s++) {
        const k = ids[i * S + s]!;
        if (k >= 0 && size[k]! >= 2) members[fill[k]!++] = i;
      }
    }
    let blocks = 0;
    let pairs = 0;
    for (let k = 0; k < size.length; k++) {
      const sz = size[k]!;
      if (sz < 2) continue;
      blocks++;
      const from = start[k]!;
      const to = start[k + 1]!;
      if (sz <= maxBlock) {
        const tag = t * 2 ** 31 + k;
        for (let x = from; x < to; x++) {
          const i = members[x]!;
          const di = dobs[i]!;
          for (let y = x + 1; y < to; y++) {
            const j = members[y]!;
            if (checkDob && !dobCompatible(di, dobs[j]!)) continue;
            if (firstShared(i, j) !== tag) continue;
            pairs++;
            onPair(i, j);
          }
        }
      } else {
        const list = Array.from(members.subarray(from, to));
        const keys = new Map(list.map((i) => [i, sortKey(records[i]!)]));
        list.sort((x, y) => {
          const a = keys.get(x)!;
          const b = keys.get(y)!;
          return a < b ? -1 : a > b ? 1 : x - y;
        });
        let compared = 0;
        for (let x = 0; x < list.length; x++) {
          for (let y = x + 1; y < Math.min(list.length, x + 1 + window); y++) {
            const i = Math.min(list[x]!, list[y]!);
            const j = Math.max(list[x]!, list[y]!);
            if (checkDob && !dobCompatible(dobs[i]!, dobs[j]!)) continue;
            // Compared in a normal block anyway?
            if (firstShared(i, j) >= 0) continue;
            compared++;
            pairs++;
            onPair(i, j);
          }
        }
        report.oversized.push({ keyType: types[t]!.name, key: keyNames[t]![k]!, size: sz, compared });
      }
      if ((blocks & 4095) === 0) options.checkpoint?.(t, T);
    }
    options.checkpoint?.(t + 1, T);
    report.perKey.push({ keyType: types[t]!.name, blocks, pairs });
    report.candidates += pairs;
  }
  return report;
}
