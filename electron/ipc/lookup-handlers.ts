import type { PersonLookupView } from '@shared/ipc/lookup-channels';
import { lookupPerson, preparePersonIndex } from '../usecases/lookup';
import type { Session } from './session';

/** The Find-person screen: the same use case as `mergedesk lookup`, always within the signed-in administrator's clearance. */
export function createLookupHandlers(session: Session) {
  return {
    async lookupPerson(input: { firstName: string; lastName: string; birthDate?: string; email?: string; employeeId?: string; limit?: number }): Promise<PersonLookupView> {
      const { db, mapping, operator } = session.requireOperator();
      const { limit, ...person } = input;
      const r = await lookupPerson(db, mapping, person, { operator, ...(limit !== undefined ? { limit } : {}) });
      return { matches: r.matches, withinClearance: r.withinClearance, outsideClearance: r.outsideClearance, minScore: r.minScore, priorLog2: r.priorLog2, users: r.users, milliseconds: r.milliseconds };
    },
    async preparePersonLookup(): Promise<{ users: number }> {
      const { db, mapping } = session.requireOperator();
      return preparePersonIndex(db, mapping);
    },
  };
}
