/**
 * Blocking: instead of comparing every pair, users are grouped by cheap keys (see
 * blocking-keys.ts) and only users sharing a key are compared. A pair is compared once,
 * under the first key it shares.
 *
 * Oversized blocks (common names, junk identifiers) are not dropped. Name blocks are split
 * by birth date and further evidence (oversized.ts: no pair a threshold could accept is
 * lost); identifier blocks (one e-mail address on hundreds of accounts) are sorted by name
 * and birth date and each user is compared with its `window` nearest neighbours (sorted
 * neighbourhood). Every oversized block is reported, how it was split, and the pairs
 * compared in it.
 */
import { dobCompatible, KEY_TYPES, KeyCodes, SLOTS, type BlockingKeyType } from './blocking-keys';
import { KeyTable } from './key-table';
import { OversizedSplitter } from './oversized';
import type { UserRecord } from './records';

export { dobCompatible, KEY_TYPES, KeyCodes, type BlockingKeyType };

export interface BlockingOptions {
  /** Blocks larger than this are split (name keys) or compared by sorted neighbourhood. */
  maxBlock?: number;
  /** Neighbours each user is compared with inside an oversized identifier block. */
  window?: number;
  keyTypes?: BlockingKeyType[];
  /** Called between blocks of work; throw to stop. */
  checkpoint?: (done: number, total: number) => void;
}

export interface OversizedBlock {
  keyType: string;
  key: string;
  size: number;
  /** 'split': by birth date and evidence, nothing a threshold could accept lost; 'window': sorted neighbourhood (capped). */
  method: 'split' | 'window';
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
/** Evidence shared by more than this share of all users does not split a name block (a city, a department). */
const EVIDENCE_SHARE = 0.01;

/** Key ids per user and slot (ascending, -1 after the last), block sizes, and where each key was first seen (user · 32 + position). */
function keyIdsOf(records: UserRecord[], type: BlockingKeyType, S: number, codes: KeyCodes): { ids: Int32Array; size: Int32Array; firstSeen: number[] } {
  const n = records.length;
  const ids = new Int32Array(n * S).fill(-1);
  const table = new KeyTable(n);
  const words = new Map<string, number>();
  const firstSeen: number[] = [];
  for (let i = 0; i < n; i++) {
    const ks: (number | string | undefined)[] = type.codes ? type.codes(records[i]!, codes) : type.keys(records[i]!);
    let slot = 0;
    for (let s = 0; s < ks.length && slot < S; s++) {
      const k = ks[s];
      if (k === undefined || k === '') continue;
      let id: number;
      if (typeof k === 'number') id = table.id(k);
      else {
        const hit = words.get(k);
        id = hit ?? firstSeen.length;
        if (hit === undefined) words.set(k, id);
      }
      if (id === firstSeen.length) firstSeen.push(i * 32 + s);
      // Kept in ascending order (insertion), so firstShared intersects two users' keys in one pass.
      let q = slot;
      const o = i * S;
      while (q > 0 && ids[o + q - 1]! > id) q--;
      if (q > 0 && ids[o + q - 1] === id) continue;
      for (let r = slot; r > q; r--) ids[o + r] = ids[o + r - 1]!;
      ids[o + q] = id;
      slot++;
    }
  }
  const size = new Int32Array(firstSeen.length);
  for (let x = 0; x < ids.length; x++) if (ids[x]! >= 0) size[ids[x]!]!++;
  return { ids, size, firstSeen };
}

/**
 * Calls `onPair(i, j)` (i < j, record indexes) once for every candidate pair.
 */
export function forEachCandidatePair(records: UserRecord[], onPair: (i: number, j: number) => void, options: BlockingOptions = {}): BlockingReport {
  const maxBlock = options.maxBlock ?? DEFAULT_MAX_BLOCK;
  const window = options.window ?? DEFAULT_WINDOW;
  const types = options.keyTypes ?? KEY_TYPES;
  const n = records.length;
  const T = types.length;
  const codes = new KeyCodes();

  // Phase 1: key ids per type and slot; block sizes.
  const slotsOf = types.map((t) => t.slots ?? SLOTS);
  const keyIds: Int32Array[] = [];
  const sizes: Int32Array[] = [];
  const firstSeen: number[][] = [];
  for (let t = 0; t < T; t++) {
    const k = keyIdsOf(records, types[t]!, slotsOf[t]!, codes);
    keyIds.push(k.ids);
    sizes.push(k.size);
    firstSeen.push(k.firstSeen);
    options.checkpoint?.(0, T);
  }
  const keyName = (t: number, k: number) => {
    const at = firstSeen[t]![k]!;
    return types[t]!.keys(records[Math.floor(at / 32)]!)[at % 32] ?? '';
  };

  /**
   * The first key (type, id) two users share, as t · 2^31 + id, -1 if none: among
   * normal-sized keys (oversized false), or among the oversized keys of name types (true).
   */
  const firstShared = (i: number, j: number, oversized: boolean): number => {
    for (let t = 0; t < T; t++) {
      if (oversized && !types[t]!.dobCompatible) continue;
      const ids = keyIds[t]!;
      const size = sizes[t]!;
      const S = slotsOf[t]!;
      // Both key lists are ascending (-1 after the last): the first common key is the smallest.
      let s = i * S;
      let u = j * S;
      const es = s + S;
      const eu = u + S;
      while (s < es && u < eu) {
        const a = ids[s]!;
        const b = ids[u]!;
        if (a < 0 || b < 0) break;
        if (a === b) {
          if (size[a]! > maxBlock === oversized) return t * 2 ** 31 + a;
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
  let splitter: OversizedSplitter | undefined;
  const split = () => (splitter ??= new OversizedSplitter(records, dobs, Math.max(maxBlock, EVIDENCE_SHARE * n)));
  /** Pairs compared in windows (two junk identifiers can share many). */
  const windowed = new Set<number>();

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
      const tag = t * 2 ** 31 + k;
      if (sz <= maxBlock) {
        for (let x = from; x < to; x++) {
          const i = members[x]!;
          const di = dobs[i]!;
          for (let y = x + 1; y < to; y++) {
            const j = members[y]!;
            if (checkDob && !dobCompatible(di, dobs[j]!)) continue;
            if (firstShared(i, j, false) !== tag) continue;
            pairs++;
            onPair(i, j);
          }
        }
      } else if (checkDob) {
        let compared = 0;
        split().forEachPair(members.subarray(from, to), (i, j) => {
          // Compared in a normal block, or in an earlier oversized name block?
          if (firstShared(i, j, false) >= 0 || firstShared(i, j, true) !== tag) return;
          compared++;
          onPair(i, j);
        });
        pairs += compared;
        report.oversized.push({ keyType: types[t]!.name, key: keyName(t, k), size: sz, method: 'split', compared });
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
            // Compared in a normal block, in a split name block, or in another window?
            if (firstShared(i, j, false) >= 0) continue;
            if (firstShared(i, j, true) >= 0 && split().wanted(i, j)) continue;
            const code = i * n + j;
            if (windowed.has(code)) continue;
            windowed.add(code);
            compared++;
            onPair(i, j);
          }
        }
        pairs += compared;
        report.oversized.push({ keyType: types[t]!.name, key: keyName(t, k), size: sz, method: 'window', compared });
      }
      if ((blocks & 1023) === 0) options.checkpoint?.(t, T);
    }
    options.checkpoint?.(t + 1, T);
    report.perKey.push({ keyType: types[t]!.name, blocks, pairs });
    report.candidates += pairs;
  }
  return report;
}
