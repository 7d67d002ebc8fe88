/** The five causes of duplicate accounts the rulebook names (docs/merge-rules.md), plus "unknown" for detection. */
export const DUPLICATE_CAUSES = [
  { id: 'hr_multiple_records', label: 'Several HR records for one person (one per position)' },
  { id: 'manual_before_interface', label: 'Account made by hand before the interface created one' },
  { id: 'self_registration', label: 'Self-registration with another email' },
  { id: 'returning_employee', label: 'Returning employee with a new employee ID' },
  { id: 'name_change', label: 'Name change not carried over' },
] as const;

export type DuplicateCause = (typeof DUPLICATE_CAUSES)[number]['id'];
export type DetectedCause = DuplicateCause | 'unknown';

export const DUPLICATE_CAUSE_IDS: readonly DuplicateCause[] = DUPLICATE_CAUSES.map((c) => c.id);

export function causeLabel(cause: DetectedCause): string {
  return DUPLICATE_CAUSES.find((c) => c.id === cause)?.label ?? 'Unknown cause';
}
