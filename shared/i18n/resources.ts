import type { Language } from './languages';
// One import per namespace and language. Adding a namespace: add its two JSON files and two lines here;
// test/i18n/catalogues.test.ts checks both languages hold the same keys.
import enCommon from './locales/en/common.json';
import deCommon from './locales/de/common.json';
import enCategories from './locales/en/categories.json';
import deCategories from './locales/de/categories.json';
import enDoctor from './locales/en/doctor.json';
import deDoctor from './locales/de/doctor.json';
import enConnect from './locales/en/connect.json';
import deConnect from './locales/de/connect.json';
import enSignin from './locales/en/signin.json';
import deSignin from './locales/de/signin.json';
import enSettings from './locales/en/settings.json';
import deSettings from './locales/de/settings.json';

export const resources = {
  en: { common: enCommon, categories: enCategories, doctor: enDoctor, connect: enConnect, signin: enSignin, settings: enSettings },
  de: { common: deCommon, categories: deCategories, doctor: deDoctor, connect: deConnect, signin: deSignin, settings: deSettings },
} satisfies Record<Language, Record<string, unknown>>;

export type Namespace = keyof (typeof resources)['en'];
export const NAMESPACES = Object.keys(resources.en) as Namespace[];
