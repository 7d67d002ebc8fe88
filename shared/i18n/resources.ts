import type { Language } from './languages';
// One import per namespace and language. Adding a namespace: add its two JSON files and two lines here;
// test/i18n/catalogues.test.ts checks both languages hold the same keys.
import enCommon from './locales/en/common.json';
import deCommon from './locales/de/common.json';
import enCategories from './locales/en/categories.json';
import deCategories from './locales/de/categories.json';
import enDuplicates from './locales/en/duplicates.json';
import deDuplicates from './locales/de/duplicates.json';
import enOverview from './locales/en/overview.json';
import deOverview from './locales/de/overview.json';
import enBatch from './locales/en/batch.json';
import deBatch from './locales/de/batch.json';

export const resources = {
  en: { common: enCommon, categories: enCategories, duplicates: enDuplicates, overview: enOverview, batch: enBatch },
  de: { common: deCommon, categories: deCategories, duplicates: deDuplicates, overview: deOverview, batch: deBatch },
} satisfies Record<Language, Record<string, unknown>>;

export type Namespace = keyof (typeof resources)['en'];
export const NAMESPACES = Object.keys(resources.en) as Namespace[];
