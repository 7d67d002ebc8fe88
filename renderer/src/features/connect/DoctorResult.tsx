import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { DoctorView } from '@shared/ipc/contract';
import { doctorCheckTexts } from '@shared/doctor-texts';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: '8px' },
  head: { display: 'flex', alignItems: 'baseline', gap: '12px', flexWrap: 'wrap' },
  checks: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: '6px' },
  problem: { color: tokens.colorPaletteRedForeground1 },
  passed: { color: tokens.colorPaletteGreenForeground1 },
  fix: { color: tokens.colorNeutralForeground2, marginLeft: '24px', display: 'block' },
  where: { color: tokens.colorNeutralForeground2 },
  summary: { margin: 0, fontSize: tokens.fontSizeBase400 },
});

type Check = DoctorView['checks'][number];

// A database that is not the LMS lacks every table: the first few say so, the folded checklist holds the rest.
const SHOWN_PROBLEMS = 5;

/** Doctor's answer in a line: ready with what was found, or how many problems; problems and their fixes first, the full checklist folded. */
export function DoctorResult({ doctor }: { doctor: DoctorView }) {
  const s = useStyles();
  const { t } = useTranslation('connect');
  const { t: tDoctor } = useTranslation(['doctor', 'categories']);
  const texts = (c: Check) => doctorCheckTexts(tDoctor, c);
  const problems = doctor.checks.filter((c) => !c.ok);
  const tables = doctor.checks.filter((c) => c.key === 'tableFound').length;
  const tool = doctor.checks.find((c) => c.id === 'tool-tables');
  const summary = doctor.ok
    ? t('check.ready', { server: doctor.server, count: tables, version: String(tool?.params.latest ?? '') })
    : t('check.problems', { count: problems.length });
  const line = (c: Check) => {
    const x = texts(c);
    return (
      <li key={c.id}>
        <Text className={c.ok ? s.passed : s.problem} role="img" aria-label={c.ok ? t('check.passed') : t('check.failed')}>{c.ok ? '✔' : '✖'}</Text>{' '}
        <Text>{c.ok ? x.label : x.problem}</Text>
        {x.fix ? <Text size={200} className={s.fix}>{t('check.fix', { fix: x.fix })}</Text> : null}
      </li>
    );
  };
  return (
    <Card className={s.card} role="region" aria-label={t('check.region')}>
      <div className={s.head}>
        <Text size={400} className={doctor.ok ? s.passed : s.problem} aria-hidden>{doctor.ok ? '✔' : '✖'}</Text>
        <Text weight="semibold" as="h2" className={s.summary}>{summary}</Text>
      </div>
      <Text size={200} className={s.where}>{doctor.database}</Text>
      {problems.length ? <ul className={s.checks}>{problems.slice(0, SHOWN_PROBLEMS).map(line)}</ul> : null}
      {problems.length > SHOWN_PROBLEMS ? <Text size={200}>{t('check.more', { count: problems.length - SHOWN_PROBLEMS })}</Text> : null}
      <Accordion collapsible>
        <AccordionItem value="all">
          <AccordionHeader size="small">{t('check.all', { passed: doctor.checks.length - problems.length, total: doctor.checks.length })}</AccordionHeader>
          <AccordionPanel>
            <ul className={s.checks}>{[...problems, ...doctor.checks.filter((c) => c.ok)].map(line)}</ul>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
    </Card>
  );
}
