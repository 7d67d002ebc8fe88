/**
 * The evidence of a scanned pair as a waterfall chart, the way Splink shows it: it starts
 * at the prior (how likely two random accounts are one person), each compared field moves
 * the running total by its weight in bits (green for, red against), and the last bar is
 * the total, with the match probability it stands for. Plain SVG: no chart library is among
 * the dependencies, and a waterfall is a handful of rectangles.
 */
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '@shared/i18n';
import { useLanguage } from '../../i18n';

export interface EvidenceItem {
  field: string;
  level: string;
  weight: number;
}

const useStyles = makeStyles({
  box: { maxWidth: '1100px', display: 'flex', flexDirection: 'column', gap: '4px' },
  svg: { maxWidth: '100%', height: 'auto' },
});

const ROW = 22;
const LABEL = 260;
const WIDTH = 820;
const PLOT = WIDTH - LABEL - 70;

const label = (field: string) => field.replace(/^attribute:/, '').replace(/_/g, ' ');

export function EvidenceWaterfall({ evidence, priorLog2 }: { evidence: EvidenceItem[]; priorLog2: number }) {
  const s = useStyles();
  const { t } = useTranslation('compare');
  const language = useLanguage();
  const bitsText = (v: number, digits = 1, signed = false) => formatNumber(v, language, { minimumFractionDigits: digits, maximumFractionDigits: digits, ...(signed ? { signDisplay: 'always' as const } : {}) });
  const rows: { name: string; from: number; to: number; kind: 'prior' | 'for' | 'against' | 'total' }[] = [];
  let total = priorLog2;
  rows.push({ name: t('evidence.prior'), from: 0, to: priorLog2, kind: 'prior' });
  for (const e of evidence) {
    rows.push({ name: `${label(e.field)}: ${e.level.replace(/_/g, ' ')}`, from: total, to: total + e.weight, kind: e.weight >= 0 ? 'for' : 'against' });
    total += e.weight;
  }
  rows.push({ name: t('evidence.total'), from: 0, to: total, kind: 'total' });
  const lo = Math.min(0, ...rows.map((r) => Math.min(r.from, r.to)));
  const hi = Math.max(0, ...rows.map((r) => Math.max(r.from, r.to)));
  const x = (v: number) => LABEL + ((v - lo) / (hi - lo || 1)) * PLOT;
  const height = rows.length * ROW + 28;
  const probability = 1 / (1 + 2 ** -total);
  const colour = { prior: tokens.colorNeutralForeground3, for: tokens.colorPaletteGreenBackground3, against: tokens.colorPaletteRedBackground3, total: tokens.colorBrandBackground };
  return (
    <section className={s.box} aria-label={t('evidence.region')}>
      <Text weight="semibold">
        {t('evidence.heading', { bits: bitsText(total), probability: formatPercent(probability, language, probability > 0.999 || probability < 0.001 ? 3 : 1) })}
      </Text>
      <svg className={s.svg} role="img" aria-label={t('evidence.chart', { count: evidence.length, prior: bitsText(priorLog2), total: bitsText(total) })} width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`}>
        <line x1={x(0)} x2={x(0)} y1={0} y2={rows.length * ROW} stroke={tokens.colorNeutralStroke1} />
        {rows.map((r, i) => {
          const y = i * ROW;
          const left = x(Math.min(r.from, r.to));
          const w = Math.max(1, Math.abs(x(r.to) - x(r.from)));
          const bits = r.kind === 'prior' || r.kind === 'total' ? r.to : r.to - r.from;
          return (
            <g key={`${r.name}-${i}`} data-kind={r.kind}>
              <text x={LABEL - 8} y={y + ROW / 2 + 4} textAnchor="end" fontSize="12" fill={tokens.colorNeutralForeground1}>
                {r.name}
              </text>
              <rect x={left} y={y + 3} width={w} height={ROW - 6} fill={colour[r.kind]} rx={2}>
                <title>{t('evidence.bar', { name: r.name, bits: bitsText(bits, 2, true) })}</title>
              </rect>
              {i > 0 && i < rows.length - 1 ? <line x1={x(r.from)} x2={x(r.from)} y1={y - 3} y2={y + 3} stroke={tokens.colorNeutralStroke2} /> : null}
              <text x={left + w + 4} y={y + ROW / 2 + 4} fontSize="11" fill={tokens.colorNeutralForeground2}>
                {bitsText(bits, 1, r.kind !== 'prior' && r.kind !== 'total')}
              </text>
            </g>
          );
        })}
        <text x={x(0)} y={rows.length * ROW + 18} textAnchor="middle" fontSize="11" fill={tokens.colorNeutralForeground3}>
          {t('evidence.zero')}
        </text>
      </svg>
    </section>
  );
}
