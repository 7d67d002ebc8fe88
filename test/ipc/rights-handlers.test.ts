import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type SessionView } from '@shared/ipc/contract';
import { channelName } from '@shared/ipc/define';
import { createHandlers } from '../../electron/ipc/handlers';
import { createRegistry, type Registry } from '../../electron/ipc/registry';
import { ProfileStore } from '../../electron/profiles/store';
import { tempDir } from '../helpers/databases';

const ctx = { signal: new AbortController().signal, progress: () => undefined };
const READ_ONLY = 'may view the merge settings and rules but not change them: that needs Edit clearance on the whole organisation (every root org unit, including its subunits).';

/** Defects 4 and 5 through the app's handlers, over a real demo database (admin, hr.north, auditor). */
describe('rights in the app: settings, decisions, own account', () => {
  let registry: Registry;
  let handlers: ReturnType<typeof createHandlers>;
  let home: string;
  const call = (key: string, input: unknown) => registry.call(channelName(key), input, ctx);
  const db = () => handlers.session.requireDb().db;
  const signIn = async (login: string) => {
    const r = await call('signIn', { login, password: 'demo' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as SessionView;
  };
  /** Two regular users in the north region (hr.north's) and one outside it. */
  let north: [string, string];
  let outside: string;

  beforeAll(async () => {
    home = tempDir('mergedesk-rights-ipc-');
    process.env.MERGEDESK_HOME = home;
    handlers = createHandlers({ profiles: new ProfileStore(path.join(home, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }), version: 'test' });
    registry = createRegistry(contract, handlers);
    const c = await call('connect', { profileId: 'demo' });
    if (!c.ok) throw new Error(c.error.message);
    const region = (await db()('users').where('login', 'hr.north').first()).org_unit_id as number;
    const units = [region];
    for (let i = 0; i < units.length; i++) units.push(...(await db()('org_units').where('parent_id', units[i]).pluck('id')));
    const inRegion = await db()('users').where('is_admin', false).whereIn('org_unit_id', units).orderBy('id').limit(2).pluck('uid');
    north = [inRegion[0], inRegion[1]];
    outside = (await db()('users').where('is_admin', false).whereNotIn('org_unit_id', units).orderBy('id').first()).uid;
  });
  afterAll(async () => {
    await handlers.session.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  const stored = async () => ({
    settings: await db()('md_merge_settings').first(),
    portfolio: await db()('md_portfolio_rules').select('*'),
    job: await db()('md_job_profile_rules').select('*'),
    clients: await db()('clients').select('*').orderBy('id'),
    decisions: await db()('md_pair_decisions').select('*'),
  });

  it('auditor and hr.north: the session says read-only with the reason; every settings write and a decision outside their edit clearance is refused with NO_CLEARANCE', async () => {
    const before = await stored();
    for (const login of ['auditor', 'hr.north']) {
      const session = await signIn(login);
      expect(session.operator).toEqual({ login, uid: expect.any(String), canChangeSettings: false, settingsReadOnlyReason: `${login} ${READ_ONLY}` });
      expect(await call('currentSession', {})).toMatchObject({ ok: true, value: { operator: { canChangeSettings: false } } });
      for (const [key, input] of [
        ['saveGeneralSettings', { general: { abort_on_conflict: false } }],
        ['savePortfolioRules', { rules: [{ target_status_id: 8, source_status_id: 11, result_status_id: 11, dates_merge_type: 'earliest' }] }],
        ['saveJobProfileRules', { rules: [{ target_status: 'confirmed', source_status: 'not_confirmed', result_status: 'confirmed' }] }],
        ['setClientLevelProtection', { clientId: 2, keep: true }],
        ['decidePair', { a: north[0], b: outside, decision: 'not_duplicate' }],
      ] as const) {
        expect(await call(key, input)).toMatchObject({ ok: false, error: { code: 'NO_CLEARANCE', message: expect.stringContaining(login) } });
      }
    }
    expect(await call('decidePair', { a: north[0], b: north[1], decision: 'later' })).toMatchObject({ ok: true });
    const after = await stored();
    expect({ ...after, decisions: [] }).toEqual({ ...before, decisions: [] });
    expect(after.decisions).toMatchObject([{ decision: 'later', decided_by: 'hr.north' }]);
  });

  it('admin: may change settings; may not merge away their own account', async () => {
    const session = await signIn('admin');
    expect(session.operator).toMatchObject({ login: 'admin', canChangeSettings: true, settingsReadOnlyReason: null });
    expect(await call('saveGeneralSettings', { general: { abort_on_conflict: false } })).toMatchObject({ ok: true, value: { abort_on_conflict: false, updated_by: 'admin' } });
    expect(await call('setClientLevelProtection', { clientId: 2, keep: true })).toMatchObject({ ok: true, value: { keepHighestLevelProtection: true } });
    const own = await call('previewMerge', { source: session.operator!.uid, target: outside, takeEmail: false, takeLogin: false, overrides: {} });
    expect(own).toMatchObject({ ok: false, error: { code: 'OWN_ACCOUNT', message: expect.stringContaining('is your own account (admin)') } });
    expect(await db()('users').where('login', 'admin').first()).toMatchObject({ status: 'active' });
  });
});
