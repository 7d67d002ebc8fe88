/**
 * String similarity and phonetic codes, from well-kept libraries:
 *
 * - `talisman` (metrics/jaro-winkler, phonetics/german/cologne): the reference
 *   Jaro-Winkler (Winkler 1990) and Kölner Phonetik (Postel 1969) implementations of a
 *   maintained fuzzy-matching toolkit; Cologne phonetics suits German names.
 * - `double-metaphone` (wooorm): Double Metaphone for English and other names.
 * - `fastest-levenshtein`: the fastest Myers bit-vector edit distance for JavaScript.
 *
 * Codes are cached per distinct input: a million users carry only tens of thousands of
 * distinct names.
 */
import jaroWinklerImpl from 'talisman/metrics/jaro-winkler.js';
import cologneImpl from 'talisman/phonetics/german/cologne.js';
import { doubleMetaphone } from 'double-metaphone';
import { distance } from 'fastest-levenshtein';

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  return jaroWinklerImpl(a, b);
}

export function editDistance(a: string, b: string): number {
  return distance(a, b);
}

/** 1 - edit distance / longer length: 1 for equal, 0 for nothing in common. */
export function editSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - distance(a, b) / n;
}

const cologneCache = new Map<string, string>();
const metaphoneCache = new Map<string, string>();
const CACHE_LIMIT = 500_000;

/** Kölner Phonetik code of a folded name token ('' for none). */
export function cologne(token: string): string {
  if (!token) return '';
  let c = cologneCache.get(token);
  if (c === undefined) {
    c = cologneImpl(token);
    if (cologneCache.size > CACHE_LIMIT) cologneCache.clear();
    cologneCache.set(token, c);
  }
  return c;
}

/** Primary Double Metaphone code of a folded name token ('' for none). */
export function metaphone(token: string): string {
  if (!token) return '';
  let c = metaphoneCache.get(token);
  if (c === undefined) {
    c = doubleMetaphone(token)[0];
    if (metaphoneCache.size > CACHE_LIMIT) metaphoneCache.clear();
    metaphoneCache.set(token, c);
  }
  return c;
}
