import {
  Badge,
  Button,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  ProgressBar,
  SpinButton,
  Text,
  tokens,
  Tooltip,
} from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { DUPLICATE_CAUSES, causeLabel, type DetectedCause } from '@shared/causes';
import type { PairView } from '@shared/ipc/contract';
import { useSession } from '../../app/session-store';
import { useDuplicates, visiblePairs, type SortKey } from './duplicates-store';

const ROW = 64;
const COLUMNS = '72px minmax(180px, 1.2fr) minmax(180px, 1.2fr) minmax(150px, 0.9fr) minmax(220px, 1.6fr) 250px';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', height: '100%', padding: '12px 16px', boxSizing: 'border-box', gap: '8px' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'flex-end', flexWrap: 'wrap' },
  grid: { flex: 1, minHeight: 0, overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  header: { display: 'grid', gridTemplateColumns: COLUMNS, position: 'sticky', top: 0, zIndex: 1, background: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  headCell: { padding: '6px 8px', textAlign: 'left', fontWeight: tokens.fontWeightSemibold, border: 'none', background: 'transparent', cursor: 'pointer', font: 'inherit' },
  row: { display: 'grid', gridTemplateColumns: COLUMNS, alignItems: 'center', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, position: 'absolute', left: 0, right: 0, height: `${ROW}px` },
  cell: { padding: '2px 8px', overflow: 'hidden', display: 'flex', flexDirection: 'column', minWidth: 0 },
  sub: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  actions: { display: 'flex', gap: '4px', padding: '0 8px' },
  keep: { fontWeight: tokens.fontWeightSemibold },
});

function Account({ a, keep }: { a: PairView['a']; keep: boolean }) {
  const s = useStyles();
  return (
    <div className={s.cell}>
      <Text className={keep ? s.keep : undefined} truncate wrap={false}>{a.name}{keep ? ' ★' : ''}</Text>
      <Text size={200} className={s.sub}>{a.uid} · {a.email ?? 'no email'}{a.status !== 'active' ? ` · ${a.status}` : ''}</Text>
    </div>
  );
}

export function DuplicatesScreen() {
  const s = useStyles();
  const st = useDuplicates();
  const openCompare = useSession((x) => x.openCompare);
  const rows = useMemo(() => visiblePairs(st), [st.pairs, st.cause, st.minScore, st.search, st.sort]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  const head = (key: SortKey | null, label: string) =>
    key ? (
      <button className={s.headCell} role="columnheader" aria-sort={st.sort.key === key ? (st.sort.desc ? 'descending' : 'ascending') : 'none'} onClick={() => st.sortBy(key)}>
        {label}{st.sort.key === key ? (st.sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    ) : (
      <div className={s.headCell} role="columnheader">{label}</div>
    );

  return (
    <div className={s.page}>
      <div className={s.toolbar}>
        <Button appearance="primary" onClick={() => void st.scan()} disabled={st.scanning}>{st.pairs.length ? 'Scan again' : 'Scan for duplicates'}</Button>
        {st.scanning ? <Button onClick={() => void st.cancel()}>Cancel scan</Button> : null}
        <Button disabled={st.scanning || rows.length === 0} onClick={() => void st.exportWorklist(rows)} title="Save the pairs shown as a worklist for a batch merge">Export worklist…</Button>
        <Field label="Cause">
          <Dropdown value={st.cause === 'all' ? 'All causes' : causeLabel(st.cause as DetectedCause)} selectedOptions={[st.cause]} onOptionSelect={(_, d) => st.setFilter({ cause: d.optionValue ?? 'all' })} style={{ minWidth: 220 }}>
            <Option value="all">All causes</Option>
            {DUPLICATE_CAUSES.map((c) => <Option key={c.id} value={c.id}>{c.label}</Option>)}
            <Option value="unknown">Unknown cause</Option>
          </Dropdown>
        </Field>
        <Field label="Minimum score">
          <SpinButton value={st.minScore} min={0} max={1} step={0.05} displayValue={st.minScore.toFixed(2)} onChange={(_, d) => st.setFilter({ minScore: Math.min(1, Math.max(0, d.value ?? Number(d.displayValue) ?? 0)) })} />
        </Field>
        <Field label="Search">
          <Input value={st.search} placeholder="Name, UID or email" onChange={(_, d) => st.setFilter({ search: d.value })} />
        </Field>
        {st.exported ? <Text size={200}>Worklist saved to {st.exported}</Text> : null}
        <Text aria-live="polite">
          {st.summary ? `${rows.length.toLocaleString('en')} of ${st.pairs.length.toLocaleString('en')} pairs · ${st.summary.users.toLocaleString('en')} users scanned in ${st.summary.seconds.toFixed(1)} s` : ''}
        </Text>
      </div>
      {st.scanning ? (
        <Field validationMessage={st.progress ? `${st.progress.phase}: ${st.progress.done.toLocaleString('en')} of ${st.progress.total.toLocaleString('en')}` : 'Starting…'} validationState="none">
          <ProgressBar value={st.progress && st.progress.total ? st.progress.done / st.progress.total : undefined} aria-label="Scan progress" />
        </Field>
      ) : null}
      {st.error ? <MessageBar intent="error" role="alert"><MessageBarBody>{st.error}</MessageBarBody></MessageBar> : null}
      <div className={s.grid} ref={scroller} role="table" aria-label="Candidate pairs" aria-rowcount={rows.length}>
        <div className={s.header} role="row">
          {head('score', 'Score')}
          {head('a', 'Account A')}
          {head('b', 'Account B')}
          {head('cause', 'Likely cause')}
          {head(null, 'Reasons')}
          {head(null, 'Actions')}
        </div>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const p = rows[v.index]!;
            return (
              <div key={`${p.a.uid}|${p.b.uid}`} className={s.row} style={{ top: v.start }} role="row" aria-rowindex={v.index + 1}>
                <div className={s.cell} role="cell"><Badge appearance="tint" color={p.score >= 0.9 ? 'danger' : p.score >= 0.8 ? 'warning' : 'informative'}>{p.score.toFixed(2)}</Badge></div>
                <div role="cell"><Account a={p.a} keep={p.keep === p.a.uid} /></div>
                <div role="cell"><Account a={p.b} keep={p.keep === p.b.uid} /></div>
                <div className={s.cell} role="cell"><Text size={200}>{causeLabel(p.cause as DetectedCause)}</Text>{p.decision === 'later' ? <Text size={200} className={s.sub}>Decide later</Text> : null}</div>
                <div className={s.cell} role="cell">
                  <Tooltip content={p.reasons.join('\n')} relationship="description"><Text size={200} className={s.sub}>{p.reasons.join(' · ')}</Text></Tooltip>
                </div>
                <div className={s.actions} role="cell">
                  <Button size="small" appearance="primary" onClick={() => openCompare(p)}>Compare</Button>
                  <Button size="small" onClick={() => void st.decide(p, 'not_duplicate')} aria-label={`Not a duplicate: ${p.a.name} and ${p.b.name}`}>Not duplicate</Button>
                  <Button size="small" onClick={() => void st.decide(p, 'later')} disabled={p.decision === 'later'}>Later</Button>
                </div>
              </div>
            );
          })}
        </div>
        {!st.scanning && st.summary && rows.length === 0 ? <div style={{ padding: 16 }}><Text>No pairs match.</Text></div> : null}
      </div>
    </div>
  );
}
