import type { resources } from './resources';

// Typed keys: t('nav.duplicates') is checked against the English catalogue at compile time,
// so a misspelt or missing key fails `npm test` before any test runs.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: (typeof resources)['en'];
    returnNull: false;
  }
}
