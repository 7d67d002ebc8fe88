import crypto from 'node:crypto';

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return canonicalText(value);
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

/**
 * The plan's hash, and its records as JSON in UTF-8 (kept for the run's details, so the heavy
 * part of the plan is written and encoded once). The hash covers the plan's content: its
 * small parts as canonical JSON (settings and options may come in any key order), then the
 * records as plain JSON, whose key order is the code's own (makeRecord) and the mapping's
 * column order, the same in every planning of the same data. Sorting the keys of ~30,000
 * records and their row images cost twice what the records' native JSON does.
 */
export function planHash(content: { records: readonly unknown[] } & Record<string, unknown>): { hash: string; recordsJson: Buffer } {
  const { records, ...rest } = content;
  const recordsJson = Buffer.from(JSON.stringify(records), 'utf8');
  const hash = crypto.createHash('sha256').update(canonicalText(rest)).update('\n').update(recordsJson).digest('hex');
  return { hash, recordsJson };
}

/**
 * The JSON (UTF-8) of an object with a member `records` whose JSON is already made: the same
 * value JSON.parse gives back as JSON.stringify({ ...rest, records }), without writing the records again.
 */
export function jsonWithRecords(rest: Record<string, unknown>, recordsJson: Buffer): Buffer {
  const head = JSON.stringify({ ...rest, records: undefined });
  const open = head === '{}' ? '{"records":' : `${head.slice(0, -1)},"records":`;
  return Buffer.concat([Buffer.from(open, 'utf8'), recordsJson, Buffer.from('}')]);
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}
