import { makeStyles, tokens } from '@fluentui/react-components';

/**
 * Plain SVG bar charts for the overview. Drawn here rather than with @fluentui/react-charts:
 * its HorizontalBarChartWithAxis ignored the height given (a few bars filled the window) and
 * cut the category names to a few letters, and its VerticalBarChart cannot mark a threshold
 * as a line. The pictures are aria-hidden; each figure's table is the text alternative.
 */
const useStyles = makeStyles({
  svg: { display: 'block', width: '100%', overflow: 'visible' },
  label: { fill: tokens.colorNeutralForeground1, fontSize: '12px' },
  value: { fill: tokens.colorNeutralForeground1, fontSize: '12px', fontWeight: tokens.fontWeightSemibold },
  marker: { fill: tokens.colorPaletteRedForeground1, fontSize: '12px', fontWeight: tokens.fontWeightSemibold },
});

export interface Bar { label: string; value: number; muted?: boolean }

const BAR = 18;
const GAP = 8;

/** One bar per row, the label above it, the value at its end. */
export function HorizontalBars({ bars, format }: { bars: Bar[]; format: (n: number) => string }) {
  const s = useStyles();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = BAR + GAP + 14;
  return (
    <svg className={s.svg} height={bars.length * row} aria-hidden="true" focusable="false">
      {bars.map((b, i) => (
        <g key={b.label} transform={`translate(0 ${i * row})`}>
          <text className={s.label} x={0} y={12}>{b.label}</text>
          <rect x={0} y={16} height={BAR} width={`${(b.value / max) * 85}%`} rx={2} fill={b.muted ? tokens.colorNeutralStroke1 : tokens.colorBrandBackground} />
          <text className={s.value} x={`${(b.value / max) * 85 + 1}%`} y={16 + BAR - 4}>{format(b.value)}</text>
        </g>
      ))}
    </svg>
  );
}

/** Columns (a histogram), with an optional marker line at a fraction of the x range. */
export function Columns({ bars, format, marker }: { bars: Bar[]; format: (n: number) => string; marker?: { at: number; label: string } }) {
  const s = useStyles();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const W = 100 / Math.max(1, bars.length);
  const H = 120;
  return (
    <svg className={s.svg} height={H + 40} aria-hidden="true" focusable="false">
      {bars.map((b, i) => {
        const h = (b.value / max) * H;
        return (
          <g key={b.label}>
            <rect x={`${i * W + W * 0.1}%`} y={H - h + 16} width={`${W * 0.8}%`} height={h} rx={2} fill={b.muted ? tokens.colorNeutralStroke1 : tokens.colorBrandBackground} />
            <text className={s.value} x={`${i * W + W / 2}%`} y={H - h + 12} textAnchor="middle">{format(b.value)}</text>
            <text className={s.label} x={`${i * W + W / 2}%`} y={H + 32} textAnchor="middle">{b.label}</text>
          </g>
        );
      })}
      {marker ? (
        <g>
          <line x1={`${marker.at * 100}%`} x2={`${marker.at * 100}%`} y1={4} y2={H + 18} stroke={tokens.colorPaletteRedBorder2} strokeWidth={2} strokeDasharray="4 3" />
          <text className={s.marker} x={`${marker.at * 100 + 0.5}%`} y={12}>{marker.label}</text>
        </g>
      ) : null}
    </svg>
  );
}
