import { UserInputError } from '../errors';
import { registerSecret } from '../security/redact';
import type { MssqlConnection } from './connection-url';
import { parseConnectionStringPairs } from './connection-string-pairs';

/**
 * The LMS's own ADO.NET connection string (as found in its configuration), e.g.
 * `Server=sql01\LEARN;Database=LMS;User Id=lms;Password=…;Encrypt=True;TrustServerCertificate=True`,
 * mapped onto the same options as the mssql:// URL. Messages name keys, never the password.
 */

/** True when the text is written as Key=Value pairs rather than as a URL or a path. */
export function looksLikeConnectionString(text: string): boolean {
  return /^\s*[a-z][a-z0-9 _]*\s*=/i.test(text) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim());
}

const ALIASES: Record<string, string> = {
  server: 'server', 'data source': 'server', address: 'server', addr: 'server', 'network address': 'server',
  database: 'database', 'initial catalog': 'database',
  'user id': 'user', uid: 'user', user: 'user', 'user name': 'user', username: 'user',
  password: 'password', pwd: 'password',
  'integrated security': 'integrated', trusted_connection: 'integrated', 'trusted connection': 'integrated',
  domain: 'domain',
  encrypt: 'encrypt',
  trustservercertificate: 'trust', 'trust server certificate': 'trust',
  'connect timeout': 'connectTimeout', 'connection timeout': 'connectTimeout', timeout: 'connectTimeout',
  'command timeout': 'commandTimeout',
};

/** Settings that only tune ADO.NET's own client; they do not change what MergeDesk connects to. */
const IGNORED = new Set([
  'application name', 'app', 'workstation id', 'wsid', 'persist security info', 'persistsecurityinfo',
  'multipleactiveresultsets', 'multiple active result sets', 'pooling', 'min pool size', 'max pool size',
  'connection lifetime', 'load balance timeout', 'packet size', 'enlist', 'connect retry count',
  'connectretrycount', 'connect retry interval', 'connectretryinterval', 'current language', 'language',
  'transaction binding', 'type system version', 'provider',
]);

const SUPPORTED = 'Server (or Data Source), Database (or Initial Catalog), User Id, Password, Integrated Security, Domain, Encrypt, TrustServerCertificate, Connect Timeout, Command Timeout';
const WINDOWS_FIX =
  'Windows authentication needs the domain, user and password here: write User Id=DOMAIN\\user;Password=… ' +
  '(or add Domain=DOMAIN), or use a SQL Server login (User Id and Password without Integrated Security).';

export function parseAdoConnectionString(text: string): MssqlConnection {
  const raw = parseConnectionStringPairs(text);
  const values = new Map<string, string>();
  for (const [key, value] of raw) {
    const name = ALIASES[key];
    if (name) {
      values.set(name, value);
      continue;
    }
    if (IGNORED.has(key)) continue;
    throw unsupported(key, value);
  }
  registerSecret(values.get('password'));

  const server = values.get('server');
  if (!server) throw new UserInputError('The connection string names no server.', 'Add Server=HOST (or Server=HOST\\INSTANCE, Server=HOST,1433).', 'DB_URL_INVALID');
  const database = values.get('database');
  if (!database) throw new UserInputError('The connection string names no database.', 'Add Database=NAME (Initial Catalog=NAME is read too).', 'DB_URL_INVALID');
  const where = parseServer(server);

  return {
    kind: 'mssql',
    ...where,
    database,
    auth: parseAuth(values),
    encrypt: parseEncrypt(values.get('encrypt')),
    trustServerCertificate: parseBool(values.get('trust'), 'TrustServerCertificate', false),
    connectTimeoutMs: parseSeconds(values.get('connectTimeout'), 'Connect Timeout', 15_000),
    requestTimeoutMs: parseSeconds(values.get('commandTimeout'), 'Command Timeout', 60_000),
  };
}

function unsupported(key: string, value: string): UserInputError {
  if (key === 'authentication') {
    return new UserInputError(
      `Authentication=${value} in the connection string is not supported.`,
      `Use a SQL Server login (User Id and Password), or Windows authentication: ${WINDOWS_FIX}`,
      'DB_URL_UNSUPPORTED',
    );
  }
  if (key === 'applicationintent' || key === 'application intent') {
    return new UserInputError(`ApplicationIntent in the connection string is not supported: merging writes to the database.`, 'Remove ApplicationIntent and connect to the primary server.', 'DB_URL_UNSUPPORTED');
  }
  return new UserInputError(
    `The connection string setting "${key}" is not supported.`,
    `Remove it; MergeDesk reads ${SUPPORTED}.`,
    'DB_URL_UNSUPPORTED',
  );
}

/** host, host\instance, host,port, tcp:host,port; a port wins over an instance name, as in SqlClient. */
function parseServer(server: string): Pick<MssqlConnection, 'host' | 'port' | 'instance'> {
  let text = server.trim();
  const protocol = /^([a-z]+):/i.exec(text)?.[1]?.toLowerCase();
  if (protocol === 'tcp') text = text.slice(4);
  else if (protocol === 'np' || protocol === 'lpc' || protocol === 'admin') {
    throw new UserInputError(`Server=${server} uses a connection type MergeDesk cannot open (${protocol}:).`, 'Connect over TCP: write Server=HOST, Server=HOST\\INSTANCE or Server=HOST,PORT.', 'DB_URL_UNSUPPORTED');
  }
  if (/^\(localdb\)/i.test(text)) {
    throw new UserInputError(`Server=${server} is a LocalDB instance, which MergeDesk cannot open.`, 'Use the SQL Server the LMS runs on: Server=HOST or Server=HOST\\INSTANCE.', 'DB_URL_UNSUPPORTED');
  }
  const [hostAndInstance = '', portText, ...extra] = text.split(',').map((s) => s.trim());
  if (extra.length > 0) throw new UserInputError(`Server=${server} has more than one ",".`, 'Write Server=HOST,PORT with one port number.', 'DB_URL_INVALID');
  const [hostPart = '', instance, ...more] = hostAndInstance.split('\\').map((s) => s.trim());
  if (more.length > 0) throw new UserInputError(`Server=${server} has more than one "\\".`, 'Write Server=HOST\\INSTANCE with one instance name.', 'DB_URL_INVALID');
  const host = hostPart === '.' || /^\(local\)$/i.test(hostPart) ? 'localhost' : hostPart;
  if (!host) throw new UserInputError(`Server=${server} names no host.`, 'Write Server=HOST, Server=HOST\\INSTANCE or Server=HOST,PORT.', 'DB_URL_INVALID');
  if (portText !== undefined) return { host, port: parsePort(portText) };
  if (instance) return { host, instance };
  if (instance === '') throw new UserInputError(`Server=${server} ends with "\\" but names no instance.`, 'Write Server=HOST\\INSTANCE, or leave out the "\\".', 'DB_URL_INVALID');
  return { host, port: 1433 };
}

function parsePort(text: string): number {
  const n = Number(text);
  if (text === '' || !Number.isInteger(n) || n < 1 || n > 65535) {
    throw new UserInputError(`Port "${text}" in Server= is not a valid port number.`, 'Use a number from 1 to 65535, e.g. Server=sql01,1433.', 'DB_URL_INVALID');
  }
  return n;
}

function parseAuth(values: Map<string, string>): MssqlConnection['auth'] {
  const integrated = values.has('integrated') ? parseIntegrated(values.get('integrated')!) : false;
  const userText = values.get('user') ?? '';
  const password = values.get('password') ?? '';
  const slash = userText.indexOf('\\');
  const domain = values.get('domain') || (slash > 0 ? userText.slice(0, slash) : '');
  const user = slash >= 0 ? userText.slice(slash + 1) : userText;
  if (integrated || domain) {
    if (!domain || !user || !values.has('password')) {
      const missing = [!domain && 'the domain', !user && 'the user', !values.has('password') && 'the password'].filter(Boolean).join(', ');
      throw new UserInputError(
        `Integrated Security signs in as the Windows user running the LMS, which MergeDesk cannot do; ${missing} ${missing.includes(',') ? 'are' : 'is'} missing.`,
        WINDOWS_FIX,
        'DB_URL_UNSUPPORTED',
      );
    }
    return { type: 'ntlm', domain, user, password };
  }
  if (!user) throw new UserInputError('The connection string has no User Id.', `Add User Id=LOGIN;Password=… for a SQL Server login. ${WINDOWS_FIX}`, 'DB_URL_INVALID');
  return { type: 'sql', user, password };
}

function parseIntegrated(value: string): boolean {
  if (/^(sspi|true|yes)$/i.test(value)) return true;
  if (/^(false|no)$/i.test(value)) return false;
  throw new UserInputError(`Integrated Security="${value}" is not SSPI, true or false.`, 'Write Integrated Security=SSPI (with domain, user and password) or leave it out.', 'DB_URL_INVALID');
}

function parseEncrypt(value: string | undefined): boolean {
  if (value !== undefined && /^strict$/i.test(value)) {
    throw new UserInputError('Encrypt=Strict in the connection string is not supported.', 'Write Encrypt=True (with TrustServerCertificate=True for a self-signed certificate).', 'DB_URL_UNSUPPORTED');
  }
  if (value !== undefined && /^mandatory$/i.test(value)) return true;
  if (value !== undefined && /^optional$/i.test(value)) return false;
  return parseBool(value, 'Encrypt', true);
}

function parseBool(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(true|yes)$/i.test(value)) return true;
  if (/^(false|no)$/i.test(value)) return false;
  throw new UserInputError(`${name}="${value}" in the connection string is not True or False.`, `Write ${name}=True or ${name}=False.`, 'DB_URL_INVALID');
}

/** ADO.NET gives timeouts in seconds; 0 means "wait for ever", which we cap at the URL's upper bound. */
function parseSeconds(value: string | undefined, name: string, fallbackMs: number): number {
  if (value === undefined || value === '') return fallbackMs;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new UserInputError(`${name}="${value}" in the connection string is not a whole number of seconds.`, `Write e.g. ${name}=30.`, 'DB_URL_INVALID');
  }
  return n === 0 ? 3_600_000 : n * 1000;
}
