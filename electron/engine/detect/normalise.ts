/**
 * Normalisation of the fields duplicate detection compares. Pure functions, no I/O.
 *
 * Rules: case and white-space folding; German umlauts and ß transliterated (Müller =
 * Mueller, Straße = Strasse); other accents folded (José = Jose); names split into tokens
 * with titles dropped; e-mail addresses in a canonical form plus their local part;
 * employee IDs and phone numbers reduced to digits; dates checked (a real calendar date
 * in a plausible range, placeholders such as 1900-01-01 count as missing).
 */

const TRANSLITERATION: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'oe',
  å: 'aa',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const TRANSLITERATE_RE = /[äöüßẞæœøåłđðþı]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_ASCII = /[^\x00-\x7f]/;
/** Already folded: letters and digits in single-space-separated words. */
const PLAIN = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

/** Lower case, umlauts and ß transliterated, accents folded, anything else but letters and digits to one space. */
export function foldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = String(value).toLowerCase();
  // Most values are plain ASCII: the transliteration and NFD (a million e-mail addresses
  // and logins took seconds) are only for the rest.
  const letters = NON_ASCII.test(s) ? s.replace(TRANSLITERATE_RE, (ch) => TRANSLITERATION[ch] ?? ch).normalize('NFD').replace(COMBINING_MARKS, '') : s;
  return PLAIN.test(letters) ? letters : letters.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Academic titles and similar that are not part of a name. */
const TITLES = new Set(['dr', 'prof', 'med', 'dipl', 'ing', 'mag', 'phd', 'mr', 'mrs', 'ms', 'miss', 'herr', 'frau', 'jr', 'sr']);

/** A name as tokens, folded, titles dropped ("Dr. Hans-Peter Müller" → hans, peter, mueller). */
export function nameTokens(value: unknown): string[] {
  const folded = foldText(value);
  if (!folded) return [];
  return folded.split(' ').filter((t) => t.length > 0 && !TITLES.has(t) && !/^\d+$/.test(t));
}

/** The name as one comparable string: tokens joined by single spaces. */
export function normaliseName(value: unknown): string {
  return nameTokens(value).join(' ');
}

export interface NormalisedEmail {
  /** Canonical address: lower case, `+tag` removed, googlemail = gmail and gmail dots removed. */
  canonical: string;
  /** Local part (before @), lower case, `+tag` removed. */
  local: string;
  domain: string;
}

const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/** Canonical e-mail, or null when the value is not an address. */
export function normaliseEmail(value: unknown): NormalisedEmail | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim().toLowerCase().replace(/^mailto:/, '');
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1 || /\s/.test(s)) return null;
  let local = s.slice(0, at);
  let domain = s.slice(at + 1).replace(/\.$/, '');
  if (!domain.includes('.')) return null;
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  local = foldText(local).replace(/ /g, '.') || local;
  let canonicalLocal = local;
  if (GMAIL.has(domain)) {
    domain = 'gmail.com';
    canonicalLocal = local.replace(/\./g, '');
  }
  return { canonical: `${canonicalLocal}@${domain}`, local, domain };
}

/** Local parts that say nothing about a person. */
const GENERIC_LOCAL_PARTS = new Set(['info', 'admin', 'office', 'mail', 'kontakt', 'contact', 'noreply', 'no.reply', 'test', 'user', 'hr', 'support', 'service', 'team']);

export function isGenericLocalPart(local: string): boolean {
  return local.length < 3 || GENERIC_LOCAL_PARTS.has(local);
}

/** Letters of an e-mail local part or login only (separators and digits dropped): anna.mueller84 → annamueller. */
export function localPartLetters(local: string): string {
  return local.replace(/[^a-z]/g, '');
}

/**
 * Employee ID reduced to its digits without leading zeros ("E-000123" → "123"). An ID
 * without digits is kept as folded letters; empty or all-zero IDs are missing.
 */
export function normaliseEmployeeId(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  if (!s) return null;
  const digits = s.replace(/\D/g, '').replace(/^0+/, '');
  if (digits) return digits;
  if (/\d/.test(s)) return null; // all zeros
  const letters = foldText(s).replace(/ /g, '');
  return letters || null;
}

/**
 * Phone number reduced to digits, compared on its last 9 digits so that "+49 170 1234567"
 * and "0170 / 123 45 67" agree. Fewer than 6 digits is no phone number.
 */
export function normalisePhone(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const digits = String(value).replace(/\D/g, '');
  if (digits.length < 6) return null;
  return digits.length > 9 ? digits.slice(-9) : digits;
}

/** A login folded; an e-mail used as login gives its local part. */
export function normaliseLogin(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  let s = String(value).trim().toLowerCase();
  const at = s.indexOf('@');
  if (at > 0) s = s.slice(0, at);
  const folded = foldText(s).replace(/ /g, '.');
  return folded || null;
}

const PLACEHOLDER_DATES = new Set([19000101, 19010101, 18991231, 19700101]);

function ymd(y: number, m: number, d: number): number | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return y * 10000 + m * 100 + d;
}

/**
 * A birth date as yyyymmdd, or null when missing or implausible: not a calendar date,
 * before 1900, in the future or younger than ten years, or a placeholder such as 1900-01-01.
 * Accepts Date objects (UTC or local midnight, as drivers return them), epoch
 * milliseconds (SQLite) and ISO-like text.
 */
export function normaliseBirthDate(value: unknown, now: Date = new Date()): number | null {
  if (value === null || value === undefined || value === '') return null;
  let n: number | null = null;
  if (value instanceof Date || typeof value === 'number') {
    const d = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(d.getTime())) return null;
    // A date column comes back as UTC midnight (SQLite, ISO text) or local midnight (pg).
    const localMidnight = d.getHours() === 0 && d.getMinutes() === 0 && d.getUTCHours() !== 0;
    n = localMidnight ? ymd(d.getFullYear(), d.getMonth() + 1, d.getDate()) : ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  } else {
    const s = String(value).trim();
    let m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
    if (m) n = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) n = ymd(Number(m[3]), Number(m[2]), Number(m[1]));
    else if (/^\d{10,}$/.test(s)) return normaliseBirthDate(Number(s), now);
    else return null;
  }
  if (n === null || PLACEHOLDER_DATES.has(n)) return null;
  const y = Math.floor(n / 10000);
  if (y < 1900 || y > now.getUTCFullYear() - 10) return null;
  return n;
}

/** A timestamp as epoch milliseconds, or null (Date, epoch number, or text). */
export function normaliseTimestamp(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const t = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value).replace(' ', 'T'));
  return Number.isFinite(t) ? t : null;
}

/** Two yyyymmdd birth dates that differ like a typing error: day and month swapped, or one digit wrong or two adjacent digits swapped. */
export function birthDatesNear(a: number, b: number): boolean {
  if (a === b) return true;
  if (a < 10_000_000 || b < 10_000_000 || a > 99_999_999 || b > 99_999_999) return false;
  // day and month swapped
  const ya = Math.floor(a / 10000);
  const yb = Math.floor(b / 10000);
  if (ya === yb && Math.floor(a / 100) % 100 === b % 100 && a % 100 === Math.floor(b / 100) % 100) return true;
  return digitsNear(a, b);
}

/**
 * Two non-negative integers of the same digit count that differ in exactly one digit, or
 * by exactly one pair of adjacent digits swapped. Every digit is checked: a swap of two
 * digits followed by other differences is not near.
 */
export function digitsNear(a: number, b: number): boolean {
  if (a === b) return false;
  let x = a;
  let y = b;
  let diff = 0;
  let prevA = -1;
  let prevB = -1;
  let prevDiffered = false;
  let swaps = 0;
  while (x > 0 || y > 0) {
    const da = x % 10;
    const db = y % 10;
    x = (x - da) / 10;
    y = (y - db) / 10;
    if (da !== db) {
      diff++;
      // This digit and the previous (less significant) one swapped?
      if (prevDiffered && da === prevB && db === prevA) swaps++;
      // Settled already: a third difference, or a second that is no swap with the first.
      if (diff > 2 || (diff === 2 && swaps === 0)) return false;
      prevDiffered = true;
    } else prevDiffered = false;
    prevA = da;
    prevB = db;
  }
  return diff === 1 || (diff === 2 && swaps === 1);
}

/** "mueller", "muller" → one spelling ("muller"): umlaut transliterations, ß/ss, ph/f, th/t and doubled letters merged. */
export function spellingVariant(key: string): string {
  return key.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u').replace(/ss/g, 's').replace(/ph/g, 'f').replace(/th/g, 't').replace(/(.)\1/g, '$1');
}
