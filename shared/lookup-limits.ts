/**
 * How much the "Does this person already exist?" lookup accepts: one statement of the limits,
 * read by the IPC schema (shared/ipc/lookup-channels.ts) and by the use case the CLI calls, so
 * the app and `mergedesk lookup` refuse the same input.
 */
export const LOOKUP_LIMITS = {
  /** Characters in a first or last name, or an e-mail address (the LMS's column width). */
  text: 255,
  birthDate: 32,
  employeeId: 64,
  /** Accounts the Find-person screen lists at most (the CLI's --limit is the caller's own choice). */
  matches: 200,
} as const;
