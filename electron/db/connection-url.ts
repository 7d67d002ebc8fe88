import path from 'node:path';
import { UserInputError } from '../errors';
import { redactSecrets, registerSecret } from '../security/redact';
import { looksLikeConnectionString, parseAdoConnectionString } from './ado-connection-string';

/** A database the tool can connect to, independent of how it was written down. */
export type ConnectionDescription = SqliteConnection | PostgresConnection | MssqlConnection;

export interface SqliteConnection {
  kind: 'sqlite';
  file: string;
}

export interface PostgresConnection {
  kind: 'postgres';
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  ssl?: boolean;
}

export interface MssqlConnection {
  kind: 'mssql';
  host: string;
  /** Ignored when `instance` is set: the SQL Browser service tells the port. */
  port?: number;
  instance?: string;
  database: string;
  auth: { type: 'sql'; user: string; password: string } | { type: 'ntlm'; domain: string; user: string; password: string };
  encrypt: boolean;
  trustServerCertificate: boolean;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

const URL_FORMS =
  'sqlite:PATH, a path ending in .db or .sqlite, ' +
  'mssql://user:pass@host:1433/db?encrypt=true&trustServerCertificate=true&domain=CORP&instance=NAME, ' +
  'postgres://user@host:5432/db, ' +
  'or the LMS\'s own SQL Server connection string: "Server=HOST\\INSTANCE;Database=DB;User Id=USER;Password=PASS"';

/**
 * Turns the URL forms accepted on the command line and in profiles into a description.
 * Errors name the part that is wrong and never repeat the password.
 */
export function parseConnectionUrl(input: string, cwd = process.cwd()): ConnectionDescription {
  const text = input.trim();
  if (text === '') throw new UserInputError('No database given.', `Pass --db with one of: ${URL_FORMS}.`);

  if (/^sqlite:/i.test(text)) {
    const file = text.replace(/^sqlite:(\/\/)?/i, '');
    if (file === '') throw new UserInputError('The sqlite: URL has no file path.', 'Write it as sqlite:PATH, e.g. sqlite:./lms.db.');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  // Checked before the .db suffix: "Server=h;Database=LMS.db" is a connection string, not a file.
  if (looksLikeConnectionString(text)) return parseAdoConnectionString(text);
  if (/\.(db|sqlite|sqlite3)$/i.test(text) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return { kind: 'sqlite', file: path.resolve(cwd, text) };
  }

  const split = splitCredentials(text);
  if (!split) throw new UserInputError(`"${redactUrl(text)}" is not a database URL.`, `Use one of: ${URL_FORMS}.`);
  const credentials = {
    user: decodePart(split.user ?? '', 'user name'),
    password: split.password === undefined ? undefined : decodePart(split.password, 'password'),
  };
  registerSecret(credentials.password);
  // The credentials are taken out before the URL parser sees the rest, so a "#", "/", "?"
  // or "@" in the password can neither cut the URL short nor end up in a message.
  const rest = `${split.scheme}://${split.rest}`;
  let url: URL;
  try {
    url = new URL(rest);
  } catch {
    const port = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#]*:([^/?#]*)/i.exec(rest)?.[1];
    if (port !== undefined) parsePort(port, 0);
    throw new UserInputError(`"${redactUrl(text)}" is not a database URL.`, `Use one of: ${URL_FORMS}.`);
  }
  const scheme = split.scheme.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return parsePostgres(url, credentials);
  if (scheme === 'mssql' || scheme === 'sqlserver') return parseMssql(url, credentials);
  throw new UserInputError(`Unknown database type "${scheme}:".`, `Use one of: ${URL_FORMS}.`);
}

interface Credentials {
  user: string;
  password: string | undefined;
}

interface SplitUrl {
  scheme: string;
  /** Raw (still percent-encoded) user name and password; undefined when the URL has none. */
  user?: string;
  password?: string;
  /** Host, port, path and query. */
  rest: string;
}

/**
 * The rule for credentials in a URL: everything between "://" and the LAST "@" is
 * user:password (split at the first ":"), so a password may hold "@", "#", "/", "?" and ":"
 * as they are. Percent-escapes are decoded, so a literal "%" must be written "%25".
 */
function splitCredentials(text: string): SplitUrl | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(text);
  if (!m) return null;
  const [, scheme, body] = m as unknown as [string, string, string];
  const at = body.lastIndexOf('@');
  if (at < 0) return { scheme, rest: body };
  const userinfo = body.slice(0, at);
  const colon = userinfo.indexOf(':');
  return colon < 0
    ? { scheme, user: userinfo, rest: body.slice(at + 1) }
    : { scheme, user: userinfo.slice(0, colon), password: userinfo.slice(colon + 1), rest: body.slice(at + 1) };
}

/** Decodes a percent-encoded URL part; a broken escape is refused without repeating the part. */
function decodePart(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new UserInputError(
      `The ${what} in the database URL holds a "%" that is not followed by two hexadecimal digits.`,
      'Write a literal "%" as %25; other characters may be written as they are or percent-encoded (e.g. @ as %40).',
      'DB_URL_INVALID',
    );
  }
}

function parsePostgres(url: URL, credentials: Credentials): PostgresConnection {
  const database = decodePart(url.pathname.replace(/^\//, ''), 'database name');
  if (!url.hostname) throw new UserInputError('The postgres URL has no host.', 'Write it as postgres://user@host:5432/db.');
  if (!database) throw new UserInputError('The postgres URL names no database.', 'Add the database after the host: postgres://user@host:5432/db.');
  const ssl = url.searchParams.get('ssl') ?? url.searchParams.get('sslmode');
  return {
    kind: 'postgres',
    host: url.hostname,
    port: parsePort(url.port, 5432),
    database,
    user: credentials.user || 'postgres',
    ...(credentials.password ? { password: credentials.password } : {}),
    ...(ssl !== null ? { ssl: ssl === 'true' || ssl === 'require' } : {}),
  };
}

function parseMssql(url: URL, credentials: Credentials): MssqlConnection {
  const params = url.searchParams;
  const known = new Set(['encrypt', 'trustServerCertificate', 'domain', 'instance', 'connectTimeout', 'requestTimeout']);
  for (const key of params.keys()) {
    if (!known.has(key)) {
      throw new UserInputError(`Unknown SQL Server option "${key}".`, `Allowed options: ${[...known].join(', ')}.`);
    }
  }
  if (!url.hostname) throw new UserInputError('The mssql URL has no host.', 'Write it as mssql://user:pass@host:1433/db.');
  const database = decodePart(url.pathname.replace(/^\//, ''), 'database name');
  if (!database) throw new UserInputError('The mssql URL names no database.', 'Add the database after the host: mssql://user:pass@host:1433/db.');
  const { user } = credentials;
  const password = credentials.password ?? '';
  if (!user) throw new UserInputError('The mssql URL has no user name.', 'Write the login before the host: mssql://user:pass@host/db (add &domain=CORP for a Windows account).');
  const domain = params.get('domain');
  const instance = params.get('instance');
  return {
    kind: 'mssql',
    host: url.hostname,
    ...(instance ? { instance } : { port: parsePort(url.port, 1433) }),
    database,
    auth: domain ? { type: 'ntlm', domain, user, password } : { type: 'sql', user, password },
    encrypt: parseBool(params.get('encrypt'), 'encrypt', true),
    trustServerCertificate: parseBool(params.get('trustServerCertificate'), 'trustServerCertificate', false),
    connectTimeoutMs: parseMs(params.get('connectTimeout'), 'connectTimeout', 15_000),
    requestTimeoutMs: parseMs(params.get('requestTimeout'), 'requestTimeout', 60_000),
  };
}

function parsePort(port: string, fallback: number): number {
  if (port === '') return fallback;
  const n = Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new UserInputError(`Port "${port}" is not a valid port number.`, 'Use a number from 1 to 65535.');
  }
  return n;
}

function parseBool(value: string | null, name: string, fallback: boolean): boolean {
  if (value === null) return fallback;
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  throw new UserInputError(`Option ${name}="${value}" is not true or false.`, `Write ${name}=true or ${name}=false.`);
}

function parseMs(value: string | null, name: string, fallback: number): number {
  if (value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new UserInputError(`Option ${name}="${value}" is not a whole number of milliseconds.`, `Write e.g. ${name}=30000.`);
  }
  return n;
}

/** The URL with any password replaced, safe to print or log. */
export function redactUrl(text: string): string {
  const split = splitCredentials(text.trim());
  if (split?.password !== undefined) return `${split.scheme}://${split.user}:***@${split.rest}`;
  return redactSecrets(text);
}

/** A one-line human description, never including secrets. */
export function describeConnection(c: ConnectionDescription): string {
  switch (c.kind) {
    case 'sqlite':
      return `SQLite file ${c.file}`;
    case 'postgres':
      return `PostgreSQL ${c.user}@${c.host}:${c.port}/${c.database}`;
    case 'mssql': {
      const where = c.instance ? `${c.host}\\${c.instance}` : `${c.host}:${c.port}`;
      const who = c.auth.type === 'ntlm' ? `${c.auth.domain}\\${c.auth.user}` : c.auth.user;
      return `SQL Server ${who}@${where}/${c.database}`;
    }
  }
}
