import { Checkbox, Text } from '@fluentui/react-components';
import { decideEmployeeIdTakeOver } from '@shared/employee-id-take-over';
import type { AccountDetail } from '@shared/ipc/merge-channels';
import { useCompare } from './compare-store';

const facts = (a: AccountDetail) => ({ uid: a.uid, origin: a.origin, employee_id: a.employeeId });

/**
 * "Kept account takes over the employee ID": ticked by default exactly when the removed
 * account is interface-maintained and the kept one is not; the reason shown is the engine's
 * (from the preview once there is one, so both always agree).
 */
export function EmployeeIdCheckbox({ kept, removed }: { kept: AccountDetail; removed: AccountDetail }) {
  const st = useCompare();
  const decided = st.plan?.employeeIdTakeOver ?? decideEmployeeIdTakeOver(facts(removed), facts(kept), st.takeEmployeeId);
  return (
    <>
      <Checkbox
        checked={decided.take}
        disabled={!removed.employeeId}
        onChange={(_, d) => st.set({ takeEmployeeId: Boolean(d.checked) })}
        label={`Kept account takes over the employee ID ${removed.employeeId ?? '(none)'}`}
      />
      <Text size={200} data-testid="employee-id-reason">{decided.reason}</Text>
    </>
  );
}
