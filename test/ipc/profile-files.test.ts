import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import { channelName } from '@shared/ipc/define';
import { LmsMapping } from '../../electron/db/mapping';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry, type Registry } from '../../electron/ipc/registry';
import type { FilePurpose } from '../../electron/profiles/chosen-files';
import { ProfileStore } from '../../electron/profiles/store';
import { sqliteTestDatabase, tempDir, type TestDatabase } from '../helpers/databases';
import { Fixture } from '../merge/fixtures';

const ctx = { signal: new AbortController().signal, progress: () => undefined };

describe('profile files come only from the main process\'s dialog', () => {
  const dir = tempDir('mergedesk-profile-files-');
  const profilesFile = path.join(dir, 'profiles.json');
  let tdb: TestDatabase;
  let registry: Registry;
  let handlers: ReturnType<typeof createHandlers>;
  /** What the (stubbed) native dialog returns next, per purpose; null = cancelled. */
  const dialogAnswer: Record<FilePurpose, string | null> = { mapping: null, sqlite: null };
  const call = (key: string, input: unknown) => registry.call(channelName(key), input, ctx) as Promise<any>;
  const mappingFile = path.join(dir, 'lms-mapping.json');
  const secretFile = path.join(dir, 'secrets.json');

  beforeAll(async () => {
    tdb = sqliteTestDatabase(dir);
    const db = await tdb.open();
    await Fixture.create(db, new LmsMapping());
    await db.destroy();
    fs.writeFileSync(mappingFile, '{}');
    fs.writeFileSync(secretFile, 'API_TOKEN=sk-live-0123456789 {"not": json');
    handlers = createHandlers({
      profiles: new ProfileStore(profilesFile, { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }),
      version: 'test',
      dialogs: { chooseFile: async (purpose) => dialogAnswer[purpose] },
    });
    registry = createRegistry(contract, handlers);
  });
  afterAll(async () => {
    await handlers.session.close();
    await tdb?.drop();
  });

  const sqliteProfile = (file: string, extra: Record<string, unknown> = {}) => ({ profile: { name: 'Copy of the LMS', connection: { kind: 'sqlite', file }, ...extra } });

  it('refuses a SQLite or mapping path the renderer typed, and saves nothing', async () => {
    const typed = await call('saveProfile', sqliteProfile(tdb.connection.kind === 'sqlite' ? tdb.connection.file : ''));
    expect(typed).toMatchObject({ ok: false, error: { code: 'PATH_NOT_CHOSEN', message: expect.stringMatching(/was not chosen in MergeDesk's file dialog\. Click "Browse…"/) } });
    dialogAnswer.sqlite = (tdb.connection as { file: string }).file;
    const db = (await call('chooseProfileFile', { purpose: 'sqlite' })).value.path;
    expect(await call('saveProfile', sqliteProfile(db, { mappingFile: '/etc/passwd' }))).toMatchObject({ ok: false, error: { code: 'PATH_NOT_CHOSEN' } });
    // A path chosen as a database is not thereby a mapping file.
    expect(await call('saveProfile', sqliteProfile(db, { mappingFile: db }))).toMatchObject({ ok: false, error: { code: 'PATH_NOT_CHOSEN' } });
    expect(fs.existsSync(profilesFile) ? fs.readFileSync(profilesFile, 'utf8') : '').not.toMatch(/passwd|lms-/);
  });

  it('saves and connects with files chosen in the dialog; renaming keeps them; a cancelled dialog changes nothing', async () => {
    dialogAnswer.sqlite = (tdb.connection as { file: string }).file;
    dialogAnswer.mapping = mappingFile;
    const db = (await call('chooseProfileFile', { purpose: 'sqlite' })).value.path;
    const mapping = (await call('chooseProfileFile', { purpose: 'mapping' })).value.path;
    expect(mapping).toBe(mappingFile);
    const saved = await call('saveProfile', sqliteProfile(db, { mappingFile: mapping }));
    expect(saved).toMatchObject({ ok: true, value: { mappingFile, connection: { file: db } } });
    const id = saved.value.id;
    expect(await call('connect', { profileId: id })).toMatchObject({ ok: true, value: { profileId: id } });
    // Later edits that keep the saved paths need no dialog.
    expect(await call('saveProfile', { profile: { id, name: 'Renamed', connection: { kind: 'sqlite', file: db }, mappingFile: mapping } })).toMatchObject({ ok: true, value: { name: 'Renamed' } });
    // …but swapping in another path does.
    expect(await call('saveProfile', { profile: { id, name: 'Renamed', connection: { kind: 'sqlite', file: db }, mappingFile: '/etc/hosts' } })).toMatchObject({ ok: false, error: { code: 'PATH_NOT_CHOSEN' } });
    dialogAnswer.mapping = null;
    expect(await call('chooseProfileFile', { purpose: 'mapping' })).toEqual({ ok: true, value: null });
  });

  it('a mapping file that is not JSON is refused without echoing its content', async () => {
    dialogAnswer.sqlite = (tdb.connection as { file: string }).file;
    dialogAnswer.mapping = secretFile;
    const db = (await call('chooseProfileFile', { purpose: 'sqlite' })).value.path;
    const mapping = (await call('chooseProfileFile', { purpose: 'mapping' })).value.path;
    const saved = await call('saveProfile', sqliteProfile(db, { mappingFile: mapping }));
    for (const channel of ['testConnection', 'connect']) {
      const r = await call(channel, { profileId: saved.value.id });
      expect(r).toMatchObject({ ok: false, error: { code: 'MAPPING_INVALID', message: expect.stringMatching(/secrets\.json is not valid JSON\. Fix the JSON syntax/) } });
      expect(r.error.message).not.toMatch(/API_TOKEN|sk-live|not": json/);
    }
  });
});
