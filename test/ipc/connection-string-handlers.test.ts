import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import { channelName } from '@shared/ipc/define';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry } from '../../electron/ipc/registry';
import { ProfileStore } from '../../electron/profiles/store';
import { tempDir } from '../helpers/databases';

describe('the profile editor fills a SQL Server profile from the LMS connection string (IPC)', () => {
  const home = tempDir('mergedesk-ipc-connstr-');
  const handlers = createHandlers({ profiles: new ProfileStore(path.join(home, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }), version: 'test' });
  const registry = createRegistry(contract, handlers);
  const call = (text: string) => registry.call(channelName('parseConnectionString'), { text }, { progress: () => undefined }) as Promise<any>;

  it('returns the fields the profile keeps (named instance, Windows login, TLS, timeouts in ms)', async () => {
    const r = await call('Server=sql01\\LEARN;Database=LMS;Integrated Security=SSPI;User Id=CORP\\jdoe;Password={Pa;ss};Encrypt=True;TrustServerCertificate=True;Connect Timeout=20');
    expect(r).toEqual({
      ok: true,
      value: { host: 'sql01', port: null, instance: 'LEARN', database: 'LMS', user: 'jdoe', domain: 'CORP', encrypt: true, trustServerCertificate: true, connectTimeoutMs: 20000, requestTimeoutMs: 60000, password: 'Pa;ss' },
    });
  });

  it('refuses an unsupported setting by name, without the password, and a URL as not a connection string', async () => {
    const r = await call('Server=h;Database=LMS;User Id=sa;Password=Geh3imPw;Authentication=ActiveDirectoryPassword');
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('Authentication=ActiveDirectoryPassword in the connection string is not supported') } });
    expect(r.error.message).toContain('Windows authentication needs the domain, user and password here');
    expect(JSON.stringify(r)).not.toContain('Geh3imPw');
    expect(await call('mssql://sa:x@h/LMS')).toMatchObject({ ok: false, error: { message: expect.stringContaining('not a connection string') } });
  });
});
