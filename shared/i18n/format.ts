import { intlLocale, type Language } from './languages';

// Intl formatters are costly to build and are used per table cell: one per language and style.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

export function formatNumber(value: number, language: Language, options: Intl.NumberFormatOptions = {}): string {
  return cached(`n|${language}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(intlLocale(language), options)).format(value);
}

export function formatPercent(fraction: number, language: Language, digits = 1): string {
  return formatNumber(fraction, language, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A date and time as an admin reads it: 02.12.2026, 14:05 / 2 Dec 2026, 14:05. UTC unless a time zone is given. */
export function formatDateTime(value: Date | string, language: Language, timeZone?: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return cached(`dt|${language}|${timeZone ?? ''}`, () =>
    new Intl.DateTimeFormat(intlLocale(language), { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }),
  ).format(date);
}

export function formatDate(value: Date | string, language: Language): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return cached(`d|${language}`, () => new Intl.DateTimeFormat(intlLocale(language), { dateStyle: 'medium', timeZone: 'UTC' })).format(date);
}
