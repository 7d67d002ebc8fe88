/** The CLI's exit codes: a contract other tools rely on. */
export const EXIT = {
  ok: 0,
  failed: 1,
  /** A merge aborted on conflict. */
  aborted: 2,
  /** Refused input: bad arguments, unknown UID, missing clearance, … */
  refused: 3,
} as const;
