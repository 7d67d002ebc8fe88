import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '@shared/i18n';
import { NAMESPACES, resources } from '@shared/i18n/resources';
import { createTranslator } from '@shared/i18n/translator';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  for (const ns of NAMESPACES) {
    const en = leaves(resources.en[ns] as Tree);
    const de = leaves(resources.de[ns] as Tree);
    it(`${ns}: German and English hold the same keys`, () => {
      const missingInDe = [...en.keys()].filter((k) => !de.has(k));
      const missingInEn = [...de.keys()].filter((k) => !en.has(k));
      expect({ missingInDe, missingInEn }).toEqual({ missingInDe: [], missingInEn: [] });
    });
    it(`${ns}: no empty text, and the same placeholders in both languages`, () => {
      for (const language of LANGUAGES) {
        for (const [k, v] of leaves(resources[language][ns] as Tree)) expect(v.trim(), `${language}:${ns}:${k}`).not.toBe('');
      }
      const mismatched = [...en].filter(([k, v]) => de.has(k) && variables(v).join() !== variables(de.get(k)!).join()).map(([k]) => k);
      expect(mismatched).toEqual([]);
    });
    it(`${ns}: every plural has its "one" and "other" form`, () => {
      for (const keys of [en, de]) {
        const stems = new Set([...keys.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
        for (const stem of stems) expect([keys.has(`${stem}_one`), keys.has(`${stem}_other`)], stem).toEqual([true, true]);
      }
    });
  }

  it('formats plurals and falls back to English only for keys that are not there', () => {
    const de = createTranslator('de');
    expect(de('nav.history')).toBe('Verlauf');
    expect(createTranslator('en')('nav.history')).toBe('History');
  });
});
