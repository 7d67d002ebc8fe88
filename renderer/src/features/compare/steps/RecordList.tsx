import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectNames } from '@shared/object-names';
import { actionName, levelOf, objectLabel, ruleSentence, statusText, type PlanRecord } from '../plan-text';

const ROW = 46;
const COLUMNS = 'minmax(180px, 2fr) minmax(120px, 1.2fr) minmax(120px, 1.2fr) minmax(160px, 2.4fr)';

const useStyles = makeStyles({
  table: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  head: { display: 'grid', gridTemplateColumns: COLUMNS, gap: '8px', padding: '4px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke1}`, fontWeight: tokens.fontWeightSemibold },
  scroll: { flex: 1, minHeight: 0, overflow: 'auto', position: 'relative' },
  row: { position: 'absolute', left: 0, right: 0, height: `${ROW}px`, display: 'grid', gridTemplateColumns: COLUMNS, gap: '8px', alignItems: 'center', padding: '0 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, boxSizing: 'border-box' },
  cell: { overflow: 'hidden', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', lineHeight: '18px' },
  conflict: { background: tokens.colorStatusDangerBackground1 },
  required: { background: tokens.colorStatusWarningBackground1 },
});

/** The items of the plan, by their LMS names, with what happens, the status before and after, and why (virtualised: plans can hold thousands). */
export function RecordList({ records, names, label }: { records: PlanRecord[]; names: ObjectNames; label: string }) {
  const s = useStyles();
  const { t, i18n } = useTranslation(['compare', 'categories']);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: records.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 8 });
  const exists = (key: string) => i18n.exists(key);
  return (
    <div className={s.table} role="table" aria-label={label} aria-rowcount={records.length + 1}>
      <div role="rowgroup">
        <div role="row" className={s.head}>
          <Text role="columnheader" size={200} weight="semibold">{t('compare:preview.object')}</Text>
          <Text role="columnheader" size={200} weight="semibold">{t('compare:preview.action')}</Text>
          <Text role="columnheader" size={200} weight="semibold">{t('compare:preview.before')} → {t('compare:preview.after')}</Text>
          <Text role="columnheader" size={200} weight="semibold">{t('compare:preview.rule')}</Text>
        </div>
      </div>
      <div className={s.scroll} ref={scroller} tabIndex={0} role="rowgroup">
        <div style={{ height: virtual.getTotalSize() }}>
          {virtual.getVirtualItems().map((v) => {
            const r = records[v.index]!;
            const sentence = ruleSentence(t, exists, r);
            const item = objectLabel(t, names, r.objectType, r.objectId, levelOf(r));
            return (
              <div key={v.key} role="row" aria-rowindex={v.index + 2} className={mergeClasses(s.row, r.action === 'conflict' && s.conflict, r.action === 'action_required' && s.required)} style={{ top: v.start }} data-action={r.action}>
                <Text role="cell" size={200} weight="semibold" className={s.cell} title={item}>{item}</Text>
                <Text role="cell" size={200} className={s.cell}>{actionName(t, r.action)}</Text>
                <Text role="cell" size={200} className={s.cell}>
                  {t('compare:item.sides', { source: statusText(t, r.statusBefore.source), target: statusText(t, r.statusBefore.target) })} → {statusText(t, r.statusAfter)}
                </Text>
                <Text role="cell" size={200} className={s.cell}>{sentence ?? r.rule}</Text>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
