import { describe, expect, it } from 'vitest';
import { parseConnectionUrl, redactUrl } from '../../electron/db/connection-url';
import { UserInputError } from '../../electron/errors';
import { redactSecrets } from '../../electron/security/redact';
import { runCli } from '../helpers/cli';

const refusal = (text: string): UserInputError => {
  try {
    parseConnectionUrl(text);
  } catch (err) {
    if (err instanceof UserInputError) return err;
    throw err;
  }
  throw new Error(`${text} was accepted`);
};

describe('the LMS\'s own ADO.NET connection string', () => {
  it('reads SQL login, named instance and TLS options into the same options as the mssql:// URL', () => {
    const fromString = parseConnectionUrl('Server=sql01\\LEARN;Database=LMS;User Id=lms_app;Password=Pa$$w0rd!;Encrypt=True;TrustServerCertificate=True');
    const fromUrl = parseConnectionUrl('mssql://lms_app:Pa%24%24w0rd!@sql01/LMS?instance=LEARN&encrypt=true&trustServerCertificate=true');
    expect(fromString).toEqual(fromUrl);
    expect(fromString).toMatchObject({ host: 'sql01', instance: 'LEARN', auth: { type: 'sql', user: 'lms_app', password: 'Pa$$w0rd!' } });
  });

  it('reads a port after a comma, tcp: and the ADO.NET aliases (Data Source, Initial Catalog, UID, PWD, timeouts in seconds)', () => {
    expect(parseConnectionUrl('Server=host,1444;Database=LMS;User Id=sa;Password=x;Encrypt=False')).toEqual(
      parseConnectionUrl('mssql://sa:x@host:1444/LMS?encrypt=false'),
    );
    expect(parseConnectionUrl('Data Source=tcp:sql02.corp.local,1533;Initial Catalog=Learn;UID=sa;PWD=y;Connect Timeout=30;Command Timeout=120')).toEqual(
      parseConnectionUrl('mssql://sa:y@sql02.corp.local:1533/Learn?connectTimeout=30000&requestTimeout=120000'),
    );
    // A port wins over an instance name, as in SqlClient; "." is this computer.
    expect(parseConnectionUrl('Server=.\\LEARN,1500;Database=LMS;User Id=sa;Password=x')).toMatchObject({ host: 'localhost', port: 1500 });
    expect(parseConnectionUrl('Server=.\\LEARN,1500;Database=LMS;User Id=sa;Password=x')).not.toHaveProperty('instance');
    // Harmless client-only settings are passed over; keys are case-insensitive.
    expect(parseConnectionUrl('SERVER=h;DATABASE=LMS;user id=sa;password=x;Application Name=LMS Web;MultipleActiveResultSets=True;Persist Security Info=False')).toEqual(
      parseConnectionUrl('mssql://sa:x@h/LMS'),
    );
  });

  it('reads Integrated Security with a domain (in User Id or Domain=) as the URL\'s Windows (NTLM) login', () => {
    const url = parseConnectionUrl('mssql://jdoe:Wint3r!Pass@sql01/LMS?domain=CORP&instance=LEARN');
    expect(parseConnectionUrl('Server=sql01\\LEARN;Database=LMS;Integrated Security=SSPI;User Id=CORP\\jdoe;Password=Wint3r!Pass')).toEqual(url);
    expect(parseConnectionUrl('Server=sql01\\LEARN;Database=LMS;Trusted_Connection=Yes;Domain=CORP;User Id=jdoe;Password=Wint3r!Pass')).toEqual(url);
    expect(url).toMatchObject({ auth: { type: 'ntlm', domain: 'CORP', user: 'jdoe' } });
  });

  it('refuses Integrated Security without a domain, user and password, saying what Windows authentication needs here', () => {
    const bare = refusal('Server=sql01\\LEARN;Database=LMS;Integrated Security=SSPI');
    expect(bare.problem).toMatch(/Integrated Security.*the domain, the user, the password are missing/);
    expect(bare.fix).toMatch(/Windows authentication needs the domain, user and password here/);
    const noDomain = refusal('Server=sql01;Database=LMS;Integrated Security=true;User Id=jdoe;Password=Wint3r!Pass');
    expect(noDomain.problem).toMatch(/the domain is missing/);
    expect(noDomain.message).not.toContain('Wint3r');
  });

  it('reads {} and quoted values holding ";", "=", "}" and quotes inside a password', () => {
    expect(parseConnectionUrl('Server=h;Database=LMS;User Id=sa;Password={Ab;c=d}}e}')).toMatchObject({ auth: { password: 'Ab;c=d}e' } });
    expect(parseConnectionUrl('Server=h;Database=LMS;User Id=sa;Password="x;""y"""')).toMatchObject({ auth: { password: 'x;"y"' } });
    expect(parseConnectionUrl("Server=h;Database=LMS;User Id=sa;Password='it''s;ok'")).toMatchObject({ auth: { password: "it's;ok" } });
    expect(parseConnectionUrl('Server=h;Database=LMS;User Id=sa;Password={Ab;cd};Encrypt=False')).toEqual(parseConnectionUrl('mssql://sa:Ab%3Bcd@h/LMS?encrypt=false'));
  });

  const bad: [string, RegExp, RegExp][] = [
    ['Server=h;Database=LMS;User Id=sa;Password={S3cr3t;Pw', /Password.*opens with \{ but never closes/, /}}/],
    ['Server=h;Database=LMS;User Id=sa;Password={S3cr3t;Pw}x', /goes on after its closing/, /inside/],
    ['Database=LMS;User Id=sa;Password=S3cr3t', /names no server/, /Server=HOST/],
    ['Server=h;User Id=sa;Password=S3cr3t', /names no database/, /Initial Catalog/],
    ['Server=h;Database=LMS;Password=S3cr3t;Pw', /after the password setting has no "="/, /Password=\{a;b\}/],
    ['Server=h;Database=LMS;Password=S3cr3t', /no User Id/, /Windows authentication needs the domain, user and password/],
    ['Server=h,99999;Database=LMS;User Id=sa;Password=S3cr3t', /Port "99999"/, /1 to 65535/],
    ['Server=h;Database=LMS;User Id=sa;Password=S3cr3t;Encrypt=perhaps', /Encrypt="perhaps"/, /Encrypt=True/],
    ['Server=h;Database=LMS;User Id=sa;Password=S3cr3t;Encrypt=Strict', /Encrypt=Strict.*not supported/, /Encrypt=True/],
    ['Server=h;Database=LMS;User Id=sa;Password=S3cr3t;Authentication=Active Directory Integrated', /Authentication=Active Directory Integrated.*not supported/, /Windows authentication needs the domain, user and password here/],
    ['Server=h;Database=LMS;User Id=sa;Password=S3cr3t;AttachDbFilename=|DataDirectory|\\x.mdf', /"attachdbfilename" is not supported/, /Server \(or Data Source\)/],
    ['Server=np:\\\\sql01\\pipe\\sql\\query;Database=LMS;User Id=sa;Password=S3cr3t', /connection type MergeDesk cannot open \(np:\)/, /TCP/],
    ['Server=h;Database=LMS;User Id=sa;Password=S3cr3t;Connect Timeout=soon', /Connect Timeout="soon"/, /seconds|=30/],
  ];
  for (const [text, problem, fix] of bad) {
    it(`refuses ${JSON.stringify(text.replace('S3cr3t', '…'))} naming the problem and the fix, never the password`, () => {
      const e = refusal(text);
      expect(e.problem).toMatch(problem);
      expect(e.fix).toMatch(fix);
      expect(e.message).not.toContain('S3cr3t');
    });
  }

  it('redacts the password of a connection string, {}-quoted or not, wherever it is printed', () => {
    expect(redactUrl('Server=h;Database=LMS;User Id=sa;Password={Ab;cd};Encrypt=False')).toBe('Server=h;Database=LMS;User Id=sa;Password=***;Encrypt=False');
    expect(redactSecrets('failed: Server=h;PWD=plain1;Database=x')).toBe('failed: Server=h;PWD=***;Database=x');
  });

  it('works wherever a database is named: --db and MERGEDESK_DB (exit 3 for a bad one, exit 1 when unreachable, no password)', async () => {
    const bad = await runCli('doctor', '--db', 'Server=h;Database=LMS;User Id=sa;Password={G3heim;x');
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/never closes/);
    expect(bad.stderr).not.toContain('G3heim');
    process.env.MERGEDESK_DB = 'Server=127.0.0.1,1;Database=LMS;User Id=sa;Password={G3heim;x};Connect Timeout=3';
    let unreachable;
    try {
      unreachable = await runCli('doctor');
    } finally {
      delete process.env.MERGEDESK_DB;
    }
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout + unreachable.stderr).toMatch(/127\.0\.0\.1/);
    expect(unreachable.stdout + unreachable.stderr).not.toContain('G3heim');
  });
});
