/**
 * The default of "kept account takes over the employee ID", shared by the merge engine, the
 * batch validation and the compare screen (which shows it before the first preview).
 */

/** What the rule looks at, for one account. */
export interface KeyFacts {
  uid: string;
  /** users.origin: interface, manual or self_registration. */
  origin: string;
  employee_id: string | null;
}

const isInterface = (u: KeyFacts) => u.origin === 'interface';

/**
 * On exactly when the removed account carries an employee ID, is maintained by the HR
 * interface and the kept one is not: otherwise nothing in the LMS would carry the person's
 * employee ID any more and the next HR import would create the person again.
 */
export const takesEmployeeIdByDefault = (source: KeyFacts, target: KeyFacts): boolean => Boolean(source.employee_id) && isInterface(source) && !isInterface(target);

/** Whether the kept account takes over the removed account's employee ID (the key the HR interface maps people by), and why. */
export interface EmployeeIdTakeOver {
  take: boolean;
  /** What the rule alone would choose. */
  byDefault: boolean;
  /** Shown in the preview and the logfile; the same text for an explicit choice equal to the default, so the plan hash does not change. */
  reason: string;
}

/** The default and its reason from both accounts; `requested` (an explicit choice) overrides the default. */
export function decideEmployeeIdTakeOver(source: KeyFacts, target: KeyFacts, requested: boolean | undefined | null): EmployeeIdTakeOver {
  const id = source.employee_id;
  if (id === null || id === '') {
    return { take: false, byDefault: false, reason: `The removed account ${source.uid} has no employee ID to hand over.` };
  }
  const byDefault = takesEmployeeIdByDefault(source, target);
  const why = byDefault
    ? `the removed account ${source.uid} is maintained by the HR interface and the kept account ${target.uid} is not (origin ${target.origin}); without employee ID ${id} the next HR import would create the person again`
    : source.origin === 'interface'
      ? `both accounts are maintained by the HR interface`
      : `the removed account ${source.uid} is not maintained by the HR interface (origin ${source.origin})`;
  const take = requested ?? byDefault;
  const reason =
    take === byDefault
      ? `${byDefault ? 'On' : 'Off'} by default: ${why}.`
      : `${take ? 'Taken over' : 'Not taken over'} as chosen, although the default is ${byDefault ? 'on' : 'off'} (${why}).`;
  return { take, byDefault, reason };
}
