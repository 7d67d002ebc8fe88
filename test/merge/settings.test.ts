import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { sqliteTestDatabase, type TestDatabase } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { Fixture } from './fixtures';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  parseOverrides,
  saveGeneralSettings,
  saveJobProfileRules,
  savePortfolioRules,
  validateJobProfileRules,
  validatePortfolioRules,
  withOverrides,
} from '../../electron/settings/merge-settings';

describe('person-merge settings and rules', () => {
  let tdb: TestDatabase;
  let db: Knex;
  let fx: Fixture;
  const m = new LmsMapping();
  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    db = await tdb.open();
    fx = await Fixture.create(db, m);
  });
  afterAll(async () => tdb?.drop());

  it('loads the defaults of a fresh database', async () => {
    expect(await loadSettings(db)).toEqual(DEFAULT_SETTINGS);
  });

  it('saves settings and rules, and reads them back', async () => {
    await saveGeneralSettings(db, m, { abort_on_conflict: false, source_disposition: 'deactivate' }, fx.admin);
    await savePortfolioRules(db, m, [{ target_status_id: 8, source_status_id: 12, result_status_id: 11, dates_merge_type: 'latest' }], fx.admin);
    await saveJobProfileRules(db, m, [{ target_status: 'not_confirmed', source_status: 'confirmed', result_status: 'confirmed' }], fx.admin);
    const s = await loadSettings(db);
    expect(s).toMatchObject({ abort_on_conflict: false, source_disposition: 'deactivate', merge_person_attributes: true });
    expect(s.portfolioRules).toEqual([{ target_status_id: 8, source_status_id: 12, result_status_id: 11, dates_merge_type: 'latest' }]);
    expect(s.jobProfileRules).toEqual([{ target_status: 'not_confirmed', source_status: 'confirmed', result_status: 'confirmed' }]);
    expect((await db('md_merge_settings').first()).updated_by).toBe('admin');
  });

  it('rejects contradictory, repeated, incomplete and invalid rules with clear messages, changing nothing', async () => {
    const rule = { target_status_id: 8, source_status_id: 11, result_status_id: 11, dates_merge_type: 'earliest' };
    expect(() => validatePortfolioRules([rule, { ...rule, result_status_id: 8 }])).toThrow(/contradict each other: target status Enrolled with source status Passed gives Passed \(earliest\) in one rule and Enrolled \(earliest\) in rule 2/);
    expect(() => validatePortfolioRules([rule, rule])).toThrow(/rule 2 repeats the rule/);
    expect(() => validatePortfolioRules([{ target_status_id: 8, source_status_id: 11 }])).toThrow(/portfolio rule 1 is incomplete or invalid \(result_status_id .*; dates_merge_type/);
    expect(() => validatePortfolioRules([{ ...rule, result_status_id: 99 }])).toThrow(/result_status_id must be one of the enrolment status ids/);
    expect(() => validatePortfolioRules([{ ...rule, dates_merge_type: 'newest' }])).toThrow(/dates_merge_type must be one of earliest, latest, target, source/);
    expect(() => validateJobProfileRules([{ target_status: 'confirmed', source_status: 'confirmed', result_status: 'completed' }])).toThrow(/result_status must be one of confirmed, not_confirmed/);
    expect(() => validateJobProfileRules([
      { target_status: 'confirmed', source_status: 'confirmed', result_status: 'confirmed' },
      { target_status: 'confirmed', source_status: 'confirmed', result_status: 'not_confirmed' },
    ])).toThrow(/job profile rules contradict each other/);
    await expect(savePortfolioRules(db, m, [rule, { ...rule, result_status_id: 8 }], fx.admin)).rejects.toThrow(/contradict/);
    expect((await loadSettings(db)).portfolioRules).toHaveLength(1);
  });

  it('parses per-merge overrides by md_merge_settings column name', () => {
    expect(parseOverrides(['abort_on_conflict=false', 'source_disposition=anonymise', 'merge_group_assignments=yes'])).toEqual({ abort_on_conflict: false, source_disposition: 'anonymise', merge_group_assignments: true });
    expect(() => parseOverrides(['abort_on_conflict'])).toThrow(/not a setting assignment/);
    expect(() => parseOverrides(['colour=red'])).toThrow(/Unknown setting "colour"/);
    expect(() => parseOverrides(['abort_on_conflict=maybe'])).toThrow(/not true or false/);
    expect(() => parseOverrides(['abort_on_conflict=true', 'abort_on_conflict=false'])).toThrow(/given twice/);
    expect(withOverrides(DEFAULT_SETTINGS, { source_disposition: 'anonymise' }).source_disposition).toBe('anonymise');
  });
});
