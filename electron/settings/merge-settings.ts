import type { Knex } from 'knex';
import { z } from 'zod';
import { ENROLMENT_STATUS_IDS, enrolmentStatusName } from '../../shared/enrolment-statuses';
import { assertMayChangeSettings } from '../auth/rights';
import type { Operator } from '../auth/operator';
import type { LmsMapping } from '../db/mapping';
import { UserInputError } from '../errors';

/**
 * Person-merge settings (the "Settings", "Portfolio rules" and "Job profile rules" tabs),
 * stored in the tool tables md_merge_settings (one row, id 1), md_portfolio_rules and
 * md_job_profile_rules. Tool tables use the tool's own (reference) names and values.
 */

export const SOURCE_DISPOSITIONS = ['delete', 'anonymise', 'deactivate'] as const;
export type SourceDisposition = (typeof SOURCE_DISPOSITIONS)[number];
export const DATES_MERGE_TYPES = ['earliest', 'latest', 'target', 'source'] as const;
export type DatesMergeType = (typeof DATES_MERGE_TYPES)[number];
export const JOB_RULE_STATUSES = ['confirmed', 'not_confirmed'] as const;
export type JobRuleStatus = (typeof JOB_RULE_STATUSES)[number];

/** The keys of md_merge_settings a user may change (also the `--set` keys). */
export const SETTING_KEYS = ['merge_person_attributes', 'abort_on_conflict', 'ignore_custom_rules', 'merge_group_assignments', 'source_disposition'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export interface GeneralSettings {
  merge_person_attributes: boolean;
  abort_on_conflict: boolean;
  ignore_custom_rules: boolean;
  merge_group_assignments: boolean;
  source_disposition: SourceDisposition;
}

export interface PortfolioRule {
  target_status_id: number;
  source_status_id: number;
  result_status_id: number;
  dates_merge_type: DatesMergeType;
}

export interface JobProfileRule {
  target_status: JobRuleStatus;
  source_status: JobRuleStatus;
  result_status: JobRuleStatus;
}

/** Everything a merge needs to know about its settings. */
export interface MergeSettings extends GeneralSettings {
  portfolioRules: PortfolioRule[];
  jobProfileRules: JobProfileRule[];
}

export const DEFAULT_SETTINGS: MergeSettings = {
  merge_person_attributes: true,
  abort_on_conflict: true,
  ignore_custom_rules: true,
  merge_group_assignments: false,
  source_disposition: 'delete',
  portfolioRules: [],
  jobProfileRules: [],
};

const statusId = z
  .number({ error: 'must be an enrolment status id' })
  .int()
  .refine((n) => ENROLMENT_STATUS_IDS.includes(n), { message: `must be one of the enrolment status ids ${ENROLMENT_STATUS_IDS.join(', ')}` });

export const generalSettingsSchema = z
  .object({
    merge_person_attributes: z.boolean({ error: 'must be true or false' }),
    abort_on_conflict: z.boolean({ error: 'must be true or false' }),
    ignore_custom_rules: z.boolean({ error: 'must be true or false' }),
    merge_group_assignments: z.boolean({ error: 'must be true or false' }),
    source_disposition: z.enum(SOURCE_DISPOSITIONS, { error: `must be one of ${SOURCE_DISPOSITIONS.join(', ')}` }),
  })
  .strict();

export const portfolioRuleSchema = z
  .object({
    target_status_id: statusId,
    source_status_id: statusId,
    result_status_id: statusId,
    dates_merge_type: z.enum(DATES_MERGE_TYPES, { error: `must be one of ${DATES_MERGE_TYPES.join(', ')}` }),
  })
  .strict();

export const jobProfileRuleSchema = z
  .object({
    target_status: z.enum(JOB_RULE_STATUSES, { error: `must be one of ${JOB_RULE_STATUSES.join(', ')}` }),
    source_status: z.enum(JOB_RULE_STATUSES, { error: `must be one of ${JOB_RULE_STATUSES.join(', ')}` }),
    result_status: z.enum(JOB_RULE_STATUSES, { error: `must be one of ${JOB_RULE_STATUSES.join(', ')}` }),
  })
  .strict();

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

/** Reads a boolean as stored by any dialect (true/false, 1/0, '1'/'0'). */
function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't' || v === 'true';
}

/** Loads the settings and both rule lists; refuses stored rules that do not validate. */
export async function loadSettings(db: Knex): Promise<MergeSettings> {
  const row = await db('md_merge_settings').where('id', 1).first();
  const general = row
    ? validateGeneralSettings({
        merge_person_attributes: bool(row.merge_person_attributes),
        abort_on_conflict: bool(row.abort_on_conflict),
        ignore_custom_rules: bool(row.ignore_custom_rules),
        merge_group_assignments: bool(row.merge_group_assignments),
        source_disposition: row.source_disposition,
      })
    : { ...DEFAULT_SETTINGS };
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

export function pickGeneral(s: GeneralSettings): GeneralSettings {
  return {
    merge_person_attributes: s.merge_person_attributes,
    abort_on_conflict: s.abort_on_conflict,
    ignore_custom_rules: s.ignore_custom_rules,
    merge_group_assignments: s.merge_group_assignments,
    source_disposition: s.source_disposition,
  };
}

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
  if (key === 'source_disposition') {
    if (!(SOURCE_DISPOSITIONS as readonly string[]).includes(value)) {
      throw new UserInputError(`source_disposition "${value}" is not valid.`, `Use one of ${SOURCE_DISPOSITIONS.join(', ')}.`, 'SETTINGS_INVALID');
    }
    return { source_disposition: value as SourceDisposition };
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
