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
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDateTime, formatNumber } from '@shared/i18n';
import type { LogfileView } from '@shared/ipc/admin-channels';
import { useLanguage } from '../../i18n';
import { useSession } from '../../app/session-store';
import { ReportWorkbook } from './ReportWorkbook';
import { useLogfiles, visibleRecords, type LogTab } from './logfiles-store';
import { OutcomeBadge } from './OutcomeBadge';

const ROW = 36;
const REC_COLUMNS = 'minmax(110px, 0.9fr) minmax(80px, 0.7fr) minmax(60px, 0.5fr) minmax(140px, 1.2fr) minmax(110px, 0.9fr) minmax(90px, 0.8fr) minmax(90px, 0.8fr) minmax(90px, 0.8fr) minmax(200px, 2.4fr) minmax(120px, 1.2fr)';

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
  header: { display: 'grid', gridTemplateColumns: REC_COLUMNS, position: 'sticky', top: 0, zIndex: 1, background: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, minWidth: '1240px' },
  headCell: { padding: '6px 8px', fontWeight: tokens.fontWeightSemibold },
  row: { display: 'grid', gridTemplateColumns: REC_COLUMNS, alignItems: 'center', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, position: 'absolute', left: 0, right: 0, height: `${ROW}px`, minWidth: '1240px' },
  cell: { padding: '0 8px', overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis', fontSize: tokens.fontSizeBase200 },
  plain: { borderCollapse: 'collapse', width: '100%', '& th': { position: 'sticky', top: 0, background: tokens.colorNeutralBackground3, textAlign: 'left', padding: '6px 8px' }, '& td': { padding: '6px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, verticalAlign: 'top' } },
  muted: { color: tokens.colorNeutralForeground3 },
  differences: { margin: '4px 0', maxHeight: '160px', overflow: 'auto' },
});

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const account = (name: string | null, uid: string) => (name ? `${name} (${uid})` : uid);

type T = TFunction<['logfiles', 'categories']>;
/** Catalogue keys the logfile holds (categories, object types, actions, settings) in words; an unknown key stays as it is. */
const inWords = (t: T, group: 'categories:category' | 'categories:objectType' | 'categories:action' | 'logfiles:setting' | 'logfiles:disposition', key: string) =>
  t(`${group}.${key}` as never, { defaultValue: key.replace(/_/g, ' ') }) as string;

function useWords() {
  const { t } = useTranslation(['logfiles', 'categories']);
  const language = useLanguage();
  return {
    t,
    language,
    when: (iso: string) => t('summary.utc', { time: formatDateTime(iso, language, 'UTC') }),
    number: (n: number) => formatNumber(n, language),
    category: (c: string) => inWords(t, 'categories:category', c),
    objectType: (o: string) => inWords(t, 'categories:objectType', o),
    action: (a: string) => inWords(t, 'categories:action', a),
    setting: (k: string) => inWords(t, 'logfiles:setting', k),
    disposition: (d: string) => inWords(t, 'logfiles:disposition', d),
  };
}

function Summary({ log }: { log: LogfileView }) {
  const s = useStyles();
  const w = useWords();
  const { t } = w;
  const m = log.summary;
  const actions = [...new Set(Object.values(m.counts).flatMap((c) => Object.keys(c)))].sort();
  const rules = (k: string) => {
    try {
      const v = JSON.parse(String(m.settings[k] ?? '[]')) as unknown[];
      return t('summary.entries', { count: v.length });
    } catch {
      return text(m.settings[k]);
    }
  };
  const setting = (k: string, v: string | boolean) =>
    k === 'portfolio_rules' || k === 'job_profile_rules' ? rules(k) : typeof v === 'boolean' ? (v ? t('summary.yes') : t('summary.no')) : k === 'source_disposition' ? w.disposition(v) : v;
  return (
    <div className={s.scroll}>
      <div className={s.cards}>
        <section className={s.card} aria-label={t('summary.merge')}>
          <Text weight="semibold">{t('summary.merge')}</Text>
          <dl className={s.dl}>
            <dt className={s.dt}>{t('summary.outcome')}</dt>
            <dd className={s.dd}><OutcomeBadge outcome={m.outcome} dryRun={m.dryRun} /></dd>
            {m.reason ? (<><dt className={s.dt}>{t('summary.reason')}</dt><dd className={s.dd}>{m.reason}</dd></>) : null}
            <dt className={s.dt}>{t('summary.source')}</dt>
            <dd className={s.dd}>{account(m.sourceName, m.sourceUid)}</dd>
            <dt className={s.dt}>{t('summary.target')}</dt>
            <dd className={s.dd}>{account(m.targetName, m.targetUid)} <Text className={s.muted}>{t('summary.kept')}</Text></dd>
            <dt className={s.dt}>{t('summary.operator')}</dt>
            <dd className={s.dd}>{m.operator}</dd>
            <dt className={s.dt}>{t('summary.run')}</dt>
            <dd className={s.dd}>{m.runId}</dd>
            <dt className={s.dt}>{t('summary.started')}</dt>
            <dd className={s.dd}>{w.when(m.startedAt)}</dd>
            <dt className={s.dt}>{t('summary.finished')}</dt>
            <dd className={s.dd}>{w.when(m.finishedAt)}</dd>
          </dl>
          <Text weight="semibold">{t('summary.fate')}</Text>
          <Text>{m.sourceAccount ?? (m.outcome === 'merged' ? t('summary.notRecorded') : t('summary.unchanged'))}</Text>
          {m.outcome !== 'merged' ? <Text className={s.muted}>{t('summary.nothingChanged')}</Text> : null}
        </section>
        <section className={s.card} aria-label={t('summary.settings')}>
          <Text weight="semibold">{t('summary.settings')}</Text>
          <dl className={s.dl}>
            {Object.entries(m.settings).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt className={s.dt}>{w.setting(k)}</dt>
                <dd className={s.dd}>{setting(k, v)}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className={mergeClasses(s.card, s.wide)} aria-label={t('summary.countsLabel')}>
          <Text weight="semibold">{t('summary.counts')}</Text>
          {actions.length ? (
            <table className={s.counts}>
              <thead><tr><th>{t('summary.category')}</th>{actions.map((a) => <th key={a} className="n">{w.action(a)}</th>)}</tr></thead>
              <tbody>
                {Object.entries(m.counts).map(([c, by]) => (
                  <tr key={c}><td>{w.category(c)}</td>{actions.map((a) => <td key={a} className="n">{by[a] === undefined ? '' : w.number(by[a])}</td>)}</tr>
                ))}
              </tbody>
            </table>
          ) : <Text className={s.muted}>{t('summary.noRecords')}</Text>}
        </section>
      </div>
    </div>
  );
}

/** The verdict on the logfile's content: unchanged since MergeDesk wrote it, or not; and, once asked, against the database. */
function Verification({ log }: { log: LogfileView }) {
  const s = useStyles();
  const { t } = useTranslation('logfiles');
  const st = useLogfiles();
  const signedIn = useSession((x) => Boolean(x.session?.operator));
  const v = log.verification;
  const db = v.database;
  const run = log.summary.runId;
  const intent = v.verdict === 'unchanged' ? 'success' : v.verdict === 'changed' ? 'error' : 'warning';
  const checksum = v.checksum === 'unchanged' ? t('verification.unchanged') : v.checksum === 'changed' ? t('verification.changed') : t('verification.missing');
  const against = !db
    ? null
    : db.verdict === 'matches'
      ? t('verification.matches', { run })
      : db.verdict === 'no run'
        ? t('verification.noRun', { run })
        : t('verification.differs', { run, count: db.differences.length });
  return (
    <MessageBar intent={intent} aria-label={t('verification.label')} layout="multiline">
      <MessageBarBody>
        <div>{checksum} {against}</div>
        {db && db.differences.length ? (
          <ul aria-label={t('verification.differences')} className={s.differences}>
            {db.differences.map((d, i) => <li key={i}>{d}</li>)}
          </ul>
        ) : null}
        {signedIn ? (
          <Button size="small" onClick={() => void st.verifyWithDatabase()} disabled={st.verifying} style={{ marginTop: 4 }}>
            {st.verifying ? t('verification.verifying') : t('verification.verify')}
          </Button>
        ) : (
          <Text className={s.muted}> {t('verification.signIn')}</Text>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

function Records({ log }: { log: LogfileView }) {
  const s = useStyles();
  const w = useWords();
  const { t } = w;
  const st = useLogfiles();
  const rows = useMemo(() => visibleRecords(st), [st.log, st.category, st.action, st.search]);
  const categories = useMemo(() => [...new Set(log.records.map((r) => r.category))].sort(), [log]);
  const actions = useMemo(() => [...new Set(log.records.map((r) => r.action))].sort(), [log]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 15 });
  const C = 'records.column';
  const head = [t(`${C}.category`), t(`${C}.objectType`), t(`${C}.objectId`), t(`${C}.object`), t(`${C}.action`), t(`${C}.beforeSource`), t(`${C}.beforeTarget`), t(`${C}.after`), t(`${C}.rule`), t(`${C}.note`)];
  return (
    <>
      <div className={s.filters}>
        <Field label={t('records.category')}>
          <Select value={st.category} onChange={(_, d) => st.setFilter({ category: d.value })}>
            <option value="all">{t('records.allCategories')}</option>
            {categories.map((c) => <option key={c} value={c}>{w.category(c)}</option>)}
          </Select>
        </Field>
        <Field label={t('records.action')}>
          <Select value={st.action} onChange={(_, d) => st.setFilter({ action: d.value })}>
            <option value="all">{t('records.allActions')}</option>
            {actions.map((a) => <option key={a} value={a}>{w.action(a)}</option>)}
          </Select>
        </Field>
        <Field label={t('records.search')}>
          <Input value={st.search} placeholder={t('records.searchPlaceholder')} onChange={(_, d) => st.setFilter({ search: d.value })} />
        </Field>
        <Text aria-live="polite" style={{ paddingBottom: 6 }}>{t('records.shown', { shown: w.number(rows.length), total: w.number(log.records.length) })}</Text>
      </div>
      <div className={s.grid} ref={scroller} role="table" aria-label={t('records.table')} aria-rowcount={rows.length} tabIndex={0}>
        <div className={s.header} role="row">
          {head.map((h) => <div key={h} className={s.headCell} role="columnheader">{h}</div>)}
        </div>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const r = rows[v.index]!;
            const cells = [w.category(r.category), w.objectType(r.objectType), r.objectId, r.objectName, w.action(r.action), r.statusBeforeSource, r.statusBeforeTarget, r.statusAfter, r.rule, r.note].map(text);
            return (
              <div key={v.index} className={s.row} style={{ top: v.start }} role="row" aria-rowindex={v.index + 1}>
                {cells.map((c, i) => <div key={i} className={s.cell} role="cell" title={c}>{c}</div>)}
              </div>
            );
          })}
        </div>
        {rows.length === 0 ? <div style={{ padding: 16 }}><Text>{t('records.none')}</Text></div> : null}
      </div>
    </>
  );
}

function PlainTable({ label, head, rows, empty }: { label: string; head: string[]; rows: unknown[][]; empty: string }) {
  const s = useStyles();
  if (!rows.length) return <Text className={s.muted}>{empty}</Text>;
  return (
    <div className={s.scroll} tabIndex={0} role="region" aria-label={label}>
      <table className={s.plain} aria-label={label}>
        <thead><tr>{head.map((h) => <th key={h}>{h}</th>)}</tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{text(c)}</td>)}</tr>)}</tbody>
      </table>
    </div>
  );
}

export function LogfilesScreen() {
  const s = useStyles();
  const w = useWords();
  const { t } = w;
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
        aria-label={t('fileInput')}
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void st.openFile(file);
        }}
      />
      <Button appearance={log ? 'secondary' : 'primary'} onClick={() => input.current?.click()} disabled={st.loading !== null}>{t('open')}</Button>
    </>
  );
  const objectsOf = (x: { category: string; objectType: string; objectId: unknown; objectName: string | null }) => [w.category(x.category), w.objectType(x.objectType), x.objectId, x.objectName];

  return (
    <div className={s.page} {...dragProps}>
      <div className={s.toolbar}>
        {picker}
        {log ? (
          <Text>
            <b>{log.name}</b> · {t('toolbar', { run: log.summary.runId, source: account(log.summary.sourceName, log.summary.sourceUid), target: account(log.summary.targetName, log.summary.targetUid) })}
          </Text>
        ) : null}
        {st.loading ? <Spinner size="tiny" label={t('reading', { name: st.loading })} /> : null}
      </div>
      {st.error ? (
        <MessageBar intent="error" role="alert"><MessageBarBody>{st.error}</MessageBarBody></MessageBar>
      ) : null}
      {!log && st.report ? <ReportWorkbook view={st.report} /> : null}
      {!log && !st.report ? (
        <div className={mergeClasses(s.drop, dragging && s.dropActive)} aria-label={t('drop.region')} role="region">
          <Text size={500} weight="semibold">{t('drop.title')}</Text>
          <Text>{t('drop.hint')}</Text>
        </div>
      ) : !log ? null : (
        <div className={s.body}>
          <Verification log={log} />
          <TabList selectedValue={st.tab} onTabSelect={(_, d) => st.setTab(d.value as LogTab)} aria-label={t('tabs.label')}>
            <Tab value="summary">{t('tabs.summary')}</Tab>
            <Tab value="records">{t('tabs.records', { n: w.number(log.records.length) })}</Tab>
            <Tab value="conflicts">{t('tabs.conflicts', { count: log.conflicts.length })}</Tab>
            <Tab value="actions">{t('tabs.actions', { count: log.actionRequired.length })}</Tab>
          </TabList>
          {st.tab === 'summary' ? <Summary log={log} /> : null}
          {st.tab === 'records' ? <Records log={log} /> : null}
          {st.tab === 'conflicts' ? (
            <PlainTable
              label={t('conflicts.label')}
              head={[t('records.column.category'), t('records.column.objectType'), t('records.column.objectId'), t('records.column.object'), t('conflicts.conflict'), t('conflicts.resolution')]}
              rows={log.conflicts.map((c) => [...objectsOf(c), c.description, c.resolution])}
              empty={t('conflicts.none')}
            />
          ) : null}
          {st.tab === 'actions' ? (
            <PlainTable
              label={t('actions.label')}
              head={[t('records.column.category'), t('records.column.objectType'), t('records.column.objectId'), t('records.column.object'), t('actions.recordId'), t('actions.description')]}
              rows={log.actionRequired.map((a) => [...objectsOf(a), a.recordId, a.description])}
              empty={t('actions.none')}
            />
          ) : null}
        </div>
      )}
      {dragging && log ? <div className={s.overlay}><Text size={500} weight="semibold">{t('drop.overlay')}</Text></div> : null}
    </div>
  );
}
