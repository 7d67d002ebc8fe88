import { describe, expect, it } from 'vitest';
import { parseConnectionUrl, redactUrl } from '../../electron/db/connection-url';
import { translateConnectionError } from '../../electron/db/connect';
import { UserInputError } from '../../electron/errors';
import { redactSecrets, registerSecret } from '../../electron/security/redact';
import { runCli } from '../helpers/cli';

const refusal = (url: string): UserInputError => {
  try {
    parseConnectionUrl(url);
  } catch (err) {
    if (err instanceof UserInputError) return err;
    throw err;
  }
  throw new Error(`${url} was accepted`);
};

describe('passwords with special characters in database URLs', () => {
  it('reads "#", "/", "@", "?" and ":" in a password as they are (everything up to the last "@")', () => {
    expect(parseConnectionUrl('mssql://sa:S3cr3t#Pw@127.0.0.1/LMS')).toMatchObject({ host: '127.0.0.1', port: 1433, database: 'LMS', auth: { user: 'sa', password: 'S3cr3t#Pw' } });
    expect(parseConnectionUrl('mssql://sa:ab/cd@sql01:1444/LMS?encrypt=false')).toMatchObject({ host: 'sql01', port: 1444, encrypt: false, auth: { password: 'ab/cd' } });
    expect(parseConnectionUrl('postgres://app:p@ss?w:rd#1@db.local/lms')).toMatchObject({ host: 'db.local', user: 'app', password: 'p@ss?w:rd#1', database: 'lms' });
    // Percent-encoding still works, and is the way to write a literal "%".
    expect(parseConnectionUrl('mssql://sa:100%25%23sure@h/LMS')).toMatchObject({ auth: { password: '100%#sure' } });
  });

  it('refuses a broken percent-escape with exit 3 and a fix, never repeating the password', async () => {
    const e = refusal('mssql://sa:Geheim%zz99@host/LMS');
    expect(e.problem).toMatch(/password in the database URL holds a "%"/);
    expect(e.fix).toMatch(/%25/);
    expect(e.message).not.toContain('Geheim');
    const r = await runCli('doctor', '--db', 'mssql://sa:Geheim%zz99@host/LMS');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/%25/);
    expect(r.stderr).not.toMatch(/Geheim|URI malformed/);
  });

  it('never prints the password of a URL that cannot be parsed or a bad port', () => {
    for (const url of ['mssql://sa:S3cr3t#Pw@host:12x/LMS', 'mssql://sa:S3cr3t#Pw@/LMS', 'mssql://sa:S3cr3t#Pw@host/LMS?encrypt=perhaps']) {
      const e = refusal(url);
      expect(e.message).not.toContain('S3cr3t');
      expect(e.message).not.toContain('Pw@');
    }
    expect(refusal('mssql://sa:S3cr3t#Pw@host:12x/LMS').problem).toBe('Port "12x" is not a valid port number.');
    expect(redactUrl('mssql://sa:S3cr3t#P/w@host/LMS')).toBe('mssql://sa:***@host/LMS');
  });

  it('a connection failure names the server and never the password (CLI, exit 1)', async () => {
    const r = await runCli('doctor', '--db', 'mssql://sa:S3cr3t#Pw@127.0.0.1:1/LMS?connectTimeout=3000');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/127\.0\.0\.1/);
    expect(r.stderr).not.toMatch(/S3cr3t|Pw@|not a valid port/);
  });

  it('translates a raw driver error that repeats the password', () => {
    const c = parseConnectionUrl('postgres://app:Sup3r$ecret!@db.local/lms');
    const raw = new Error('connect failed for postgres://app:Sup3r$ecret!@db.local/lms (password=Sup3r$ecret!)');
    const e = translateConnectionError(raw, c);
    expect(e.message).toMatch(/db\.local/);
    expect(e.message).not.toContain('Sup3r');
  });
});

describe('redactSecrets (log and error safety net)', () => {
  it('masks URL passwords, password pairs, bcrypt hashes and registered connection secrets', () => {
    const hash = '$2b$10$abcdefghijklmnopqrstuuJ9Qz5xQm3b0lWw2eY4mTn4V0cZb7yK2';
    expect(redactSecrets('open mssql://sa:S3cr3t#Pw@host/LMS now')).toBe('open mssql://sa:***@host/LMS now');
    expect(redactSecrets('Server=sql01;User Id=sa;Password=hunter22;')).toBe('Server=sql01;User Id=sa;Password=***;');
    expect(redactSecrets('{"user":"sa","password":"x\\"y"}')).toBe('{"user":"sa","password":"***"}');
    expect(redactSecrets(`insert into users (password_hash) values ('${hash}')`)).toBe("insert into users (password_hash) values ('[password hash]')");
    registerSecret('Kennwort#2026');
    expect(redactSecrets('Login failed; tried Kennwort#2026 and Kennwort%232026')).toBe('Login failed; tried *** and ***');
    expect(redactSecrets('Check the user name and password.')).toBe('Check the user name and password.');
  });
});
