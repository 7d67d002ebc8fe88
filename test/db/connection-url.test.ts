import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConnection, parseConnectionUrl, redactUrl } from '../../electron/db/connection-url';
import { UserInputError } from '../../electron/errors';

describe('connection URLs', () => {
  it('reads sqlite: URLs and bare .db/.sqlite paths relative to the working folder', () => {
    expect(parseConnectionUrl('sqlite:./lms.db', '/work')).toEqual({ kind: 'sqlite', file: path.resolve('/work/lms.db') });
    expect(parseConnectionUrl('sqlite:/data/x.sqlite')).toEqual({ kind: 'sqlite', file: '/data/x.sqlite' });
    expect(parseConnectionUrl('data/demo.sqlite', '/w')).toEqual({ kind: 'sqlite', file: '/w/data/demo.sqlite' });
    expect(parseConnectionUrl('C.db', '/w')).toEqual({ kind: 'sqlite', file: '/w/C.db' });
  });

  it('reads postgres URLs with defaults for port and user', () => {
    expect(parseConnectionUrl('postgres://alice:s%40cret@db.local:6543/lms')).toEqual({
      kind: 'postgres', host: 'db.local', port: 6543, database: 'lms', user: 'alice', password: 's@cret',
    });
    expect(parseConnectionUrl('postgresql://db.local/lms')).toMatchObject({ port: 5432, user: 'postgres' });
  });

  it('reads SQL Server URLs: SQL login, Windows (NTLM) login, named instance, TLS options, timeouts', () => {
    const sql = parseConnectionUrl('mssql://sa:Pa%24%24@sql01:1433/LMS?encrypt=true&trustServerCertificate=true');
    expect(sql).toEqual({
      kind: 'mssql', host: 'sql01', port: 1433, database: 'LMS',
      auth: { type: 'sql', user: 'sa', password: 'Pa$$' },
      encrypt: true, trustServerCertificate: true, connectTimeoutMs: 15000, requestTimeoutMs: 60000,
    });
    const ntlm = parseConnectionUrl('mssql://jdoe:pw@sql01/LMS?domain=CORP&instance=LEARN&connectTimeout=5000&encrypt=false');
    expect(ntlm).toMatchObject({ instance: 'LEARN', auth: { type: 'ntlm', domain: 'CORP', user: 'jdoe' }, encrypt: false, connectTimeoutMs: 5000 });
    expect(ntlm).not.toHaveProperty('port');
    expect(describeConnection(ntlm)).toBe('SQL Server CORP\\jdoe@sql01\\LEARN/LMS');
    expect(describeConnection(ntlm)).not.toContain('pw');
  });

  const refused: [string, RegExp][] = [
    ['', /No database given/],
    ['sqlite:', /no file path/],
    ['mysql://root@localhost/lms', /Unknown database type "mysql:"/],
    ['just some words', /is not a database URL/],
    ['postgres://localhost', /names no database/],
    ['postgres://u@h:99999/db', /Port "99999"/],
    ['mssql://sa:x@host', /names no database/],
    ['mssql://host/db', /no user name/],
    ['mssql://sa:x@host/db?encrypt=maybe', /encrypt="maybe" is not true or false/],
    ['mssql://sa:x@host/db?trustCert=true', /Unknown SQL Server option "trustCert"/],
    ['mssql://sa:x@host/db?connectTimeout=soon', /connectTimeout="soon"/],
  ];
  for (const [url, message] of refused) {
    it(`refuses ${JSON.stringify(url)} with a message naming the problem and the fix`, () => {
      let caught: unknown;
      try {
        parseConnectionUrl(url);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(UserInputError);
      const e = caught as UserInputError;
      expect(e.problem).toMatch(message);
      expect(e.fix.length).toBeGreaterThan(10);
    });
  }

  it('never repeats a password in an error', () => {
    expect(() => parseConnectionUrl('mssql://sa:TopSecret1@host/db?encrypt=perhaps')).toThrow();
    try {
      parseConnectionUrl('mssql://sa:TopSecret1@host/db?encrypt=perhaps');
    } catch (err) {
      expect((err as Error).message).not.toContain('TopSecret1');
    }
    expect(redactUrl('mssql://sa:TopSecret1@host/db')).toBe('mssql://sa:***@host/db');
  });
});
