import { UserInputError } from '../errors';

/**
 * Splits an ADO.NET connection string ("Server=sql01;Password={a;b}") into its key=value
 * pairs, keys lower-cased and trimmed, values unquoted. This is the one call that
 * `parseConnectionString` of @tediousjs/connection-string (1.1.0) makes; that package is not
 * installed here, so this follows its grammar until it is added:
 *  - pairs are separated by ";", empty pairs are skipped;
 *  - a value may be quoted with "…" or '…' (the quote doubled inside) or with {…}
 *    ("}}" inside), so it may hold ";" and "=";
 *  - "==" in a key is a literal "=" (rare, but part of the grammar);
 *  - the last of repeated keys wins, as in SqlClient.
 * Errors name the key, never the value: the value may be a password.
 */
export function parseConnectionStringPairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    // key
    let key = '';
    while (i < n) {
      const ch = text[i]!;
      if (ch === '=') {
        if (text[i + 1] === '=') {
          key += '=';
          i += 2;
          continue;
        }
        break;
      }
      if (ch === ';') break;
      key += ch;
      i += 1;
    }
    key = key.trim();
    if (i >= n || text[i] === ';') {
      if (key !== '') {
        // The fragment itself is not repeated: it is often the tail of a password holding ";".
        const after = [...pairs.keys()].pop();
        throw new UserInputError(
          `A part of the connection string${after ? ` after the ${after} setting` : ''} has no "=".`,
          'Write every setting as Key=Value, separated by ";"; a value holding ";" goes in braces, e.g. Password={a;b}.',
          'DB_URL_INVALID',
        );
      }
      i += 1;
      continue;
    }
    i += 1; // "="
    if (key === '') {
      throw new UserInputError('The connection string has a value with no name before its "=".', 'Write every setting as Key=Value, separated by ";".', 'DB_URL_INVALID');
    }
    // value
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i += 1;
    let value = '';
    const open = text[i];
    if (open === '"' || open === "'" || open === '{') {
      const close = open === '{' ? '}' : open;
      i += 1;
      let closed = false;
      while (i < n) {
        const ch = text[i]!;
        if (ch === close) {
          if (text[i + 1] === close) {
            value += close;
            i += 2;
            continue;
          }
          i += 1;
          closed = true;
          break;
        }
        value += ch;
        i += 1;
      }
      if (!closed) {
        throw new UserInputError(
          `The value of ${key} in the connection string opens with ${open} but never closes.`,
          `End it with ${close}; a ${close} inside the value is written twice (${close}${close}).`,
          'DB_URL_INVALID',
        );
      }
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i += 1;
      if (i < n && text[i] !== ';') {
        throw new UserInputError(
          `The value of ${key} in the connection string goes on after its closing ${close}.`,
          `Put the whole value inside ${open}…${close}, or end the setting with ";".`,
          'DB_URL_INVALID',
        );
      }
    } else {
      while (i < n && text[i] !== ';') value += text[i++]!;
      value = value.trim();
    }
    i += 1; // ";"
    pairs.set(key.toLowerCase().replace(/\s+/g, ' '), value);
  }
  return pairs;
}
