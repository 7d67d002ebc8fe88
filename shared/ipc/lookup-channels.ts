import { z } from 'zod';
import { LOOKUP_LIMITS } from '../lookup-limits';
import { channel } from './define';

/** One existing account that may be the typed-in person, as the Find-person screen and `mergedesk lookup --json` show it. */
export interface PersonMatchView {
  uid: string;
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD, or null when missing or implausible. */
  birthDate: string | null;
  email: string | null;
  login: string;
  employeeId: string | null;
  status: string;
  orgUnit: string;
  /** Match probability 0..1, the scan's score. */
  score: number;
  reasons: string[];
  /** Weight of every compared field in bits (log2 m/u). */
  evidence: { field: string; level: string; weight: number }[];
}

export interface PersonLookupView {
  /** Highest score first, only accounts the signed-in administrator may view. */
  matches: PersonMatchView[];
  /** Visible matches in all (more than `matches` when the limit cut the list). */
  withinClearance: number;
  /** Matches outside the administrator's clearance: a count, nothing else. */
  outsideClearance: number;
  minScore: number;
  priorLog2: number;
  /** Accounts compared against. */
  users: number;
  milliseconds: number;
}

const text = (max: number) => z.string().max(max, `At most ${max} characters.`);

export const lookupChannels = {
  /** "Does this person already exist?": the typed-in person scored against every account (names required; the rest optional). */
  lookupPerson: channel(
    z
      .object({
        firstName: text(LOOKUP_LIMITS.text),
        lastName: text(LOOKUP_LIMITS.text),
        birthDate: text(LOOKUP_LIMITS.birthDate).optional(),
        email: text(LOOKUP_LIMITS.text).optional(),
        employeeId: text(LOOKUP_LIMITS.employeeId).optional(),
        limit: z.number().int().min(1).max(LOOKUP_LIMITS.matches).optional(),
      })
      .strict(),
  ).returns<PersonLookupView>(),
  /** Builds the lookup's index ahead of the first search (the Find-person screen opening), so typing is answered at once. */
  preparePersonLookup: channel(z.object({}).strict()).returns<{ users: number }>(),
};
