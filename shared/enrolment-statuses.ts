/** The 13 enrolment status codes of the reference schema, in default merge priority (highest first). */
export const ENROLMENT_STATUSES = [
  { id: 11, name: 'Passed', code: 'PASSED' },
  { id: 12, name: 'Failed', code: 'FAILED' },
  { id: 9, name: 'In progress', code: 'STARTED' },
  { id: 8, name: 'Enrolled', code: 'BOOKED' },
  { id: 18, name: 'Reserved', code: 'RESERVED_ON_PARTICIPANT_LIST' },
  { id: 6, name: 'Waiting list', code: 'WAITING' },
  { id: 19, name: 'Reserved for waiting list', code: 'RESERVED_ON_WAITING_LIST' },
  { id: 3, name: 'Confirmed', code: 'AGREED' },
  { id: 2, name: 'Requested', code: 'ORDERED' },
  { id: 17, name: 'Personal syllabus', code: 'INDIVIDUAL_LEARNING_PLAN' },
  { id: 1, name: 'Shopping cart', code: 'SELECTED' },
  { id: 5, name: 'Not confirmed', code: 'REFUSED' },
  { id: 7, name: 'Cancelled', code: 'CANCELLED' },
] as const;

export type EnrolmentStatusId = (typeof ENROLMENT_STATUSES)[number]['id'];

export const ENROLMENT_STATUS_IDS: readonly number[] = ENROLMENT_STATUSES.map((s) => s.id);

/** 1 = highest priority; statuses not in the list rank below every known one. */
export function enrolmentStatusRank(id: number): number {
  const i = ENROLMENT_STATUS_IDS.indexOf(id);
  return i === -1 ? ENROLMENT_STATUSES.length + 1 : i + 1;
}

export function enrolmentStatusName(id: number): string {
  return ENROLMENT_STATUSES.find((s) => s.id === id)?.name ?? `Status ${id}`;
}
