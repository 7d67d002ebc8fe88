import { Button, Checkbox, makeStyles, MessageBar, MessageBarBody, Text, Title3, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCompare } from '../compare-store';
import { addsToKept } from '../plan-text';
import { PrimaryAction } from './PrimaryAction';
import { StepFrame } from './StepFrame';

const useStyles = makeStyles({
  // The one step that writes: set apart by the danger colours, not just by its words.
  panel: {
    flex: 1, minHeight: 0, overflow: 'auto', display: 'flex', flexDirection: 'column', gap: '12px', padding: '16px 20px',
    border: `2px solid ${tokens.colorStatusDangerBorder2}`, borderLeft: `8px solid ${tokens.colorStatusDangerBorder2}`, borderRadius: tokens.borderRadiusLarge, background: tokens.colorStatusDangerBackground1,
  },
  warning: { color: tokens.colorStatusDangerForeground1, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '6px' },
  tick: { background: tokens.colorNeutralBackground1, padding: '6px 8px', borderRadius: tokens.borderRadiusMedium, alignSelf: 'flex-start' },
});

/** Step 3: says plainly what will happen to the removed account and asks for an explicit confirmation before anything is written. */
export function ConfirmStep() {
  const s = useStyles();
  const { t } = useTranslation('compare');
  const st = useCompare();
  const plan = st.plan!;
  const [understood, setUnderstood] = useState(false);
  const settings = plan.settings as Record<string, unknown>;
  const disposition = String(settings.source_disposition) as 'delete' | 'anonymise' | 'deactivate';
  const moving = plan.records.filter((r) => addsToKept(r) || r.action === 'take_source' || r.action === 'combine').length;
  const removedActive = st.view?.accounts.find((a) => a.uid === plan.source.uid)?.status === 'active';
  const aborts = Boolean(settings.abort_on_conflict) && plan.conflicts.length > 0;
  return (
    <StepFrame
      label={t('confirm.region')}
      back={<Button onClick={() => st.goTo('preview')} disabled={st.busy === 'merging'}>{t('confirm.back')}</Button>}
      info={!understood ? <Text>{t('confirm.tickFirst')}</Text> : null}
      primary={<PrimaryAction danger busy={st.busy === 'merging'} blocked={!understood} busyLabel={t('confirm.merging')} onClick={() => void st.execute()}>{t('confirm.mergeNow')}</PrimaryAction>}
    >
      <div className={s.panel}>
        <Title3 as="h2">{t('confirm.title', { source: plan.source.uid, target: plan.target.uid })}</Title3>
        <Text className={s.warning}>{t('confirm.warning')}</Text>
        <Text weight="semibold">{t('confirm.whatHappens')}</Text>
        <ul className={s.list}>
          <li><Text weight="semibold">{t(`disposition.${disposition}`, { uid: plan.source.uid, name: plan.source.name })}</Text></li>
          <li><Text>{t('confirm.moves', { count: moving, target: plan.target.uid })}</Text></li>
          <li><Text>{removedActive ? t('confirm.licence', { source: plan.source.uid }) : t('confirm.noLicence', { source: plan.source.uid })}</Text></li>
          <li><Text>{t('confirm.transaction')}</Text></li>
        </ul>
        {aborts ? (
          <MessageBar intent="error"><MessageBarBody>{t('confirm.willAbort', { count: plan.conflicts.length })}</MessageBarBody></MessageBar>
        ) : null}
        <Checkbox className={s.tick} checked={understood} onChange={(_, d) => setUnderstood(Boolean(d.checked))} label={t('confirm.understood', { uid: plan.source.uid })} />
      </div>
    </StepFrame>
  );
}
