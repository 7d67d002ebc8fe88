import {
  Button,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type DragEvent } from 'react';
import type { LogfileView } from '@shared/ipc/admin-channels';
import { useSession } from '../../app/session-store';
import { ReportWorkbook } from './ReportWorkbook';
import { useLogfiles, visibleRecords, type LogTab } from './logfiles-store';
import { OutcomeBadge } from './OutcomeBadge';

const ROW = 36;
const REC_COLUMNS = 'minmax(90px, 0.8fr) minmax(80px, 0.7fr) minmax(70px, 0.6fr) minmax(90px, 0.7fr) minmax(90px, 0.8fr) minmax(90px, 0.8fr) minmax(90px, 0.8fr) minmax(200px, 2.4fr) minmax(120px, 1.2fr)';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', height: '100%', boxSizing: 'border-box', padding: '12px 16px', gap: '8px', position: 'relative' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  filters: { display: 'flex', gap: '12px', alignItems: 'flex-end', flexWrap: 'wrap' },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: 0, padding: 0, margin: '-1px' },
  drop: {
    flex: 1,
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: '12px',
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    background: tokens.colorNeutralBackground2,
    textAlign: 'center',
    padding: '24px',
  },
  dropActive: { border: `2px dashed ${tokens.colorBrandStroke1}`, background: tokens.colorBrandBackground2 },
  overlay: { position: 'absolute', inset: '8px', border: `2px dashed ${tokens.colorBrandStroke1}`, background: 'rgba(235, 243, 252, 0.85)', display: 'flex', alignItems: 'center', justifyContent: 'center', zIndex: 5, borderRadius: tokens.borderRadiusLarge, pointerEvents: 'none' },
  body: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  scroll: { flex: 1, minHeight: 0, overflow: 'auto' },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: '12px', alignItems: 'start' },
  card: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: '10px 12px', display: 'flex', flexDirection: 'column', gap: '6px', background: tokens.colorNeutralBackground1 },
  wide: { gridColumn: '1 / -1', overflowX: 'auto' },
  dl: { display: 'grid', gridTemplateColumns: 'minmax(120px, max-content) minmax(0, 1fr)', gap: '4px 12px', margin: 0 },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: 'anywhere' },
  counts: {
    borderCollapse: 'collapse',
    '& th, & td': { textAlign: 'left', padding: '3px 12px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, whiteSpace: 'nowrap' },
    '& th.n, & td.n': { textAlign: 'right', fontVariantNumeric: 'tabular-nums', minWidth: '72px' },
  },
  grid: { flex: 1, minHeight: 0, overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  header: { display: 'grid', gridTemplateColumns: REC_COLUMNS, position: 'sticky', top: 0, zIndex: 1, background: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, minWidth: '1100px' },
  headCell: { padding: '6px 8px', fontWeight: tokens.fontWeightSemibold },
  row: { display: 'grid', gridTemplateColumns: REC_COLUMNS, alignItems: 'center', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, position: 'absolute', left: 0, right: 0, height: `${ROW}px`, minWidth: '1100px' },
  cell: { padding: '0 8px', overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis', fontSize: tokens.fontSizeBase200 },
  plain: { borderCollapse: 'collapse', width: '100%', '& th': { position: 'sticky', top: 0, background: tokens.colorNeutralBackground3, textAlign: 'left', padding: '6px 8px' }, '& td': { padding: '6px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, verticalAlign: 'top' } },
  muted: { color: tokens.colorNeutralForeground3 },
});

const fmt = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }) + ' UTC';
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const account = (name: string | null, uid: string) => (name ? `${name} (${uid})` : uid);

function Summary({ log }: { log: LogfileView }) {
  const s = useStyles();
  const m = log.summary;
  const actions = [...new Set(Object.values(m.counts).flatMap((c) => Object.keys(c)))].sort();
  const rules = (k: string) => {
    try {
      const v = JSON.parse(String(m.settings[k] ?? '[]')) as unknown[];
      return `${v.length} ${v.length === 1 ? 'entry' : 'entries'}`;
    } catch {
      return text(m.settings[k]);
    }
  };
  return (
    <div className={s.scroll}>
      <div className={s.cards}>
        <section className={s.card} aria-label="Merge">
          <Text weight="semibold">Merge</Text>
          <dl className={s.dl}>
            <dt className={s.dt}>Outcome</dt>
            <dd className={s.dd}><OutcomeBadge outcome={m.outcome} dryRun={m.dryRun} /></dd>
            {m.reason ? (<><dt className={s.dt}>Reason</dt><dd className={s.dd}>{m.reason}</dd></>) : null}
            <dt className={s.dt}>Source account</dt>
            <dd className={s.dd}>{account(m.sourceName, m.sourceUid)}</dd>
            <dt className={s.dt}>Target account</dt>
            <dd className={s.dd}>{account(m.targetName, m.targetUid)} <Text className={s.muted}>(kept)</Text></dd>
            <dt className={s.dt}>Operator</dt>
            <dd className={s.dd}>{m.operator}</dd>
            <dt className={s.dt}>Run</dt>
            <dd className={s.dd}>{m.runId}</dd>
            <dt className={s.dt}>Started</dt>
            <dd className={s.dd}>{fmt(m.startedAt)}</dd>
            <dt className={s.dt}>Finished</dt>
            <dd className={s.dd}>{fmt(m.finishedAt)}</dd>
          </dl>
          <Text weight="semibold">Fate of the source account</Text>
          <Text>{m.sourceAccount ?? (m.outcome === 'merged' ? 'Not recorded.' : 'Unchanged: the merge did not change anything.')}</Text>
          {m.outcome !== 'merged' ? <Text className={s.muted}>Nothing was changed in the database.</Text> : null}
        </section>
        <section className={s.card} aria-label="Settings used">
          <Text weight="semibold">Settings used</Text>
          <dl className={s.dl}>
            {Object.entries(m.settings).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt className={s.dt}>{k.replace(/_/g, ' ')}</dt>
                <dd className={s.dd}>{k === 'portfolio_rules' || k === 'job_profile_rules' ? rules(k) : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : v}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className={mergeClasses(s.card, s.wide)} aria-label="Counts per category and action">
          <Text weight="semibold">Records per category and action</Text>
          {actions.length ? (
            <table className={s.counts}>
              <thead><tr><th>Category</th>{actions.map((a) => <th key={a} className="n">{a.replace(/_/g, ' ')}</th>)}</tr></thead>
              <tbody>
                {Object.entries(m.counts).map(([c, by]) => (
                  <tr key={c}><td>{c}</td>{actions.map((a) => <td key={a} className="n">{by[a] ?? ''}</td>)}</tr>
                ))}
              </tbody>
            </table>
          ) : <Text className={s.muted}>No records.</Text>}
        </section>
      </div>
    </div>
  );
}

/** The verdict on the logfile's content: unchanged since MergeDesk wrote it, or not; and, once asked, against the database. */
function Verification({ log }: { log: LogfileView }) {
  const s = useStyles();
  const st = useLogfiles();
  const signedIn = useSession((x) => Boolean(x.session?.operator));
  const v = log.verification;
  const db = v.database;
  const intent = v.verdict === 'unchanged' ? 'success' : v.verdict === 'changed' ? 'error' : 'warning';
  const checksum =
    v.checksum === 'unchanged'
      ? 'Unchanged since MergeDesk wrote it (the content checksum matches).'
      : v.checksum === 'changed'
        ? 'Changed after MergeDesk wrote it: the content does not match its checksum.'
        : 'This logfile has no content checksum (an earlier MergeDesk wrote it), so its content cannot be checked on its own.';
  const against = !db
    ? null
    : db.verdict === 'matches'
      ? `It matches the logfile the database makes for run ${log.summary.runId}.`
      : db.verdict === 'no run'
        ? `The connected database has no run ${log.summary.runId} you may see: this logfile does not belong to it.`
        : `It differs from the logfile the database makes for run ${log.summary.runId} (${db.differences.length} difference${db.differences.length === 1 ? '' : 's'}):`;
  return (
    <MessageBar intent={intent} aria-label="Verification" layout="multiline">
      <MessageBarBody>
        <div>{checksum} {against}</div>
        {db && db.differences.length ? (
          <ul aria-label="Differences from the database" style={{ margin: '4px 0', maxHeight: 160, overflow: 'auto' }}>
            {db.differences.map((d, i) => <li key={i}>{d}</li>)}
          </ul>
        ) : null}
        {signedIn ? (
          <Button size="small" onClick={() => void st.verifyWithDatabase()} disabled={st.verifying} style={{ marginTop: 4 }}>
            {st.verifying ? 'Verifying…' : 'Verify against database'}
          </Button>
        ) : (
          <Text className={s.muted}> Connect and sign in to verify it against the database.</Text>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

function Records({ log }: { log: LogfileView }) {
  const s = useStyles();
  const st = useLogfiles();
  const rows = useMemo(() => visibleRecords(st), [st.log, st.category, st.action, st.search]);
  const categories = useMemo(() => [...new Set(log.records.map((r) => r.category))].sort(), [log]);
  const actions = useMemo(() => [...new Set(log.records.map((r) => r.action))].sort(), [log]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 15 });
  const head = ['Category', 'Object type', 'Object id', 'Action', 'Before (source)', 'Before (target)', 'After', 'Rule applied', 'Note'];
  return (
    <>
      <div className={s.filters}>
        <Field label="Category">
          <Select value={st.category} onChange={(_, d) => st.setFilter({ category: d.value })}>
            <option value="all">All categories</option>
            {categories.map((c) => <option key={c} value={c}>{c}</option>)}
          </Select>
        </Field>
        <Field label="Action">
          <Select value={st.action} onChange={(_, d) => st.setFilter({ action: d.value })}>
            <option value="all">All actions</option>
            {actions.map((a) => <option key={a} value={a}>{a}</option>)}
          </Select>
        </Field>
        <Field label="Search">
          <Input value={st.search} placeholder="Any column" onChange={(_, d) => st.setFilter({ search: d.value })} />
        </Field>
        <Text aria-live="polite" style={{ paddingBottom: 6 }}>{rows.length.toLocaleString('en')} of {log.records.length.toLocaleString('en')} records</Text>
      </div>
      <div className={s.grid} ref={scroller} role="table" aria-label="Records" aria-rowcount={rows.length}>
        <div className={s.header} role="row">
          {head.map((h) => <div key={h} className={s.headCell} role="columnheader">{h}</div>)}
        </div>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const r = rows[v.index]!;
            const cells = [r.category, r.objectType, r.objectId, r.action, r.statusBeforeSource, r.statusBeforeTarget, r.statusAfter, r.rule, r.note].map(text);
            return (
              <div key={v.index} className={s.row} style={{ top: v.start }} role="row" aria-rowindex={v.index + 1}>
                {cells.map((c, i) => <div key={i} className={s.cell} role="cell" title={c}>{c}</div>)}
              </div>
            );
          })}
        </div>
        {rows.length === 0 ? <div style={{ padding: 16 }}><Text>No records match.</Text></div> : null}
      </div>
    </>
  );
}

function PlainTable({ label, head, rows, empty }: { label: string; head: string[]; rows: unknown[][]; empty: string }) {
  const s = useStyles();
  if (!rows.length) return <Text className={s.muted}>{empty}</Text>;
  return (
    <div className={s.scroll}>
      <table className={s.plain} aria-label={label}>
        <thead><tr>{head.map((h) => <th key={h}>{h}</th>)}</tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{text(c)}</td>)}</tr>)}</tbody>
      </table>
    </div>
  );
}

export function LogfilesScreen() {
  const s = useStyles();
  const st = useLogfiles();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const log = st.log;

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void st.openFile(file);
  };
  const dragProps = {
    onDragOver: (e: DragEvent) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop,
  };

  const picker = (
    <>
      <input
        ref={input}
        className={s.hidden}
        type="file"
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-label="Logfile to open"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void st.openFile(file);
        }}
      />
      <Button appearance={log ? 'secondary' : 'primary'} onClick={() => input.current?.click()} disabled={st.loading !== null}>Open logfile…</Button>
    </>
  );

  return (
    <div className={s.page} {...dragProps}>
      <div className={s.toolbar}>
        {picker}
        {log ? (
          <Text>
            <b>{log.name}</b> · run {log.summary.runId} · {account(log.summary.sourceName, log.summary.sourceUid)} → {account(log.summary.targetName, log.summary.targetUid)}
          </Text>
        ) : null}
        {st.loading ? <Spinner size="tiny" label={`Reading ${st.loading}…`} /> : null}
      </div>
      {st.error ? (
        <MessageBar intent="error" role="alert"><MessageBarBody>{st.error}</MessageBarBody></MessageBar>
      ) : null}
      {!log && st.report ? <ReportWorkbook view={st.report} /> : null}
      {!log && !st.report ? (
        <div className={mergeClasses(s.drop, dragging && s.dropActive)} aria-label="Drop zone for a logfile" role="region">
          <Text size={500} weight="semibold">Drop a MergeDesk logfile here</Text>
          <Text>or choose one with “Open logfile…”. Logfiles are Excel (.xlsx) files written by MergeDesk after each merge. No database connection is needed.</Text>
        </div>
      ) : !log ? null : (
        <div className={s.body}>
          <Verification log={log} />
          <TabList selectedValue={st.tab} onTabSelect={(_, d) => st.setTab(d.value as LogTab)} aria-label="Logfile sections">
            <Tab value="summary">Summary</Tab>
            <Tab value="records">Records ({log.records.length.toLocaleString('en')})</Tab>
            <Tab value="conflicts">Conflicts ({log.conflicts.length})</Tab>
            <Tab value="actions">Action required ({log.actionRequired.length})</Tab>
          </TabList>
          {st.tab === 'summary' ? <Summary log={log} /> : null}
          {st.tab === 'records' ? <Records log={log} /> : null}
          {st.tab === 'conflicts' ? (
            <PlainTable
              label="Conflicts"
              head={['Category', 'Object type', 'Object id', 'Conflict', 'Resolution with abort on conflict off']}
              rows={log.conflicts.map((c) => [c.category, c.objectType, c.objectId, c.description, c.resolution])}
              empty="No conflicts."
            />
          ) : null}
          {st.tab === 'actions' ? (
            <PlainTable
              label="Action required"
              head={['Category', 'Object type', 'Object id', 'Record id', 'Action required']}
              rows={log.actionRequired.map((a) => [a.category, a.objectType, a.objectId, a.recordId, a.description])}
              empty="No actions required."
            />
          ) : null}
        </div>
      )}
      {dragging && log ? <div className={s.overlay}><Text size={500} weight="semibold">Drop to open this logfile</Text></div> : null}
    </div>
  );
}
