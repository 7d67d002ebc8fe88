import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { LmsMapping } from '../../electron/db/mapping';
import { ACTIONS, CATEGORIES, plan } from '../../electron/engine/merge/index';
import { NAME_SOURCES } from '../../electron/read-models/object-names';
import { LANGUAGES } from '@shared/i18n';
import { resources } from '@shared/i18n/resources';
import { DATABASE_KINDS } from '../helpers/databases';
import { Fixture, settingsWith } from '../merge/fixtures';
import { useFixtureDatabase } from '../merge/fixture-database';
import { richPair } from '../merge/rich-pair';

/**
 * Category, object-type and action names are shown as words from the shared `categories`
 * namespace, never as keys: every one the engine can produce must be in both languages.
 */
const sqlite = DATABASE_KINDS.find((k) => k.kind === 'sqlite')!;

describe('the categories namespace covers what the merge engine names', () => {
  let db: Knex;
  let fx: Fixture;
  const m = new LmsMapping();
  useFixtureDatabase(sqlite, m, (opened) => ({ db, fx } = opened));

  it('has every category, every object type of a plan touching every category, and every action, in German and English', async () => {
    const { source, target } = await richPair(fx);
    await fx.db(m.table('users')).where(m.col('users', 'id'), source.id).update(m.toDbRow('users', { employee_id: 'E-1', origin: 'interface' }));
    const p = await plan(db, m, source.uid, target.uid, settingsWith({ merge_group_assignments: true }), fx.admin, { takeEmail: true, takeLogin: true, takeEmployeeId: true });
    const objectTypes = new Set([...p.records, ...p.conflicts, ...p.actionRequired].map((r) => r.objectType));
    for (const t of Object.keys(NAME_SOURCES)) objectTypes.add(t);
    expect([...objectTypes]).toEqual(expect.arrayContaining(['course', 'skill', 'job_profile', 'login', 'email', 'employee_id', 'user', 'user_field', 'attribute']));
    const categories = new Set([...CATEGORIES.map((c) => c.name), ...p.records.map((r) => r.category)]);
    for (const language of LANGUAGES) {
      const ns = resources[language].categories as { category: Record<string, string>; objectType: Record<string, string>; action: Record<string, string> };
      expect([...categories].filter((c) => !ns.category[c]), `${language}: categories without a name`).toEqual([]);
      expect([...objectTypes].filter((t) => !ns.objectType[t]), `${language}: object types without a name`).toEqual([]);
      expect(ACTIONS.filter((a) => !ns.action[a]), `${language}: actions without a name`).toEqual([]);
    }
  });
});
