import { Checkbox, Text } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { decideEmployeeIdTakeOver, takesEmployeeIdByDefault, type KeyFacts } from '@shared/employee-id-take-over';
import type { AccountDetail } from '@shared/ipc/merge-channels';
import { useCompare } from './compare-store';

export const facts = (a: AccountDetail): KeyFacts => ({ uid: a.uid, origin: a.origin, employee_id: a.employeeId });

/** The take-over reason in the UI's language, from the same facts the engine's rule reads (shared/employee-id-take-over). */
export function employeeIdReason(t: TFunction<'compare'>, removed: KeyFacts, kept: KeyFacts, take: boolean): string {
  const id = removed.employee_id;
  if (id === null || id === '') return t('employeeId.none', { source: removed.uid });
  const byDefault = takesEmployeeIdByDefault(removed, kept);
  const why = byDefault
    ? t('employeeId.whyDefault', { source: removed.uid, target: kept.uid, origin: kept.origin, id })
    : removed.origin === 'interface'
      ? t('employeeId.whyBoth')
      : t('employeeId.whyNotInterface', { source: removed.uid, origin: removed.origin });
  if (take === byDefault) return byDefault ? t('employeeId.onByDefault', { why }) : t('employeeId.offByDefault', { why });
  return take ? t('employeeId.takenAsChosen', { why }) : t('employeeId.notTakenAsChosen', { why });
}

/**
 * "Kept account takes over the employee ID": ticked by default exactly when the removed
 * account is interface-maintained and the kept one is not; the choice shown is the engine's
 * (from the preview once there is one, so both always agree).
 */
export function EmployeeIdCheckbox({ kept, removed }: { kept: AccountDetail; removed: AccountDetail }) {
  const { t } = useTranslation('compare');
  const st = useCompare();
  const decided = st.plan?.employeeIdTakeOver ?? decideEmployeeIdTakeOver(facts(removed), facts(kept), st.takeEmployeeId);
  return (
    <>
      <Checkbox
        checked={decided.take}
        disabled={!removed.employeeId}
        onChange={(_, d) => st.set({ takeEmployeeId: Boolean(d.checked) })}
        label={t('compare.takeEmployeeId', { id: removed.employeeId ?? t('compare.none') })}
      />
      <Text size={200} data-testid="employee-id-reason">{employeeIdReason(t, facts(removed), facts(kept), decided.take)}</Text>
    </>
  );
}
