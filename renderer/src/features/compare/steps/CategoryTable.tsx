import { Badge, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@shared/i18n';
import { useLanguage } from '../../../i18n';
import { actionName, categoryName, type CategoryRow } from '../plan-text';

const useStyles = makeStyles({
  table: { borderCollapse: 'collapse', width: '100%' },
  th: { textAlign: 'left', padding: '4px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, fontWeight: tokens.fontWeightSemibold, position: 'sticky', top: 0, background: tokens.colorNeutralBackground1, zIndex: 1 },
  td: { padding: '4px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, verticalAlign: 'top' },
  num: { textAlign: 'right' },
  nowrap: { whiteSpace: 'nowrap' },
  pick: {
    background: 'none', border: 'none', padding: 0, margin: 0, textAlign: 'left', color: 'inherit', fontFamily: 'inherit', cursor: 'pointer', display: 'flex', flexDirection: 'column', gap: '2px', width: '100%',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  picked: { background: tokens.colorNeutralBackground1Selected },
  conflict: { background: tokens.colorStatusDangerBackground1 },
  changes: { color: tokens.colorNeutralForeground2 },
});

/**
 * Before and after per category: what the kept account has now, what it will have, and what the
 * plan does there. Conflicts come first. Each category name is a toggle that shows its items.
 */
export function CategoryTable({ rows, selected, onSelect, label, nowLabel, afterLabel }: { rows: CategoryRow[]; selected: string | null; onSelect(c: string | null): void; label: string; nowLabel: string; afterLabel: string }) {
  const s = useStyles();
  const { t } = useTranslation(['compare', 'categories']);
  const language = useLanguage();
  const n = (v: number | null) => (v === null ? t('compare:item.none') : formatNumber(v, language));
  return (
    <table className={s.table} aria-label={label}>
      <thead>
        <tr>
          <th className={s.th} scope="col">{t('compare:preview.category')}</th>
          <th className={mergeClasses(s.th, s.num)} scope="col">{nowLabel}</th>
          <th className={mergeClasses(s.th, s.num)} scope="col">{afterLabel}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.category} className={mergeClasses(r.conflicts > 0 && s.conflict, selected === r.category && s.picked)} data-category={r.category}>
            <th className={s.td} scope="row">
              <button type="button" className={s.pick} aria-pressed={selected === r.category} onClick={() => onSelect(selected === r.category ? null : r.category)}>
                <Text weight="semibold">
                  {categoryName(t, r.category)} {r.conflicts > 0 ? <Badge color="danger">{t('categories:action.conflict')}: {formatNumber(r.conflicts, language)}</Badge> : null}
                </Text>
                <Text size={200} className={s.changes}>
                  {Object.entries(r.byAction).map(([a, k]) => `${actionName(t, a)}: ${formatNumber(k, language)}`).join(' · ') || t('compare:preview.noChanges')}
                </Text>
              </button>
            </th>
            <td className={mergeClasses(s.td, s.num, s.nowrap)}>{n(r.now)}</td>
            <td className={mergeClasses(s.td, s.num, s.nowrap)}>{n(r.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
