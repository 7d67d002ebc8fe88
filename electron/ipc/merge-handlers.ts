import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { enrolmentStatusName } from '../../shared/enrolment-statuses';
import type { AccountDetail, CompareView, MergeOutcomeView, PlanView } from '../../shared/ipc/merge-channels';
import { loadClearance } from '../auth/clearance';
import { containsIgnoringCase } from '../db/dialect';
import type { LmsMapping } from '../db/mapping';
import { loadActivity, recommendKeep, toRecord } from '../engine/detect/index';
import { plan, type MergePlan } from '../engine/merge/index';
import { UserInputError } from '../errors';
import { loadSettings, withOverrides } from '../settings/merge-settings';
import { mergeUseCase } from '../usecases/merge';
import { findRunLogfile, runLogfilePath } from './logfile-locations';
import type { Session } from './session';

/** What the main process offers the handlers beyond the database: native dialogs and the shell. */
export interface DesktopServices {
  /** Asks where to save a file; null when the user cancels. */
  saveFileDialog(defaultName: string): Promise<string | null>;
  openPath(file: string): Promise<void>;
}

export const SEED_FAILURE_MESSAGE = 'The merge was not successful, please check the linked logfile for more information.';


const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === 'number' ? new Date(v).toISOString() : String(v));

/** Per-category record counts of two accounts, one grouped query per table. */
async function categoryCounts(db: Knex, m: LmsMapping, ids: number[]): Promise<Map<number, Record<string, number>>> {
  const out = new Map(ids.map((id) => [id, {} as Record<string, number>]));
  const count = async (label: string, table: Parameters<LmsMapping['table']>[0], userCol: string, where?: (q: Knex.QueryBuilder) => void) => {
    const q = db(m.table(table)).select({ user_id: userCol }).count({ n: '*' }).whereIn(userCol, ids).groupBy(userCol);
    where?.(q);
    for (const r of (await q) as { user_id: number; n: number | string }[]) out.get(Number(r.user_id))![label] = Number(r.n);
  };
  await count('Enrolments', 'enrolments', m.col('enrolments', 'user_id'));
  await count('Completions', 'enrolments', m.col('enrolments', 'user_id'), (q) => q.whereNotNull(m.col('enrolments', 'completed_at')));
  await count('Media progress', 'media_progress', m.col('media_progress', 'user_id'));
  await count('SCORM', 'scorm_data', m.col('scorm_data', 'user_id'));
  await count('On-the-job trainings', 'ojt_assignments', m.col('ojt_assignments', 'trainee_id'));
  await count('Mentor of', 'ojt_assignments', m.col('ojt_assignments', 'mentor_id'));
  await count('Tests', 'test_attempts', m.col('test_attempts', 'user_id'));
  await count('Feedback', 'feedback_responses', m.col('feedback_responses', 'user_id'));
  await count('Job profiles', 'user_job_profiles', m.col('user_job_profiles', 'user_id'));
  await count('Skills', 'user_skills', m.col('user_skills', 'user_id'));
  await count('Audit entries', 'audit_log', m.col('audit_log', 'user_id'));
  await count('Groups', 'group_members', m.col('group_members', 'user_id'));
  await count('Level protections', 'level_protections', m.col('level_protections', 'user_id'));
  await count('Tutor of courses', 'course_tutors', m.col('course_tutors', 'user_id'));
  return out;
}

/** null from the screen means "not chosen": the engine applies its default. */
const employeeIdChoice = (v: boolean | null | undefined) => (v === null || v === undefined ? {} : { takeEmployeeId: v });

function toPlanView(p: MergePlan): PlanView {
  const side = (a: MergePlan['source']) => ({ uid: a.uid, name: `${a.firstName} ${a.lastName}`.trim(), login: a.login, email: a.email });
  const counts: PlanView['counts'] = {};
  for (const [c, byAction] of Object.entries(p.counts)) for (const [a, n] of Object.entries(byAction)) if (n) (counts[c] ??= {})[a] = n;
  return {
    hash: p.hash,
    source: side(p.source),
    target: side(p.target),
    settings: { ...p.settings },
    counts,
    records: p.records.map((r) => ({
      category: r.category,
      objectType: r.objectType,
      objectId: r.objectId,
      action: r.action,
      rule: r.rule,
      statusBefore: r.statusBefore,
      statusAfter: r.statusAfter,
      ...(r.note ? { note: r.note } : {}),
    })),
    conflicts: p.conflicts,
    actionRequired: p.actionRequired,
    sourceAccount: p.sourceAccount,
    employeeIdTakeOver: p.employeeIdTakeOver,
  };
}

/** Compare, preview, execute: the same engine calls as `mergedesk merge`. */
export function createMergeHandlers(session: Session, desktop: DesktopServices) {
  const accounts = async (db: Knex, m: LmsMapping, uids: string[]) => {
    const rows = await db(m.table('users')).select(m.select('users')).whereIn(m.col('users', 'uid'), uids);
    return rows.map((r) => m.fromDbRow('users', r));
  };

  return {
    async searchUsers({ query, limit }: { query: string; limit: number }) {
      const { db, mapping: m, operator } = session.requireOperator();
      const clearance = await loadClearance(db, m, operator.id);
      const units = clearance.orgUnits('view');
      if (units.length === 0) return [];
      const rows = await db({ u: m.table('users') })
        .select(m.select('users', ['uid', 'first_name', 'last_name', 'email', 'login', 'status', 'org_unit_id'], 'u'), { org_unit: m.qcol('org_units', 'name', 'o') })
        .join({ o: m.table('org_units') }, m.qcol('org_units', 'id', 'o'), m.qcol('users', 'org_unit_id', 'u'))
        .whereIn(m.qcol('users', 'org_unit_id', 'u'), units.length <= 2000 ? units : units.slice(0, 2000))
        .whereIn(m.qcol('users', 'status', 'u'), [m.value('users', 'status', 'active'), m.value('users', 'status', 'inactive')])
        .where((w) => {
          for (const c of ['uid', 'login', 'email', 'first_name', 'last_name'] as const) w.orWhere(containsIgnoringCase(db, m.qcol('users', c, 'u'), query));
        })
        .orderBy(m.qcol('users', 'last_name', 'u'))
        .orderBy(m.qcol('users', 'uid', 'u'))
        .limit(limit);
      return rows.map((raw) => {
        const r = m.fromDbRow('users', raw);
        return { uid: String(r.uid), name: `${String(r.first_name)} ${String(r.last_name)}`, email: (r.email as string | null) ?? null, login: String(r.login), status: String(r.status), orgUnit: String(raw.org_unit) };
      });
    },

    async compareAccounts({ a, b }: { a: string; b: string }): Promise<CompareView> {
      const { db, mapping: m, operator } = session.requireOperator();
      if (a === b) throw new UserInputError(`Both accounts are "${a}".`, 'Pick two different accounts to compare.', 'SAME_ACCOUNT');
      const users = await accounts(db, m, [a, b]);
      for (const uid of [a, b]) if (!users.some((u) => u.uid === uid)) throw new UserInputError(`There is no account with UID "${uid}".`, 'Check the UID or search for the user.', 'UNKNOWN_UID');
      const clearance = await loadClearance(db, m, operator.id);
      for (const u of users) {
        if (!clearance.can('view', Number(u.org_unit_id))) throw new UserInputError(`You have no clearance to view ${String(u.uid)}.`, 'Ask for View clearance on its org unit.', 'NO_CLEARANCE');
      }
      const ids = users.map((u) => Number(u.id));
      const [counts, activity, units, clients, byStatus] = await Promise.all([
        categoryCounts(db, m, ids),
        loadActivity(db, m, ids),
        db(m.table('org_units')).select(m.select('org_units', ['id', 'name'])).whereIn(m.col('org_units', 'id'), users.map((u) => Number(u.org_unit_id))),
        db(m.table('clients')).select(m.select('clients', ['id', 'name'])).whereIn(m.col('clients', 'id'), users.map((u) => Number(u.client_id))),
        db(m.table('enrolments'))
          .select({ user_id: m.col('enrolments', 'user_id'), status_id: m.col('enrolments', 'status_id') })
          .count({ n: '*' })
          .whereIn(m.col('enrolments', 'user_id'), ids)
          .groupBy(m.col('enrolments', 'user_id'), m.col('enrolments', 'status_id')),
      ]);
      const detail = (u: Record<string, unknown>): AccountDetail => {
        const id = Number(u.id);
        const enrolmentsByStatus: Record<string, number> = {};
        for (const r of byStatus as { user_id: number; status_id: number; n: number }[]) {
          if (Number(r.user_id) === id) enrolmentsByStatus[enrolmentStatusName(Number(m.logicalValue('enrolments', 'status_id', r.status_id)))] = Number(r.n);
        }
        return {
          id,
          uid: String(u.uid),
          login: String(u.login),
          email: (u.email as string | null) ?? null,
          firstName: String(u.first_name),
          lastName: String(u.last_name),
          birthDate: iso(u.birth_date)?.slice(0, 10) ?? null,
          employeeId: (u.employee_id as string | null) ?? null,
          phone: (u.phone as string | null) ?? null,
          origin: String(u.origin),
          status: String(u.status),
          orgUnit: String((units as { id: number; name: string }[]).find((x) => Number(x.id) === Number(u.org_unit_id))?.name ?? u.org_unit_id),
          client: String((clients as { id: number; name: string }[]).find((x) => Number(x.id) === Number(u.client_id))?.name ?? u.client_id),
          createdAt: iso(u.created_at),
          lastLoginAt: iso(u.last_login_at),
          counts: counts.get(id) ?? {},
          enrolmentsByStatus,
        };
      };
      const ua = users.find((u) => u.uid === a)!;
      const ub = users.find((u) => u.uid === b)!;
      const facts = (u: Record<string, unknown>, i: number) => ({ record: toRecord(u, i), activity: activity.get(Number(u.id)) ?? { enrolments: 0, completions: 0 }, mainDomain: null });
      const rec = recommendKeep(facts(ua, 0), facts(ub, 1));
      return { accounts: [detail(ua), detail(ub)], keep: rec.keep, keepReasons: rec.reasons };
    },

    async previewMerge(input: { source: string; target: string; takeEmail: boolean; takeLogin: boolean; takeEmployeeId?: boolean | null; overrides: Record<string, unknown> }): Promise<PlanView> {
      const { db, mapping, operator } = session.requireOperator();
      const settings = withOverrides(await loadSettings(db), input.overrides);
      return toPlanView(await plan(db, mapping, input.source, input.target, settings, operator, { takeEmail: input.takeEmail, takeLogin: input.takeLogin, ...employeeIdChoice(input.takeEmployeeId) }));
    },

    async executeMerge(input: { source: string; target: string; takeEmail: boolean; takeLogin: boolean; takeEmployeeId?: boolean | null; overrides: Record<string, unknown>; expectPlanHash: string }): Promise<MergeOutcomeView> {
      const { db, mapping, operator } = session.requireOperator();
      const { result, logfile, warnings } = await mergeUseCase(db, mapping, operator, {
        source: input.source,
        target: input.target,
        expectPlanHash: input.expectPlanHash,
        takeEmail: input.takeEmail,
        takeLogin: input.takeLogin,
        ...employeeIdChoice(input.takeEmployeeId),
        overrides: input.overrides,
        logfile: (r) => {
          const file = runLogfilePath(r.runId);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          return file;
        },
      });
      const view = result.plan ? toPlanView(result.plan) : null;
      return {
        runId: result.runId,
        outcome: result.outcome,
        reason: result.reason,
        message: result.outcome === 'merged' ? `${result.sourceUid} was merged into ${result.targetUid}.` : `Warning: ${SEED_FAILURE_MESSAGE}`,
        logfile,
        warnings: warnings.map((w) => w.replace(/mergedesk logfile --run \d+ --out FILE\.xlsx/, '"Create logfile" in History')),
        counts: view?.counts ?? {},
        conflicts: view?.conflicts ?? [],
        actionRequired: view?.actionRequired ?? [],
      };
    },

    async saveRunLogfile({ runId }: { runId: number }) {
      const file = findRunLogfile(runId);
      if (!file) throw new UserInputError(`The logfile of run ${runId} is not on this computer.`, 'Open it from the computer that ran the merge.', 'NOT_FOUND');
      const target = await desktop.saveFileDialog(`MergeDesk-run-${runId}.xlsx`);
      if (!target) return { savedTo: null };
      fs.copyFileSync(file, target);
      return { savedTo: target };
    },

    async openRunLogfileExternally({ runId }: { runId: number }) {
      const file = findRunLogfile(runId);
      if (!file) throw new UserInputError(`The logfile of run ${runId} is not on this computer.`, 'Open it from the computer that ran the merge.', 'NOT_FOUND');
      await desktop.openPath(file);
      return null;
    },
  };
}
