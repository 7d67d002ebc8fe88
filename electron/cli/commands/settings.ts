import fs from 'node:fs';
import type { Command } from 'commander';
import { SETTING_KEYS } from '@shared/merge-settings';
import { UserInputError } from '../../errors';
import {
  loadSettings,
  parseOverrides,
  pickGeneral,
  saveGeneralSettings,
  saveJobProfileRules,
  savePortfolioRules,
  type MergeSettings,
} from '../../settings/merge-settings';
import { withDatabase, type DbOptions } from '../context';
import { signInOperator } from '../operator';
import type { Output } from '../output';

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserInputError(`The ${what} file ${file} cannot be read.`, 'Check the path.', 'RULES_INVALID');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserInputError(`The ${what} file ${file} is not valid JSON (${(err as Error).message}).`, 'Fix the JSON syntax.', 'RULES_INVALID');
  }
}

function printSettings(out: Output, s: MergeSettings): void {
  out.data({ settings: pickGeneral(s), portfolioRules: s.portfolioRules, jobProfileRules: s.jobProfileRules });
  for (const [k, v] of Object.entries(pickGeneral(s))) out.line(`${k.padEnd(26)} ${String(v)}`);
  out.line(`${out.t('settings.portfolioRules').padEnd(26)} ${s.portfolioRules.length}`);
  printPortfolioRules(out, s);
  out.line(`${out.t('settings.jobProfileRules').padEnd(26)} ${s.jobProfileRules.length}`);
  printJobProfileRules(out, s);
}

function printPortfolioRules(out: Output, s: MergeSettings): void {
  for (const r of s.portfolioRules) out.line(out.t('settings.portfolioRule', { target: r.target_status_id, source: r.source_status_id, result: r.result_status_id, dates: r.dates_merge_type }));
}

function printJobProfileRules(out: Output, s: MergeSettings): void {
  for (const r of s.jobProfileRules) out.line(out.t('settings.jobProfileRule', { target: r.target_status, source: r.source_status, result: r.result_status }));
}

interface SettingsOptions extends DbOptions {
  as?: string;
}

export function registerSettings(program: Command, out: Output): void {
  const settings = program.command('settings').description('Person-merge settings, portfolio rules and job profile rules');
  const common = (c: Command) =>
    c
      .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
      .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
      .option('--json', 'machine-readable output');
  common(settings.command('show').description('Show the settings and rules')).action(async (opts: SettingsOptions) => {
    await withDatabase(opts, out, async (db) => printSettings(out, await loadSettings(db)));
  });
  common(settings.command('set').description(`Change settings: key=value … (keys: ${SETTING_KEYS.join(', ')})`))
    .argument('<assignments...>', 'e.g. abort_on_conflict=false source_disposition=anonymise')
    .option('--as <login>', 'LMS administrator you act as')
    .action(async (assignments: string[], opts: SettingsOptions) => {
      const change = parseOverrides(assignments);
      await withDatabase(opts, out, async (db, mapping) => {
        const operator = await signInOperator(db, mapping, opts.as);
        await saveGeneralSettings(db, mapping, change, operator);
        printSettings(out, await loadSettings(db));
      });
    });
  common(settings.command('rules').description('Show the rules, or replace them from JSON files (validated first)'))
    .option('--portfolio <file.json>', 'replace the portfolio rules: [{"target_status_id":8,"source_status_id":11,"result_status_id":11,"dates_merge_type":"earliest"}]')
    .option('--job-profile <file.json>', 'replace the job profile rules: [{"target_status":"confirmed","source_status":"not_confirmed","result_status":"confirmed"}]')
    .option('--as <login>', 'LMS administrator you act as (needed to change rules)')
    .action(async (opts: SettingsOptions & { portfolio?: string; jobProfile?: string }) => {
      const portfolio = opts.portfolio ? readJsonFile(opts.portfolio, 'portfolio rules') : undefined;
      const job = opts.jobProfile ? readJsonFile(opts.jobProfile, 'job profile rules') : undefined;
      await withDatabase(opts, out, async (db, mapping) => {
        if (portfolio !== undefined || job !== undefined) {
          const operator = await signInOperator(db, mapping, opts.as);
          if (portfolio !== undefined) await savePortfolioRules(db, mapping, portfolio, operator);
          if (job !== undefined) await saveJobProfileRules(db, mapping, job, operator);
        }
        const s = await loadSettings(db);
        out.data({ portfolioRules: s.portfolioRules, jobProfileRules: s.jobProfileRules });
        out.line(out.t(s.ignore_custom_rules ? 'settings.portfolioRulesIgnored' : 'settings.portfolioRulesInUse', { count: s.portfolioRules.length }));
        printPortfolioRules(out, s);
        out.line(out.t('settings.jobProfileRulesHeading', { count: s.jobProfileRules.length }));
        printJobProfileRules(out, s);
      });
    });
}
