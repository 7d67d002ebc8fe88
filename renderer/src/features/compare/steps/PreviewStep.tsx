import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { formatNumber } from '@shared/i18n';
import { useLanguage } from '../../../i18n';
import { useCompare } from '../compare-store';
import { employeeIdReason, facts } from '../EmployeeIdCheckbox';
import { categoryName, categoryRows, recordsInOrder } from '../plan-text';
import { CategoryTable } from './CategoryTable';
import { ConflictNotes } from './ConflictNotes';
import { PrimaryAction } from './PrimaryAction';
import { RecordList } from './RecordList';
import { SettingsBar } from './SettingsBar';
import { StepFrame } from './StepFrame';

const useStyles = makeStyles({
  grid: { flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: 'minmax(400px, 2fr) minmax(0, 4fr)', gap: '12px' },
  pane: { display: 'flex', flexDirection: 'column', minHeight: 0, gap: '4px' },
  scroll: { flex: 1, minHeight: 0, overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
});

/** Step 2: what the merge will do, per category before and after, conflicts first, every item by name. */
export function PreviewStep() {
  const s = useStyles();
  const { t } = useTranslation(['compare', 'categories']);
  const st = useCompare();
  const plan = st.plan!;
  const rows = useMemo(() => categoryRows(plan, plan.keptNow), [plan]);
  const [selected, setSelected] = useState<string | null>(() => rows.find((r) => r.conflicts > 0)?.category ?? null);
  const records = useMemo(() => recordsInOrder(plan.records, selected), [plan, selected]);
  const account = (a: { name: string; uid: string }) => t('compare:preview.account', { name: a.name, uid: a.uid });
  const language = useLanguage();
  const kept = st.view?.accounts.find((a) => a.uid === plan.target.uid);
  const removed = st.view?.accounts.find((a) => a.uid === plan.source.uid);
  const reason = kept && removed ? employeeIdReason(t, facts(removed), facts(kept), plan.employeeIdTakeOver.take) : '';
  const abort = Boolean((plan.settings as Record<string, unknown>).abort_on_conflict);
  return (
    <StepFrame
      label={t('compare:preview.region')}
      back={<Button onClick={() => st.goTo('compare')}>{t('compare:preview.back')}</Button>}
      info={<Text size={200}>{st.busy === 'previewing' ? <Spinner size="extra-tiny" label={t('compare:preview.updating')} /> : t('compare:preview.plan', { hash: plan.hash.slice(0, 12) })}</Text>}
      primary={<PrimaryAction busy={st.busy === 'previewing'} busyLabel={t('compare:preview.updating')} onClick={() => st.goTo('confirm')}>{t('compare:preview.next')}</PrimaryAction>}
    >
      <Text>
        <Trans t={t} i18nKey="compare:preview.summary" values={{ source: account(plan.source), target: account(plan.target) }} components={{ b: <b /> }} />{' '}
        <span aria-label={t('compare:employeeId.label')}>
          {t('compare:employeeId.heading')} {plan.employeeIdTakeOver.take ? t('compare:employeeId.takesIt', { target: plan.target.uid }) : t('compare:employeeId.keepsOwn', { target: plan.target.uid })} {reason}
        </span>
      </Text>
      <SettingsBar />
      <ConflictNotes plan={plan} abortOnConflict={abort} />
      <div className={s.grid}>
        <div className={s.scroll} tabIndex={0} role="group" aria-label={t('compare:preview.categories')}>
          <CategoryTable rows={rows} selected={selected} onSelect={setSelected} label={t('compare:preview.categories')} nowLabel={t('compare:preview.keptNow')} afterLabel={t('compare:preview.keptAfter')} />
        </div>
        <div className={s.pane}>
          <Text weight="semibold">{selected ? t('compare:preview.items', { category: categoryName(t, selected) }) : t('compare:preview.allItems')} ({formatNumber(records.length, language)})</Text>
          <RecordList records={records} names={plan.names} label={t('compare:preview.itemsTable')} />
        </div>
      </div>
    </StepFrame>
  );
}
