import crypto from 'node:crypto';

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return canonicalText(value);
}

/**
 * sha256 of canonicalJson(value), written straight into the hash in slices: a heavy plan's
 * canonical text is ~19 MB, and a sorted copy of the plan to stringify cost as much again
 * in allocations (garbage collection) as the text itself.
 */
export function canonicalHash(value: unknown): string {
  const digest = crypto.createHash('sha256');
  let pending = '';
  writeCanonical(value, (part) => {
    pending += part;
    if (pending.length >= 65_536) {
      digest.update(pending);
      pending = '';
    }
  });
  return digest.update(pending).digest('hex');
}

// Integer-like keys ("0", "17"): an object lists them first, in numeric order, whatever order
// they were added in, so JSON of an object with sorted keys shows them so. Kept, so that
// hashes recorded before stay the same.
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;
const isIndexKey = (k: string) => INDEX_KEY.test(k) && Number(k) < 4_294_967_295;

/** Strings JSON.stringify writes as they are between quotes (no quote, backslash, control character or surrogate). */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
const quoted = (s: string) => (PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));
/** Keys repeat in every record and row: each one's JSON is made once. */
const keyTexts = new Map<string, string>();
const keyText = (k: string) => {
  let t = keyTexts.get(k);
  if (t === undefined) {
    t = `${quoted(k)}:`;
    if (keyTexts.size < 10_000) keyTexts.set(k, t);
  }
  return t;
};

function orderedKeys(o: object): string[] {
  const keys = Object.keys(o).sort();
  const index = keys.filter(isIndexKey);
  return index.length ? [...index.sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndexKey(k))] : keys;
}

/** The member is left out of an object (JSON.stringify leaves out undefined, functions, symbols). */
const omitted = (x: unknown) => x === undefined || typeof x === 'function' || typeof x === 'symbol';

/**
 * What JSON.stringify writes for a copy of `v` with its object keys sorted (undefined members
 * left out, dates as ISO text), without that copy.
 */
function canonicalText(v: unknown): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return quoted(v);
    case 'number':
    case 'boolean':
      return JSON.stringify(v);
    case 'object':
      break;
    case 'bigint':
      // JSON.stringify throws on a bigint; so does the hash.
      return JSON.stringify(v);
    default:
      // undefined, functions, symbols: null in an array (objects leave them out before).
      return 'null';
  }
  if (v instanceof Date) return quoted(v.toISOString());
  if (Array.isArray(v)) {
    let text = '[';
    for (let i = 0; i < v.length; i++) text += i ? `,${canonicalText(v[i])}` : canonicalText(v[i]);
    return `${text}]`;
  }
  const o = v as Record<string, unknown>;
  let text = '{';
  for (const k of orderedKeys(o)) {
    const x = o[k];
    if (omitted(x)) continue;
    text += text.length > 1 ? `,${keyText(k)}${canonicalText(x)}` : `${keyText(k)}${canonicalText(x)}`;
  }
  return `${text}}`;
}

/** canonicalText in parts: the value's first two levels piece by piece, below them each member whole. */
function writeCanonical(v: unknown, out: (part: string) => void, depth = 0): void {
  if (depth >= 2 || v === null || typeof v !== 'object' || v instanceof Date) return out(canonicalText(v));
  if (Array.isArray(v)) {
    out('[');
    for (let i = 0; i < v.length; i++) {
      if (i) out(',');
      writeCanonical(v[i], out, depth + 1);
    }
    return out(']');
  }
  const o = v as Record<string, unknown>;
  out('{');
  let first = true;
  for (const k of orderedKeys(o)) {
    const x = o[k];
    if (omitted(x)) continue;
    out(first ? keyText(k) : `,${keyText(k)}`);
    first = false;
    writeCanonical(x, out, depth + 1);
  }
  out('}');
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}
