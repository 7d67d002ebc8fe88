import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
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
});

type Check = DoctorView['checks'][number];

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
        <Badge color={doctor.ok ? 'success' : 'danger'} appearance="filled">{doctor.ok ? t('check.badgeReady') : t('check.badgeProblems', { count: problems.length })}</Badge>
        <Text weight="semibold" as="h2" style={{ margin: 0 }}>{summary}</Text>
      </div>
      <Text size={200} className={s.where}>{doctor.database}</Text>
      {problems.length ? <ul className={s.checks}>{problems.map(line)}</ul> : null}
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
