import { OperationalError, UserInputError } from '../errors';

/**
 * Driver and SQL errors carry the statement and its values (Knex puts the SQL in front of the
 * driver's message; a unique-key error names the duplicate value), which can include a
 * password hash. A failure is therefore recorded and shown as a plain sentence plus a safe
 * code, never with the driver's text.
 */

interface DriverErrorLike {
  name?: string;
  code?: unknown;
  errno?: unknown;
  number?: unknown;
  severity?: unknown;
  message?: unknown;
}

const SQLITE: Record<string, string> = {
  SQLITE_CONSTRAINT_UNIQUE: 'a row would have duplicated a unique value (for example a login or UID another row already has)',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'a row would have duplicated a unique value (for example a login or UID another row already has)',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'a row would have referred to a row that does not exist',
  SQLITE_CONSTRAINT_NOTNULL: 'a required value was missing',
  SQLITE_BUSY: 'the database was locked by another program for too long',
  SQLITE_LOCKED: 'the database was locked by another program for too long',
  SQLITE_FULL: 'the disk holding the database is full',
  SQLITE_READONLY: 'the database file is read-only',
  SQLITE_IOERR: 'the database file could not be read or written',
  SQLITE_CORRUPT: 'the database file is damaged',
};

const POSTGRES: Record<string, string> = {
  '23505': 'a row would have duplicated a unique value (for example a login or UID another row already has)',
  '23503': 'a row would have referred to a row that does not exist',
  '23502': 'a required value was missing',
  '40001': 'the database could not serialise it with another transaction',
  '40P01': 'the database chose it as the victim of a deadlock',
  '57014': 'the database cancelled the statement (timeout)',
  '53100': 'the database server is out of disk space',
};

const MSSQL: Record<number, string> = {
  2627: 'a row would have duplicated a unique value (for example a login or UID another row already has)',
  2601: 'a row would have duplicated a unique value (for example a login or UID another row already has)',
  547: 'a row would have referred to a row that does not exist',
  515: 'a required value was missing',
  1205: 'the database chose it as the victim of a deadlock',
  1105: 'the database server is out of disk space',
};

const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'ESOCKET', 'ETIMEOUT']);

/** Bcrypt hashes and the like, in case any text slips through. */
const HASH = /\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{20,}/g;

export function scrubSecrets(text: string): string {
  return text.replace(HASH, '[hash removed]');
}

/** A plain sentence for why an operation failed: what went wrong and a safe code, never the driver's message. */
export function describeFailure(err: unknown): string {
  if (err instanceof UserInputError || err instanceof OperationalError) return scrubSecrets(err.problem);
  const e = (err && typeof err === 'object' ? err : {}) as DriverErrorLike;
  const code = typeof e.code === 'string' ? e.code : typeof e.code === 'number' ? String(e.code) : undefined;
  const number = typeof e.number === 'number' ? e.number : undefined;
  if (code && SQLITE[code]) return `${SQLITE[code]} (${code})`;
  if (code?.startsWith('SQLITE_')) return `the SQLite database reported an error (${code})`;
  if (number !== undefined && MSSQL[number]) return `${MSSQL[number]} (SQL Server error ${number})`;
  if (number !== undefined) return `SQL Server reported an error (SQL Server error ${number})`;
  if (code && /^[0-9A-Z]{5}$/.test(code) && e.severity !== undefined) return `${POSTGRES[code] ?? 'PostgreSQL reported an error'} (SQLSTATE ${code})`;
  if (code && NETWORK.has(code)) return `the connection to the database was lost (${code})`;
  if (code) return `an error occurred (${code})`;
  // Our own errors: their messages are ours, but a message that quotes SQL is not shown.
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  if (/\b(insert into|update |delete from|select |values\s*\()/i.test(message) || message.length > 300) return `an internal error occurred (${name})`;
  return scrubSecrets(`${message} (${name})`);
}
