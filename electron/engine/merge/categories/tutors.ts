import type { Category } from '../types';
import { pairedCategory } from './paired';

export const tutors: Category = pairedCategory({
  name: 'tutors',
  table: 'course_tutors',
  counted: [{ label: 'Tutor of courses' }],
  objectType: 'course',
  status: () => 'tutor',
  rule: () => (_s, t) =>
    t ? { action: 'keep_target', rule: 'the target already tutors this course (not duplicated)', keep: 'target' } : { action: 'move', rule: 'the source’s tutor assignments move', keep: 'source' },
  steps: { remove: 'tutors: remove duplicates', move: 'tutors: move' },
});
