import type { Language } from './languages';
// One import per namespace and language. Adding a namespace: add its two JSON files and two lines here;
// test/i18n/catalogues.test.ts checks both languages hold the same keys.
import enCommon from './locales/en/common.json';
import deCommon from './locales/de/common.json';
import enCategories from './locales/en/categories.json';
import deCategories from './locales/de/categories.json';
import enLogfile from './locales/en/logfile.json';
import deLogfile from './locales/de/logfile.json';
import enLogfiles from './locales/en/logfiles.json';
import deLogfiles from './locales/de/logfiles.json';
import enHistory from './locales/en/history.json';
import deHistory from './locales/de/history.json';
import enCompare from './locales/en/compare.json';
import deCompare from './locales/de/compare.json';

export const resources = {
  en: { common: enCommon, categories: enCategories, logfile: enLogfile, logfiles: enLogfiles, history: enHistory, compare: enCompare },
  de: { common: deCommon, categories: deCategories, logfile: deLogfile, logfiles: deLogfiles, history: deHistory, compare: deCompare },
} satisfies Record<Language, Record<string, unknown>>;

export type Namespace = keyof (typeof resources)['en'];
export const NAMESPACES = Object.keys(resources.en) as Namespace[];
