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
 *
 * The work is cut into units (runs of blocks of about equal size, fixed by the data): the
 * progress and the cancel checkpoints come at even steps, and any unit can be run alone
 * with the same pairs in the same order (a second thread taking units was built and
 * measured, and lost: see docs/architecture.md). The windowed blocks form the last unit:
 * two junk identifiers can share a pair, and one unit keeps it compared once.
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

/** What one unit of work found: pairs per key type, and its oversized blocks. */
export interface UnitReport {
  pairs: number[];
  oversized: OversizedBlock[];
}

export const DEFAULT_MAX_BLOCK = 200;
export const DEFAULT_WINDOW = 20;
/** Evidence shared by more than this share of all users does not split a name block (a city, a department). */
const EVIDENCE_SHARE = 0.01;
/** Units of work per blocking run (fewer where there is little work). */
const UNITS = 256;
/** Pairs a split block is counted as per member when units are cut (it compares only near birth dates). */
const SPLIT_COST_PER_MEMBER = 16;

/** Key ids per user and slot (ascending, -1 after the last), block sizes, and where each key was first seen (user · 32 + position). */
function keyIdsOf(records: UserRecord[], type: BlockingKeyType, S: number, codes: KeyCodes, scratch: KeyScratch): { ids: Int32Array; size: Int32Array; firstSeen: number[] } {
  const n = records.length;
  if (scratch.ids.length < n * S) scratch.ids = new Int32Array(n * S);
  const ids = scratch.ids.subarray(0, n * S).fill(-1);
  const table = scratch.table;
  table.clear();
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

/** Buffers keyIdsOf reuses from one key type to the next (its ids are copied out before the next type). */
interface KeyScratch {
  table: KeyTable;
  ids: Int32Array;
}

/** A unit: blocks from..to (exclusive) of one key type; type −1 is the windowed blocks. */
interface Unit {
  type: number;
  from: number;
  to: number;
}

/**
 * The keys of a blocking run and its units of work. Built the same from the same users in
 * any thread (nothing in it depends on timing).
 */
export class BlockingPlan {
  readonly units: Unit[] = [];
  private readonly n: number;
  private readonly maxBlock: number;
  private readonly window: number;
  private readonly types: BlockingKeyType[];
  private readonly slotsOf: number[];
  /** Where each type's slots start in a user's row of `keys`. */
  private readonly slotOffset: number[] = [];
  /** Slots per user over all types. */
  private readonly stride: number;
  /**
   * Every user's keys in one row (type by type, each type's ids ascending, -1 after the
   * last), each as id · 2 + 1 when its block is oversized: the pair loop's test of which
   * key two users share first reads two rows, not two slots in each of ten arrays (at a
   * million users those were cache misses that cost more than the comparison).
   */
  private readonly keys: Int32Array;
  private readonly sizes: Int32Array[] = [];
  private readonly firstSeen: number[][] = [];
  private readonly blockCounts: number[] = [];
  /** Oversized blocks of types without dobCompatible (compared by window), as [type, key]. */
  private readonly windowBlocks: [number, number][] = [];
  private readonly dobs: Int32Array;
  private splitter: OversizedSplitter | undefined;
  /** Members per key (CSR) of the key type last worked on: units come in ascending order per thread. */
  private csr: { type: number; start: Int32Array; members: Int32Array } | undefined;
  private readonly csrBuffers = { start: new Int32Array(0), fill: new Int32Array(0), members: new Int32Array(0) };

  constructor(
    private readonly records: UserRecord[],
    options: BlockingOptions = {},
  ) {
    this.maxBlock = options.maxBlock ?? DEFAULT_MAX_BLOCK;
    this.window = options.window ?? DEFAULT_WINDOW;
    this.types = options.keyTypes ?? KEY_TYPES;
    this.n = records.length;
    const codes = new KeyCodes();
    this.slotsOf = this.types.map((t) => t.slots ?? SLOTS);
    let stride = 0;
    for (const S of this.slotsOf) {
      this.slotOffset.push(stride);
      stride += S;
    }
    this.stride = stride;
    this.keys = new Int32Array(this.n * stride);
    const scratch: KeyScratch = { table: new KeyTable(this.n), ids: new Int32Array(0) };
    for (let t = 0; t < this.types.length; t++) {
      const S = this.slotsOf[t]!;
      const k = keyIdsOf(records, this.types[t]!, S, codes, scratch);
      this.sizes.push(k.size);
      this.firstSeen.push(k.firstSeen);
      const off = this.slotOffset[t]!;
      for (let i = 0; i < this.n; i++) {
        for (let s = 0; s < S; s++) {
          const id = k.ids[i * S + s]!;
          this.keys[i * stride + off + s] = id < 0 ? -1 : id * 2 + (k.size[id]! > this.maxBlock ? 1 : 0);
        }
      }
      options.checkpoint?.(0, this.types.length);
    }
    this.dobs = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) this.dobs[i] = records[i]!.dob;
    this.cutUnits();
  }

  private cutUnits(): void {
    let total = 0;
    for (let t = 0; t < this.types.length; t++) {
      const size = this.sizes[t]!;
      const splits = this.types[t]!.dobCompatible === true;
      let blocks = 0;
      for (let k = 0; k < size.length; k++) {
        const sz = size[k]!;
        if (sz < 2) continue;
        blocks++;
        if (sz > this.maxBlock && !splits) this.windowBlocks.push([t, k]);
        else total += sz <= this.maxBlock ? (sz * (sz - 1)) / 2 : sz * SPLIT_COST_PER_MEMBER;
      }
      this.blockCounts.push(blocks);
    }
    const target = Math.max(1, total / UNITS);
    for (let t = 0; t < this.types.length; t++) {
      const size = this.sizes[t]!;
      const splits = this.types[t]!.dobCompatible === true;
      let from = 0;
      let acc = 0;
      for (let k = 0; k < size.length; k++) {
        const sz = size[k]!;
        if (sz < 2 || (sz > this.maxBlock && !splits)) continue;
        acc += sz <= this.maxBlock ? (sz * (sz - 1)) / 2 : sz * SPLIT_COST_PER_MEMBER;
        if (acc >= target) {
          this.units.push({ type: t, from, to: k + 1 });
          from = k + 1;
          acc = 0;
        }
      }
      if (from < size.length) this.units.push({ type: t, from, to: size.length });
    }
    if (this.windowBlocks.length) this.units.push({ type: -1, from: 0, to: this.windowBlocks.length });
  }

  private keyName(t: number, k: number): string {
    const at = this.firstSeen[t]![k]!;
    return this.types[t]!.keys(this.records[Math.floor(at / 32)]!)[at % 32] ?? '';
  }

  /**
   * The first key (type, id) two users share, as t · 2^31 + id, -1 if none: among
   * normal-sized keys (oversized false), or among the oversized keys of name types (true).
   * With `tag` (oversized only), also -1 when they share a normal block, and the pass stops
   * at the first oversized key other than `tag`: the caller only asks "is it tag?" (every
   * pair an oversized block gives, millions; half of them met in an earlier block already).
   */
  private firstShared(i: number, j: number, oversized: boolean, tag = -1): number {
    const T = this.types.length;
    const keys = this.keys;
    const exclusive = oversized && tag >= 0;
    let first = -1;
    for (let t = 0; t < T; t++) {
      const splits = this.types[t]!.dobCompatible === true;
      if (oversized && !splits && !exclusive) continue;
      const S = this.slotsOf[t]!;
      // Both key lists are ascending (-1 after the last): the first common key is the smallest.
      let s = i * this.stride + this.slotOffset[t]!;
      let u = j * this.stride + this.slotOffset[t]!;
      const es = s + S;
      const eu = u + S;
      while (s < es && u < eu) {
        const a = keys[s]!;
        const b = keys[u]!;
        if (a < 0 || b < 0) break;
        if (a === b) {
          if ((a & 1) === 0) {
            if (!oversized) return t * 2 ** 31 + (a >> 1);
            if (exclusive) return -1;
          } else if (oversized && splits && first < 0) {
            first = t * 2 ** 31 + (a >> 1);
            if (first !== tag) return first;
          }
          s++;
          u++;
        } else if (a < b) s++;
        else u++;
      }
    }
    return first;
  }

  private split(): OversizedSplitter {
    return (this.splitter ??= new OversizedSplitter(this.records, this.dobs, Math.max(this.maxBlock, EVIDENCE_SHARE * this.n)));
  }

  private membersOf(t: number): { start: Int32Array; members: Int32Array } {
    if (this.csr?.type === t) return this.csr;
    const keys = this.keys;
    const size = this.sizes[t]!;
    const S = this.slotsOf[t]!;
    const off = this.slotOffset[t]!;
    // The buffers of the previous type are reused (see KeyScratch): views, never kept past the next type.
    const buf = this.csrBuffers;
    if (buf.start.length < size.length + 1) {
      buf.start = new Int32Array(size.length + 1);
      buf.fill = new Int32Array(size.length + 1);
    }
    const start = buf.start.subarray(0, size.length + 1);
    start[0] = 0;
    for (let k = 0; k < size.length; k++) start[k + 1] = start[k]! + (size[k]! >= 2 ? size[k]! : 0);
    const fill = buf.fill;
    fill.set(start.subarray(0, size.length));
    if (buf.members.length < start[size.length]!) buf.members = new Int32Array(start[size.length]!);
    const members = buf.members.subarray(0, start[size.length]!);
    for (let i = 0; i < this.n; i++) {
      for (let s = 0; s < S; s++) {
        const x = keys[i * this.stride + off + s]!;
        if (x < 0) break;
        const k = x >> 1;
        if (size[k]! >= 2) members[fill[k]!++] = i;
      }
    }
    this.csr = { type: t, start, members };
    return this.csr;
  }

  /** A fresh report for one unit. */
  unitReport(): UnitReport {
    return { pairs: this.types.map(() => 0), oversized: [] };
  }

  /** Calls onPair(i, j) (i < j) for every candidate pair of unit `u`, in a fixed order. */
  runUnit(u: number, onPair: (i: number, j: number) => void, out: UnitReport, checkpoint?: () => void): void {
    const unit = this.units[u]!;
    if (unit.type < 0) return this.runWindows(onPair, out);
    const t = unit.type;
    const size = this.sizes[t]!;
    const checkDob = this.types[t]!.dobCompatible === true;
    const accept = this.types[t]!.accept;
    const records = this.records;
    const { start, members } = this.membersOf(t);
    let pairs = 0;
    let seen = 0;
    for (let k = unit.from; k < unit.to; k++) {
      const sz = size[k]!;
      if (sz < 2) continue;
      const from = start[k]!;
      const to = start[k + 1]!;
      const tag = t * 2 ** 31 + k;
      if (sz <= this.maxBlock) {
        for (let x = from; x < to; x++) {
          const i = members[x]!;
          const di = this.dobs[i]!;
          for (let y = x + 1; y < to; y++) {
            const j = members[y]!;
            if (checkDob && !dobCompatible(di, this.dobs[j]!)) continue;
            if (accept && !accept(records[i]!, records[j]!)) continue;
            if (this.firstShared(i, j, false) !== tag) continue;
            pairs++;
            onPair(i, j);
          }
        }
      } else if (checkDob) {
        let compared = 0;
        this.split().forEachPair(members.subarray(from, to), (i, j) => {
          // Compared in a normal block, or in an earlier oversized name block?
          if (this.firstShared(i, j, true, tag) !== tag) return;
          compared++;
          onPair(i, j);
        });
        pairs += compared;
        out.oversized.push({ keyType: this.types[t]!.name, key: this.keyName(t, k), size: sz, method: 'split', compared });
      } else continue;
      if ((++seen & 1023) === 0) checkpoint?.();
    }
    out.pairs[t] = out.pairs[t]! + pairs;
  }

  /** The oversized identifier blocks, each user with its `window` nearest by name and birth date. */
  private runWindows(onPair: (i: number, j: number) => void, out: UnitReport): void {
    const sortKey = (r: UserRecord) => `${r.last} ${r.first} ${r.dob}`;
    /** Pairs compared in windows (two junk identifiers can share many). */
    const windowed = new Set<number>();
    for (const [t, k] of this.windowBlocks) {
      const accept = this.types[t]!.accept;
      const { start, members } = this.membersOf(t);
      const list = Array.from(members.subarray(start[k]!, start[k + 1]!));
      const keys = new Map(list.map((i) => [i, sortKey(this.records[i]!)]));
      list.sort((x, y) => {
        const a = keys.get(x)!;
        const b = keys.get(y)!;
        return a < b ? -1 : a > b ? 1 : x - y;
      });
      let compared = 0;
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < Math.min(list.length, x + 1 + this.window); y++) {
          const i = Math.min(list[x]!, list[y]!);
          const j = Math.max(list[x]!, list[y]!);
          if (accept && !accept(this.records[i]!, this.records[j]!)) continue;
          // Compared in a normal block, in a split name block, or in another window?
          if (this.firstShared(i, j, false) >= 0) continue;
          if (this.firstShared(i, j, true) >= 0 && this.split().wanted(i, j)) continue;
          const code = i * this.n + j;
          if (windowed.has(code)) continue;
          windowed.add(code);
          compared++;
          onPair(i, j);
        }
      }
      out.pairs[t] = out.pairs[t]! + compared;
      out.oversized.push({ keyType: this.types[t]!.name, key: this.keyName(t, k), size: list.length, method: 'window', compared });
    }
  }

  /** The whole run's report from its units' reports (in unit order). */
  report(units: UnitReport[]): BlockingReport {
    const report: BlockingReport = { candidates: 0, perKey: [], oversized: [] };
    this.types.forEach((type, t) => {
      const pairs = units.reduce((s, u) => s + u.pairs[t]!, 0);
      report.perKey.push({ keyType: type.name, blocks: this.blockCounts[t]!, pairs });
      report.candidates += pairs;
    });
    for (const u of units) report.oversized.push(...u.oversized);
    return report;
  }
}

/**
 * Calls `onPair(i, j)` (i < j, record indexes) once for every candidate pair.
 */
export function forEachCandidatePair(records: UserRecord[], onPair: (i: number, j: number) => void, options: BlockingOptions = {}): BlockingReport {
  const plan = new BlockingPlan(records, options);
  const reports: UnitReport[] = [];
  for (let u = 0; u < plan.units.length; u++) {
    const out = plan.unitReport();
    plan.runUnit(u, onPair, out, () => options.checkpoint?.(u, plan.units.length));
    reports.push(out);
    options.checkpoint?.(u + 1, plan.units.length);
  }
  return plan.report(reports);
}
