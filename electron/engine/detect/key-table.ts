/**
 * Dense ids for blocking keys. Keys are numbers composed from small parts (a phonetic
 * code's id, a birth date, an org unit): a Map of strings built per user and key costs
 * more than the whole comparison at a million users (millions of short-lived strings,
 * each hashed). Numbers up to 2^53 are interned here without allocating: open
 * addressing over a Float64Array. Ids are handed out in order of first sight.
 */
export class KeyTable {
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  private static hash(key: number): number {
    // Mix the two 32-bit halves (keys above 2^32 differ mostly in the high part).
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** The id of `key` (an integer, 0 ≤ key < 2^53), new ids counting up from 0. */
  id(key: number): number {
    let slot = KeyTable.hash(key) & this.mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id < 0) break;
      if (this.keys[slot] === key) return id;
      slot = (slot + 1) & this.mask;
    }
    this.keys[slot] = key;
    this.ids[slot] = this.size;
    if (++this.size * 2 > this.mask) this.grow();
    return this.size - 1;
  }

  /** Forgets every key, keeping the capacity: one table serves every key type of a run (a new one each time was 24 MB outside the heap per type, and V8 answers such growth with full collections of the whole heap). */
  clear(): void {
    this.ids.fill(-1);
    this.size = 0;
  }

  private grow(): void {
    const keys = this.keys;
    const ids = this.ids;
    this.keys = new Float64Array(keys.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    this.mask = this.keys.length - 1;
    for (let s = 0; s < keys.length; s++) {
      if (ids[s]! < 0) continue;
      let slot = KeyTable.hash(keys[s]!) & this.mask;
      while (this.ids[slot]! >= 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = keys[s]!;
      this.ids[slot] = ids[s]!;
    }
  }
}

/**
 * A 53-bit hash of a string, for identifiers (e-mail addresses, logins, IDs): nearly one
 * per user, so a Map of them held millions of strings and cost seconds at a million
 * users. Two different identifiers share a hash with a chance of about n²/2^54 per run
 * (1 in 18,000 at a million); they then share a block, which only adds a comparison.
 */
export function hashString(s: string): number {
  let h1 = 0x811c9dc5 ^ s.length;
  let h2 = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h2 = Math.imul(h2 ^ (h1 >>> 7), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return (h2 >>> 11) * 4294967296 + (h1 >>> 0);
}

/** Dense ids for strings (phonetic codes, names), in order of first sight. */
export class StringIds {
  private readonly map = new Map<string, number>();
  id(s: string): number {
    let id = this.map.get(s);
    if (id === undefined) {
      id = this.map.size;
      this.map.set(s, id);
    }
    return id;
  }
}
