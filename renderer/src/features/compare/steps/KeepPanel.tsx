import { Button, Checkbox, makeStyles, Text, tokens } from '@fluentui/react-components';
import { Trans, useTranslation } from 'react-i18next';
import type { AccountDetail } from '@shared/ipc/merge-channels';
import { useCompare } from '../compare-store';
import { EmployeeIdCheckbox } from '../EmployeeIdCheckbox';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: '8px', overflow: 'auto', minHeight: 0, paddingRight: '4px' },
  reasons: { margin: 0, paddingLeft: '20px' },
  options: { display: 'flex', flexDirection: 'column', gap: '2px', borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: '8px', margin: 0, border: 'none' },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: 0 },
});

/** Which account stays (the recommendation, its reasons, swap) and what the kept account takes over. */
export function KeepPanel({ kept, removed }: { kept: AccountDetail; removed: AccountDetail }) {
  const s = useStyles();
  const { t } = useTranslation('compare');
  const st = useCompare();
  const v = st.view!;
  return (
    <div className={s.panel}>
      <section aria-label={t('compare.keepSection')}>
        <Text weight="semibold" block>{t('compare.recommended', { uid: v.keep })}</Text>
        <ul className={s.reasons}>{v.keepReasons.map((r) => <li key={r}><Text size={200}>{r}</Text></li>)}</ul>
      </section>
      <Text>
        <Trans t={t} i18nKey="compare.keepRemove" values={{ kept: kept.uid, removed: removed.uid }} components={{ b: <b /> }} />
      </Text>
      <div>
        <Button onClick={st.swap}>{t('compare.swap', { uid: removed.uid })}</Button>
      </div>
      <fieldset className={s.options}>
        <legend className={s.legend}>{t('compare.options')}</legend>
        <Checkbox checked={st.takeEmail} disabled={!removed.email || removed.email === kept.email} onChange={(_, d) => st.set({ takeEmail: Boolean(d.checked) })} label={t('compare.takeEmail', { email: removed.email ?? t('compare.none') })} />
        <Checkbox checked={st.takeLogin} onChange={(_, d) => st.set({ takeLogin: Boolean(d.checked) })} label={t('compare.takeLogin', { login: removed.login })} />
        <EmployeeIdCheckbox kept={kept} removed={removed} />
      </fieldset>
    </div>
  );
}
