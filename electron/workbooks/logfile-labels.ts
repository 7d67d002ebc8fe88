/**
 * The words of the workbooks MergeDesk writes, in the language asked for, from the message
 * catalogue (shared/i18n/locales/<language>/logfile.json). Readers accept every language's
 * words: a logfile written in German reads back to the same content as one written in English.
 */
import type { TFunction } from 'i18next';
import { LANGUAGES, type Language } from '@shared/i18n/languages';
import { resources } from '@shared/i18n/resources';
import { translatorFor } from '@shared/i18n/translator';

export type LogfileLabels = (typeof resources)['en']['logfile'];

/** The translator with the workbooks' namespaces in its type, so `t('logfile:…')` keys are checked ('common' stays the default, as at run time). */
export const workbookT = (language: Language) => translatorFor(language) as unknown as TFunction<['common', 'logfile', 'categories']>;

export const logfileLabels = (language: Language): LogfileLabels => resources[language].logfile as LogfileLabels;

/** The checksum field's name in every language (left out of what the checksum covers). */
export const CHECKSUM_FIELDS: ReadonlySet<string> = new Set(LANGUAGES.map((l) => logfileLabels(l).field.checksum));
/** The Summary sheet's name in every language. */
export const SUMMARY_SHEETS: ReadonlySet<string> = new Set(LANGUAGES.map((l) => logfileLabels(l).sheet.summary));

/** Which languages name a workbook's sheets so (English first: files of earlier versions are English). */
export function languagesOfSheets(sheetNames: readonly string[]): Language[] {
  return LANGUAGES.filter((l) => sheetNames.includes(logfileLabels(l).sheet.summary));
}

export type WordKind = 'category' | 'objectType' | 'action';

/** A category, object type or action key in words ("media_progress" → "Media progress"); an unknown key stays as it is. */
export function wordFor(kind: WordKind, key: string, language: Language): string {
  const words = resources[language].categories[kind] as Record<string, string>;
  return words[key] ?? key;
}

const keysByWord = new Map<WordKind, Map<string, string>>();

/** The key a word of any language stands for; a key (as logfiles of earlier versions hold) stays as it is. */
export function keyFor(kind: WordKind, word: string): string {
  let map = keysByWord.get(kind);
  if (!map) {
    map = new Map();
    for (const l of LANGUAGES) for (const [k, w] of Object.entries(resources[l].categories[kind] as Record<string, string>)) map.set(w, k);
    keysByWord.set(kind, map);
  }
  return map.get(word) ?? word;
}
