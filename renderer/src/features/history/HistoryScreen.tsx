import { Button, Field, makeStyles, MessageBar, MessageBarBody, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useState, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '@shared/i18n';
import { RUN_OUTCOMES, type RunOutcome, type RunView } from '@shared/ipc/admin-channels';
import { useLanguage } from '../../i18n';
import { OutcomeBadge, useOutcomeLabel } from '../logfiles/OutcomeBadge';
import { EngagementReport } from './EngagementReport';
import { useHistory } from './history-store';
import { UndoDialog } from './UndoDialog';

const ROW = 52;
const COLUMNS = '56px 150px minmax(130px, 0.8fr) minmax(90px, 0.5fr) minmax(190px, 1.2fr) minmax(170px, 1fr) minmax(250px, 1fr)';
/** Categories named in a run's row; the rest are counted. */
const SHOWN_CATEGORIES = 2;

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', height: '100%', padding: '12px 16px', boxSizing: 'border-box', gap: '8px' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'flex-end', flexWrap: 'wrap' },
  grid: { flex: 1, minHeight: 0, overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  header: { display: 'grid', gridTemplateColumns: COLUMNS, position: 'sticky', top: 0, zIndex: 1, background: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  headCell: { padding: '6px 8px', fontWeight: tokens.fontWeightSemibold },
  row: { display: 'grid', gridTemplateColumns: COLUMNS, alignItems: 'center', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, position: 'absolute', left: 0, right: 0, height: `${ROW}px` },
  cell: { padding: '2px 8px', overflow: 'hidden', display: 'flex', flexDirection: 'column', minWidth: 0, alignItems: 'flex-start' },
  sub: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: '100%' },
  actions: { display: 'flex', gap: '8px', alignItems: 'center', padding: '0 8px' },
});

/** "Enrolments 4 · Skills 2 · +3 more": what a merge changed, by category in words. */
function useChanges() {
  const { t } = useTranslation(['history', 'categories']);
  const language = useLanguage();
  return (r: RunView): string => {
    if (r.categories.length === 0) return t('changes.none');
    const named = r.categories.slice(0, SHOWN_CATEGORIES).map(([c, n]) => t('changes.item', { category: t(`categories:category.${c}` as never, { defaultValue: c }) as string, n: formatNumber(n, language) }));
    const rest = r.categories.length - SHOWN_CATEGORIES;
    return [...named, ...(rest > 0 ? [t('changes.more', { count: rest })] : [])].join(' · ');
  };
}

export function HistoryScreen() {
  const s = useStyles();
  const { t } = useTranslation('history');
  const language = useLanguage();
  const outcomeLabel = useOutcomeLabel();
  const changes = useChanges();
  const st = useHistory();
  const { t: tb } = useTranslation('batch');
  const [undoRun, setUndoRun] = useState<number | null>(null);
  useEffect(() => {
    void useHistory.getState().load();
  }, []);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: st.runs.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  const when = (iso: string | null) => (iso ? formatDateTime(iso, language, Intl.DateTimeFormat().resolvedOptions().timeZone) : '—');
  const head = [t('column.run'), t('column.outcome'), t('column.when'), t('column.operator'), t('column.accounts'), t('column.changes'), t('column.logfile')];
  return (
    <div className={s.page}>
      <div className={s.toolbar}>
        <Field label={t('outcome')}>
          <Select value={st.outcome} onChange={(_, d) => void st.setOutcome(d.value as RunOutcome | 'all')} style={{ minWidth: 180 }}>
            <option value="all">{t('allOutcomes')}</option>
            {RUN_OUTCOMES.map((o) => <option key={o} value={o}>{outcomeLabel(o)}</option>)}
          </Select>
        </Field>
        <Button onClick={() => void st.load()} disabled={st.loading}>{t('refresh')}</Button>
        {st.loading ? <Spinner size="tiny" label={t('loading')} /> : null}
        <Text aria-live="polite">{st.loaded ? t('count', { count: st.runs.length, formatted: formatNumber(st.runs.length, language) }) : ''}</Text>
        <EngagementReport />
      </div>
      {st.error ? <MessageBar intent="error" role="alert"><MessageBarBody>{st.error}</MessageBarBody></MessageBar> : null}
      <div className={s.grid} ref={scroller} role="table" aria-label={t('table')} aria-rowcount={st.runs.length}>
        <div className={s.header} role="row">
          {head.map((h) => <div key={h} className={s.headCell} role="columnheader">{h}</div>)}
        </div>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const r = st.runs[v.index]!;
            const change = r.kind === 'undo' && r.undoOf !== null ? t('undoOf', { run: r.undoOf }) : changes(r);
            return (
              <div key={r.id} className={s.row} style={{ top: v.start }} role="row" aria-rowindex={v.index + 1}>
                <div className={s.cell} role="cell"><Text>{r.id}</Text></div>
                <div className={s.cell} role="cell"><OutcomeBadge outcome={r.outcome} dryRun={r.dryRun} /></div>
                <div className={s.cell} role="cell">
                  <Text>{when(r.startedAt)}</Text>
                  {r.finishedAt && r.startedAt ? <Text size={200} className={s.sub}>{t('took', { seconds: formatNumber(Math.max(0, (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000), language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}</Text> : null}
                </div>
                <div className={s.cell} role="cell"><Text truncate wrap={false}>{r.operator}</Text></div>
                <div className={s.cell} role="cell">
                  <Text>{r.sourceUid} → {r.targetUid}</Text>
                  {r.reason ? <Text size={200} className={s.sub} title={r.reason}>{r.reason}</Text> : null}
                  {r.licencesFreed ? <Text size={200} className={s.sub}>{tb('history.freed')}</Text> : null}
                </div>
                <div className={s.cell} role="cell"><Text size={200} className={s.sub} title={change}>{change}</Text></div>
                <div className={s.actions} role="cell">
                  <Button size="small" onClick={() => void st.openLogfile(r)} disabled={st.opening !== null} aria-label={t('openLogfileOf', { run: r.id })}>{t('openLogfile')}</Button>
                  {r.outcome === 'merged' && !r.dryRun ? <Button size="small" onClick={() => setUndoRun(r.id)} aria-label={t('undoRun', { run: r.id })}>{t('undo')}</Button> : null}
                  {!r.hasLogfile ? <Text size={200} className={s.sub}>{t('notHere')}</Text> : null}
                  {!r.hasLogfile && r.kind === 'merge' && r.outcome !== 'running' ? (
                    <Button size="small" onClick={() => void st.createLogfile(r)} disabled={st.opening !== null} aria-label={t('createLogfileOf', { run: r.id })} title={t('createTitle')}>{t('createLogfile')}</Button>
                  ) : null}
                </div>
              </div>
            );
          })}
        </div>
        {st.loaded && st.runs.length === 0 ? <div style={{ padding: 16 }}><Text>{st.outcome === 'all' ? t('none') : t('noneWith', { outcome: outcomeLabel(st.outcome) })}</Text></div> : null}
      </div>
      {undoRun !== null ? <UndoDialog runId={undoRun} onClose={(changed) => { setUndoRun(null); if (changed) void st.load(); }} /> : null}
    </div>
  );
}
