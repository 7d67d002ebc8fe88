/**
 * Field comparisons the scorer builds its levels from: names (exact, spelling variant,
 * partly equal, similar, one typing error), digit strings one typed digit apart, and how
 * often IDs are one digit apart by chance.
 */
import { digitsNear, spellingVariant } from './normalise';
import type { UserRecord } from './records';
import { jaroWinkler } from './similarity';

export type NameLevel = 'exact' | 'variant' | 'partial' | 'high' | 'medium' | 'differ' | 'missing';

export interface NameComparison {
  level: NameLevel;
  similarity: number;
}

const MISSING: NameComparison = { level: 'missing', similarity: 0 };
const EXACT: NameComparison = { level: 'exact', similarity: 1 };

export function compareNames(aKey: string, aTokens: string[], bKey: string, bTokens: string[], aVariant?: string, bVariant?: string): NameComparison {
  if (!aKey || !bKey) return MISSING;
  if (aKey === bKey) return EXACT;
  return compareDifferentNames(aKey, aTokens, bKey, bTokens, aVariant, bVariant);
}

/** Name pairs one cache keeps at most (about 100 MB), and per name. */
const NAME_PAIR_BUDGET = 1_000_000;
const NAME_PAIRS_PER_NAME = 4096;

/**
 * compareNames with a memory: two differing names are compared once per pair of token
 * lists (a name's key and variant follow from its tokens). A million company users hold a
 * few thousand names; their 7 million compared pairs needed 0.11 M comparisons and hit the
 * cache 9.7 M times. Keyed by the list objects (interned per scan), so lists that are not
 * interned only miss. Bounded, for populations of unique misspellings that would fill it
 * for nothing. The result objects are shared: never changed.
 */
export class NameComparisons {
  private readonly pairs = new WeakMap<string[], Map<string[], NameComparison>>();
  private room: number;

  constructor(budget = NAME_PAIR_BUDGET) {
    this.room = budget;
  }

  compare(aKey: string, aTokens: string[], bKey: string, bTokens: string[], aVariant?: string, bVariant?: string): NameComparison {
    if (!aKey || !bKey) return MISSING;
    if (aKey === bKey) return EXACT;
    let known = this.pairs.get(aTokens);
    const hit = known?.get(bTokens);
    if (hit !== undefined) return hit;
    const c = compareDifferentNames(aKey, aTokens, bKey, bTokens, aVariant, bVariant);
    if (this.room > 0 && (known?.size ?? 0) < NAME_PAIRS_PER_NAME) {
      if (!known) this.pairs.set(aTokens, (known = new Map()));
      known.set(bTokens, c);
      this.room--;
    }
    return c;
  }
}

function compareDifferentNames(aKey: string, aTokens: string[], bKey: string, bTokens: string[], aVariant?: string, bVariant?: string): NameComparison {
  if ((aVariant ?? spellingVariant(aKey)) === (bVariant ?? spellingVariant(bKey))) return { level: 'variant', similarity: jaroWinkler(aKey, bKey) };
  const sim = jaroWinkler(aKey, bKey);
  if (aTokens.length !== bTokens.length && aTokens.length > 0 && bTokens.length > 0) {
    const [short, long] = aTokens.length < bTokens.length ? [aTokens, bTokens] : [bTokens, aTokens];
    if (short.every((t) => long.includes(t))) return { level: 'partial', similarity: sim };
  }
  if (sim >= 0.93) return { level: 'high', similarity: sim };
  // One typing error (a letter wrong, missing or extra, or two letters swapped) in a name of
  // four or more letters: Jaro-Winkler punishes it hard in short names ("lynn" / "lymn").
  if (oneTypo(aKey, bKey)) return { level: 'high', similarity: sim };
  if (sim >= 0.87) return { level: 'medium', similarity: sim };
  return { level: 'differ', similarity: sim };
}

/**
 * True when two different strings, the longer with at least four letters, are one typing
 * error apart: one letter replaced, inserted or deleted, or two adjacent letters swapped
 * (Damerau distance 1).
 */
export function oneTypo(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (a === b || Math.max(la, lb) < 4 || Math.abs(la - lb) > 1) return false;
  // Compared in place (no substrings: this runs for every differing attribute of millions of pairs).
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // Replaced letter, or swapped neighbours.
    if (sameFrom(a, i + 1, b, i + 1)) return true;
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameFrom(a, i + 2, b, i + 2);
  }
  // One letter more in the longer string.
  return la > lb ? sameFrom(a, i + 1, b, i) : sameFrom(a, i, b, i + 1);
}

/** a from index x on equals b from index y on. */
function sameFrom(a: string, x: number, b: string, y: number): boolean {
  if (a.length - x !== b.length - y) return false;
  for (; x < a.length; x++, y++) if (a.charCodeAt(x) !== b.charCodeAt(y)) return false;
  return true;
}

/**
 * Two digit strings of one length (at least minLength) that differ in one digit or by two
 * adjacent digits swapped: a typing error in an ID or phone number.
 */
export function digitsApart(a: string, b: string, minLength: number): boolean {
  if (a.length !== b.length || a.length < minLength || a === b) return false;
  let first = -1;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      if (count === 0) first = i;
      count++;
      if (count > 2) return false;
    }
  }
  if (count === 1) return true;
  return count === 2 && a[first] === b[first + 1] && a[first + 1] === b[first];
}

/**
 * Share of pairs of distinct IDs that are one digit apart (one replaced or two adjacent
 * swapped), counted exactly for up to ONE_DIGIT_SAMPLE evenly spread IDs by looking up
 * every one-digit neighbour. Smoothed towards 1 in 2,000 with 200 pseudo-pairs.
 */
// Each sampled ID costs ~70 lookups; 5,000 IDs (~0.35 M lookups, not 1.4 M) already
// count thousands of neighbours under sequential numbering and tell it from random IDs.
const ONE_DIGIT_SAMPLE = 5_000;

export function oneDigitRate(set: ReadonlySet<string>): number {
  const step = Math.max(1, Math.floor(set.size / ONE_DIGIT_SAMPLE));
  let near = 0;
  let looked = 0;
  let k = 0;
  for (const id of set) {
    if (k++ % step) continue;
    looked++;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c < 48 || c > 57) continue;
      for (let d = 48; d <= 57; d++) if (d !== c && set.has(id.slice(0, i) + String.fromCharCode(d) + id.slice(i + 1))) near++;
      if (i + 1 < id.length && id[i] !== id[i + 1] && set.has(id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2))) near++;
    }
  }
  const pairs = looked * Math.max(0, set.size - 1);
  return (near + 200 * 0.0005) / (pairs + 200);
}

/** A name comparison that agrees well (exact, one spelling, similar) or at least fairly (also medium): the test for swapped names. */
export const goodName = (c: NameComparison) => c.level === 'exact' || c.level === 'variant' || c.level === 'high';
export const fairName = (c: NameComparison) => goodName(c) || c.level === 'medium';

/** Two different employee IDs of one length, one typed digit apart (digitsApart), by value where both are short numbers (see UserRecord.employeeNum). */
export function idsNear(a: UserRecord, b: UserRecord): boolean {
  if (a.employeeLen < 4 || a.employeeLen !== b.employeeLen) return false;
  return a.employeeNum >= 0 && b.employeeNum >= 0 ? digitsNear(a.employeeNum, b.employeeNum) : digitsApart(a.employeeId!, b.employeeId!, 4);
}
