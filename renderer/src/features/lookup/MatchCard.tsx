import { Badge, Card, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber, formatPercent } from '@shared/i18n';
import type { PersonMatchView } from '@shared/ipc/lookup-channels';
import { useLanguage } from '../../i18n';

const useStyles = makeStyles({
  card: { padding: '10px 12px', gap: '6px' },
  top: { display: 'flex', justifyContent: 'space-between', gap: '16px', alignItems: 'baseline' },
  name: { margin: 0 },
  score: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', minWidth: '200px', gap: '2px' },
  bar: { width: '200px' },
  muted: { color: tokens.colorNeutralForeground3 },
  details: { display: 'block', margin: '2px 0 0', color: tokens.colorNeutralForeground3 },
  reasons: { margin: 0, paddingLeft: '18px', display: 'flex', flexDirection: 'column', gap: '1px' },
  against: { color: tokens.colorPaletteRedForeground1 },
});

/** Weights in bits with their sign: evidence for (+) and against (−). */
const BITS: Intl.NumberFormatOptions = { signDisplay: 'always', minimumFractionDigits: 1, maximumFractionDigits: 1 };

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** One piece of evidence in words: "Last name: same (+9.4 bits)"; a field the catalogue does not know keeps its technical name. */
function evidenceText(t: Translate, exists: (key: string) => boolean, e: PersonMatchView['evidence'][number], weight: string): string {
  const field = exists(`evidence.${e.field}.label`) ? t(`evidence.${e.field}.label`) : e.field;
  const level = exists(`evidence.${e.field}.${e.level}`) ? t(`evidence.${e.field}.${e.level}`) : e.level;
  return `${t('evidence.other', { field, level })} (${t('results.weight', { weight })})`;
}

export function MatchCard({ match: m }: { match: PersonMatchView }) {
  const s = useStyles();
  const { t: typed, i18n } = useTranslation('lookup');
  const t = typed as unknown as Translate;
  const exists = (key: string) => i18n.exists(`lookup:${key}`);
  const language = useLanguage();
  const status = m.status === 'active' || m.status === 'inactive' ? t(`results.status.${m.status}`) : t('results.status.other', { status: m.status });
  const details = [
    m.birthDate ? t('results.born', { date: formatDate(`${m.birthDate}T00:00:00Z`, language) }) : t('results.noBirthDate'),
    m.email ?? t('results.noEmail'),
    m.login,
    m.employeeId ? t('results.employeeId', { id: m.employeeId }) : null,
    m.orgUnit,
  ].filter(Boolean);
  // Strongest evidence first, for and against.
  const evidence = [...m.evidence].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return (
    <Card className={s.card}>
      <div className={s.top}>
        <div>
          <Text as="h2" size={400} weight="semibold" className={s.name}>
            {m.firstName} {m.lastName}
          </Text>{' '}
          <Text className={s.muted}>{m.uid}</Text>{' '}
          <Badge appearance="tint" color={m.status === 'active' ? 'success' : 'informative'}>{status}</Badge>
          <Text as="p" size={200} className={s.details}>{details.join(' · ')}</Text>
        </div>
        <div className={s.score}>
          <Text weight="semibold">{t('results.score', { score: formatNumber(m.score, language, { minimumFractionDigits: 3, maximumFractionDigits: 3 }) })}</Text>
          <ProgressBar className={s.bar} value={m.score} max={1} thickness="large" color={m.score >= 0.5 ? 'brand' : 'warning'} aria-label={t('results.probability', { percent: formatPercent(m.score, language) })} />
          <Text size={200} className={s.muted}>{t('results.probability', { percent: formatPercent(m.score, language) })}</Text>
        </div>
      </div>
      <Text size={200} weight="semibold">{t('results.reasons')}</Text>
      <ul className={s.reasons}>
        {evidence.map((e) => (
          <li key={`${e.field}:${e.level}`} className={e.weight < 0 ? s.against : undefined}>
            <Text size={200}>{evidenceText(t, exists, e, formatNumber(e.weight, language, BITS))}</Text>
          </li>
        ))}
      </ul>
    </Card>
  );
}
