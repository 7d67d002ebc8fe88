import i18next, { type TFunction } from 'i18next';
import type { Language } from './languages';
import { NAMESPACES, resources } from './resources';

/**
 * A translator for the main process, the CLI and the workbooks: the same catalogues as the
 * renderer, initialised synchronously (the resources are bundled, nothing loads).
 */
export function createTranslator(language: Language): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    ns: NAMESPACES,
    defaultNS: 'common',
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance.t;
}

const translators = new Map<Language, TFunction>();

/** One translator per language, built once. */
export function translatorFor(language: Language): TFunction {
  let t = translators.get(language);
  if (!t) {
    t = createTranslator(language);
    translators.set(language, t);
  }
  return t;
}
