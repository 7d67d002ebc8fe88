import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '@shared/i18n';
import type { AccountDetail } from '@shared/ipc/merge-channels';
import { useLanguage } from '../../../i18n';

const useStyles = makeStyles({
  table: { borderCollapse: 'collapse', width: '100%' },
  th: { textAlign: 'left', padding: '3px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, fontWeight: tokens.fontWeightSemibold, whiteSpace: 'nowrap', position: 'sticky', top: 0, background: tokens.colorNeutralBackground1 },
  rh: { textAlign: 'left', padding: '3px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, fontWeight: tokens.fontWeightSemibold, whiteSpace: 'nowrap' },
  td: { padding: '3px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, verticalAlign: 'top', overflowWrap: 'anywhere' },
  diff: { background: tokens.colorPaletteYellowBackground1 },
});

const FIELDS = ['uid', 'firstName', 'lastName', 'login', 'email', 'birthDate', 'employeeId', 'phone', 'origin', 'status', 'orgUnit', 'client', 'createdAt', 'lastLoginAt'] as const satisfies readonly (keyof AccountDetail)[];
const TIMES = new Set<string>(['createdAt', 'lastLoginAt']);

/** Both accounts field by field (differences highlighted), then their records per category. */
export function AccountsTable({ a, b, keep }: { a: AccountDetail; b: AccountDetail; keep: string }) {
  const s = useStyles();
  const { t } = useTranslation('compare');
  const language = useLanguage();
  const show = (k: string, v: unknown) => (v === null || v === undefined || v === '' ? t('compare.empty') : TIMES.has(k) ? formatDateTime(String(v), language) : String(v));
  const categories = [...new Set([a, b].flatMap((x) => Object.keys(x.counts)))];
  const statuses = [...new Set([a, b].flatMap((x) => Object.keys(x.enrolmentsByStatus)))];
  const n = (v: number | undefined) => formatNumber(v ?? 0, language);
  return (
    <table className={s.table} aria-label={t('compare.table')}>
      <thead>
        <tr>
          <th className={s.th} scope="col">{t('compare.field')}</th>
          {[a, b].map((x) => (
            <th key={x.uid} className={s.th} scope="col">
              {x.firstName} {x.lastName} {x.uid === keep ? <Badge color="success">{t('compare.keep')}</Badge> : <Badge color="danger">{t('compare.remove')}</Badge>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {FIELDS.map((k) => {
          const differs = show(k, a[k]) !== show(k, b[k]);
          return (
            <tr key={k} className={differs ? s.diff : undefined} data-differs={differs || undefined}>
              <th className={s.rh} scope="row">{t(`compare.fields.${k}`)}</th>
              <td className={s.td}>{show(k, a[k])}</td>
              <td className={s.td}>{show(k, b[k])}</td>
            </tr>
          );
        })}
        {categories.map((c) => (
          <tr key={c}>
            <th className={s.rh} scope="row">{t(`compare.countLine.${c}` as never, { defaultValue: c })}</th>
            <td className={s.td}>{n(a.counts[c])}</td>
            <td className={s.td}>{n(b.counts[c])}</td>
          </tr>
        ))}
        {statuses.map((c) => (
          <tr key={`st-${c}`}>
            <th className={s.rh} scope="row">{t('compare.enrolmentsWith', { status: c })}</th>
            <td className={s.td}>{n(a.enrolmentsByStatus[c])}</td>
            <td className={s.td}>{n(b.enrolmentsByStatus[c])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
