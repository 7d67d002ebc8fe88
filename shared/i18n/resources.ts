import type { Language } from './languages';
// One import per namespace and language, one line each. Adding a namespace: add its two JSON files and
// its lines here; test/i18n/catalogues.test.ts checks both languages hold the same keys.
import enCommon from './locales/en/common.json';
import deCommon from './locales/de/common.json';
import enCategories from './locales/en/categories.json';
import deCategories from './locales/de/categories.json';
import enBatch from './locales/en/batch.json';
import deBatch from './locales/de/batch.json';
import enCli from './locales/en/cli.json';
import deCli from './locales/de/cli.json';
import enCompare from './locales/en/compare.json';
import deCompare from './locales/de/compare.json';
import enConnect from './locales/en/connect.json';
import deConnect from './locales/de/connect.json';
import enDoctor from './locales/en/doctor.json';
import deDoctor from './locales/de/doctor.json';
import enDuplicates from './locales/en/duplicates.json';
import deDuplicates from './locales/de/duplicates.json';
import enHistory from './locales/en/history.json';
import deHistory from './locales/de/history.json';
import enLogfile from './locales/en/logfile.json';
import deLogfile from './locales/de/logfile.json';
import enLogfiles from './locales/en/logfiles.json';
import deLogfiles from './locales/de/logfiles.json';
import enLookup from './locales/en/lookup.json';
import deLookup from './locales/de/lookup.json';
import enOverview from './locales/en/overview.json';
import deOverview from './locales/de/overview.json';
import enSettings from './locales/en/settings.json';
import deSettings from './locales/de/settings.json';
import enSignin from './locales/en/signin.json';
import deSignin from './locales/de/signin.json';

export const resources = {
  en: {
    common: enCommon,
    categories: enCategories,
    batch: enBatch,
    cli: enCli,
    compare: enCompare,
    connect: enConnect,
    doctor: enDoctor,
    duplicates: enDuplicates,
    history: enHistory,
    logfile: enLogfile,
    logfiles: enLogfiles,
    lookup: enLookup,
    overview: enOverview,
    settings: enSettings,
    signin: enSignin,
  },
  de: {
    common: deCommon,
    categories: deCategories,
    batch: deBatch,
    cli: deCli,
    compare: deCompare,
    connect: deConnect,
    doctor: deDoctor,
    duplicates: deDuplicates,
    history: deHistory,
    logfile: deLogfile,
    logfiles: deLogfiles,
    lookup: deLookup,
    overview: deOverview,
    settings: deSettings,
    signin: deSignin,
  },
} satisfies Record<Language, Record<string, unknown>>;

export type Namespace = keyof (typeof resources)['en'];
export const NAMESPACES = Object.keys(resources.en) as Namespace[];
