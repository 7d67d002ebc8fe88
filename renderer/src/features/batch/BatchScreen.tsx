import { Badge, Button, Checkbox, Dropdown, Field, Option, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { DISPOSITION_LABELS, SOURCE_DISPOSITIONS, type SourceDisposition } from '@shared/merge-settings';
import { api, call } from '../../api';
import { timeLeft, useBatch } from './batch-store';

const useStyles = makeStyles({
  page: { height: '100%', overflow: 'auto', padding: '16px 24px', boxSizing: 'border-box', display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '1200px' },
  row: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  table: { borderCollapse: 'collapse', width: '100%' },
  cell: { padding: '3px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, textAlign: 'left' },
  scroll: { maxHeight: '300px', overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}` },
});

const OUTCOME_COLOR: Record<string, 'success' | 'danger' | 'warning' | 'informative'> = { merged: 'success', failed: 'danger', refused: 'danger', aborted: 'warning', skipped: 'informative', not_run: 'informative' };

export function BatchScreen() {
  const s = useStyles();
  const st = useBatch();
  const input = useRef<HTMLInputElement>(null);
  const busy = st.running !== 'idle';
  useEffect(() => {
    void useBatch.getState().loadSettings();
  }, []);
  const effective = { ...st.saved, ...st.overrides };
  const r = st.result;

  return (
    <div className={s.page}>
      <Title2 as="h1">Batch merge</Title2>
      <Text>A worklist is a CSV or Excel file with the columns source_uid, target_uid and optionally take_email, take_login, take_employee_id and note. The whole file is checked before anything runs.</Text>
      <div className={s.row}>
        <input ref={input} type="file" accept=".csv,.xlsx" hidden aria-label="Worklist file" onChange={(e) => { const f = e.target.files?.[0]; if (f) void st.pick(f); e.target.value = ''; }} />
        <Button onClick={() => input.current?.click()} disabled={busy}>Choose worklist…</Button>
        {st.file ? <Text weight="semibold">{st.file.name}</Text> : null}
        {st.running === 'validating' ? <Spinner size="tiny" label="Checking the worklist…" /> : null}
      </div>
      {st.error ? <MessageBar intent="error" role="alert"><MessageBarBody>{st.error}</MessageBarBody></MessageBar> : null}
      {st.report ? (
        <section aria-label="Validation report">
          {st.report.ok ? (
            <MessageBar intent="success"><MessageBarBody>The worklist is valid: {st.report.pairs.length} pair(s){st.report.pairs.some((p) => p.alreadyMergedRun) ? `, ${st.report.pairs.filter((p) => p.alreadyMergedRun).length} already merged (skipped)` : ''}.</MessageBarBody></MessageBar>
          ) : (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{st.report.problems.length} problem(s): nothing will run until they are fixed</MessageBarTitle>
                <ul>{st.report.problems.map((p, i) => <li key={i}>{p.message}</li>)}</ul>
              </MessageBarBody>
            </MessageBar>
          )}
          {st.report.chains.length ? <ul>{st.report.chains.map((c, i) => <li key={i}><Text>{c.message}</Text></li>)}</ul> : null}
        </section>
      ) : null}
      {st.report?.ok && st.saved ? (
        <div className={s.row} aria-label="Settings for this batch">
          <Checkbox checked={Boolean(effective.abort_on_conflict)} disabled={busy} onChange={(_, d) => st.setOverride({ abort_on_conflict: Boolean(d.checked) })}
            label="Abort a pair on training conflicts (otherwise the merge rules decide)" />
          <Field label="Source accounts afterwards" orientation="horizontal">
            <Dropdown value={String(effective.source_disposition)} selectedOptions={[String(effective.source_disposition)]} disabled={busy}
              onOptionSelect={(_, d) => st.setOverride({ source_disposition: d.optionValue as SourceDisposition })}>
              {SOURCE_DISPOSITIONS.map((v) => <Option key={v} value={v}>{DISPOSITION_LABELS[v].short}</Option>)}
            </Dropdown>
          </Field>
          {Object.keys(st.overrides).length ? <Badge color="warning">Changed for this batch only</Badge> : null}
        </div>
      ) : null}
      {st.report?.ok ? (
        <div className={s.row}>
          <Button onClick={() => void st.run(true)} disabled={busy}>Dry run</Button>
          <Button appearance="primary" onClick={() => void st.run(false)} disabled={busy}>Run batch</Button>
          {busy && st.running !== 'validating' ? <Button onClick={() => void st.cancel()}>Cancel after the current pair</Button> : null}
        </div>
      ) : null}
      {st.running === 'run' || st.running === 'dry-run' ? (
        <Field validationState="none" validationMessage={st.progress ? `${st.progress.done} of ${st.progress.total} pairs · ${st.progress.phase} · ${timeLeft(st.progress)}` : 'Starting…'}>
          <ProgressBar value={st.progress && st.progress.total ? st.progress.done / st.progress.total : undefined} aria-label="Batch progress" />
        </Field>
      ) : null}
      {r ? (
        <section aria-label="Batch result">
          <MessageBar intent={r.counts.failed || r.counts.refused ? 'error' : r.counts.aborted || r.cancelled ? 'warning' : 'success'} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{r.dryRun ? 'Dry run finished: nothing was changed' : r.cancelled ? 'Batch cancelled' : 'Batch finished'}</MessageBarTitle>
              <Text>
                {r.counts.total} pairs: {r.counts.merged} {r.dryRun ? 'would merge' : 'merged'}, {r.counts.aborted} aborted, {r.counts.failed} failed, {r.counts.refused} refused, {r.counts.skipped} skipped, {r.counts.notRun} not run · {r.seconds.toFixed(1)} s
              </Text>
            </MessageBarBody>
          </MessageBar>
          <div className={s.row}>
            {r.summaryFile ? <Button onClick={() => void call(api.openPath({ kind: 'batchSummary', path: r.summaryFile! }))}>Open summary workbook</Button> : null}
            {r.logDir ? <Button onClick={() => void call(api.openPath({ kind: 'batchFolder', path: r.logDir! }))}>Open logfile folder</Button> : null}
          </div>
          <div className={s.scroll}>
            <table className={s.table} aria-label="Pairs">
              <thead><tr><th className={s.cell}>Row</th><th className={s.cell}>Source</th><th className={s.cell}>Target</th><th className={s.cell}>Outcome</th><th className={s.cell}>Reason</th></tr></thead>
              <tbody>
                {r.pairs.map((p) => (
                  <tr key={`${p.row}-${p.source}`}>
                    <td className={s.cell}>{p.row}</td><td className={s.cell}>{p.source}</td><td className={s.cell}>{p.target}</td>
                    <td className={s.cell}><Badge color={OUTCOME_COLOR[p.outcome] ?? 'informative'}>{p.outcome}</Badge></td>
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
