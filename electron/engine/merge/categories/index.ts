import type { Category } from '../types';
import { attributes } from './attributes';
import { auditLog } from './audit-log';
import { enrolments } from './enrolments';
import { groups } from './groups';
import { jobProfiles } from './job-profiles';
import { levelProtections } from './level-protections';
import { mediaProgress } from './media-progress';
import { ojt } from './ojt';
import { scorm } from './scorm';
import { skills } from './skills';
import { sourceAccount } from './source-account';
import { feedback, tests } from './tests-feedback';
import { tutors } from './tutors';

/**
 * The categories in the order they are planned and applied. Each is self-contained;
 * a new category is a new module added here. The source account comes last: it deletes
 * or anonymises whatever the others left with the source.
 */
export const CATEGORIES: readonly Category[] = [attributes, groups, enrolments, mediaProgress, scorm, ojt, tests, feedback, jobProfiles, skills, tutors, auditLog, levelProtections, sourceAccount];
