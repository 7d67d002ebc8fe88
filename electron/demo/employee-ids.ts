import type { Rng } from './rng';

/**
 * Employee numbers: a different number for every record, 8 digits for client 1 and 6
 * (zero-padded) for client 2, in an order that looks random (a keyed Feistel permutation
 * with cycle walking, so numbers never repeat).
 */
export class EmployeeIds {
  private seq1 = 0;
  private seq2 = 0;
  private readonly keys: number[];
  constructor(rng: Rng) {
    this.keys = [rng.int(0, 0x7fffffff), rng.int(0, 0x7fffffff), rng.int(0, 0x7fffffff), rng.int(0, 0x7fffffff)];
  }
  private feistel(v: number, halfBits: number): number {
    const mask = (1 << halfBits) - 1;
    let l = Math.floor(v / (1 << halfBits)) & mask;
    let r = v & mask;
    for (const k of this.keys) {
      let f = Math.imul(r ^ k, 0x9e3779b1);
      f = (f ^ (f >>> 15)) & mask;
      [l, r] = [r, l ^ f];
    }
    return l * (1 << halfBits) + r;
  }
  private permute(i: number, size: number, halfBits: number): number {
    let v = this.feistel(i, halfBits);
    while (v >= size) v = this.feistel(v, halfBits);
    return v;
  }
  next(client: number): string {
    if (client === 1) return String(10_000_000 + this.permute(this.seq1++ % 90_000_000, 90_000_000, 14));
    return String(this.permute(this.seq2++ % 1_000_000, 1_000_000, 10)).padStart(6, '0');
  }
}
