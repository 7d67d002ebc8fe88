import { Badge, Button, Checkbox, Dropdown, Field, Option, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@shared/i18n';
import { SOURCE_DISPOSITIONS, type SourceDisposition } from '@shared/merge-settings';
import { useLanguage } from '../../i18n';
import { api, call } from '../../api';
import { timeLeft, useBatch } from './batch-store';

const useStyles = makeStyles({
  page: { height: '100%', overflow: 'auto', padding: '16px 24px', boxSizing: 'border-box', display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '1200px' },
  row: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  table: { borderCollapse: 'collapse', width: '100%' },
  cell: { padding: '3px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, textAlign: 'left' },
  scroll: { maxHeight: '300px', overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}` },
});

type PairOutcome = 'merged' | 'failed' | 'refused' | 'aborted' | 'skipped' | 'not_run';
const OUTCOME_COLOR: Record<PairOutcome, 'success' | 'danger' | 'warning' | 'informative'> = { merged: 'success', failed: 'danger', refused: 'danger', aborted: 'warning', skipped: 'informative', not_run: 'informative' };
const PAIR_COLUMNS = ['row', 'source', 'target', 'outcome', 'reason'] as const;
const isOutcome = (o: string): o is PairOutcome => o in OUTCOME_COLOR;

export function BatchScreen() {
  const s = useStyles();
  const { t } = useTranslation('batch');
  const language = useLanguage();
  const st = useBatch();
  const input = useRef<HTMLInputElement>(null);
  const busy = st.running !== 'idle';
  useEffect(() => {
    void useBatch.getState().loadSettings();
  }, []);
  const effective = { ...st.saved, ...st.overrides };
  const r = st.result;
  const n = (x: number) => formatNumber(x, language);
  const done = st.report ? st.report.pairs.filter((p) => p.alreadyMergedRun).length : 0;
  const left = (p: NonNullable<typeof st.progress>) => {
    const l = timeLeft(p);
    return l === null ? '' : l.minutes ? t('progress.minutesLeft', { count: l.value }) : t('progress.secondsLeft', { count: l.value });
  };

  return (
    <div className={s.page}>
      <Title2 as="h1">{t('title')}</Title2>
      <Text>{t('intro')}</Text>
      <div className={s.row}>
        <input ref={input} type="file" accept=".csv,.xlsx" hidden aria-label={t('file.input')} onChange={(e) => { const f = e.target.files?.[0]; if (f) void st.pick(f); e.target.value = ''; }} />
        <Button onClick={() => input.current?.click()} disabled={busy}>{t('file.choose')}</Button>
        {st.file ? <Text weight="semibold">{st.file.name}</Text> : null}
        {st.running === 'validating' ? <Spinner size="tiny" label={t('file.checking')} /> : null}
      </div>
      {st.error ? <MessageBar intent="error" role="alert"><MessageBarBody>{st.error}</MessageBarBody></MessageBar> : null}
      {st.report ? (
        <section aria-label={t('report.label')}>
          {st.report.ok ? (
            <MessageBar intent="success"><MessageBarBody>{t('report.valid', { count: st.report.pairs.length })}{done ? t('report.alreadyMerged', { count: done }) : ''}.</MessageBarBody></MessageBar>
          ) : (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{t('report.problems', { count: st.report.problems.length })}</MessageBarTitle>
                <ul>{st.report.problems.map((p, i) => <li key={i}>{p.message}</li>)}</ul>
              </MessageBarBody>
            </MessageBar>
          )}
          {st.report.chains.length ? <ul>{st.report.chains.map((c, i) => <li key={i}><Text>{c.message}</Text></li>)}</ul> : null}
        </section>
      ) : null}
      {st.report?.ok && st.saved ? (
        <div className={s.row} role="group" aria-label={t('settings.label')}>
          <Checkbox checked={Boolean(effective.abort_on_conflict)} disabled={busy} onChange={(_, d) => st.setOverride({ abort_on_conflict: Boolean(d.checked) })}
            label={t('settings.abortOnConflict')} />
          <Field label={t('settings.disposition')} orientation="horizontal">
            <Dropdown value={effective.source_disposition ? t(`settings.dispositionValue.${effective.source_disposition}`) : ''} selectedOptions={[String(effective.source_disposition)]} disabled={busy}
              onOptionSelect={(_, d) => st.setOverride({ source_disposition: d.optionValue as SourceDisposition })}>
              {SOURCE_DISPOSITIONS.map((v) => <Option key={v} value={v}>{t(`settings.dispositionValue.${v}`)}</Option>)}
            </Dropdown>
          </Field>
          {Object.keys(st.overrides).length ? <Badge color="warning">{t('settings.changed')}</Badge> : null}
        </div>
      ) : null}
      {st.report?.ok ? (
        <div className={s.row}>
          <Button onClick={() => void st.run(true)} disabled={busy}>{t('actions.dryRun')}</Button>
          <Button appearance="primary" onClick={() => void st.run(false)} disabled={busy}>{t('actions.run')}</Button>
          {busy && st.running !== 'validating' ? <Button onClick={() => void st.cancel()}>{t('actions.cancel')}</Button> : null}
        </div>
      ) : null}
      {st.running === 'run' || st.running === 'dry-run' ? (
        <Field validationState="none" validationMessage={st.progress ? [t('progress.step', { done: n(st.progress.done), total: n(st.progress.total), phase: st.progress.phase }), left(st.progress)].filter(Boolean).join(' · ') : t('progress.starting')}>
          <ProgressBar value={st.progress && st.progress.total ? st.progress.done / st.progress.total : undefined} aria-label={t('progress.label')} />
        </Field>
      ) : null}
      {r ? (
        <section aria-label={t('result.label')}>
          <MessageBar intent={r.counts.failed || r.counts.refused ? 'error' : r.counts.aborted || r.cancelled ? 'warning' : 'success'} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{r.dryRun ? t('result.dryRun') : r.cancelled ? t('result.cancelled') : t('result.finished')}</MessageBarTitle>
              <Text block>
                {t(r.dryRun ? 'result.countsDry' : 'result.counts', { total: n(r.counts.total), merged: n(r.counts.merged), aborted: n(r.counts.aborted), failed: n(r.counts.failed), refused: n(r.counts.refused), skipped: n(r.counts.skipped), notRun: n(r.counts.notRun), seconds: formatNumber(r.seconds, language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}
              </Text>
              <Text block weight="semibold" data-testid="batch-licences">{t(r.dryRun ? 'result.licencesDry' : 'result.licences', { count: r.licencesFreed })}</Text>
            </MessageBarBody>
          </MessageBar>
          <div className={s.row}>
            {r.summaryFile ? <Button onClick={() => void call(api.openPath({ kind: 'batchSummary', path: r.summaryFile! }))}>{t('actions.openSummary')}</Button> : null}
            {r.logDir ? <Button onClick={() => void call(api.openPath({ kind: 'batchFolder', path: r.logDir! }))}>{t('actions.openFolder')}</Button> : null}
          </div>
          <div className={s.scroll} tabIndex={0} role="region" aria-label={t('pairs.label')}>
            <table className={s.table} aria-label={t('pairs.label')}>
              <thead><tr>{PAIR_COLUMNS.map((c) => <th key={c} scope="col" className={s.cell}>{t(`pairs.${c}`)}</th>)}</tr></thead>
              <tbody>
                {r.pairs.map((p) => (
                  <tr key={`${p.row}-${p.source}`}>
                    <td className={s.cell}>{p.row}</td><td className={s.cell}>{p.source}</td><td className={s.cell}>{p.target}</td>
                    <td className={s.cell}><Badge color={isOutcome(p.outcome) ? OUTCOME_COLOR[p.outcome] : 'informative'}>{isOutcome(p.outcome) ? t(`outcome.${p.outcome}`) : p.outcome}</Badge></td>
                    <td className={s.cell}><Text size={200}>{p.reason ?? ''}</Text></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
