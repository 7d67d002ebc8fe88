/** The languages MergeDesk speaks. English is the fallback for every other locale. */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language for a BCP 47 locale or a POSIX locale string (de-AT, de_CH.UTF-8 → de; anything else → en). */
export function languageFromLocale(locale: string | null | undefined): Language {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_.@]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : 'en';
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The BCP 47 tag Intl formats with: German as spoken in Germany, English with ISO-like day-month order. */
export function intlLocale(language: Language): string {
  return language === 'de' ? 'de-DE' : 'en-GB';
}
