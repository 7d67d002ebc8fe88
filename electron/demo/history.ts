import {
  FEEDBACK_STATUSES,
  JOB_PROFILE_STATUSES,
  OJT_TASK_STATUSES,
  SCORM_COMPLETION,
  TEST_ATTEMPT_STATUSES,
} from '../db/lms-tables';
import { ENROLMENT_STATUS_IDS } from '@shared/enrolment-statuses';
import type { Catalogue } from './catalogue';
import type { Rng } from './rng';
import type { Draft } from './types';
import { at, between, DAY, DEMO_NOW, YEAR, ymd } from './values';
import type { DemoWriter } from './writer';

const ENROLMENT_WEIGHTS: Record<number, number> = { 11: 35, 12: 5, 9: 12, 8: 12, 18: 3, 6: 3, 19: 2, 3: 5, 2: 4, 17: 6, 1: 3, 5: 3, 7: 7 };

/**
 * The training history of each account: attributes, groups, enrolments with SCORM data,
 * tests and audit entries, media progress, feedback, on-the-job training, job profiles,
 * skills and level protections, with what a duplicate cluster shares. Draws from the
 * history random stream only, so the accounts themselves do not depend on it.
 */
export class TrainingHistory {
  private readonly cover = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    private readonly cat: Catalogue,
    private readonly writer: DemoWriter,
    /** The first account that is not an admin: tutors and mentors are drawn from here on. */
    private readonly firstRegularId: number,
  ) {}

  /** Walks through every value of an enumeration first, then draws by weight: small demos still show every status. */
  private covered<T>(key: string, values: readonly T[], weighted: () => T): T {
    const n = this.cover.get(key) ?? 0;
    if (n < values.length) {
      this.cover.set(key, n + 1);
      return values[n]!;
    }
    return weighted();
  }

  /** Writes the training history of one account (created with id `userId` from draft `d`). */
  add(userId: number, d: Draft): void {
    const rng = this.rng;
    const c = this.cat;
    const from = d.createdMs;
    const until = Math.max(d.untilMs, from + DAY);
    const when = () => between(rng, from, until);
    const scale = d.historyScale;
    const shared = d.shared;

    // Personal attributes
    const attrs: [string, string | null][] = [
      ['department', d.attributes.department],
      ['cost_center', rng.chance(0.9) ? `CC-${rng.int(1000, 9999)}` : null],
      ['language', d.attributes.language],
    ];
    if (d.attributes.location) attrs.push(['location', d.attributes.location]);
    if (d.attributes.position) attrs.push(['position', d.attributes.position]);
    for (const [name, value] of attrs) this.writer.push('user_attributes', { user_id: userId, name, value });

    // Groups
    const groupIds = new Set<number>(rng.distinct(c.groups.length, rng.weighted([[0, 30], [1, 40], [2, 20], [3, 10]] as const)).map((i) => i + 1));
    if (shared?.group) groupIds.add(shared.group);
    for (const g of groupIds) this.writer.push('group_members', { group_id: g, user_id: userId, assigned_at: at(when()) });

    // Tutors
    if (userId >= this.firstRegularId && (rng.chance(0.006) || shared?.tutorCourse)) {
      const tc = new Set<number>(shared?.tutorCourse ? [shared.tutorCourse] : []);
      for (const i of rng.distinct(c.courses.length, rng.int(0, 2))) tc.add(i + 1);
      for (const course of tc) this.writer.push('course_tutors', { course_id: course, user_id: userId });
    }

    // Enrolments (+ SCORM, tests, audit)
    const nEnrol = Math.round(rng.weighted([[0, 8], [1, 12], [2, 15], [3, 16], [4, 15], [5, 12], [6, 10], [7, 7], [8, 5]] as const) * scale);
    const courseSet = new Set<number>(rng.distinct(c.courses.length, nEnrol).map((i) => i + 1));
    for (const sc of shared?.courses ?? []) courseSet.add(sc);
    const enrolled: number[] = [];
    for (const course of courseSet) {
      const status = this.covered('enrol', ENROLMENT_STATUS_IDS, () => rng.weighted(ENROLMENT_STATUS_IDS.map((s) => [s, ENROLMENT_WEIGHTS[s] ?? 1] as const)));
      const statusAt = when();
      const done = status === 11 || status === 12;
      const score = done ? (status === 11 ? rng.int(60, 100) : rng.int(0, 59)) : null;
      this.writer.push('enrolments', {
        id: this.writer.id('enrolments'),
        user_id: userId,
        course_id: course,
        status_id: status,
        status_at: at(statusAt),
        completed_at: done ? at(statusAt) : null,
        score,
      });
      enrolled.push(course);
      const bookedAt = Math.max(from, statusAt - rng.int(1, 60) * DAY);
      this.audit(userId, 'course', course, 'enrolled', 'booked', bookedAt);
      if (done) this.audit(userId, 'course', course, 'completed', status === 11 ? 'passed' : 'failed', statusAt);
      else if (status === 7) this.audit(userId, 'course', course, 'cancelled', 'cancelled', statusAt);

      const scos = c.courseScos[course - 1]!;
      if (scos.length > 0 && (status === 11 || status === 12 || status === 9 || status === 8)) {
        for (const sco of scos) {
          const completion = this.covered('scorm', SCORM_COMPLETION, () =>
            status === 11
              ? rng.weighted([['completed', 90], ['incomplete', 10]] as const)
              : status === 8
                ? rng.weighted([['not attempted', 70], ['unknown', 30]] as const)
                : rng.weighted([['completed', 30], ['incomplete', 50], ['not attempted', 10], ['unknown', 10]] as const),
          );
          const completed = completion === 'completed';
          this.writer.push('scorm_data', {
            id: this.writer.id('scorm_data'),
            user_id: userId,
            sco_id: sco,
            completion_status: completion,
            success_status: completed ? (rng.chance(0.85) ? 'passed' : 'failed') : completion === 'incomplete' ? 'unknown' : null,
            score: completed ? rng.int(40, 100) : null,
            suspend_data: completion === 'incomplete' ? `cmi.location=page-${rng.int(2, 30)}` : null,
            updated_at: at(Math.min(statusAt + rng.int(0, 5) * DAY, until)),
          });
        }
      }
      const tests = c.courseTests[course - 1]!;
      if (tests.length > 0 && status !== 7 && status !== 5 && rng.chance(0.6)) this.testAttempt(userId, tests[0]!, statusAt);
    }
    if (rng.chance(0.2 * scale)) this.testAttempt(userId, rng.pick(c.standaloneTests), when());

    // Media progress (in a course or course-independent)
    const nMedia = Math.round(rng.weighted([[0, 25], [1, 30], [2, 25], [3, 15], [4, 5]] as const) * scale);
    for (const m of rng.distinct(c.media.length, nMedia)) {
      const inCourse = enrolled.length > 0 && rng.chance(0.55);
      const accessed = when();
      this.writer.push('media_progress', {
        id: this.writer.id('media_progress'),
        user_id: userId,
        media_id: m + 1,
        course_id: inCourse ? rng.pick(enrolled) : null,
        progress: rng.chance(0.45) ? 100 : rng.int(0, 99),
        last_accessed_at: at(accessed),
      });
      if (rng.chance(0.3)) this.audit(userId, 'media', m + 1, 'viewed', null, accessed);
    }

    // Feedback
    const nFeedback = rng.chance(0.45 * scale) ? rng.int(1, 2) : 0;
    for (const f of rng.distinct(c.feedbackForms.length, nFeedback)) {
      const status = this.covered('feedback', FEEDBACK_STATUSES, () => rng.weighted([['submitted', 75], ['draft', 25]] as const));
      const t = when();
      this.writer.push('feedback_responses', { id: this.writer.id('feedback_responses'), user_id: userId, form_id: f + 1, status, submitted_at: status === 'submitted' ? at(t) : null });
    }

    // On-the-job training
    if (shared?.ojt || rng.chance(0.18 * scale)) {
      const ojt = shared?.ojt ?? rng.int(1, c.ojtTrainings.length);
      const assigned = when();
      const aStatus = rng.weighted([['assigned', 25], ['in_progress', 45], ['completed', 30]] as const);
      const mentor = userId > this.firstRegularId + 1 && rng.chance(0.9) ? rng.int(this.firstRegularId, userId - 1) : null;
      const aid = this.writer.id('ojt_assignments');
      this.writer.push('ojt_assignments', { id: aid, ojt_id: ojt, trainee_id: userId, mentor_id: mentor, status: aStatus, assigned_at: at(assigned) });
      const tasks = c.ojtTaskCount[ojt - 1]!;
      for (let task = 1; task <= tasks; task++) {
        const status = this.covered('ojt', OJT_TASK_STATUSES, () =>
          aStatus === 'completed'
            ? rng.weighted([['approved', 92], ['rejected', 8]] as const)
            : aStatus === 'assigned'
              ? rng.weighted([['open', 85], ['submitted', 15]] as const)
              : rng.weighted([['approved', 40], ['submitted', 25], ['open', 25], ['rejected', 10]] as const),
        );
        const submitted = status === 'open' ? null : between(rng, assigned, until);
        const reviewed = submitted !== null && (status === 'approved' || status === 'rejected') ? Math.min(until, submitted + rng.int(0, 14) * DAY) : null;
        this.writer.push('ojt_task_results', {
          id: this.writer.id('ojt_task_results'),
          assignment_id: aid,
          task_no: task,
          status,
          submitted_at: submitted === null ? null : at(submitted),
          reviewed_at: reviewed === null ? null : at(reviewed),
        });
      }
      this.audit(userId, 'ojt', ojt, 'assigned', aStatus, assigned);
    }

    // Job profiles
    const jp = new Set<number>(rng.distinct(c.jobProfiles.length, Math.round(rng.weighted([[0, 35], [1, 45], [2, 20]] as const) * scale)).map((i) => i + 1));
    for (const j of shared?.jobProfiles ?? []) jp.add(j);
    for (const j of jp) {
      const status = this.covered('jobprofile', JOB_PROFILE_STATUSES, () => rng.weighted([['not_confirmed', 15], ['confirmed', 35], ['in_progress', 25], ['completed', 25]] as const));
      const assigned = when();
      this.writer.push('user_job_profiles', {
        id: this.writer.id('user_job_profiles'),
        user_id: userId,
        job_profile_id: j,
        status,
        assigned_at: at(assigned),
        completed_at: status === 'completed' ? at(between(rng, assigned, until)) : null,
      });
    }

    // Skills with history
    const sk = new Set<number>(rng.distinct(c.skills.length, Math.round(rng.weighted([[0, 25], [1, 25], [2, 20], [3, 15], [4, 15]] as const) * scale)).map((i) => i + 1));
    for (const s of shared?.skills ?? []) sk.add(s);
    for (const s of sk) {
      const value = rng.int(1, 5);
      const achieved = when();
      this.writer.push('user_skills', {
        id: this.writer.id('user_skills'),
        user_id: userId,
        skill_id: s,
        achieved_value: value,
        achieved_at: at(achieved),
        expires_at: rng.chance(0.6) ? at(achieved + rng.int(1, 3) * YEAR) : null,
      });
      const steps = Math.min(value, rng.int(1, 3));
      let changed = Math.max(from, achieved - steps * rng.int(30, 200) * DAY);
      for (let k = steps - 1; k >= 0; k--) {
        const t = k === 0 ? achieved : changed;
        this.writer.push('skill_history', {
          id: this.writer.id('skill_history'),
          user_id: userId,
          skill_id: s,
          value: value - k,
          changed_at: at(t),
          trigger: rng.pick(['course completion', 'manual assessment', 'job profile review', 'interface import', 'self assessment confirmed']),
        });
        changed = Math.min(achieved, changed + rng.int(30, 200) * DAY);
      }
      this.audit(userId, 'skill', s, 'achieved', `level ${value}`, achieved);
    }

    // Individual level protection on level-based learning paths
    const lp = new Set<number>(shared?.learningPath ? [shared.learningPath] : []);
    if (rng.chance(0.12 * scale) && c.levelBasedPaths.length) lp.add(rng.pick(c.levelBasedPaths));
    for (const path of lp) {
      this.writer.push('level_protections', {
        id: this.writer.id('level_protections'),
        user_id: userId,
        learning_path_id: path,
        protected_level: rng.int(1, 5),
        protection_end_date: rng.chance(0.3) ? null : ymd(DEMO_NOW + rng.int(-400, 900) * DAY),
      });
    }
  }

  private testAttempt(userId: number, test: number, t: number): void {
    const rng = this.rng;
    const status = this.covered('test', TEST_ATTEMPT_STATUSES, () => rng.weighted([['completed', 55], ['submitted', 12], ['pending_review', 10], ['in_progress', 23]] as const));
    this.writer.push('test_attempts', {
      id: this.writer.id('test_attempts'),
      user_id: userId,
      test_id: test,
      status,
      score: status === 'completed' ? rng.int(20, 100) : null,
      submitted_at: status === 'in_progress' ? null : at(t),
    });
    if (status !== 'in_progress') this.audit(userId, 'test', test, 'submitted', status, t);
  }

  private audit(userId: number, type: string, componentId: number, event: string, status: string | null, t: number): void {
    this.writer.push('audit_log', { id: this.writer.id('audit_log'), user_id: userId, component_type: type, component_id: componentId, event, status, occurred_at: at(t), comment: null });
  }
}
