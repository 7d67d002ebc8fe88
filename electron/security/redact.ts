/**
 * The safety net behind "no message or log ever holds a secret": every line the CLI
 * prints as an error or note, every IPC error and every electron-log entry passes through
 * redactSecrets. It masks passwords in URLs, password=… / "password": … pairs, bcrypt
 * hashes, and the connection passwords this process has seen (registered when a URL or
 * profile is turned into a connection), wherever they appear.
 */

const MASK = '***';
/** Passwords shorter than this are not masked by value: "demo" would blank ordinary words. */
const MIN_KNOWN_SECRET = 6;
const known = new Set<string>();

/** Remembers a connection password so that any later message repeating it is masked. */
export function registerSecret(secret: string | undefined | null): void {
  if (!secret || secret.length < MIN_KNOWN_SECRET) return;
  known.add(secret);
  const encoded = encodeURIComponent(secret);
  if (encoded !== secret) known.add(encoded);
}

const PATTERNS: [RegExp, string][] = [
  // scheme://user:password@host — greedy up to the last "@" of the token, as the URL parser reads it.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s"'<>]*:)\S*@/gi, `$1${MASK}@`],
  // bcrypt hashes ($2a$, $2b$, $2y$ …), e.g. a password_hash inside a driver's SQL text.
  [/\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}/g, '[password hash]'],
  // "password": "…" in JSON, and password=… / pwd: … in connection strings and key=value text.
  [/("(?:password|passwd|pwd|secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${MASK}"`],
  // Password={a;b} in an ADO.NET connection string: the braces may hold ";" (and "}}").
  [/\b((?:password|pwd)\s*=\s*)\{(?:[^}]|\}\})*\}/gi, `$1${MASK}`],
  [/\b((?:password|passwd|pwd)\s*[=:]\s*)(?:'[^']*'|"[^"]*"|[^\s;,&]+)/gi, `$1${MASK}`],
];

/** The text with every secret it may hold replaced by ***. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of [...known].sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
