import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { PlanView } from '@shared/ipc/merge-channels';
import { formatNumber } from '@shared/i18n';
import { useLanguage } from '../../../i18n';
import { categoryName, objectLabel, ruleSentence } from '../plan-text';

const SHOWN = 3;

const useStyles = makeStyles({
  list: { margin: '2px 0 0', paddingLeft: '18px' },
});

/** Conflicts first and briefly (the list below holds all of them), then what an administrator must do afterwards. */
export function ConflictNotes({ plan, abortOnConflict }: { plan: Pick<PlanView, 'conflicts' | 'actionRequired' | 'names'>; abortOnConflict: boolean }) {
  const s = useStyles();
  const { t, i18n } = useTranslation(['compare', 'categories']);
  const language = useLanguage();
  const exists = (key: string) => i18n.exists(key);
  const line = (action: 'conflict' | 'action_required') => (c: { category: string; objectType: string; objectId: unknown; description: string }) =>
    `${categoryName(t, c.category)}: ${objectLabel(t, plan.names, c.objectType, c.objectId)} — ${ruleSentence(t, exists, { category: c.category, action }) ?? c.description}`;
  const conflictLine = line('conflict');
  const requiredLine = line('action_required');
  return (
    <>
      {plan.conflicts.length ? (
        <MessageBar intent={abortOnConflict ? 'error' : 'warning'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('compare:preview.conflictsTitle', { count: plan.conflicts.length })}</MessageBarTitle>
            <Text>{abortOnConflict ? t('compare:preview.conflictsAbort') : t('compare:preview.conflictsResolve')}</Text>
            <ul className={s.list}>{plan.conflicts.slice(0, SHOWN).map((c, i) => <li key={i}><Text size={200}>{conflictLine(c)}</Text></li>)}</ul>
            {plan.conflicts.length > SHOWN ? <Text size={200}>{t('compare:preview.moreConflicts', { count: plan.conflicts.length - SHOWN, formatted: formatNumber(plan.conflicts.length - SHOWN, language) })}</Text> : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {plan.actionRequired.length ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('compare:preview.actionRequiredTitle')}</MessageBarTitle>
            <ul className={s.list}>{plan.actionRequired.slice(0, SHOWN).map((a, i) => <li key={i}><Text size={200}>{requiredLine(a)}</Text></li>)}</ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}
