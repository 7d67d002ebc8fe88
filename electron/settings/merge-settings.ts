import type { Knex } from 'knex';
import type { z } from 'zod';
import { enrolmentStatusName } from '@shared/enrolment-statuses';
import {
  DEFAULT_GENERAL_SETTINGS,
  generalSettingsSchema,
  jobProfileRuleSchema,
  portfolioRuleSchema,
  SETTING_KEYS,
  SWITCH_SETTING_KEYS,
  type GeneralSettings,
  type JobProfileRule,
  type PortfolioRule,
  type SettingKey,
} from '@shared/merge-settings';
import { assertMayChangeSettings } from '../auth/rights';
import type { Operator } from '../auth/operator';
import type { LmsMapping } from '../db/mapping';
import { storedBool, storedIso } from '../db/stored-values';
import { UserInputError } from '../errors';

/**
 * Person-merge settings (the "Settings", "Portfolio rules" and "Job profile rules" tabs),
 * stored in the tool tables md_merge_settings (one row, id 1), md_portfolio_rules and
 * md_job_profile_rules. Tool tables use the tool's own (reference) names and values.
 */

// The shapes are declared in shared/merge-settings.ts; re-exported for the engine's imports.
export type { GeneralSettings, JobProfileRule, PortfolioRule } from '@shared/merge-settings';

/** Everything a merge needs to know about its settings. */
export interface MergeSettings extends GeneralSettings {
  portfolioRules: PortfolioRule[];
  jobProfileRules: JobProfileRule[];
}

export const DEFAULT_SETTINGS: MergeSettings = { ...DEFAULT_GENERAL_SETTINGS, portfolioRules: [], jobProfileRules: [] };

function describeIssues(what: string, error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? i.path.join('.') : what;
      const msg = i.code === 'invalid_type' && /undefined/.test(i.message) ? 'is missing' : i.message;
      return `${where} ${msg}`;
    })
    .join('; ');
}

export function validateGeneralSettings(raw: unknown): GeneralSettings {
  const parsed = generalSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UserInputError(`The merge settings are invalid: ${describeIssues('settings', parsed.error)}.`, 'Correct the named settings.', 'SETTINGS_INVALID');
  }
  return parsed.data;
}

/** Checks portfolio rules: each complete, valid, and no two rules for the same status pair. */
export function validatePortfolioRules(raw: unknown): PortfolioRule[] {
  if (!Array.isArray(raw)) throw new UserInputError('The portfolio rules must be a list.', 'Give a JSON array of rules.', 'RULES_INVALID');
  const problems: string[] = [];
  const out: PortfolioRule[] = [];
  const seen = new Map<string, PortfolioRule>();
  raw.forEach((r, i) => {
    const parsed = portfolioRuleSchema.safeParse(r);
    if (!parsed.success) {
      problems.push(`portfolio rule ${i + 1} is incomplete or invalid (${describeIssues('rule', parsed.error)})`);
      return;
    }
    const rule = parsed.data;
    const key = `${rule.target_status_id}/${rule.source_status_id}`;
    const before = seen.get(key);
    if (before) {
      problems.push(
        before.result_status_id === rule.result_status_id && before.dates_merge_type === rule.dates_merge_type
          ? `portfolio rule ${i + 1} repeats the rule for target status ${enrolmentStatusName(rule.target_status_id)} and source status ${enrolmentStatusName(rule.source_status_id)}`
          : `portfolio rules contradict each other: target status ${enrolmentStatusName(rule.target_status_id)} with source status ${enrolmentStatusName(rule.source_status_id)} gives ${enrolmentStatusName(before.result_status_id)} (${before.dates_merge_type}) in one rule and ${enrolmentStatusName(rule.result_status_id)} (${rule.dates_merge_type}) in rule ${i + 1}`,
      );
      return;
    }
    seen.set(key, rule);
    out.push(rule);
  });
  if (problems.length) throw new UserInputError(`The portfolio rules are not usable: ${problems.join('; ')}.`, 'Correct or remove the named rules.', 'RULES_INVALID');
  return out;
}

export function validateJobProfileRules(raw: unknown): JobProfileRule[] {
  if (!Array.isArray(raw)) throw new UserInputError('The job profile rules must be a list.', 'Give a JSON array of rules.', 'RULES_INVALID');
  const problems: string[] = [];
  const out: JobProfileRule[] = [];
  const seen = new Map<string, JobProfileRule>();
  raw.forEach((r, i) => {
    const parsed = jobProfileRuleSchema.safeParse(r);
    if (!parsed.success) {
      problems.push(`job profile rule ${i + 1} is incomplete or invalid (${describeIssues('rule', parsed.error)})`);
      return;
    }
    const rule = parsed.data;
    const key = `${rule.target_status}/${rule.source_status}`;
    const before = seen.get(key);
    if (before) {
      problems.push(
        before.result_status === rule.result_status
          ? `job profile rule ${i + 1} repeats the rule for target ${rule.target_status} and source ${rule.source_status}`
          : `job profile rules contradict each other: target ${rule.target_status} with source ${rule.source_status} gives ${before.result_status} in one rule and ${rule.result_status} in rule ${i + 1}`,
      );
      return;
    }
    seen.set(key, rule);
    out.push(rule);
  });
  if (problems.length) throw new UserInputError(`The job profile rules are not usable: ${problems.join('; ')}.`, 'Correct or remove the named rules.', 'RULES_INVALID');
  return out;
}


/** Loads the settings and both rule lists; refuses stored rules that do not validate. */
export async function loadSettings(db: Knex): Promise<MergeSettings> {
  const row = await db('md_merge_settings').where('id', 1).first();
  const general = row ? validateGeneralSettings(Object.fromEntries(SETTING_KEYS.map((k) => [k, isSwitch(k) ? storedBool(row[k]) : row[k]]))) : { ...DEFAULT_GENERAL_SETTINGS };
  const portfolio = await db('md_portfolio_rules').select('target_status_id', 'source_status_id', 'result_status_id', 'dates_merge_type').orderBy('id');
  const job = await db('md_job_profile_rules').select('target_status', 'source_status', 'result_status').orderBy('id');
  return {
    ...pickGeneral(general),
    portfolioRules: validatePortfolioRules(
      portfolio.map((r: Record<string, unknown>) => ({ ...r, target_status_id: Number(r.target_status_id), source_status_id: Number(r.source_status_id), result_status_id: Number(r.result_status_id) })),
    ),
    jobProfileRules: validateJobProfileRules(job.map((r: Record<string, unknown>) => ({ ...r }))),
  };
}

/** Who last changed the general settings and when (ISO text); nulls when never changed. */
export async function loadSettingsChange(db: Knex): Promise<{ updated_by: string | null; updated_at: string | null }> {
  const row = await db('md_merge_settings').select('updated_by', 'updated_at').where('id', 1).first();
  return { updated_by: (row?.updated_by as string | null) ?? null, updated_at: storedIso(row?.updated_at) };
}

export function pickGeneral(s: GeneralSettings): GeneralSettings {
  return Object.fromEntries(SETTING_KEYS.map((k) => [k, s[k]])) as GeneralSettings;
}

const isSwitch = (k: string): boolean => (SWITCH_SETTING_KEYS as readonly string[]).includes(k);

/**
 * Saves general settings (validated as a whole after merging the change in). Needs the
 * settings right (electron/auth/rights.ts), checked here so CLI and app cannot differ.
 */
export async function saveGeneralSettings(db: Knex, m: LmsMapping, change: Partial<GeneralSettings>, operator: Operator): Promise<GeneralSettings> {
  await assertMayChangeSettings(db, m, operator, 'the merge settings');
  const updatedBy = operator.login;
  const current = await loadSettings(db);
  const next = validateGeneralSettings({ ...pickGeneral(current), ...change });
  const values = { ...next, updated_by: updatedBy, updated_at: new Date() };
  const exists = await db('md_merge_settings').where('id', 1).first();
  if (exists) await db('md_merge_settings').where('id', 1).update(values);
  else await db('md_merge_settings').insert({ id: 1, ...values });
  return next;
}

/** Replaces all portfolio rules at once (validated first; nothing changes when invalid). Needs the settings right. */
export async function savePortfolioRules(db: Knex, m: LmsMapping, raw: unknown, operator: Operator): Promise<PortfolioRule[]> {
  await assertMayChangeSettings(db, m, operator, 'the portfolio rules');
  const rules = validatePortfolioRules(raw);
  await db.transaction(async (trx) => {
    await trx('md_portfolio_rules').delete();
    if (rules.length) await trx('md_portfolio_rules').insert(rules);
  });
  return rules;
}

/** Replaces all job profile rules at once (validated first). Needs the settings right. */
export async function saveJobProfileRules(db: Knex, m: LmsMapping, raw: unknown, operator: Operator): Promise<JobProfileRule[]> {
  await assertMayChangeSettings(db, m, operator, 'the job profile rules');
  const rules = validateJobProfileRules(raw);
  await db.transaction(async (trx) => {
    await trx('md_job_profile_rules').delete();
    if (rules.length) await trx('md_job_profile_rules').insert(rules);
  });
  return rules;
}

/** Parses one `key=value` text as a setting (used by `--set` and `settings set`). */
export function parseSettingAssignment(text: string): Partial<GeneralSettings> {
  const eq = text.indexOf('=');
  const key = (eq < 0 ? text : text.slice(0, eq)).trim();
  const value = eq < 0 ? '' : text.slice(eq + 1).trim();
  if (eq < 0 || !key) throw new UserInputError(`"${text}" is not a setting assignment.`, `Write key=value, e.g. abort_on_conflict=false. Keys: ${SETTING_KEYS.join(', ')}.`, 'SETTINGS_INVALID');
  if (!(SETTING_KEYS as readonly string[]).includes(key)) {
    throw new UserInputError(`Unknown setting "${key}".`, `Settings are: ${SETTING_KEYS.join(', ')}.`, 'SETTINGS_INVALID');
  }
  if (!isSwitch(key)) {
    // A choice among named values (the schema's enum), e.g. source_disposition.
    const field = generalSettingsSchema.shape[key as SettingKey] as z.ZodEnum;
    if (!field.safeParse(value).success) throw new UserInputError(`${key} "${value}" is not valid.`, `Use one of ${field.options.join(', ')}.`, 'SETTINGS_INVALID');
    return { [key]: value } as Partial<GeneralSettings>;
  }
  const v = value.toLowerCase();
  const b = ['true', '1', 'yes', 'on'].includes(v) ? true : ['false', '0', 'no', 'off'].includes(v) ? false : undefined;
  if (b === undefined) throw new UserInputError(`${key} "${value}" is not true or false.`, `Write ${key}=true or ${key}=false.`, 'SETTINGS_INVALID');
  return { [key]: b } as Partial<GeneralSettings>;
}

/** Parses a list of `key=value` overrides; a key given twice with different values is refused. */
export function parseOverrides(list: readonly string[]): Partial<GeneralSettings> {
  const out: Record<string, unknown> = {};
  for (const item of list) {
    const one = parseSettingAssignment(item);
    for (const [k, v] of Object.entries(one)) {
      if (k in out && out[k] !== v) throw new UserInputError(`The setting ${k} is given twice with different values.`, 'Give each --set key once.', 'SETTINGS_INVALID');
      out[k] = v;
    }
  }
  return out as Partial<GeneralSettings>;
}

/** Settings for one merge: the stored ones with the merge's overrides on top. */
export function withOverrides(settings: MergeSettings, overrides: Partial<GeneralSettings>): MergeSettings {
  return { ...settings, ...validateGeneralSettings({ ...pickGeneral(settings), ...overrides }) };
}
