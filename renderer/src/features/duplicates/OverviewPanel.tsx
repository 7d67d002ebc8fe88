import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ScanOverviewView } from '@shared/ipc/scan-overview';
import { formatNumber } from '@shared/i18n';
import { Columns, HorizontalBars } from './Bars';
import { useLanguage } from '../../i18n';
import { causeWords } from './reason-words';

const useStyles = makeStyles({
  panel: { flex: 1, minHeight: 0, overflow: 'auto', display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(380px, 1fr))', gap: '12px', alignContent: 'start' },
  card: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: '8px 12px', margin: 0, minWidth: 0 },
  title: { margin: '0 0 4px', fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  hint: { color: tokens.colorNeutralForeground3 },
  big: { fontSize: tokens.fontSizeHero800, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero800 },
  // The numbers as a table for screen readers: the text alternative of each chart.
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

interface Row { label: string; value: number }

function Figure({ id, title, hint, column, valueColumn, rows, children }: { id: string; title: string; hint?: string; column: string; valueColumn: string; rows: Row[]; children: React.ReactNode }) {
  const s = useStyles();
  const language = useLanguage();
  return (
    <figure className={s.card} aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} className={s.title}>{title}</h2>
      {hint ? <Text size={200} className={s.hint}>{hint}</Text> : null}
      {children}
      {rows.length ? <table className={s.hidden} aria-label={title}>
        <thead><tr><th scope="col">{column}</th><th scope="col">{valueColumn}</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.label}><th scope="row">{r.label}</th><td>{formatNumber(r.value, language)}</td></tr>)}</tbody>
      </table> : null}
    </figure>
  );
}

/** The scan in pictures: where the duplicates come from, how sure the scan is, and what merging them frees. */
export function OverviewPanel({ overview: o }: { overview: ScanOverviewView | null }) {
  const s = useStyles();
  const { t } = useTranslation('overview');
  const { t: td } = useTranslation('duplicates');
  const language = useLanguage();
  if (!o) return <Text>{t('empty')}</Text>;
  const score = (x: number) => formatNumber(x, language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const causes = o.byCause.map((c) => ({ label: causeWords(td, c.cause), value: c.pairs }));
  const units = [...o.byOrgUnit.map((u) => ({ label: u.orgUnit, value: u.pairs })), ...(o.otherOrgUnits.units ? [{ label: t('byOrgUnit.other', { count: o.otherOrgUnits.units }), value: o.otherOrgUnits.pairs }] : [])];
  const bins = o.scoreBins.map((b) => ({ label: t('scores.bin', { from: score(b.from), to: score(b.to) }), value: b.pairs, short: score(b.from), atThreshold: b.to > o.threshold }));
  const clusters = o.clusterSizes.map((c) => ({ label: t('clusters.size', { count: c.size }), value: c.clusters }));
  const n = (x: number) => formatNumber(x, language);
  const horizontal = (rows: Row[]) => <HorizontalBars bars={rows} format={n} />;
  // The threshold's place on the x range of the bins.
  const first = o.scoreBins[0]?.from ?? 0;
  const last = o.scoreBins.at(-1)?.to ?? 1;
  const at = last > first ? (o.threshold - first) / (last - first) : 0;
  return (
    <section className={s.panel} aria-label={t('label')} tabIndex={0}>
      <Figure id="overview-licences" title={t('licences.title')} column={t('licences.title')} valueColumn={t('column.pairs')} rows={[]}>
        <div className={s.big} data-testid="licences-freed">{t('licences.value', { count: o.licences.activeToRemove })}</div>
        <Text block>{t('licences.of', { count: o.licences.accountsToRemove })}</Text>
        <Text block size={200} className={s.hint}>{t(`licences.disposition.${o.licences.disposition}`)} {t('asOfScan', { count: o.pairs })}</Text>
      </Figure>
      <Figure id="overview-causes" title={t('byCause.title')} column={t('column.cause')} valueColumn={t('column.pairs')} rows={causes}>
        {horizontal(causes)}
      </Figure>
      <Figure id="overview-scores" title={t('scores.title')} hint={t('scores.threshold', { value: score(o.threshold) })} column={t('column.score')} valueColumn={t('column.pairs')} rows={bins}>
        <Columns bars={bins.map((b) => ({ label: b.short, value: b.value, muted: !b.atThreshold }))} format={n} marker={{ at, label: t('scores.threshold', { value: score(o.threshold) }) }} />
      </Figure>
      <Figure id="overview-org-units" title={t('byOrgUnit.title')} hint={t('byOrgUnit.hint')} column={t('column.orgUnit')} valueColumn={t('column.pairs')} rows={units}>
        {horizontal(units)}
      </Figure>
      <Figure id="overview-clusters" title={t('clusters.title')} column={t('column.size')} valueColumn={t('column.clusters')} rows={clusters}>
        <Columns bars={clusters} format={n} />
      </Figure>
    </section>
  );
}
