import { faker as fakerDE } from '@faker-js/faker/locale/de';
import { faker as fakerEN } from '@faker-js/faker/locale/en';
import type { Rng } from './rng';

/**
 * Name material for the demo: faker's German and English name lists, plus the most
 * frequent surnames (faker's lists are alphabetical and flat; real staff lists are not,
 * and the common names are what makes namesakes and umlaut variants appear).
 */
export type Locale = 'de' | 'en';
export type Gender = 'female' | 'male';

interface PersonDefinitions {
  first_name?: { female?: readonly string[]; male?: readonly string[]; generic?: readonly string[] };
  last_name?: { generic?: readonly string[] };
}

const COMMON_LAST: Record<Locale, readonly string[]> = {
  de: [
    'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
    'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
    'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier',
    'Lehmann', 'Köhler', 'Weiß', 'Jäger', 'Groß', 'König', 'Möller', 'Günther', 'Böhm', 'Vogel',
  ],
  en: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark', 'Walker', 'Wright', 'Green', 'Baker', 'Hall'],
};

const COMMON_FIRST: Record<Locale, Record<Gender, readonly string[]>> = {
  de: {
    female: ['Anna', 'Julia', 'Sabine', 'Petra', 'Katrin', 'Andrea', 'Claudia', 'Sandra', 'Stefanie', 'Birgit', 'Jördis', 'Lena', 'Sophie', 'Maria', 'Käthe'],
    male: ['Thomas', 'Michael', 'Andreas', 'Stefan', 'Jürgen', 'Peter', 'Frank', 'Markus', 'Christian', 'Jörg', 'Uwe', 'Klaus', 'Lukas', 'Jan', 'Björn'],
  },
  en: {
    female: ['Mary', 'Jennifer', 'Linda', 'Sarah', 'Emma', 'Olivia', 'Emily', 'Jessica'],
    male: ['James', 'John', 'Robert', 'Michael', 'David', 'William', 'Daniel', 'Matthew'],
  },
};

function defs(locale: Locale): PersonDefinitions {
  return (locale === 'de' ? fakerDE : fakerEN).definitions.person as unknown as PersonDefinitions;
}

function pool(list: readonly string[] | undefined): readonly string[] {
  // Only plain single-word names (no spaces, apostrophes) keep the demo readable.
  return (list ?? []).filter((n) => /^[\p{L}-]+$/u.test(n));
}

export const NAMES = {
  de: {
    female: pool(defs('de').first_name?.female),
    male: pool(defs('de').first_name?.male),
    last: pool(defs('de').last_name?.generic),
  },
  en: {
    female: pool(defs('en').first_name?.female),
    male: pool(defs('en').first_name?.male),
    last: pool(defs('en').last_name?.generic),
  },
} as const;

export function firstName(rng: Rng, locale: Locale, gender: Gender): string {
  if (rng.chance(0.3)) return rng.pickSkewed(COMMON_FIRST[locale][gender], 1.6);
  return rng.pick(NAMES[locale][gender]);
}

export function lastName(rng: Rng, locale: Locale): string {
  if (rng.chance(locale === 'de' ? 0.35 : 0.3)) return rng.pickSkewed(COMMON_LAST[locale], 1.8);
  return rng.pick(NAMES[locale].last);
}

/** A very common name, for namesakes. */
export function commonName(rng: Rng, locale: Locale, gender: Gender): { first: string; last: string } {
  return { first: COMMON_FIRST[locale][gender][rng.int(0, 5)]!, last: COMMON_LAST[locale][rng.int(0, 7)]! };
}

/** Müller → Mueller, Weiß → Weiss, other accents dropped: what e-mail addresses and ASCII systems do. */
export function transliterate(s: string): string {
  return s
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** The ASCII local part of an e-mail address: "Jörg Weiß-Lange" → "joerg.weiss-lange". */
export function emailLocal(first: string, last: string): string {
  return `${transliterate(first)}.${transliterate(last)}`.toLowerCase().replace(/[^a-z0-9.-]/g, '');
}

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'sq', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl', l: 'k', m: 'n',
  n: 'bm', o: 'ip', p: 'o', q: 'w', r: 'et', s: 'ad', t: 'rz', u: 'zi', v: 'cb', w: 'qe', x: 'yc', y: 'x', z: 'tu',
};

/** One typing mistake: a neighbouring key, a dropped, doubled or swapped letter (never the first letter). */
export function typo(rng: Rng, s: string): string {
  if (s.length < 4) return s;
  const i = rng.int(1, s.length - 2);
  const ch = s[i]!;
  switch (rng.int(0, 3)) {
    case 0: {
      const n = KEYBOARD_NEIGHBOURS[ch.toLowerCase()];
      return n ? s.slice(0, i) + rng.pick([...n]) + s.slice(i + 1) : s.slice(0, i) + s.slice(i + 1);
    }
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    case 2:
      return s.slice(0, i) + ch + s.slice(i);
    default:
      return s.slice(0, i) + s[i + 1]! + ch + s.slice(i + 2);
  }
}

/** Swaps two neighbouring digits of a number string (a phone number typed by hand). */
export function transposeDigits(rng: Rng, s: string): string {
  const positions: number[] = [];
  for (let i = 0; i + 1 < s.length; i++) if (/\d/.test(s[i]!) && /\d/.test(s[i + 1]!) && s[i] !== s[i + 1]) positions.push(i);
  if (positions.length === 0) return s;
  const i = rng.pick(positions);
  return s.slice(0, i) + s[i + 1]! + s[i]! + s.slice(i + 2);
}

export function hasUmlaut(s: string): boolean {
  return /[äöüÄÖÜß]/.test(s);
}

/** German mobile or landline, or a UK/US style number for English names. */
export function phoneNumber(rng: Rng, locale: Locale): string {
  const digits = (n: number) => {
    let out = '';
    for (let i = 0; i < n; i++) out += String(rng.int(0, 9));
    return out;
  };
  if (locale === 'de') {
    return rng.chance(0.6) ? `+49 1${rng.pick(['51', '52', '60', '62', '70', '71', '76'])} ${digits(7)}` : `+49 ${rng.int(20, 99)}${digits(2)} ${digits(6)}`;
  }
  return rng.chance(0.5) ? `+44 7${digits(3)} ${digits(6)}` : `+1 ${rng.int(201, 989)} ${digits(3)} ${digits(4)}`;
}

export const PRIVATE_MAIL_DOMAINS = ['gmail.com', 'web.de', 'gmx.de', 'gmx.net', 't-online.de', 'outlook.com', 'yahoo.com', 'icloud.com'] as const;

/** A private address as people choose them: mixed forms, often with a number. */
export function privateEmail(rng: Rng, first: string, last: string): string {
  const f = transliterate(first).toLowerCase();
  const l = transliterate(last).toLowerCase();
  const n = rng.chance(0.5) ? String(rng.int(1, 99)) : '';
  const local = rng.pick([`${f}.${l}${n}`, `${f[0]}${l}${n}`, `${f}${l}${n}`, `${f}_${l}`, `${l}.${f}${n}`]).replace(/[^a-z0-9._-]/g, '');
  return `${local}@${rng.pick(PRIVATE_MAIL_DOMAINS)}`;
}
