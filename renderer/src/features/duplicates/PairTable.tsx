import { Badge, Button, makeStyles, Text, tokens, Tooltip } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PairView } from '@shared/ipc/contract';
import { formatNumber } from '@shared/i18n';
import { useSession } from '../../app/session-store';
import { useLanguage } from '../../i18n';
import { useDuplicates, type SortKey } from './duplicates-store';
import { causeWords, reasonWords } from './reason-words';

const ROW = 64;
const COLUMNS = '72px minmax(180px, 1.2fr) minmax(180px, 1.2fr) minmax(150px, 0.9fr) minmax(220px, 1.6fr) 280px';
const COLUMN_HEADS: { sort: SortKey | null; label: 'score' | 'a' | 'b' | 'cause' | 'reasons' | 'actions' }[] = [
  { sort: 'score', label: 'score' },
  { sort: 'a', label: 'a' },
  { sort: 'b', label: 'b' },
  { sort: 'cause', label: 'cause' },
  { sort: null, label: 'reasons' },
  { sort: null, label: 'actions' },
];
const STATUSES = new Set(['active', 'inactive', 'deleted', 'anonymised']);

const useStyles = makeStyles({
  grid: { flex: 1, minHeight: 0, overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  header: { display: 'grid', gridTemplateColumns: COLUMNS, position: 'sticky', top: 0, zIndex: 1, background: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  headCell: { padding: '6px 8px', textAlign: 'left', fontWeight: tokens.fontWeightSemibold },
  sortButton: { border: 'none', background: 'transparent', cursor: 'pointer', font: 'inherit', fontWeight: tokens.fontWeightSemibold, padding: 0, color: 'inherit' },
  row: { display: 'grid', gridTemplateColumns: COLUMNS, alignItems: 'center', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, position: 'absolute', left: 0, right: 0, height: `${ROW}px` },
  cell: { padding: '2px 8px', overflow: 'hidden', display: 'flex', flexDirection: 'column', minWidth: 0 },
  sub: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  actions: { display: 'flex', gap: '4px', padding: '0 8px' },
  keep: { fontWeight: tokens.fontWeightSemibold },
});

function Account({ a, keep }: { a: PairView['a']; keep: boolean }) {
  const s = useStyles();
  const { t } = useTranslation('duplicates');
  const status = STATUSES.has(a.status) ? t(`status.${a.status as 'active'}`) : a.status;
  return (
    <div className={s.cell}>
      <Text className={keep ? s.keep : undefined} truncate wrap={false}>{a.name}{keep ? <span title={t('table.kept')}> ★</span> : null}</Text>
      <Text size={200} className={s.sub}>{a.uid} · {a.email ?? t('table.noEmail')}{a.status !== 'active' ? ` · ${status}` : ''}</Text>
    </div>
  );
}

/** The candidate pairs, virtualised (a scan of 100,000 users lists thousands), sortable by the column headers. */
export function PairTable({ rows }: { rows: PairView[] }) {
  const s = useStyles();
  const { t } = useTranslation('duplicates');
  const language = useLanguage();
  const st = useDuplicates();
  const openCompare = useSession((x) => x.openCompare);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  const head = (key: SortKey | null, label: string) => {
    const sorted = key !== null && st.sort.key === key;
    return (
      <div key={label} className={s.headCell} role="columnheader" aria-sort={key ? (sorted ? (st.sort.desc ? 'descending' : 'ascending') : 'none') : undefined}>
        {key ? <button className={s.sortButton} onClick={() => st.sortBy(key)}>{label}{sorted ? <span aria-hidden>{st.sort.desc ? ' ▼' : ' ▲'}</span> : null}</button> : label}
      </div>
    );
  };
  return (
    <div className={s.grid} ref={scroller} role="table" aria-label={t('table.label')} aria-rowcount={rows.length + 1}>
      <div role="rowgroup">
        <div className={s.header} role="row">
          {COLUMN_HEADS.map((c) => head(c.sort, t(`table.${c.label}`)))}
        </div>
      </div>
      <div role="rowgroup" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((v) => {
          const p = rows[v.index]!;
          const reasons = (p.reasonKeys ?? []).map((r) => reasonWords(t, r, language));
          const names = { a: p.a.name, b: p.b.name };
          return (
            <div key={`${p.a.uid}|${p.b.uid}`} className={s.row} style={{ top: v.start }} role="row" aria-rowindex={v.index + 2}>
              <div className={s.cell} role="cell"><Badge appearance="tint" color={p.score >= 0.9 ? 'danger' : p.score >= 0.8 ? 'warning' : 'informative'}>{formatNumber(p.score, language, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</Badge></div>
              <div role="cell"><Account a={p.a} keep={p.keep === p.a.uid} /></div>
              <div role="cell"><Account a={p.b} keep={p.keep === p.b.uid} /></div>
              <div className={s.cell} role="cell"><Text size={200}>{causeWords(t, p.cause)}</Text>{p.decision === 'later' ? <Text size={200} className={s.sub}>{t('table.decideLater')}</Text> : null}</div>
              <div className={s.cell} role="cell">
                <Tooltip content={reasons.join('\n')} relationship="description"><Text size={200} className={s.sub}>{reasons.join(' · ')}</Text></Tooltip>
              </div>
              <div className={s.actions} role="cell">
                <Button size="small" appearance="primary" onClick={() => openCompare(p)}>{t('actions.compare')}</Button>
                <Button size="small" onClick={() => void st.decide(p, 'not_duplicate')} aria-label={t('actions.notDuplicateLabel', names)}>{t('actions.notDuplicate')}</Button>
                <Button size="small" onClick={() => void st.decide(p, 'later')} disabled={p.decision === 'later'} aria-label={t('actions.laterLabel', names)}>{t('actions.later')}</Button>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
