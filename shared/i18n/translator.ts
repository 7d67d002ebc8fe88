import i18next, { type i18n, type InitOptions, type TFunction } from 'i18next';
import type { Language } from './languages';
import { NAMESPACES, resources, type Namespace } from './resources';

/**
 * The one set of i18next options, for the renderer and the node side alike: the resources are
 * bundled, so both initialise synchronously, and React escapes what it renders (no double escaping).
 */
export function i18nextOptions(language: Language): InitOptions {
  return {
    lng: language,
    fallbackLng: 'en',
    ns: NAMESPACES,
    defaultNS: 'common',
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  };
}

/**
 * The catalogues for the main process, the CLI and the workbooks: the same as the renderer's,
 * initialised synchronously (the resources are bundled, nothing loads).
 */
function createInstance(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init(i18nextOptions(language));
  return instance;
}

const instances = new Map<Language, i18n>();

/** The words of one namespace in one language (typed keys of that namespace); the catalogues are read once per language. */
export function translatorFor<N extends Namespace = 'common'>(language: Language, namespace?: N): TFunction<N> {
  let instance = instances.get(language);
  if (!instance) {
    instance = createInstance(language);
    instances.set(language, instance);
  }
  return instance.getFixedT(language, namespace ?? 'common') as TFunction<N>;
}

/** The common namespace in a language (tests, and callers that use "ns:key"). */
export function createTranslator(language: Language): TFunction {
  return translatorFor(language);
}
