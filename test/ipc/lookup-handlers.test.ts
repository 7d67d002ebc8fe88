import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import { channelName } from '@shared/ipc/define';
import type { PersonLookupView } from '@shared/ipc/lookup-channels';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry, type Registry } from '../../electron/ipc/registry';
import { ProfileStore } from '../../electron/profiles/store';
import { tempDir } from '../helpers/databases';

const ctx = { progress: () => undefined };

describe('Find person over IPC', () => {
  let registry: Registry;
  let handlers: ReturnType<typeof createHandlers>;
  let home: string;
  const call = (key: string, input: unknown) => registry.call(channelName(key), input, ctx);
  const db = () => handlers.session.requireDb().db;

  beforeAll(async () => {
    home = tempDir('mergedesk-lookup-ipc-');
    process.env.MERGEDESK_HOME = home;
    handlers = createHandlers({ profiles: new ProfileStore(path.join(home, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }), version: 'test' });
    registry = createRegistry(contract, handlers);
    const c = await call('connect', { profileId: 'demo' });
    if (!c.ok) throw new Error(c.error.message);
  }, 120_000);
  afterAll(async () => {
    await handlers.session.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('needs a signed-in administrator', async () => {
    expect(await call('lookupPerson', { firstName: 'Anna', lastName: 'Müller' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });

  it('refuses bad input with a plain message and answers the signed-in admin within their clearance', async () => {
    expect(await call('signIn', { login: 'hr.north', password: 'demo' })).toMatchObject({ ok: true });
    expect(await call('lookupPerson', { firstName: 'A'.repeat(300), lastName: 'B' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('firstName: At most 255 characters.') } });
    expect(await call('lookupPerson', { firstName: 'Anna', lastName: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_PERSON', message: expect.stringContaining('The last name is missing.') } });
    expect(await call('lookupPerson', { firstName: 'Anna', lastName: 'Müller', birthDate: '1990-02-30' })).toMatchObject({ ok: false, error: { code: 'INVALID_PERSON', message: expect.stringContaining('YYYY-MM-DD or DD.MM.YYYY') } });

    expect(await call('preparePersonLookup', {})).toMatchObject({ ok: true, value: { users: expect.any(Number) } });
    // An account outside hr.north's region, typed in as it is: counted, not shown.
    const region = [Number((await db()('users').where('login', 'hr.north').first()).org_unit_id)];
    for (let i = 0; i < region.length; i++) region.push(...(await db()('org_units').where('parent_id', region[i]).pluck('id')).map(Number));
    const far = await db()('users').where('is_admin', false).where('status', 'active').whereNotIn('org_unit_id', region).whereNotNull('birth_date').orderBy('id').first();
    const typed = { firstName: far.first_name, lastName: far.last_name, birthDate: String(far.birth_date).slice(0, 10), email: far.email };
    const r = await call('lookupPerson', typed);
    if (!r.ok) throw new Error(r.error.message);
    const view = r.value as PersonLookupView;
    expect(view.matches.map((x) => x.uid)).not.toContain(far.uid);
    expect(view.outsideClearance).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(view)).not.toContain(far.uid);
    // The full administrator sees it, first.
    expect(await call('signIn', { login: 'admin', password: 'demo' })).toMatchObject({ ok: true });
    const all = await call('lookupPerson', typed);
    if (!all.ok) throw new Error(all.error.message);
    const allView = all.value as PersonLookupView;
    expect(allView.outsideClearance).toBe(0);
    expect(allView.matches[0]).toMatchObject({ uid: far.uid, firstName: far.first_name, lastName: far.last_name, reasons: expect.arrayContaining(['same e-mail address']) });
    expect(allView.withinClearance).toBe(view.withinClearance + view.outsideClearance);
  });
});
