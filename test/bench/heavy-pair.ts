/**
 * The benchmarks' big pairs, built straight into the LMS tables through the mapping:
 * the heavy pair (issue 13: 2,000 enrolments, 2,000 SCORM rows, 500 skills with 5,000 history
 * rows, 20,000 audit entries, half overlapping the target) and sized variants of it.
 */
import type { Knex } from 'knex';
import { bulkInsert } from '../../electron/db/bulk-insert';
import type { LmsTable } from '../../electron/db/lms-tables';
import type { LmsMapping } from '../../electron/db/mapping';
import type { Fixture } from '../merge/fixtures';

export interface PairSize {
  /** Source enrolments (and SCORM rows); the target has half of the courses too. */
  enrolments: number;
  skills: number;
  skillHistory: number;
  /** Source audit entries; the target has half as many. */
  audit: number;
}

export const HEAVY: PairSize = { enrolments: 2000, skills: 500, skillHistory: 5000, audit: 20_000 };
/** Issue 13's slow undo: 4,500 enrolments and 30,000 audit entries. */
export const LARGE_AUDIT: PairSize = { enrolments: 4500, skills: 100, skillHistory: 500, audit: 30_000 };

async function maxId(db: Knex, m: LmsMapping, t: LmsTable): Promise<number> {
  const r = await db(m.table(t)).max({ id: m.col(t, 'id' as never) }).first();
  return Number(r?.id ?? 0);
}

async function insertMany(db: Knex, m: LmsMapping, t: LmsTable, rows: Record<string, unknown>[]): Promise<number[]> {
  const before = await maxId(db, m, t);
  await bulkInsert(db, m.table(t), rows.map((r) => m.toDbRow(t, r as never)));
  const ids = await db(m.table(t)).select({ id: m.col(t, 'id' as never) }).where(m.col(t, 'id' as never), '>', before).orderBy(m.col(t, 'id' as never));
  return ids.map((r: { id: number }) => Number(r.id));
}

/** A new pair of accounts with `size` records on the source, half of them overlapping the target's. */
export async function bigPair(fx: Fixture, size: PairSize = HEAVY): Promise<{ source: string; target: string }> {
  const { db, m } = fx;
  const { source, target } = await fx.pair();
  const at = new Date('2024-01-01T00:00:00Z');
  const n = size.enrolments;
  const courses = await insertMany(db, m, 'courses', Array.from({ length: n }, (_, i) => ({ code: `HC${i}-${source.uid}`, title: `Heavy ${i}` })));
  const statuses = [11, 12, 9, 8, 6, 3];
  await insertMany(db, m, 'enrolments', [
    ...courses.map((c, i) => ({ user_id: source.id, course_id: c, status_id: statuses[i % 6], status_at: new Date(at.getTime() + i * 1000), completed_at: null, score: i % 100 })),
    ...courses.slice(0, n / 2).map((c, i) => ({ user_id: target.id, course_id: c, status_id: statuses[(i + 3) % 6], status_at: new Date(at.getTime() + i * 500), completed_at: null, score: null })),
  ]);
  const scos = await insertMany(db, m, 'scos', courses.map((c, i) => ({ course_id: c, identifier: `sco${i}`, title: 'sco' })));
  const completion = ['completed', 'incomplete', 'not attempted', 'unknown'];
  await insertMany(db, m, 'scorm_data', [
    ...scos.map((s, i) => ({ user_id: source.id, sco_id: s, completion_status: completion[i % 4], success_status: null, score: i % 100, suspend_data: 'x'.repeat(200), updated_at: at })),
    ...scos.slice(0, n / 2).map((s, i) => ({ user_id: target.id, sco_id: s, completion_status: completion[(i + 1) % 4], success_status: null, score: null, suspend_data: null, updated_at: at })),
  ]);
  const skills = await insertMany(db, m, 'skills', Array.from({ length: size.skills }, (_, i) => ({ name: `skill ${i} ${source.uid}` })));
  await insertMany(db, m, 'user_skills', [
    ...skills.map((s, i) => ({ user_id: source.id, skill_id: s, achieved_value: i % 5, achieved_at: at, expires_at: i % 2 ? new Date('2030-01-01Z') : null })),
    ...skills.slice(0, size.skills / 2).map((s, i) => ({ user_id: target.id, skill_id: s, achieved_value: (i + 2) % 5, achieved_at: at, expires_at: null })),
  ]);
  await insertMany(db, m, 'skill_history', Array.from({ length: size.skillHistory }, (_, i) => ({ user_id: source.id, skill_id: skills[i % size.skills], value: i % 5, changed_at: new Date(at.getTime() + i * 60_000), trigger: 'course completion' })));
  const audit = (user: number, k: number) =>
    Array.from({ length: k }, (_, i) => ({ user_id: user, component_type: 'course', component_id: courses[i % n], event: 'status_changed', status: 'passed', occurred_at: new Date(at.getTime() + i * 60_000), comment: i % 3 ? null : 'note' }));
  await insertMany(db, m, 'audit_log', audit(source.id, size.audit));
  await insertMany(db, m, 'audit_log', audit(target.id, size.audit / 2));
  return { source: source.uid, target: target.uid };
}
