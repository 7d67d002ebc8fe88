import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { api, call } from '../../api';
import { DISPOSITION_LABELS, SETTING_LABELS, SOURCE_DISPOSITIONS, SWITCH_SETTING_KEYS, type SourceDisposition } from '@shared/merge-settings';
import { useCompare } from './compare-store';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: '12px', borderTop: `2px solid ${tokens.colorBrandStroke1}`, paddingTop: '12px', maxWidth: '1200px' },
  settings: { display: 'flex', gap: '16px', flexWrap: 'wrap', alignItems: 'center' },
  counts: { borderCollapse: 'collapse' },
  cell: { padding: '2px 10px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, textAlign: 'left' },
  list: { height: '260px', overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, position: 'relative' },
  rec: { position: 'absolute', left: 0, right: 0, height: '28px', display: 'grid', gridTemplateColumns: '130px 170px 110px 260px 1fr', gap: '8px', alignItems: 'center', padding: '0 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, whiteSpace: 'nowrap', overflow: 'hidden' },
  conflict: { background: tokens.colorPaletteRedBackground1 },
  row: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
});

const ACTION_LABEL: Record<string, string> = {
  move: 'moves', keep_target: 'target kept', take_source: 'source taken', combine: 'combined', copy: 'copied', drop: 'dropped',
  not_merged: 'not merged', conflict: 'conflict', action_required: 'action required',
};

/** The plan, grouped by category, with the settings in force and the two-step confirmation. */
export function MergePreview() {
  const s = useStyles();
  const st = useCompare();
  const plan = st.plan!;
  const [category, setCategory] = useState('all');
  const [understood, setUnderstood] = useState(false);
  const records = useMemo(() => plan.records.filter((r) => category === 'all' || r.category === category), [plan, category]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: records.length, getScrollElement: () => scroller.current, estimateSize: () => 28, overscan: 10 });
  const settings = plan.settings as Record<string, unknown>;
  const actions = [...new Set(Object.values(plan.counts).flatMap((c) => Object.keys(c)))];
  const o = st.outcome;

  return (
    <section className={s.box} aria-label="Merge preview">
      <Title3 as="h2">Merge preview</Title3>
      <Text>
        All training history of <b>{plan.source.name} ({plan.source.uid})</b> is merged into <b>{plan.target.name} ({plan.target.uid})</b>. {plan.sourceAccount.description}
      </Text>
      <Text aria-label="Employee ID take-over">
        Employee ID: {plan.employeeIdTakeOver.take ? `${plan.target.uid} takes it over.` : `${plan.target.uid} keeps its own.`} {plan.employeeIdTakeOver.reason}
      </Text>
      <div className={s.settings} aria-label="Settings for this merge">
        {SWITCH_SETTING_KEYS.map((key) => (
          <Checkbox key={key} label={SETTING_LABELS[key].label} checked={Boolean(settings[key])} onChange={(_, d) => void st.setOverride({ [key]: Boolean(d.checked) })} disabled={st.busy !== 'idle' || Boolean(o)} />
        ))}
        <Field label="Source account afterwards" orientation="horizontal">
          <Dropdown value={String(settings.source_disposition)} selectedOptions={[String(settings.source_disposition)]} disabled={st.busy !== 'idle' || Boolean(o)}
            onOptionSelect={(_, d) => void st.setOverride({ source_disposition: d.optionValue as SourceDisposition })}>
            {SOURCE_DISPOSITIONS.map((v) => <Option key={v} value={v}>{DISPOSITION_LABELS[v].short}</Option>)}
          </Dropdown>
        </Field>
        {Object.keys(st.overrides).length ? <Badge color="warning">Settings changed for this merge only</Badge> : null}
      </div>
      <table className={s.counts} aria-label="What the merge does">
        <thead>
          <tr><th className={s.cell}>Category</th>{actions.map((a) => <th key={a} className={s.cell}>{ACTION_LABEL[a] ?? a}</th>)}</tr>
        </thead>
        <tbody>
          {Object.entries(plan.counts).map(([c, byAction]) => (
            <tr key={c}><th className={s.cell} scope="row">{c}</th>{actions.map((a) => <td key={a} className={s.cell}>{byAction[a] ?? ''}</td>)}</tr>
          ))}
        </tbody>
      </table>
      {plan.conflicts.length ? (
        <MessageBar intent={settings.abort_on_conflict ? 'error' : 'warning'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{plan.conflicts.length} training conflict(s){settings.abort_on_conflict ? ': with "Abort on conflict" on, this merge will be aborted' : ''}</MessageBarTitle>
            <ul>{plan.conflicts.slice(0, 20).map((c, i) => <li key={i}>{c.description} — {c.resolution}</li>)}</ul>
            {plan.conflicts.length > 20 ? <Text>…and {plan.conflicts.length - 20} more in the records below.</Text> : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {plan.actionRequired.length ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Action required after the merge</MessageBarTitle>
            <ul>{plan.actionRequired.map((a, i) => <li key={i}>{a.description}</li>)}</ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.row}>
        <Field label="Records" orientation="horizontal">
          <Dropdown value={category === 'all' ? `All categories (${plan.records.length})` : category} selectedOptions={[category]} onOptionSelect={(_, d) => setCategory(d.optionValue ?? 'all')}>
            <Option value="all">{`All categories (${plan.records.length})`}</Option>
            {Object.keys(plan.counts).map((c) => <Option key={c} value={c}>{c}</Option>)}
          </Dropdown>
        </Field>
      </div>
      <div className={s.list} ref={scroller} role="table" aria-label="Planned records">
        <div style={{ height: virtual.getTotalSize() }}>
          {virtual.getVirtualItems().map((v) => {
            const r = records[v.index]!;
            return (
              <div key={v.key} role="row" className={`${s.rec} ${r.action === 'conflict' ? s.conflict : ''}`} style={{ top: v.start }} title={r.rule}>
                <Text size={200} role="cell">{r.category}</Text>
                <Text size={200} role="cell" truncate wrap={false}>{r.objectType} {String(r.objectId ?? '')}</Text>
                <Text size={200} role="cell" weight="semibold">{ACTION_LABEL[r.action] ?? r.action}</Text>
                <Text size={200} role="cell" truncate wrap={false}>{String(r.statusBefore.source ?? '—')} / {String(r.statusBefore.target ?? '—')} → {String(r.statusAfter ?? '—')}</Text>
                <Text size={200} role="cell" truncate wrap={false}>{r.rule}</Text>
              </div>
            );
          })}
        </div>
      </div>
      {!o ? (
        <div className={s.row}>
          <Button appearance="primary" onClick={() => { setUnderstood(false); st.set({ confirming: true }); }} disabled={st.busy !== 'idle'}>Merge…</Button>
          <Text size={200}>Plan {plan.hash.slice(0, 12)}</Text>
        </div>
      ) : null}
      <Dialog open={st.confirming} onOpenChange={(_, d) => st.set({ confirming: d.open })} modalType="alert">
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Merge {plan.source.uid} into {plan.target.uid}?</DialogTitle>
            <DialogContent>
              <Text block>{plan.sourceAccount.description}</Text>
              <Text block>All changes are made in one transaction: either everything, or nothing if anything fails or conflicts.</Text>
              <Checkbox checked={understood} onChange={(_, d) => setUnderstood(Boolean(d.checked))} label={`I have checked the preview; ${plan.source.uid} is removed as shown`} />
            </DialogContent>
            <DialogActions>
              <Button onClick={() => st.set({ confirming: false })}>Cancel</Button>
              <Button appearance="primary" disabled={!understood || st.busy !== 'idle'} onClick={() => void st.execute()}>Merge now</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
      {st.busy === 'merging' ? <Spinner label="Merging…" /> : null}
      {o ? <MergeResult /> : null}
    </section>
  );
}

function MergeResult() {
  const o = useCompare((x) => x.outcome)!;
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
  return (
    <div role="status" aria-label="Merge result">
    <MessageBar intent={o.outcome === 'merged' ? 'success' : 'error'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{o.outcome === 'merged' ? 'Merged' : o.outcome === 'aborted' ? 'Merge aborted' : o.outcome === 'refused' ? 'Merge refused' : 'Merge failed'}</MessageBarTitle>
        <Text block>{o.message}</Text>
        {o.reason ? <Text block>Reason: {o.reason}</Text> : null}
        {o.warnings.map((w) => <Text block key={w} role="alert">Warning: {w}</Text>)}
        <Text block size={200}>Run {o.runId}{saved ? ` · logfile saved to ${saved}` : ''}{error ? ` · ${error}` : ''}</Text>
        <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
          {o.logfile === null ? <Button onClick={() => void run(async () => { await call(api.createRunLogfile({ runId: o.runId })); setSaved(null); })}>Create logfile</Button> : null}
          <Button onClick={() => void run(async () => { await call(api.openRunLogfileExternally({ runId: o.runId })); })}>Open logfile</Button>
          <Button onClick={() => void run(async () => setSaved((await call(api.saveRunLogfile({ runId: o.runId }))).savedTo))}>Save logfile…</Button>
        </div>
      </MessageBarBody>
    </MessageBar>
    </div>
  );
}
