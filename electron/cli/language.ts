import { languageFromLocale, type Language } from '@shared/i18n/languages';

/**
 * The language of a command-line run: an explicit choice, else the POSIX locale variables in the
 * order the C library reads them, else the operating system's locale as Intl reports it (Windows
 * sets no LANG).
 */
export function cliLanguage(explicit?: string | null, env: NodeJS.ProcessEnv = process.env): Language {
  if (explicit) return languageFromLocale(explicit);
  const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  if (posix && posix !== 'C' && posix !== 'POSIX') return languageFromLocale(posix);
  return languageFromLocale(Intl.DateTimeFormat().resolvedOptions().locale);
}
