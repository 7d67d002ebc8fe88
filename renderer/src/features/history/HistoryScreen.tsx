import { Button, Field, makeStyles, MessageBar, MessageBarBody, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useState, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { RUN_OUTCOMES, type RunOutcome } from '@shared/ipc/admin-channels';
import { OutcomeBadge, outcomeLabel } from '../logfiles/OutcomeBadge';
import { EngagementReport } from './EngagementReport';
import { useHistory } from './history-store';
import { UndoDialog } from './UndoDialog';

const ROW = 52;
const COLUMNS = '70px 150px minmax(150px, 0.9fr) minmax(120px, 0.7fr) minmax(220px, 1.4fr) minmax(250px, 1fr)';

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

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—');

export function HistoryScreen() {
  const s = useStyles();
  const st = useHistory();
  const { t: tb } = useTranslation('batch');
  const [undoRun, setUndoRun] = useState<number | null>(null);
  useEffect(() => {
    void useHistory.getState().load();
  }, []);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: st.runs.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  return (
    <div className={s.page}>
      <div className={s.toolbar}>
        <Field label="Outcome">
          <Select value={st.outcome} onChange={(_, d) => void st.setOutcome(d.value as RunOutcome | 'all')} style={{ minWidth: 180 }}>
            <option value="all">All outcomes</option>
            {RUN_OUTCOMES.map((o) => <option key={o} value={o}>{outcomeLabel(o)}</option>)}
          </Select>
        </Field>
        <Button onClick={() => void st.load()} disabled={st.loading}>Refresh</Button>
        {st.loading ? <Spinner size="tiny" label="Loading runs…" /> : null}
        <Text aria-live="polite">{st.loaded ? `${st.runs.length.toLocaleString('en')} ${st.runs.length === 1 ? 'run' : 'runs'}, newest first` : ''}</Text>
        <EngagementReport />
      </div>
      {st.error ? <MessageBar intent="error" role="alert"><MessageBarBody>{st.error}</MessageBarBody></MessageBar> : null}
      <div className={s.grid} ref={scroller} role="table" aria-label="Merge runs" aria-rowcount={st.runs.length}>
        <div className={s.header} role="row">
          {['Run', 'Outcome', 'When', 'Operator', 'Source → target (kept)', 'Logfile'].map((h) => <div key={h} className={s.headCell} role="columnheader">{h}</div>)}
        </div>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const r = st.runs[v.index]!;
            return (
              <div key={r.id} className={s.row} style={{ top: v.start }} role="row" aria-rowindex={v.index + 1}>
                <div className={s.cell} role="cell"><Text>{r.id}</Text></div>
                <div className={s.cell} role="cell"><OutcomeBadge outcome={r.outcome} dryRun={r.dryRun} /></div>
                <div className={s.cell} role="cell">
                  <Text>{when(r.startedAt)}</Text>
                  {r.finishedAt && r.startedAt ? <Text size={200} className={s.sub}>took {Math.max(0, (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s</Text> : null}
                </div>
                <div className={s.cell} role="cell"><Text truncate wrap={false}>{r.operator}</Text></div>
                <div className={s.cell} role="cell">
                  <Text>{r.sourceUid} → {r.targetUid}</Text>
                  {r.reason ? <Text size={200} className={s.sub} title={r.reason}>{r.reason}</Text> : null}
                  {r.licencesFreed ? <Text size={200} className={s.sub}>{tb('history.freed')}</Text> : null}
                </div>
                <div className={s.actions} role="cell">
                  <Button size="small" onClick={() => void st.openLogfile(r)} disabled={st.opening !== null} aria-label={`Open logfile of run ${r.id}`}>Open logfile</Button>
                  {r.outcome === 'merged' && !r.dryRun ? <Button size="small" onClick={() => setUndoRun(r.id)} aria-label={`Undo run ${r.id}`}>Undo…</Button> : null}
                  {!r.hasLogfile ? <Text size={200} className={s.sub}>not on this computer</Text> : null}
                  {!r.hasLogfile && r.kind === 'merge' && r.outcome !== 'running' ? (
                    <Button size="small" onClick={() => void st.createLogfile(r)} disabled={st.opening !== null} aria-label={`Create logfile of run ${r.id}`} title="The logfile is not on this computer: make it again from the database">Create logfile</Button>
                  ) : null}
                </div>
              </div>
            );
          })}
        </div>
        {st.loaded && st.runs.length === 0 ? <div style={{ padding: 16 }}><Text>{st.outcome === 'all' ? 'No merges have been run on this database yet.' : `No runs with the outcome ${outcomeLabel(st.outcome)}.`}</Text></div> : null}
      </div>
      {undoRun !== null ? <UndoDialog runId={undoRun} onClose={(changed) => { setUndoRun(null); if (changed) void st.load(); }} /> : null}
    </div>
  );
}
