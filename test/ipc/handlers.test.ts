import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_KEYS, contract } from '@shared/ipc/contract';
import { channelName } from '@shared/ipc/define';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry, type Registry } from '../../electron/ipc/registry';
import { ProfileStore } from '../../electron/profiles/store';
import { tempDir } from '../helpers/databases';

const ctx = { progress: () => undefined };

describe('IPC handlers over a real demo database', () => {
  let registry: Registry;
  let handlers: ReturnType<typeof createHandlers>;
  const call = (key: string, input: unknown) => registry.call(channelName(key), input, ctx);

  beforeAll(() => {
    process.env.MERGEDESK_HOME = tempDir('mergedesk-ipc-');
    // The native file dialog "chooses" the file the test names (the one seam: Electron's dialog).
    handlers = createHandlers({ profiles: new ProfileStore(path.join(process.env.MERGEDESK_HOME, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }), version: '9.9.9', dialogs: { chooseFile: async () => '/nonexistent/lms.db' } });
    registry = createRegistry(contract, handlers);
  });
  afterAll(async () => handlers.session.close());

  it('exposes exactly one channel per contract entry', () => {
    expect([...registry.channels].sort()).toEqual(CHANNEL_KEYS.map(channelName).sort());
    expect(CHANNEL_KEYS).toEqual(['appInfo', 'setLanguage', 'listProfiles', 'saveProfile', 'chooseProfileFile', 'deleteProfile', 'testConnection', 'connect', 'signIn', 'signOut', 'currentSession', 'scanDuplicates', 'cancelTask', 'decidePair', 'searchUsers', 'compareAccounts', 'previewMerge', 'executeMerge', 'saveRunLogfile', 'openRunLogfileExternally', 'getSettings', 'saveGeneralSettings', 'savePortfolioRules', 'saveJobProfileRules', 'setClientLevelProtection', 'listRuns', 'createRunLogfile', 'openRunLogfile', 'verifyLogfileWithDatabase', 'startupLogfile', 'readLogfile', 'validateWorklist', 'runBatch', 'exportWorklist', 'openPath', 'undoMerge', 'readReportWorkbook', 'saveEngagementReport', 'parseConnectionString', 'lookupPerson', 'preparePersonLookup']);
  });

  it('rejects unknown channels and invalid input with plain {code, message} errors', async () => {
    expect(await registry.call('mergedesk:dropTables', {}, ctx)).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown request "mergedesk:dropTables".' } });
    const extra = await call('appInfo', { sneaky: 1 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const badLogin = await call('signIn', { login: '', password: 'x' });
    expect(badLogin).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('login: Enter the login.') } });
    const badProfile = await call('saveProfile', { profile: { name: 'x', connection: { kind: 'mssql', host: '' } } });
    expect(badProfile).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('deleteProfile', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses to sign in before connecting', async () => {
    expect(await call('signIn', { login: 'admin', password: 'demo' })).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    expect(await call('currentSession', {})).toEqual({ ok: true, value: null });
  });

  it('tests, connects to and signs in on the demo database, created on first use', async () => {
    const info = await call('appInfo', {});
    expect(info).toMatchObject({ ok: true, value: { version: '9.9.9', demoDatabase: path.join(process.env.MERGEDESK_HOME!, 'demo.db') } });
    const doctor = await call('testConnection', { profileId: 'demo' });
    expect(doctor).toMatchObject({ ok: true, value: { ok: true, dialect: 'sqlite' } });
    const connected = await call('connect', { profileId: 'demo' });
    expect(connected).toMatchObject({ ok: true, value: { dialect: 'sqlite', profileId: 'demo', operator: null } });
    expect(await call('signIn', { login: 'admin', password: 'nope' })).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    expect(await call('signIn', { login: 'auditor', password: 'demo' })).toMatchObject({ ok: true, value: { operator: { login: 'auditor' } } });
    expect(await call('signIn', { login: 'admin', password: 'demo' })).toMatchObject({ ok: true, value: { operator: { login: 'admin' } } });
    expect(await call('signOut', {})).toMatchObject({ ok: true, value: { operator: null } });
  });

  it('cancels a running scan on cancelTask, reported as cancelled, and scans again afterwards', async () => {
    await call('connect', { profileId: 'demo' });
    await call('signIn', { login: 'admin', password: 'demo' });
    const phases: string[] = [];
    const cancelled = await registry.call(channelName('scanDuplicates'), {}, {
      progress: (p) => {
        phases.push(p.phase);
        if (phases.length === 1) void registry.call(channelName('cancelTask'), { task: 'scan' }, ctx);
      },
    });
    expect(cancelled).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'The scan was cancelled.' } });
    expect(phases).toEqual(['reading']);
    expect(await call('cancelTask', { task: 'scan' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await call('scanDuplicates', {})).toMatchObject({ ok: true, value: { users: expect.any(Number) } });
    await call('signOut', {});
  });

  it('saves, lists and deletes a profile, and names a missing SQLite file on connect', async () => {
    expect(await call('chooseProfileFile', { purpose: 'sqlite' })).toEqual({ ok: true, value: { path: '/nonexistent/lms.db' } });
    const saved = await call('saveProfile', { profile: { name: 'Copy', connection: { kind: 'sqlite', file: '/nonexistent/lms.db' } } });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Copy', hasPassword: false } });
    const id = (saved as { value: { id: string } }).value.id;
    expect(await call('listProfiles', {})).toMatchObject({ ok: true, value: [{ id: 'demo' }, { id, name: 'Copy' }] });
    expect(await call('connect', { profileId: id })).toMatchObject({ ok: false, error: { code: 'DB_MISSING', message: expect.stringContaining('/nonexistent/lms.db does not exist') } });
    expect(await call('deleteProfile', { id })).toEqual({ ok: true, value: null });
    expect(await call('listProfiles', {})).toMatchObject({ ok: true, value: [{ id: 'demo' }] });
  });
});

describe('the demo database on first start', () => {
  it('is generated once even when the app and a connect ask at the same time', async () => {
    const { ensureDemoDatabase, generateDemoIfMissing } = await import('../../electron/demo-database');
    const file = path.join(tempDir('mergedesk-demo-start-'), 'demo.db');
    const [, db] = await Promise.all([ensureDemoDatabase(file), generateDemoIfMissing(file)]);
    try {
      const n = await db('users').count({ n: '*' }).first();
      expect(Number(n?.n)).toBe(5000);
    } finally {
      await db.destroy();
    }
  });
});

describe('connecting to a database that does not match the mapping', () => {
  it('is refused with the problems named, and nothing stays connected', async () => {
    const { sqliteTestDatabase } = await import('../helpers/databases');
    const { generateDemo } = await import('../../electron/demo/index');
    const { LmsMapping } = await import('../../electron/db/mapping');
    const tdb = sqliteTestDatabase();
    const db = await tdb.open();
    await generateDemo(db, new LmsMapping(), { users: 100, seed: 3 });
    await db.schema.alterTable('users', (t) => t.dropColumn('phone'));
    process.env.MERGEDESK_HOME = tempDir('mergedesk-ipc-mismatch-');
    const file = tdb.connection.kind === 'sqlite' ? tdb.connection.file : '';
    const handlers = createHandlers({ profiles: new ProfileStore(path.join(process.env.MERGEDESK_HOME, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }), version: 't', dialogs: { chooseFile: async () => file } });
    const registry = createRegistry(contract, handlers);
    await registry.call(channelName('chooseProfileFile'), { purpose: 'sqlite' }, ctx);
    const saved = (await registry.call(channelName('saveProfile'), { profile: { name: 'Broken', connection: { kind: 'sqlite', file: tdb.connection.kind === 'sqlite' ? tdb.connection.file : '' } } }, ctx)) as { ok: true; value: { id: string } };
    const r = await registry.call(channelName('connect'), { profileId: saved.value.id }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'SCHEMA_MISMATCH', message: expect.stringContaining('Column users.phone is missing from table "users".') } });
    expect(handlers.session.db).toBeNull();
    await tdb.drop();
  });
});
