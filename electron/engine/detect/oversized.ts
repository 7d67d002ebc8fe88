/**
 * Oversized name blocks (a common name: thousands of "Anna Müller" among a million users)
 * split by a secondary key instead of a sorted window, so that no duplicate is lost
 * because its name is common. In a name block two users are compared only when their
 * birth dates do not rule it out (see dobCompatible); that rule itself is the split:
 *
 *  - both have a birth date: every pair whose dates are equal or one typing error apart
 *    (a digit wrong, two neighbouring digits swapped, day and month swapped). Each
 *    distinct date gets 16 neighbour keys (the date with one digit position blanked, with
 *    two neighbouring digits sorted, with day and month sorted); two distinct dates share
 *    exactly one of them when they are one such error apart, and none otherwise. Exact.
 *  - one has no birth date: every pair that shares some further evidence, an org unit,
 *    phone number, employee ID or user attribute value that is not common itself (at most
 *    `limit` users have it). A pair that shares nothing but a common name cannot reach
 *    any threshold: a common name alone is no evidence.
 *
 * The rule does not depend on the block, so a pair in several oversized blocks is
 * compared under the first of them only.
 */
import { hashString, KeyTable } from './key-table';
import { birthDatesNear } from './normalise';
import type { UserRecord } from './records';

const DOB_KEYS = 16;
const EVIDENCE_SLOTS = 9;

export class OversizedSplitter {
  /** Per user: index of its birth date among the distinct ones, -1 when missing. */
  private readonly dobIndex: Int32Array;
  private readonly dobValues: number[] = [];
  /** DOB_KEYS neighbour key ids per distinct date (-1: none). */
  private readonly dobKeys: Int32Array;
  private readonly dobKeyCount: number;
  /** Per user: up to EVIDENCE_SLOTS evidence ids, ascending, -1 after the last. */
  private readonly evidence: Int32Array;
  private readonly evidenceCount: number;

  // Scratch space reused by every block (stamps instead of clearing).
  private block = 0;
  private readonly valueStamp: Int32Array;
  private readonly valueHead: Int32Array;
  private readonly keyStamp: Int32Array;
  private readonly keyHead: Int32Array;
  private readonly evStamp: Int32Array;
  private readonly evHead: Int32Array;
  /** The same lists with only the members that have no birth date. */
  private readonly evHeadNoDob: Int32Array;
  private next = new Int32Array(1024);
  private item = new Int32Array(1024);

  constructor(
    records: UserRecord[],
    private readonly dobs: Int32Array,
    limit: number,
  ) {
    const n = records.length;
    this.dobIndex = new Int32Array(n).fill(-1);
    const dates = new KeyTable(1 << 15);
    for (let i = 0; i < n; i++) {
      const d = dobs[i]!;
      if (!d) continue;
      const x = dates.id(d);
      if (x === this.dobValues.length) this.dobValues.push(d);
      this.dobIndex[i] = x;
    }
    const D = this.dobValues.length;
    this.dobKeys = new Int32Array(D * DOB_KEYS).fill(-1);
    const keys = new KeyTable(1 << 16);
    for (let x = 0; x < D; x++) {
      const v = this.dobValues[x]!;
      const digits: number[] = [];
      for (let p = 0, w = v; p < 8; p++, w = Math.floor(w / 10)) digits.push(w % 10); // least significant first
      let slot = 0;
      for (let p = 0; p < 8; p++) this.dobKeys[x * DOB_KEYS + slot++] = keys.id((p + 1) * 1e9 + v - digits[p]! * 10 ** p);
      for (let p = 0; p < 7; p++) {
        const lo = Math.min(digits[p]!, digits[p + 1]!);
        const hi = Math.max(digits[p]!, digits[p + 1]!);
        const rest = v - digits[p]! * 10 ** p - digits[p + 1]! * 10 ** (p + 1);
        this.dobKeys[x * DOB_KEYS + slot++] = keys.id((p + 9) * 1e9 + rest + lo * 10 ** p + hi * 10 ** (p + 1));
      }
      const mm = Math.floor(v / 100) % 100;
      const dd = v % 100;
      if (mm !== dd) this.dobKeys[x * DOB_KEYS + slot] = keys.id(16e9 + Math.floor(v / 10000) * 10000 + Math.min(mm, dd) * 100 + Math.max(mm, dd));
    }
    this.dobKeyCount = keys.size;

    // Evidence ids: org unit, phone, employee ID, each attribute value; common ones dropped.
    const ev = new KeyTable(1 << 16);
    // Values by a 48-bit hash, not a Map of millions of strings: two values that share one
    // only make a pair "share evidence" that is compared in full.
    const sid = (s: string) => Math.floor(hashString(s) / 32);
    const raw = new Int32Array(n * EVIDENCE_SLOTS).fill(-1);
    for (let i = 0; i < n; i++) {
      const r = records[i]!;
      const o = i * EVIDENCE_SLOTS;
      if (r.orgUnitId) raw[o] = ev.id(r.orgUnitId * 16);
      if (r.phone) raw[o + 1] = ev.id(sid(r.phone) * 16 + 1);
      if (r.employeeId) raw[o + 2] = ev.id(sid(r.employeeId) * 16 + 2);
      for (let s = 0; s < r.attrs.length && s < EVIDENCE_SLOTS - 3; s++) if (r.attrs[s]) raw[o + 3 + s] = ev.id(sid(r.attrs[s]!) * 16 + 3 + s);
    }
    const count = new Int32Array(ev.size);
    for (let x = 0; x < raw.length; x++) if (raw[x]! >= 0) count[raw[x]!]!++;
    this.evidence = new Int32Array(n * EVIDENCE_SLOTS).fill(-1);
    for (let i = 0; i < n; i++) {
      const list: number[] = [];
      for (let s = 0; s < EVIDENCE_SLOTS; s++) {
        const e = raw[i * EVIDENCE_SLOTS + s]!;
        if (e >= 0 && count[e]! >= 2 && count[e]! <= limit) list.push(e);
      }
      list.sort((a, b) => a - b);
      for (let s = 0; s < list.length; s++) this.evidence[i * EVIDENCE_SLOTS + s] = list[s]!;
    }
    this.evidenceCount = ev.size;

    this.valueStamp = new Int32Array(D);
    this.valueHead = new Int32Array(D);
    this.keyStamp = new Int32Array(this.dobKeyCount);
    this.keyHead = new Int32Array(this.dobKeyCount);
    this.evStamp = new Int32Array(this.evidenceCount);
    this.evHead = new Int32Array(this.evidenceCount);
    this.evHeadNoDob = new Int32Array(this.evidenceCount);
  }

  /** The first evidence id two users share, -1 if none. */
  firstEvidence(i: number, j: number): number {
    const ev = this.evidence;
    let s = i * EVIDENCE_SLOTS;
    let u = j * EVIDENCE_SLOTS;
    const es = s + EVIDENCE_SLOTS;
    const eu = u + EVIDENCE_SLOTS;
    while (s < es && u < eu) {
      const a = ev[s]!;
      const b = ev[u]!;
      if (a < 0 || b < 0) return -1;
      if (a === b) return a;
      if (a < b) s++;
      else u++;
    }
    return -1;
  }

  /** The split's rule for one pair (the same in every block). */
  wanted(i: number, j: number): boolean {
    const a = this.dobs[i]!;
    const b = this.dobs[j]!;
    if (a && b) return a === b || birthDatesNear(a, b);
    return this.firstEvidence(i, j) >= 0;
  }

  private link(at: number, value: number): number {
    if (at >= this.next.length) {
      const grow = (x: Int32Array) => {
        const y = new Int32Array(x.length * 2);
        y.set(x);
        return y;
      };
      this.next = grow(this.next);
      this.item = grow(this.item);
    }
    this.item[at] = value;
    return at;
  }

  /** Calls emit(i, j) (i < j) for every wanted pair of the block's members (ascending user indexes). */
  forEachPair(members: Int32Array, emit: (i: number, j: number) => void): void {
    const stamp = ++this.block;
    let used = 0;
    // Members by birth date; the distinct dates in order of first sight.
    const values: number[] = [];
    for (let x = members.length - 1; x >= 0; x--) {
      const i = members[x]!;
      const v = this.dobIndex[i]!;
      if (v < 0) continue;
      if (this.valueStamp[v] !== stamp) {
        this.valueStamp[v] = stamp;
        this.valueHead[v] = -1;
        values.push(v);
      }
      const at = this.link(used++, i);
      this.next[at] = this.valueHead[v]!;
      this.valueHead[v] = at;
    }
    values.reverse();
    const cross = (u: number, v: number) => {
      for (let p = this.valueHead[u]!; p >= 0; p = this.next[p]!) {
        for (let q = this.valueHead[v]!; q >= 0; q = this.next[q]!) {
          const i = this.item[p]!;
          const j = this.item[q]!;
          emit(Math.min(i, j), Math.max(i, j));
        }
      }
    };
    // Same date: every pair.
    for (const v of values) {
      for (let p = this.valueHead[v]!; p >= 0; p = this.next[p]!) {
        for (let q = this.next[p]!; q >= 0; q = this.next[q]!) emit(this.item[p]!, this.item[q]!);
      }
    }
    // Dates one typing error apart: each pair of distinct dates meets under exactly one key.
    for (const v of values) {
      for (let s = 0; s < DOB_KEYS; s++) {
        const k = this.dobKeys[v * DOB_KEYS + s]!;
        if (k < 0) continue;
        if (this.keyStamp[k] !== stamp) {
          this.keyStamp[k] = stamp;
          this.keyHead[k] = -1;
        }
        for (let p = this.keyHead[k]!; p >= 0; p = this.next[p]!) {
          const u = this.item[p]!;
          if (birthDatesNear(this.dobValues[u]!, this.dobValues[v]!)) cross(u, v);
        }
        const at = this.link(used++, v);
        this.next[at] = this.keyHead[k]!;
        this.keyHead[k] = at;
      }
    }
    // A birth date missing on one side: pairs that share further evidence, once (under the first).
    for (let x = 0; x < members.length; x++) {
      const j = members[x]!;
      const dj = this.dobs[j]!;
      for (let s = 0; s < EVIDENCE_SLOTS; s++) {
        const e = this.evidence[j * EVIDENCE_SLOTS + s]!;
        if (e < 0) break;
        if (this.evStamp[e] !== stamp) {
          this.evStamp[e] = stamp;
          this.evHead[e] = -1;
          this.evHeadNoDob[e] = -1;
        }
        // A member with a birth date pairs only with the earlier ones without: their own
        // list, in the same order (walking everyone sharing a city was 60 M steps at 1M users).
        for (let p = dj === 0 ? this.evHead[e]! : this.evHeadNoDob[e]!; p >= 0; p = this.next[p]!) {
          const i = this.item[p]!;
          if (this.firstEvidence(i, j) === e) emit(i, j);
        }
        const at = this.link(used++, j);
        this.next[at] = this.evHead[e]!;
        this.evHead[e] = at;
        if (dj === 0) {
          const at0 = this.link(used++, j);
          this.next[at0] = this.evHeadNoDob[e]!;
          this.evHeadNoDob[e] = at0;
        }
      }
    }
  }
}
