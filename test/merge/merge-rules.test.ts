import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { execute, plan, type MergeResult } from '../../electron/engine/merge/index';
import { ENROLMENT_STATUSES, enrolmentStatusRank } from '@shared/enrolment-statuses';
import type { MergeSettings } from '../../electron/settings/merge-settings';
import { Fixture, ms, settingsWith } from './fixtures';
import { useFixtureDatabase } from './fixture-database';

const IDS = ENROLMENT_STATUSES.map((s) => s.id);

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`merge rules on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

    const merge = async (source: { uid: string }, target: { uid: string }, settings: Partial<MergeSettings> = {}, opts: { takeEmail?: boolean; takeLogin?: boolean } = {}): Promise<MergeResult> => {
      const r = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith(settings), fx.admin, { ...opts, now: () => new Date('2025-03-04T05:06:07Z') });
      return r;
    };
    const expectMerged = (r: MergeResult) => expect({ outcome: r.outcome, reason: r.reason }).toEqual({ outcome: 'merged', reason: null });

    it('enrolments: every status pair follows the priority ranking; source-only moves', async () => {
      const { source, target } = await fx.pair();
      const cases: { course: number; s: number; t: number; sid: number; tid: number }[] = [];
      for (const s of IDS) {
        for (const t of IDS) {
          const course = await fx.course();
          // target earlier: on equal statuses the target's (earliest) record is retained
          const tid = await fx.enrol(target.id, course, t, '2024-01-01T10:00:00Z', { score: 1 });
          const sid = await fx.enrol(source.id, course, s, '2024-02-01T10:00:00Z', { score: 2 });
          cases.push({ course, s, t, sid, tid });
        }
      }
      const only = await fx.course();
      const onlyId = await fx.enrol(source.id, only, 11, '2024-01-05T00:00:00Z');
      const r = await merge(source, target);
      expectMerged(r);
      const after = await fx.rows('enrolments', { user_id: target.id });
      const byCourse = new Map(after.map((e) => [Number(e.course_id), e]));
      for (const c of cases) {
        const e = byCourse.get(c.course)!;
        const winner = enrolmentStatusRank(c.s) < enrolmentStatusRank(c.t) ? 'source' : 'target';
        expect({ pair: [c.t, c.s], status: Number(e.status_id), id: Number(e.id) }).toEqual({ pair: [c.t, c.s], status: winner === 'source' ? c.s : c.t, id: winner === 'source' ? c.sid : c.tid });
        expect(Number(e.score)).toBe(winner === 'source' ? 2 : 1);
      }
      expect(Number(byCourse.get(only)!.id)).toBe(onlyId);
      expect(after).toHaveLength(cases.length + 1);
      expect(await fx.rows('enrolments', { user_id: source.id })).toEqual([]);
      expect(await fx.rows('users', { id: source.id })).toEqual([]);
    });

    it('enrolments: equal status keeps the earliest status timestamp, in both orders', async () => {
      const { source, target } = await fx.pair();
      const c1 = await fx.course();
      const c2 = await fx.course();
      await fx.enrol(target.id, c1, 9, '2024-03-01T00:00:00Z');
      const s1 = await fx.enrol(source.id, c1, 9, '2024-01-01T00:00:00Z'); // source earlier
      const t2 = await fx.enrol(target.id, c2, 9, '2024-01-01T00:00:00Z'); // target earlier
      await fx.enrol(source.id, c2, 9, '2024-03-01T00:00:00Z');
      expectMerged(await merge(source, target));
      const e1 = await fx.one('enrolments', { user_id: target.id, course_id: c1 });
      const e2 = await fx.one('enrolments', { user_id: target.id, course_id: c2 });
      expect(Number(e1!.id)).toBe(s1);
      expect(ms(e1!.status_at)).toBe(Date.parse('2024-01-01T00:00:00Z'));
      expect(Number(e2!.id)).toBe(t2);
    });

    it('enrolments: portfolio rules set the result status and pick the record by dates merge type', async () => {
      const { source, target } = await fx.pair();
      const types = ['earliest', 'latest', 'target', 'source'] as const;
      // Same status (In progress 9) on both; the rule maps (9, 9) → Passed 11 with each dates type,
      // one pair per type needs its own status, so use four different statuses.
      const statuses = [9, 8, 6, 3];
      const rules = types.map((t, i) => ({ target_status_id: statuses[i]!, source_status_id: statuses[i]!, result_status_id: 11, dates_merge_type: t }));
      // unequal statuses: rule picks the record whose status is the result (Failed 12 over Passed 11)
      rules.push({ target_status_id: 11, source_status_id: 12, result_status_id: 12, dates_merge_type: 'earliest' });
      const got: { type: string; sid: number; tid: number; course: number }[] = [];
      for (const [i, t] of types.entries()) {
        const course = await fx.course();
        const tid = await fx.enrol(target.id, course, statuses[i]!, '2024-01-01T00:00:00Z');
        const sid = await fx.enrol(source.id, course, statuses[i]!, '2024-06-01T00:00:00Z');
        got.push({ type: t, sid, tid, course });
      }
      const c5 = await fx.course();
      await fx.enrol(target.id, c5, 11, '2024-01-01T00:00:00Z');
      const s5 = await fx.enrol(source.id, c5, 12, '2024-06-01T00:00:00Z');
      // with custom rules ignored, the default applies
      const c6 = await fx.course();
      expectMerged(await merge(source, target, { ignore_custom_rules: false, portfolioRules: rules }));
      for (const g of got) {
        const e = await fx.one('enrolments', { user_id: target.id, course_id: g.course });
        const expected = g.type === 'earliest' || g.type === 'target' ? g.tid : g.sid;
        expect({ type: g.type, id: Number(e!.id), status: Number(e!.status_id) }).toEqual({ type: g.type, id: expected, status: 11 });
      }
      const e5 = await fx.one('enrolments', { user_id: target.id, course_id: c5 });
      expect({ id: Number(e5!.id), status: Number(e5!.status_id) }).toEqual({ id: s5, status: 12 });
      void c6;
    });

    it('enrolments: custom rules are ignored when "ignore custom rules" is on', async () => {
      const { source, target } = await fx.pair();
      const course = await fx.course();
      const tid = await fx.enrol(target.id, course, 11, '2024-01-01T00:00:00Z');
      await fx.enrol(source.id, course, 12, '2024-06-01T00:00:00Z');
      expectMerged(await merge(source, target, { ignore_custom_rules: true, portfolioRules: [{ target_status_id: 11, source_status_id: 12, result_status_id: 12, dates_merge_type: 'source' }] }));
      const e = await fx.one('enrolments', { user_id: target.id, course_id: course });
      expect({ id: Number(e!.id), status: Number(e!.status_id) }).toEqual({ id: tid, status: 11 });
    });

    it('training conflicts abort the merge with abort on conflict on, and nothing changes', async () => {
      const { source, target } = await fx.pair();
      const course = await fx.course();
      await fx.enrol(target.id, course, 8, '2024-01-01T00:00:00Z');
      await fx.enrol(source.id, course, 11, '2024-06-01T00:00:00Z');
      const skill = await fx.add('skills', { name: 'S' });
      await fx.add('user_skills', { user_id: source.id, skill_id: skill, achieved_value: 3, achieved_at: new Date('2024-01-01Z'), expires_at: null });
      await fx.add('user_skills', { user_id: target.id, skill_id: skill, achieved_value: 1, achieved_at: new Date('2024-01-01Z'), expires_at: null });
      const jp = await fx.add('job_profiles', { name: 'J' });
      await fx.add('user_job_profiles', { user_id: source.id, job_profile_id: jp, status: 'confirmed', assigned_at: new Date('2024-01-01Z'), completed_at: null });
      await fx.add('user_job_profiles', { user_id: target.id, job_profile_id: jp, status: 'confirmed', assigned_at: new Date('2024-01-01Z'), completed_at: null });
      const r = await merge(source, target, { abort_on_conflict: true });
      expect(r.outcome).toBe('aborted');
      expect(r.plan!.conflicts.map((c) => c.category).sort()).toEqual(['enrolments', 'job_profiles', 'skills']);
      expect(r.plan!.records.filter((x) => x.action === 'conflict')).toHaveLength(3);
      expect(await fx.rows('users', { id: source.id })).toHaveLength(1);
      expect(await fx.rows('enrolments', { user_id: source.id })).toHaveLength(1);
      const run = await db('md_merge_runs').where('id', r.runId).first();
      expect(run.outcome).toBe('aborted');
      expect(JSON.parse(run.summary_json).reason).toMatch(/3 training conflict/);
      expect(await db('md_merge_journal').where('run_id', r.runId)).toEqual([]);
    });

    it('personal attributes: empty or missing target values take the source’s; nothing is overwritten', async () => {
      const { source, target } = await fx.pair({ phone: '111', birth_date: '1980-05-06' }, { phone: null, birth_date: null });
      await fx.add('user_attributes', { user_id: source.id, name: 'a', value: 'src-a' });
      await fx.add('user_attributes', { user_id: source.id, name: 'b', value: 'src-b' });
      await fx.add('user_attributes', { user_id: source.id, name: 'c', value: 'src-c' });
      await fx.add('user_attributes', { user_id: target.id, name: 'b', value: '' });
      await fx.add('user_attributes', { user_id: target.id, name: 'c', value: 'tgt-c' });
      expectMerged(await merge(source, target));
      const attrs = await fx.rows('user_attributes', { user_id: target.id }, ['name']);
      expect(attrs.map((a) => [a.name, a.value])).toEqual([
        ['a', 'src-a'],
        ['b', 'src-b'],
        ['c', 'tgt-c'],
      ]);
      const t = await fx.one('users', { id: target.id });
      expect(t!.phone).toBe('111');
      expect(t!.birth_date).not.toBeNull();
    });

    it('personal attributes: nothing is taken when the setting is off', async () => {
      const { source, target } = await fx.pair({ phone: '111' }, { phone: null });
      await fx.add('user_attributes', { user_id: source.id, name: 'a', value: 'src-a' });
      expectMerged(await merge(source, target, { merge_person_attributes: false }));
      expect(await fx.rows('user_attributes', { user_id: target.id })).toEqual([]);
      expect((await fx.one('users', { id: target.id }))!.phone).toBeNull();
    });

    it('groups: the target’s remain; the source’s are added only with merge group assignments on, without duplicates', async () => {
      const g1 = await fx.add('groups', { name: 'G1' });
      const g2 = await fx.add('groups', { name: 'G2' });
      for (const on of [false, true]) {
        const { source, target } = await fx.pair();
        await fx.add('group_members', { group_id: g1, user_id: source.id, assigned_at: new Date('2024-01-01Z') });
        await fx.add('group_members', { group_id: g2, user_id: source.id, assigned_at: new Date('2024-01-01Z') });
        await fx.add('group_members', { group_id: g1, user_id: target.id, assigned_at: new Date('2024-01-02Z') });
        expectMerged(await merge(source, target, { merge_group_assignments: on }));
        const groups = (await fx.rows('group_members', { user_id: target.id }, ['group_id'])).map((g) => Number(g.group_id));
        expect(groups).toEqual(on ? [g1, g2] : [g1]);
      }
    });

    it('media progress: all moves; on the same media and context the higher progress, then the later access, is kept', async () => {
      const { source, target } = await fx.pair();
      const course = await fx.course();
      const [m1, m2, m3, m4] = [await fx.add('media', { title: 'm1' }), await fx.add('media', { title: 'm2' }), await fx.add('media', { title: 'm3' }), await fx.add('media', { title: 'm4' })];
      const mp = (user: number, media: number, courseId: number | null, progress: number, at: string) => fx.add('media_progress', { user_id: user, media_id: media, course_id: courseId, progress, last_accessed_at: new Date(at) });
      const onlyInCourse = await mp(source.id, m1, course, 50, '2024-01-01Z');
      const onlyFree = await mp(source.id, m1, null, 20, '2024-01-01Z');
      const sHigher = await mp(source.id, m2, course, 90, '2024-01-01Z');
      await mp(target.id, m2, course, 40, '2024-01-01Z');
      await mp(source.id, m3, null, 40, '2024-01-01Z');
      const tHigher = await mp(target.id, m3, null, 60, '2024-01-01Z');
      await mp(source.id, m4, null, 60, '2024-01-01Z');
      const tLater = await mp(target.id, m4, null, 60, '2024-05-01Z');
      expectMerged(await merge(source, target));
      const ids = (await fx.rows('media_progress', { user_id: target.id }, ['id'])).map((r) => Number(r.id));
      expect(ids).toEqual([onlyInCourse, onlyFree, sHigher, tHigher, tLater].sort((a, b) => a - b));
    });

    it('SCORM: each completion case per SCO, source-only SCO data moves', async () => {
      const { source, target } = await fx.pair();
      const course = await fx.course();
      const sco = async () => fx.add('scos', { course_id: course, identifier: `sco${fx.next()}`, title: 'x' });
      const sd = (user: number, scoId: number, completion: string) => fx.add('scorm_data', { user_id: user, sco_id: scoId, completion_status: completion, success_status: null, score: null, suspend_data: `${user}`, updated_at: new Date('2024-01-01Z') });
      const [both, onlyS, onlyT, neither, srcOnly] = [await sco(), await sco(), await sco(), await sco(), await sco()];
      await sd(source.id, both, 'completed');
      const tBoth = await sd(target.id, both, 'completed');
      const sOnlyS = await sd(source.id, onlyS, 'completed');
      await sd(target.id, onlyS, 'incomplete');
      await sd(source.id, onlyT, 'incomplete');
      const tOnlyT = await sd(target.id, onlyT, 'completed');
      await sd(source.id, neither, 'incomplete');
      const tNeither = await sd(target.id, neither, 'not attempted');
      const sSrcOnly = await sd(source.id, srcOnly, 'incomplete');
      expectMerged(await merge(source, target));
      const rows = await fx.rows('scorm_data', { user_id: target.id }, ['sco_id']);
      expect(rows.map((r) => [Number(r.sco_id), Number(r.id)])).toEqual([
        [both, tBoth],
        [onlyS, sOnlyS],
        [onlyT, tOnlyT],
        [neither, tNeither],
        [srcOnly, sSrcOnly],
      ]);
    });

    it('OJT: trainee assignments move with their tasks as they are; mentor assignments are action required and cleared on delete', async () => {
      const other = await fx.user();
      for (const disposition of ['delete', 'deactivate'] as const) {
        const { source, target } = await fx.pair();
        const training = await fx.add('ojt_trainings', { title: 'T' });
        const asTrainee = await fx.add('ojt_assignments', { ojt_id: training, trainee_id: source.id, mentor_id: other.id, status: 'open', assigned_at: new Date('2024-01-01Z') });
        const t1 = await fx.add('ojt_task_results', { assignment_id: asTrainee, task_no: 1, status: 'submitted', submitted_at: new Date('2024-02-01Z'), reviewed_at: null });
        const t2 = await fx.add('ojt_task_results', { assignment_id: asTrainee, task_no: 2, status: 'approved', submitted_at: new Date('2024-02-01Z'), reviewed_at: new Date('2024-02-02Z') });
        const asMentor = await fx.add('ojt_assignments', { ojt_id: training, trainee_id: other.id, mentor_id: source.id, status: 'open', assigned_at: new Date('2024-01-01Z') });
        const r = await merge(source, target, { source_disposition: disposition });
        expectMerged(r);
        expect(Number((await fx.one('ojt_assignments', { id: asTrainee }))!.trainee_id)).toBe(target.id);
        const tasks = await fx.rows('ojt_task_results', { assignment_id: asTrainee }, ['task_no']);
        expect(tasks.map((t) => [Number(t.id), t.status])).toEqual([
          [t1, 'submitted'],
          [t2, 'approved'],
        ]);
        const mentored = await fx.one('ojt_assignments', { id: asMentor });
        expect(mentored!.mentor_id === null ? null : Number(mentored!.mentor_id)).toBe(disposition === 'delete' ? null : source.id);
        expect(r.plan!.actionRequired).toHaveLength(1);
        expect(r.plan!.actionRequired[0]!.description).toMatch(/Reassign the mentor/);
        if (disposition === 'delete') {
          const j = await db('md_merge_journal').where({ run_id: r.runId, table_name: 'ojt_assignments', op: 'update' });
          expect(j.some((e: { after_json: string }) => JSON.parse(e.after_json).mentor_id === null)).toBe(true);
        }
      }
    });

    it('tests and feedback: only completed/submitted/pending review move, the rest stays with the source', async () => {
      const { source, target } = await fx.pair();
      const test = await fx.add('tests', { course_id: null, title: 't' });
      const form = await fx.add('feedback_forms', { title: 'f' });
      const ids: Record<string, number> = {};
      for (const status of ['in_progress', 'submitted', 'pending_review', 'completed']) {
        ids[status] = await fx.add('test_attempts', { user_id: source.id, test_id: test, status, score: null, submitted_at: null });
      }
      const fSubmitted = await fx.add('feedback_responses', { user_id: source.id, form_id: form, status: 'submitted', submitted_at: new Date('2024-01-01Z') });
      const fDraft = await fx.add('feedback_responses', { user_id: source.id, form_id: form, status: 'draft', submitted_at: null });
      expectMerged(await merge(source, target, { source_disposition: 'deactivate' }));
      const moved = await fx.rows('test_attempts', { user_id: target.id }, ['id']);
      expect(moved.map((r) => [Number(r.id), r.status])).toEqual([
        [ids.submitted, 'submitted'],
        [ids.pending_review, 'pending_review'],
        [ids.completed, 'completed'],
      ]);
      expect((await fx.rows('test_attempts', { user_id: source.id })).map((r) => Number(r.id))).toEqual([ids.in_progress]);
      expect((await fx.rows('feedback_responses', { user_id: target.id })).map((r) => Number(r.id))).toEqual([fSubmitted]);
      expect((await fx.rows('feedback_responses', { user_id: source.id })).map((r) => Number(r.id))).toEqual([fDraft]);
    });

    it('job profiles: the seed table, our ranking, and job profile rules', async () => {
      const cases: { t: string; s: string; expect: string; completedFrom?: 'source' | 'target'; rule?: boolean }[] = [
        { t: 'confirmed', s: 'in_progress', expect: 'in_progress' },
        { t: 'in_progress', s: 'confirmed', expect: 'in_progress' },
        { t: 'confirmed', s: 'confirmed', expect: 'confirmed' },
        { t: 'not_confirmed', s: 'confirmed', expect: 'confirmed' },
        { t: 'confirmed', s: 'completed', expect: 'completed', completedFrom: 'source' },
        { t: 'completed', s: 'in_progress', expect: 'completed', completedFrom: 'target' },
        { t: 'completed', s: 'completed', expect: 'completed', completedFrom: 'target' },
        { t: 'confirmed', s: 'not_confirmed', expect: 'not_confirmed', rule: true },
      ];
      for (const custom of [false, true]) {
        const { source, target } = await fx.pair();
        const made: { jp: number; c: (typeof cases)[number] }[] = [];
        for (const c of cases) {
          const jp = await fx.add('job_profiles', { name: 'J' });
          const done = (who: string) => (who === 'completed' ? new Date(c.completedFrom === 'source' ? '2024-05-05Z' : '2024-04-04Z') : null);
          await fx.add('user_job_profiles', { user_id: target.id, job_profile_id: jp, status: c.t, assigned_at: new Date('2024-01-01Z'), completed_at: c.t === 'completed' ? new Date('2024-04-04Z') : null });
          await fx.add('user_job_profiles', { user_id: source.id, job_profile_id: jp, status: c.s, assigned_at: new Date('2024-01-01Z'), completed_at: done(c.s) === null ? null : new Date('2024-05-05Z') });
          made.push({ jp, c });
        }
        const onlySource = await fx.add('job_profiles', { name: 'only' });
        await fx.add('user_job_profiles', { user_id: source.id, job_profile_id: onlySource, status: 'not_confirmed', assigned_at: new Date('2024-01-01Z'), completed_at: null });
        expectMerged(await merge(source, target, { ignore_custom_rules: !custom, jobProfileRules: [{ target_status: 'confirmed', source_status: 'not_confirmed', result_status: 'not_confirmed' }] }));
        for (const { jp, c } of made) {
          const row = await fx.one('user_job_profiles', { user_id: target.id, job_profile_id: jp });
          const want = c.rule && !custom ? 'confirmed' : c.expect;
          expect({ case: `${c.t}/${c.s}`, status: row!.status }).toEqual({ case: `${c.t}/${c.s}`, status: want });
          if (c.completedFrom) expect(ms(row!.completed_at)).toBe(Date.parse(c.completedFrom === 'source' ? '2024-05-05Z' : '2024-04-04Z'));
        }
        expect(await fx.one('user_job_profiles', { user_id: target.id, job_profile_id: onlySource })).toBeDefined();
      }
    });

    it('skills: greater source value brings its expiry date; smaller or equal keeps the target’s; history moves completely', async () => {
      const { source, target } = await fx.pair();
      const sk = async () => fx.add('skills', { name: 's' });
      const us = (user: number, skill: number, value: number, expires: string | null) =>
        fx.add('user_skills', { user_id: user, skill_id: skill, achieved_value: value, achieved_at: new Date('2024-01-01Z'), expires_at: expires ? new Date(expires) : null });
      const [greater, smaller, equal, only] = [await sk(), await sk(), await sk(), await sk()];
      await us(source.id, greater, 5, '2030-01-01Z');
      await us(target.id, greater, 3, '2026-01-01Z');
      await us(source.id, smaller, 2, '2030-01-01Z');
      await us(target.id, smaller, 4, null);
      await us(source.id, equal, 4, '2030-01-01Z');
      await us(target.id, equal, 4, '2027-01-01Z');
      await us(source.id, only, 1, '2031-01-01Z');
      const h1 = await fx.add('skill_history', { user_id: source.id, skill_id: greater, value: 5, changed_at: new Date('2024-01-01Z'), trigger: 'course' });
      const h2 = await fx.add('skill_history', { user_id: source.id, skill_id: smaller, value: 2, changed_at: new Date('2024-01-02Z'), trigger: 'manual' });
      expectMerged(await merge(source, target));
      const get = async (skill: number) => fx.one('user_skills', { user_id: target.id, skill_id: skill });
      expect([Number((await get(greater))!.achieved_value), ms((await get(greater))!.expires_at)]).toEqual([5, Date.parse('2030-01-01Z')]);
      expect([Number((await get(smaller))!.achieved_value), ms((await get(smaller))!.expires_at)]).toEqual([4, null]);
      expect([Number((await get(equal))!.achieved_value), ms((await get(equal))!.expires_at)]).toEqual([4, Date.parse('2027-01-01Z')]);
      expect([Number((await get(only))!.achieved_value), ms((await get(only))!.expires_at)]).toEqual([1, Date.parse('2031-01-01Z')]);
      const hist = (await fx.rows('skill_history', { user_id: target.id }, ['id'])).map((h) => Number(h.id));
      expect(hist).toEqual([h1, h2]);
    });

    it('tutors: course tutor assignments move, none duplicated', async () => {
      const { source, target } = await fx.pair();
      const [c1, c2] = [await fx.course(), await fx.course()];
      await fx.add('course_tutors', { course_id: c1, user_id: source.id });
      await fx.add('course_tutors', { course_id: c2, user_id: source.id });
      await fx.add('course_tutors', { course_id: c2, user_id: target.id });
      expectMerged(await merge(source, target));
      expect((await fx.rows('course_tutors', { user_id: target.id }, ['course_id'])).map((r) => Number(r.course_id))).toEqual([c1, c2]);
    });

    it('audit log: every source entry is copied with the merge comment', async () => {
      const { source, target } = await fx.pair();
      await fx.add('audit_log', { user_id: source.id, component_type: 'course', component_id: 7, event: 'completed', status: 'passed', occurred_at: new Date('2024-01-01Z'), comment: 'original note' });
      await fx.add('audit_log', { user_id: source.id, component_type: 'course', component_id: 7, event: 'completed', status: 'passed', occurred_at: new Date('2024-02-01Z'), comment: null });
      await fx.add('audit_log', { user_id: target.id, component_type: 'course', component_id: 7, event: 'completed', status: 'passed', occurred_at: new Date('2024-03-01Z'), comment: 'target own' });
      await fx.add('audit_log', { user_id: source.id, component_type: 'test', component_id: 9, event: 'submitted', status: null, occurred_at: new Date('2024-04-01Z'), comment: '' });
      await fx.add('audit_log', { user_id: source.id, component_type: 'test', component_id: 9, event: 'submitted', status: null, occurred_at: new Date('2024-05-01Z'), comment: '  ' });
      const r = await merge(source, target, { source_disposition: 'deactivate' });
      expectMerged(r);
      const rows = await fx.rows('audit_log', { user_id: target.id }, ['id']);
      const prefix = `This record was merged from ${source.uid} on 2025-03-04 05:06:07.`;
      // An empty comment takes the prefix alone; one of spaces is text, kept after it.
      expect(rows.map((x) => x.comment)).toEqual(['target own', `${prefix} original note`, prefix, prefix, `${prefix}   `]);
      expect(rows.map((x) => [x.component_type, x.component_id, x.event, x.status ?? null, ms(x.occurred_at)])).toEqual([
        ['course', 7, 'completed', 'passed', Date.parse('2024-03-01Z')],
        ['course', 7, 'completed', 'passed', Date.parse('2024-01-01Z')],
        ['course', 7, 'completed', 'passed', Date.parse('2024-02-01Z')],
        ['test', 9, 'submitted', null, Date.parse('2024-04-01Z')],
        ['test', 9, 'submitted', null, Date.parse('2024-05-01Z')],
      ]);
      expect(await fx.rows('audit_log', { user_id: source.id })).toHaveLength(4);
      expect(await db('md_merge_journal').where({ run_id: r.runId, table_name: 'audit_log', op: 'insert' })).toHaveLength(4);
    });

    it('level protection: kept highest with the furthest end date (or none), only when the source client keeps it', async () => {
      for (const keep of [true, false]) {
        const { source, target } = await fx.pair({ client_id: keep ? fx.keepingClientId : fx.clientId });
        const lp = async () => fx.add('learning_paths', { title: 'lp', level_based: true });
        const prot = (user: number, path: number, level: number, end: string | null) => fx.add('level_protections', { user_id: user, learning_path_id: path, protected_level: level, protection_end_date: end });
        const [a, b, c, d] = [await lp(), await lp(), await lp(), await lp()];
        await prot(source.id, a, 5, '2030-01-01');
        await prot(target.id, a, 3, '2028-01-01');
        await prot(source.id, b, 2, null);
        await prot(target.id, b, 4, '2029-01-01');
        await prot(source.id, c, 1, '2027-01-01');
        await prot(target.id, c, 1, '2031-01-01');
        await prot(source.id, d, 2, '2026-06-01');
        expectMerged(await merge(source, target));
        const got = async (path: number) => {
          const r = await fx.one('level_protections', { user_id: target.id, learning_path_id: path });
          return r ? [Number(r.protected_level), r.protection_end_date === null ? null : new Date(ms(r.protection_end_date)!).toISOString().slice(0, 10)] : null;
        };
        if (keep) {
          expect(await got(a)).toEqual([5, '2030-01-01']);
          expect(await got(b)).toEqual([4, null]);
          expect(await got(c)).toEqual([1, '2031-01-01']);
          expect(await got(d)).toEqual([2, '2026-06-01']);
        } else {
          expect(await got(a)).toEqual([3, '2028-01-01']);
          expect(await got(b)).toEqual([4, '2029-01-01']);
          expect(await got(d)).toBeNull();
        }
      }
    });

    it('source disposition: delete removes the account and all it still owns', async () => {
      const { source, target } = await fx.pair();
      const test = await fx.add('tests', { course_id: null, title: 't' });
      await fx.add('test_attempts', { user_id: source.id, test_id: test, status: 'in_progress', score: null, submitted_at: null });
      await fx.add('user_attributes', { user_id: source.id, name: 'x', value: 'y' });
      await fx.add('audit_log', { user_id: source.id, component_type: 'course', component_id: 1, event: 'e', status: null, occurred_at: new Date('2024-01-01Z'), comment: null });
      await fx.add('clearances', { admin_id: source.id, org_unit_id: fx.unitA, include_subunits: false, can_view: true, can_edit: false, can_delete: false });
      const r = await merge(source, target);
      expectMerged(r);
      expect(await fx.rows('users', { id: source.id })).toEqual([]);
      for (const t of ['test_attempts', 'user_attributes', 'audit_log'] as const) expect(await fx.rows(t, { user_id: source.id })).toEqual([]);
      expect(await fx.rows('clearances', { admin_id: source.id })).toEqual([]);
      const del = await db('md_merge_journal').where({ run_id: r.runId, table_name: 'users', op: 'delete' });
      expect(JSON.parse(del[0].before_json).uid).toBe(source.uid);
      const decision = await db('md_pair_decisions').where({ uid_a: [source.uid, target.uid].sort()[0] }).first();
      expect(decision.decision).toBe('merged');
    });

    it('source disposition: anonymise clears personal data and frees the login; deactivate sets inactive', async () => {
      const { source, target } = await fx.pair({ phone: '1', employee_id: 'E1', birth_date: '1970-01-02' });
      await fx.add('user_attributes', { user_id: source.id, name: 'x', value: 'y' });
      expectMerged(await merge(source, target, { source_disposition: 'anonymise' }));
      const s = await fx.one('users', { id: source.id });
      expect({ status: s!.status, email: s!.email, phone: s!.phone, employee_id: s!.employee_id, birth_date: s!.birth_date, first: s!.first_name, login: s!.login }).toEqual({
        status: 'anonymised',
        email: null,
        phone: null,
        employee_id: null,
        birth_date: null,
        first: 'Anonymised',
        login: `anonymised-${source.uid}`,
      });
      expect(await fx.rows('user_attributes', { user_id: source.id })).toEqual([]);
      const p2 = await fx.pair();
      expectMerged(await merge(p2.source, p2.target, { source_disposition: 'deactivate' }));
      expect((await fx.one('users', { id: p2.source.id }))!.status).toBe('inactive');
    });

    it('login and email: the target takes them over, the source’s are freed first', async () => {
      for (const disposition of ['deactivate', 'delete'] as const) {
        const { source, target } = await fx.pair();
        const before = await fx.one('users', { id: source.id });
        expectMerged(await merge(source, target, { source_disposition: disposition }, { takeEmail: true, takeLogin: true }));
        const t = await fx.one('users', { id: target.id });
        expect([t!.login, t!.email]).toEqual([before!.login, before!.email]);
        if (disposition === 'deactivate') {
          const s = await fx.one('users', { id: source.id });
          expect([s!.login, s!.email]).toEqual([`merged-${source.uid}`, null]);
        }
      }
    });

    it('refuses unknown UIDs, the same account, gone accounts and missing clearance, writing nothing but the run', async () => {
      const { source, target } = await fx.pair();
      const gone = await fx.user({ status: 'deleted' });
      const anon = await fx.user({ status: 'anonymised' });
      const outside = await fx.user({ org_unit_id: fx.unitB });
      const limitedAdmin = await fx.user({ is_admin: true, org_unit_id: fx.unitA });
      await fx.add('clearances', { admin_id: limitedAdmin.id, org_unit_id: fx.unitA, include_subunits: false, can_view: true, can_edit: true, can_delete: false });
      const editOnly = { id: limitedAdmin.id, uid: limitedAdmin.uid, login: 'limited', orgUnitId: fx.unitA };
      const cases: [string, string, RegExp, typeof fx.admin][] = [
        ['NOPE', target.uid, /no account with UID "NOPE"/, fx.admin],
        [source.uid, 'NOPE2', /no account with UID "NOPE2"/, fx.admin],
        [source.uid, source.uid, /same account/, fx.admin],
        [gone.uid, target.uid, /already deleted/, fx.admin],
        [source.uid, anon.uid, /already anonymised/, fx.admin],
        [source.uid, target.uid, /lacks Delete clearance on org unit "Unit A"/, editOnly],
        [target.uid, outside.uid, /lacks Delete clearance/, editOnly],
      ];
      for (const [s, t, msg, op] of cases) {
        const r = await execute(db, m, { source: s, target: t }, settingsWith(), op);
        expect({ outcome: r.outcome, reason: r.reason }).toEqual({ outcome: 'refused', reason: expect.stringMatching(msg) });
        const run = await db('md_merge_runs').where('id', r.runId).first();
        expect(run.outcome).toBe('refused');
        await expect(plan(db, m, s, t, settingsWith(), op)).rejects.toThrow(msg);
      }
      // Edit but no Delete on unit B for the target side: the target needs only Edit.
      const editAdmin = await fx.user({ is_admin: true });
      await fx.add('clearances', { admin_id: editAdmin.id, org_unit_id: fx.unitA, include_subunits: false, can_view: true, can_edit: false, can_delete: true });
      const r = await execute(db, m, { source: source.uid, target: outside.uid }, settingsWith(), { id: editAdmin.id, uid: editAdmin.uid, login: 'e', orgUnitId: fx.unitA });
      expect(r.reason).toMatch(/lacks Edit clearance on org unit "Unit B"/);
      expect(await fx.rows('users', { id: source.id })).toHaveLength(1);
    });

    it('refuses a merge while another merge on either account is running', async () => {
      const { source, target } = await fx.pair();
      await db('md_merge_runs').insert({ source_uid: target.uid, target_uid: 'ZZZ', operator_login: 'x', dry_run: false, started_at: new Date(), outcome: null, settings_json: '{}' });
      const r = await merge(source, target);
      expect(r.outcome).toBe('refused');
      expect(r.reason).toMatch(/already running/);
      await db('md_merge_runs').where({ source_uid: target.uid, target_uid: 'ZZZ' }).update({ outcome: 'failed' });
      expectMerged(await merge(source, target));
    });

    it('plan is read-only, serialisable and stable; execute refuses when the accounts changed since the preview', async () => {
      const { source, target } = await fx.pair();
      const course = await fx.course();
      await fx.enrol(source.id, course, 11, '2024-01-01Z');
      const p1 = await plan(db, m, source.uid, target.uid, settingsWith(), fx.admin);
      const p2 = await plan(db, m, source.uid, target.uid, settingsWith(), fx.admin);
      expect(p1.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(p2.hash).toBe(p1.hash);
      expect(JSON.parse(JSON.stringify(p1))).toEqual(p1);
      expect(p1.counts.enrolments).toEqual({ move: 1 });
      const rec = p1.records.find((r) => r.category === 'enrolments')!;
      expect(rec).toMatchObject({ objectType: 'course', objectId: course, action: 'move', statusBefore: { source: 'Passed (11)', target: null }, statusAfter: 'Passed (11)' });
      expect(await fx.rows('enrolments', { user_id: source.id })).toHaveLength(1);
      await fx.enrol(source.id, await fx.course(), 8, '2024-01-01Z');
      const r = await execute(db, m, p1, settingsWith(), fx.admin);
      expect(r.outcome).toBe('refused');
      expect(r.reason).toMatch(/changed since the preview/);
      expect(await fx.rows('users', { id: source.id })).toHaveLength(1);
      const fresh = await plan(db, m, source.uid, target.uid, settingsWith(), fx.admin);
      expectMerged(await execute(db, m, fresh, settingsWith(), fx.admin));
    });

    it('a merge records the pair decision "merged" (uid_a < uid_b), replacing an earlier one', async () => {
      const { source, target } = await fx.pair();
      const [a, b] = [source.uid, target.uid].sort();
      await db('md_pair_decisions').insert({ uid_a: a, uid_b: b, decision: 'later', decided_by: 'x', decided_at: new Date(), note: null });
      const r = await merge(source, target);
      expectMerged(r);
      const rows = await db('md_pair_decisions').where({ uid_a: a, uid_b: b });
      expect(rows.map((x: { decision: string; decided_by: string; note: string }) => [x.decision, x.decided_by, x.note])).toEqual([['merged', 'admin', `merge run ${r.runId}`]]);
    });

    it('dry run applies nothing and records a dry run', async () => {
      const { source, target } = await fx.pair();
      await fx.enrol(source.id, await fx.course(), 11, '2024-01-01Z');
      const r = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith(), fx.admin, { dryRun: true });
      expect(r.outcome).toBe('merged');
      expect(r.dryRun).toBe(true);
      expect(await fx.rows('enrolments', { user_id: source.id })).toHaveLength(1);
      expect(await db('md_merge_journal').where('run_id', r.runId)).toEqual([]);
      const run = await db('md_merge_runs').where('id', r.runId).first();
      expect(Boolean(run.dry_run)).toBe(true);
    });
  });
}
