import { describe, expect, it } from 'vitest';
import {
  birthDatesNear,
  foldText,
  nameTokens,
  normaliseBirthDate,
  normaliseEmail,
  normaliseEmployeeId,
  normaliseLogin,
  normaliseName,
  normalisePhone,
} from '../../electron/engine/detect/normalise';
import { cologne, editDistance, jaroWinkler, metaphone } from '../../electron/engine/detect/similarity';
import { spellingVariant } from '../../electron/engine/detect/scoring';

const NOW = new Date('2025-06-01T00:00:00Z');

describe('normalisation', () => {
  it('folds case and white space', () => {
    expect(foldText('  ANNA   Maria\t')).toBe('anna maria');
    expect(normaliseName('  SCHMIDT  ')).toBe(normaliseName('schmidt'));
  });

  it('transliterates German umlauts and ß (Müller = Mueller)', () => {
    expect(foldText('Müller')).toBe('mueller');
    expect(foldText('Müller')).toBe(foldText('Mueller'));
    expect(foldText('Weiß')).toBe('weiss');
    expect(foldText('ÖZTÜRK')).toBe('oeztuerk');
    expect(foldText('Äbi')).toBe('aebi');
    expect(foldText('STRAẞE')).toBe('strasse');
  });

  it('folds accents', () => {
    expect(foldText('José')).toBe('jose');
    expect(foldText('François Lefèvre')).toBe('francois lefevre');
    expect(foldText('Dvořák')).toBe('dvorak');
    expect(foldText('Łukasz')).toBe('lukasz');
  });

  it('splits names into tokens and drops titles', () => {
    expect(nameTokens('Dr. Hans-Peter Müller')).toEqual(['hans', 'peter', 'mueller']);
    expect(nameTokens("O'Brien")).toEqual(['o', 'brien']);
    expect(nameTokens('Prof. Dr. med. Anna')).toEqual(['anna']);
    expect(nameTokens(null)).toEqual([]);
  });

  it('gives e-mail addresses a canonical form and a local part', () => {
    expect(normaliseEmail(' Anna.Mueller+lms@Firma.DE ')).toEqual({ canonical: 'anna.mueller@firma.de', local: 'anna.mueller', domain: 'firma.de' });
    expect(normaliseEmail('a.b.c@googlemail.com')?.canonical).toBe('abc@gmail.com');
    expect(normaliseEmail('A.B.C@gmail.com')?.local).toBe('a.b.c');
    expect(normaliseEmail('jörg@firma.de')?.local).toBe('joerg');
    expect(normaliseEmail('not an address')).toBeNull();
    expect(normaliseEmail('')).toBeNull();
    expect(normaliseEmail(null)).toBeNull();
    expect(normaliseEmail('x@localhost')).toBeNull();
  });

  it('reduces employee IDs to digits', () => {
    expect(normaliseEmployeeId('E-000123')).toBe('123');
    expect(normaliseEmployeeId(' 123 ')).toBe('123');
    expect(normaliseEmployeeId(4711)).toBe('4711');
    expect(normaliseEmployeeId('0000')).toBeNull();
    expect(normaliseEmployeeId('')).toBeNull();
    expect(normaliseEmployeeId(null)).toBeNull();
    expect(normaliseEmployeeId('ABC')).toBe('abc');
  });

  it('reduces phone numbers to digits, compared on the last nine', () => {
    expect(normalisePhone('+49 170 1234567')).toBe(normalisePhone('0170 / 123 45 67'));
    expect(normalisePhone('(030) 123-456')).toBe('030123456');
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone(null)).toBeNull();
  });

  it('folds logins, an e-mail login gives its local part', () => {
    expect(normaliseLogin('Anna.Mueller@Firma.de')).toBe('anna.mueller');
    expect(normaliseLogin(' JÖRG ')).toBe('joerg');
    expect(normaliseLogin(null)).toBeNull();
  });

  it('checks dates: real calendar dates in a plausible range, placeholders missing', () => {
    expect(normaliseBirthDate('1984-03-12', NOW)).toBe(19840312);
    expect(normaliseBirthDate('12.03.1984', NOW)).toBe(19840312);
    expect(normaliseBirthDate(new Date(Date.UTC(1984, 2, 12)), NOW)).toBe(19840312);
    expect(normaliseBirthDate(Date.UTC(1984, 2, 12), NOW)).toBe(19840312);
    expect(normaliseBirthDate(new Date(1984, 2, 12), NOW)).toBe(19840312);
    expect(normaliseBirthDate('1984-02-30', NOW)).toBeNull();
    expect(normaliseBirthDate('1984-13-01', NOW)).toBeNull();
    expect(normaliseBirthDate('1900-01-01', NOW)).toBeNull();
    expect(normaliseBirthDate('1850-05-05', NOW)).toBeNull();
    expect(normaliseBirthDate('2030-01-01', NOW)).toBeNull();
    expect(normaliseBirthDate('2024-01-01', NOW)).toBeNull();
    expect(normaliseBirthDate('garbage', NOW)).toBeNull();
    expect(normaliseBirthDate(null, NOW)).toBeNull();
  });

  it('recognises birth dates that differ like typing errors', () => {
    expect(birthDatesNear(19840312, 19841203)).toBe(true); // day and month swapped
    expect(birthDatesNear(19840312, 19840313)).toBe(true); // one digit
    expect(birthDatesNear(19850312, 19580312)).toBe(true); // two digits swapped
    expect(birthDatesNear(19840312, 19910727)).toBe(false);
  });

  it('checks every digit of a birth date: a swap followed by more differences is not near', () => {
    // The last two digits swapped, but the year differs too.
    expect(birthDatesNear(19550102, 20010120)).toBe(false);
    expect(birthDatesNear(19840312, 19840321)).toBe(true);
    expect(birthDatesNear(19840312, 19850321)).toBe(false);
    expect(birthDatesNear(19840312, 19940313)).toBe(false);
  });

  it('lets few random birth date pairs pass as typing errors', () => {
    // Deterministic pseudo-random dates 1950–2004.
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const date = () => (1950 + Math.floor(rnd() * 55)) * 10000 + (1 + Math.floor(rnd() * 12)) * 100 + 1 + Math.floor(rnd() * 28);
    let near = 0;
    const trials = 200_000;
    for (let i = 0; i < trials; i++) {
      const a = date();
      const b = date();
      if (a !== b && birthDatesNear(a, b)) near++;
    }
    // One digit or one swap away: about 0.1 % of random pairs, not the 1 % a partial check lets through.
    expect(near / trials).toBeLessThan(0.003);
  });

  it('merges umlaut spellings for comparison (Müller, Mueller, Muller)', () => {
    expect(spellingVariant(foldText('Müller'))).toBe(spellingVariant(foldText('Muller')));
  });
});

describe('similarity and phonetics', () => {
  it('computes Jaro-Winkler and edit distance', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('anna', 'anna')).toBe(1);
    expect(jaroWinkler('', 'anna')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('gives German spelling variants one Cologne code and English ones one Double Metaphone code', () => {
    expect(cologne('meyer')).toBe(cologne('maier'));
    expect(cologne('mueller')).toBe(cologne('muller'));
    expect(cologne('schmidt')).toBe(cologne('schmitt'));
    expect(metaphone('smith')).toBe(metaphone('smyth'));
    expect(metaphone('katherine')).toBe(metaphone('catherine'));
  });
});
