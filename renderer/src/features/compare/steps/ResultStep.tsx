import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@shared/i18n';
import { api, call } from '../../../api';
import { useLanguage } from '../../../i18n';
import { useCompare } from '../compare-store';
import { categoryName, categoryRows, recordsInOrder } from '../plan-text';
import { CategoryTable } from './CategoryTable';
import { RecordList } from './RecordList';
import { StepFrame } from './StepFrame';

const useStyles = makeStyles({
  grid: { flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: 'minmax(400px, 2fr) minmax(0, 4fr)', gap: '12px' },
  pane: { display: 'flex', flexDirection: 'column', minHeight: 0, gap: '4px' },
  scroll: { flex: 1, minHeight: 0, overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  buttons: { display: 'flex', gap: '8px', marginTop: '6px', flexWrap: 'wrap' },
  licences: { fontWeight: tokens.fontWeightSemibold },
});

/** Step 4: the outcome, the licences freed, what the kept account had before and has now, and the logfile. */
export function ResultStep() {
  const s = useStyles();
  const { t } = useTranslation(['compare', 'categories']);
  const language = useLanguage();
  const st = useCompare();
  const o = st.outcome!;
  const plan = st.plan;
  const merged = o.outcome === 'merged';
  const rows = useMemo(
    () => categoryRows(o, plan?.keptNow).map((r) => ({ ...r, after: merged ? (o.keptAfter[r.category] ?? r.after) : r.now })),
    [o, plan, merged],
  );
  const [selected, setSelected] = useState<string | null>(null);
  const records = useMemo(() => recordsInOrder(o.records, selected), [o, selected]);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const source = plan?.source.uid ?? '';
  const target = plan?.target.uid ?? '';
  return (
    <StepFrame
      label={t('compare:steps.result')}
      primary={<Button appearance="primary" size="large" onClick={st.reset}>{t('compare:result.again')}</Button>}
    >
      <div role="status" aria-label={t('compare:result.region')}>
        <MessageBar intent={merged ? 'success' : 'error'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t(`compare:result.${o.outcome}`)}</MessageBarTitle>
            <Text block>{merged ? t('compare:result.mergedMessage', { source, target }) : t('compare:result.failedMessage')}</Text>
            {o.reason ? <Text block>{t('compare:result.reason', { reason: o.reason })}</Text> : null}
            {o.warnings.map((w) => <Text block key={w} role="alert">{t('compare:result.warning', { warning: w })}</Text>)}
            <Text block className={s.licences} data-testid="licences-freed">
              {o.licencesFreed > 0 ? t('compare:result.licences', { count: o.licencesFreed, formatted: formatNumber(o.licencesFreed, language) }) : merged ? t('compare:result.licencesNone') : t('compare:result.nothingChanged')}
            </Text>
            {merged && o.sourceAccount && plan ? (
              <Text block>{t(`compare:disposition.${(plan.settings as Record<string, unknown>).source_disposition as 'delete' | 'anonymise' | 'deactivate'}`, { uid: plan.source.uid, name: plan.source.name })}</Text>
            ) : null}
            <Text block size={200}>
              {t('compare:result.run', { runId: o.runId })}
              {saved ? ` · ${t('compare:result.savedTo', { file: saved })}` : ''}
              {error ? ` · ${error}` : ''}
            </Text>
            <div className={s.buttons}>
              {o.logfile === null ? <Button onClick={() => void run(async () => { await call(api.createRunLogfile({ runId: o.runId })); setSaved(null); })}>{t('compare:result.createLogfile')}</Button> : null}
              <Button onClick={() => void run(async () => { await call(api.openRunLogfileExternally({ runId: o.runId })); })}>{t('compare:result.openLogfile')}</Button>
              <Button onClick={() => void run(async () => setSaved((await call(api.saveRunLogfile({ runId: o.runId }))).savedTo))}>{t('compare:result.saveLogfile')}</Button>
            </div>
          </MessageBarBody>
        </MessageBar>
      </div>
      {o.records.length ? (
        <div className={s.grid}>
          <div className={s.scroll} tabIndex={0} role="group" aria-label={t('compare:result.whatWasDone')}>
            <CategoryTable rows={rows} selected={selected} onSelect={setSelected} label={t('compare:result.whatWasDone')} nowLabel={t('compare:result.keptBefore')} afterLabel={t('compare:result.keptAfter')} />
          </div>
          <div className={s.pane}>
            <Text weight="semibold">{selected ? t('compare:preview.items', { category: categoryName(t, selected) }) : t('compare:preview.allItems')} ({formatNumber(records.length, language)})</Text>
            <RecordList records={records} names={o.names} label={t('compare:preview.itemsTable')} />
          </div>
        </div>
      ) : null}
    </StepFrame>
  );
}
