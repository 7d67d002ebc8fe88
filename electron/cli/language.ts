import { languageFromLocale, type Language } from '@shared/i18n/languages';

/**
 * The language of a command-line run: an explicit choice (--lang, then $MERGEDESK_LANG), else the POSIX locale variables in the
 * order the C library reads them, else the operating system's locale as Intl reports it (Windows
 * sets no LANG).
 */
export function cliLanguage(explicit?: string | null, env: NodeJS.ProcessEnv = process.env): Language {
  if (explicit) return languageFromLocale(explicit);
  if (env.MERGEDESK_LANG) return languageFromLocale(env.MERGEDESK_LANG);
  const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  if (posix && posix !== 'C' && posix !== 'POSIX') return languageFromLocale(posix);
  return languageFromLocale(Intl.DateTimeFormat().resolvedOptions().locale);
}

/** The value of --lang in argv (before commander parses: the output is set up first), checked. */
export function languageOption(argv: readonly string[]): string | null {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return null;
  const arg = argv[i]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[i + 1] ?? '');
}
