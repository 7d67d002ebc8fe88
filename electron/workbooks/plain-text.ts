/**
 * Values as a reviewer reads them on paper: record ids and keys as plain words, never JSON
 * (`user 4330 / cost_center`, not `{"user_id":4330,"name":"cost_center"}`), times as
 * "1 Dec 2026 21:55 UTC".
 */
import { intlLocale, type Language } from '@shared/i18n/languages';
import type { Cell } from './sheets';

type Scalar = string | number | boolean | null;

const word = (k: string, v: unknown) => (k === 'id' ? String(v) : k.endsWith('_id') ? `${k.slice(0, -3)} ${String(v)}` : String(v));

/** A key object as "user 4330 / cost_center" (a column named x_id reads "x <value>"). */
export function plainKey(key: Record<string, unknown> | null | undefined): string | null {
  if (!key) return null;
  return Object.entries(key)
    .map(([k, v]) => word(k, v ?? '(none)'))
    .join(' / ');
}

/** A record id as planned (an id, or the JSON of a composite key, as older plans held it) in plain words. */
export function plainRecordId(v: Scalar): Scalar {
  if (typeof v !== 'string' || !v.startsWith('{')) return v;
  try {
    const o = JSON.parse(v) as unknown;
    return o && typeof o === 'object' && !Array.isArray(o) ? plainKey(o as Record<string, unknown>) : v;
  } catch {
    return v;
  }
}

/** A row's values as "status: completed; score: 80" (empty values left out). */
export function plainValues(values: Record<string, unknown> | null | undefined): string | null {
  if (!values) return null;
  const parts = Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${String(v)}`);
  return parts.length ? parts.join('; ') : null;
}

/** One value as plain text (null stays empty). */
export const plainValue = (v: Scalar | undefined): Cell => (v === undefined ? null : v);

/** Per language, made once: building an Intl.DateTimeFormat cost more than a logfile's other texts together. */
const timeFormats = new Map<Language, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
function timeFormatsOf(language: Language): { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat } {
  let f = timeFormats.get(language);
  if (!f) {
    const locale = intlLocale(language);
    f = {
      date: new Intl.DateTimeFormat(locale, { day: 'numeric', month: language === 'de' ? 'long' : 'short', year: 'numeric', timeZone: 'UTC' }),
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }),
    };
    timeFormats.set(language, f);
  }
  return f;
}

/** "1 Dec 2026 21:55 UTC" / "1. Dezember 2026, 21:55 UTC" (logfile times are UTC throughout). */
export function plainTime(d: Date, language: Language = 'en'): string {
  const { date, time } = timeFormatsOf(language);
  return `${date.format(d)}${language === 'de' ? ',' : ''} ${time.format(d)} UTC`;
}
