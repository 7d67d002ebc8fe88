import { z } from 'zod';
import { ENROLMENT_STATUS_IDS } from './enrolment-statuses';

/**
 * The person-merge settings, declared once: the shapes (zod; types by z.infer), the
 * defaults and the words the screens show. The engine validates with these schemas
 * (electron/settings/merge-settings.ts), the IPC contract and the CLI's `--set` take their
 * keys from them, and the renderer its labels. A new general setting is one entry in
 * `generalSettingsSchema`, one in `DEFAULT_GENERAL_SETTINGS`, one in `SETTING_LABELS`, and
 * its rule in the category that reads it.
 */

export const SOURCE_DISPOSITIONS = ['delete', 'anonymise', 'deactivate'] as const;
export type SourceDisposition = (typeof SOURCE_DISPOSITIONS)[number];
export const DATES_MERGE_TYPES = ['earliest', 'latest', 'target', 'source'] as const;
export type DatesMergeType = (typeof DATES_MERGE_TYPES)[number];
export const JOB_RULE_STATUSES = ['confirmed', 'not_confirmed'] as const;
export type JobRuleStatus = (typeof JOB_RULE_STATUSES)[number];

const onOff = () => z.boolean({ error: 'must be true or false' });

/** md_merge_settings' user-editable columns (the "Settings" tab, `--set key=value`). */
export const generalSettingsSchema = z
  .object({
    merge_person_attributes: onOff(),
    abort_on_conflict: onOff(),
    ignore_custom_rules: onOff(),
    merge_group_assignments: onOff(),
    source_disposition: z.enum(SOURCE_DISPOSITIONS, { error: `must be one of ${SOURCE_DISPOSITIONS.join(', ')}` }),
  })
  .strict();
export type GeneralSettings = z.infer<typeof generalSettingsSchema>;
export type SettingKey = keyof GeneralSettings;
/** The keys a user may change (also the `--set` keys), in the schema's order. */
export const SETTING_KEYS = Object.keys(generalSettingsSchema.shape) as SettingKey[];
/** The on/off settings (every key but the disposition). */
export type SwitchSettingKey = { [K in SettingKey]: GeneralSettings[K] extends boolean ? K : never }[SettingKey];

/** One merge's changes to the saved settings (preview, execute, batch, `--set`). */
export const settingsOverrideSchema = generalSettingsSchema.partial();
export type SettingsOverrides = z.infer<typeof settingsOverrideSchema>;

export const DEFAULT_GENERAL_SETTINGS: GeneralSettings = {
  merge_person_attributes: true,
  abort_on_conflict: true,
  ignore_custom_rules: true,
  merge_group_assignments: false,
  source_disposition: 'delete',
};

const statusId = z
  .number({ error: 'must be an enrolment status id' })
  .int()
  .refine((n) => ENROLMENT_STATUS_IDS.includes(n), { message: `must be one of the enrolment status ids ${ENROLMENT_STATUS_IDS.join(', ')}` });

export const portfolioRuleSchema = z
  .object({
    target_status_id: statusId,
    source_status_id: statusId,
    result_status_id: statusId,
    dates_merge_type: z.enum(DATES_MERGE_TYPES, { error: `must be one of ${DATES_MERGE_TYPES.join(', ')}` }),
  })
  .strict();
export type PortfolioRule = z.infer<typeof portfolioRuleSchema>;

const jobStatus = () => z.enum(JOB_RULE_STATUSES, { error: `must be one of ${JOB_RULE_STATUSES.join(', ')}` });
export const jobProfileRuleSchema = z.object({ target_status: jobStatus(), source_status: jobStatus(), result_status: jobStatus() }).strict();
export type JobProfileRule = z.infer<typeof jobProfileRuleSchema>;

// The words the screens show, in one place.

/** Label and explanation of each on/off setting, in the order the screens list them. */
export const SETTING_LABELS: Record<SwitchSettingKey, { label: string; hint: string }> = {
  merge_person_attributes: { label: 'Merge person attributes', hint: 'Custom person attributes the kept account lacks are taken over from the removed account.' },
  abort_on_conflict: { label: 'Abort on conflict', hint: 'A merge with a training conflict is aborted and nothing is changed; when off, conflicts are resolved as the preview shows.' },
  ignore_custom_rules: { label: 'Ignore custom rules', hint: 'Use the built-in status priority instead of the portfolio and job profile rules below.' },
  merge_group_assignments: { label: 'Merge group assignments', hint: 'Group memberships of the removed account are added to the kept account.' },
};
export const SWITCH_SETTING_KEYS = Object.keys(SETTING_LABELS) as SwitchSettingKey[];

export const SOURCE_DISPOSITION_LABEL = 'What happens to the source account (the account merged away)';
/** `long` for the Settings tab, `short` for the per-merge and per-batch choice. */
export const DISPOSITION_LABELS: Record<SourceDisposition, { long: string; short: string }> = {
  delete: { long: 'Delete the source account', short: 'delete' },
  anonymise: { long: 'Anonymise the source account (personal data removed, account kept)', short: 'anonymise' },
  deactivate: { long: 'Deactivate the source account (kept, cannot sign in)', short: 'deactivate' },
};

export const DATES_LABELS: Record<DatesMergeType, string> = {
  earliest: 'Earliest dates',
  latest: 'Latest dates',
  target: "Target account's dates",
  source: "Source account's dates",
};

export const JOB_STATUS_LABELS: Record<JobRuleStatus, string> = { confirmed: 'Confirmed', not_confirmed: 'Not confirmed' };
