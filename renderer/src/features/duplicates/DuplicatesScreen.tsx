import { Button, Dropdown, Field, Input, makeStyles, MessageBar, MessageBarBody, Option, ProgressBar, SpinButton, Tab, TabList, Text } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DUPLICATE_CAUSE_IDS } from '@shared/causes';
import { formatNumber } from '@shared/i18n';
import { useLanguage } from '../../i18n';
import { useDuplicates, visiblePairs } from './duplicates-store';
import { OverviewPanel } from './OverviewPanel';
import { PairTable } from './PairTable';
import { causeWords } from './reason-words';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', height: '100%', padding: '12px 16px', boxSizing: 'border-box', gap: '8px' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'flex-end', flexWrap: 'wrap' },
  empty: { padding: '16px' },
});

type Phase = 'reading' | 'comparing' | 'estimating' | 'explaining' | 'done';
const PHASES = new Set<string>(['reading', 'comparing', 'estimating', 'explaining', 'done']);

export function DuplicatesScreen() {
  const s = useStyles();
  const { t } = useTranslation('duplicates');
  const language = useLanguage();
  const st = useDuplicates();
  const rows = useMemo(() => visiblePairs(st), [st.pairs, st.cause, st.minScore, st.search, st.sort]);
  const n = (x: number) => formatNumber(x, language);
  const phase = (p: string) => (PHASES.has(p) ? t(`progress.phase.${p as Phase}`) : p);

  return (
    <div className={s.page}>
      <div className={s.toolbar}>
        <Button appearance="primary" onClick={() => void st.scan()} disabled={st.scanning}>{st.pairs.length ? t('actions.scanAgain') : t('actions.scan')}</Button>
        {st.scanning ? <Button onClick={() => void st.cancel()}>{t('actions.cancelScan')}</Button> : null}
        <Button disabled={st.scanning || rows.length === 0} onClick={() => void st.exportWorklist(rows)} title={t('actions.exportHint')}>{t('actions.exportWorklist')}</Button>
        <Field label={t('filter.cause')}>
          <Dropdown value={st.cause === 'all' ? t('filter.allCauses') : causeWords(t, st.cause)} selectedOptions={[st.cause]} onOptionSelect={(_, d) => st.setFilter({ cause: d.optionValue ?? 'all' })} style={{ minWidth: 220 }}>
            <Option value="all">{t('filter.allCauses')}</Option>
            {DUPLICATE_CAUSE_IDS.map((c) => <Option key={c} value={c}>{causeWords(t, c)}</Option>)}
            <Option value="unknown">{t('cause.unknown')}</Option>
          </Dropdown>
        </Field>
        <Field label={t('filter.minScore')}>
          <SpinButton value={st.minScore} min={0} max={1} step={0.05} displayValue={formatNumber(st.minScore, language, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}
            onChange={(_, d) => st.setFilter({ minScore: Math.min(1, Math.max(0, d.value ?? (Number(String(d.displayValue ?? '').replace(',', '.')) || 0))) })} />
        </Field>
        <Field label={t('filter.search')}>
          <Input value={st.search} placeholder={t('filter.searchPlaceholder')} onChange={(_, d) => st.setFilter({ search: d.value })} />
        </Field>
        {st.exported ? <Text size={200}>{t('exported', { path: st.exported })}</Text> : null}
        <Text aria-live="polite">
          {st.summary ? t('summary', { shown: n(rows.length), total: n(st.pairs.length), users: n(st.summary.users), seconds: formatNumber(st.summary.seconds, language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }) : ''}
        </Text>
      </div>
      {st.scanning ? (
        <Field validationMessage={st.progress ? t('progress.step', { phase: phase(st.progress.phase), done: n(st.progress.done), total: n(st.progress.total) }) : t('progress.starting')} validationState="none">
          <ProgressBar value={st.progress && st.progress.total ? st.progress.done / st.progress.total : undefined} aria-label={t('progress.label')} />
        </Field>
      ) : null}
      {st.error ? <MessageBar intent="error" role="alert"><MessageBarBody>{st.error}</MessageBarBody></MessageBar> : null}
      <TabList selectedValue={st.view} onTabSelect={(_, d) => st.setView(d.value as 'pairs' | 'overview')} aria-label={t('tabs.label')} size="small">
        <Tab value="pairs">{t('tabs.pairs')}</Tab>
        <Tab value="overview">{t('tabs.overview')}</Tab>
      </TabList>
      {st.view === 'overview' ? (
        <OverviewPanel overview={st.overview} />
      ) : (
        <>
          <PairTable rows={rows} />
          {!st.scanning && st.summary && rows.length === 0 ? <div className={s.empty}><Text>{t('table.noMatch')}</Text></div> : null}
        </>
      )}
    </div>
  );
}
