import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { isLanguage, languageFromLocale, type Language } from '@shared/i18n';
import { i18nextOptions } from '@shared/i18n/translator';

const STORAGE_KEY = 'mergedesk.language';

/** The admin's own choice if made, else the operating system's language (Electron's navigator.language follows it). */
export function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage may be unavailable (a locked-down profile): the OS language still applies.
  }
  return languageFromLocale(navigator.language);
}

void i18next.use(initReactI18next).init(i18nextOptions(initialLanguage()));
document.documentElement.lang = i18next.language;

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}

/** Switches the whole UI at once and remembers the choice for the next start. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but the switch still applies for this session.
  }
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

/** The current language as a typed value, re-rendering on a switch. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

export { i18next };
