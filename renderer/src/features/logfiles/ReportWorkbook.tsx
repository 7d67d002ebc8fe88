import { makeStyles, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@shared/i18n';
import { useLanguage } from '../../i18n';
import type { ReportWorkbookView } from '@shared/ipc/report-channels';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: '8px', flex: 1, minHeight: 0 },
  scroll: { overflow: 'auto', flex: 1, minHeight: 0, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': { textAlign: 'left', padding: '4px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, verticalAlign: 'top' },
    '& th': { position: 'sticky', top: 0, background: tokens.colorNeutralBackground3 },
  },
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' && ISO.test(v) ? v.slice(0, 19).replace('T', ' ') : String(v));

/** An engagement report workbook in the offline viewer: its sheets as they are in Excel. */
export function ReportWorkbook({ view }: { view: ReportWorkbookView }) {
  const s = useStyles();
  const { t } = useTranslation('logfiles');
  const language = useLanguage();
  const [tab, setTab] = useState(view.sheets[0]?.name ?? '');
  const sheet = view.sheets.find((x) => x.name === tab) ?? view.sheets[0];
  return (
    <div className={s.body}>
      <Text><b>{view.name}</b></Text>
      <TabList selectedValue={sheet?.name} onTabSelect={(_, d) => setTab(String(d.value))} aria-label={t('report.sheets')}>
        {view.sheets.map((x) => <Tab key={x.name} value={x.name}>{t('report.tab', { name: x.name, n: formatNumber(x.rows.length, language) })}</Tab>)}
      </TabList>
      {sheet ? (
        <div className={s.scroll} tabIndex={0} role="region" aria-label={sheet.name}>
          <table className={s.table} aria-label={sheet.name}>
            <thead><tr>{sheet.header.map((h, i) => <th key={i}>{h}</th>)}</tr></thead>
            <tbody>{sheet.rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{cell(c)}</td>)}</tr>)}</tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
