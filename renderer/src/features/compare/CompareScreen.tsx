import { makeStyles, MessageBar, MessageBarBody, Title2 } from '@fluentui/react-components';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session-store';
import { useCompare } from './compare-store';
import { Stepper } from './Stepper';
import { CompareStep } from './steps/CompareStep';
import { ConfirmStep } from './steps/ConfirmStep';
import { PreviewStep } from './steps/PreviewStep';
import { ResultStep } from './steps/ResultStep';

const useStyles = makeStyles({
  // The page never scrolls: each step fits the window and scrolls its own lists.
  page: { height: '100%', overflow: 'hidden', padding: '10px 24px 12px', boxSizing: 'border-box', display: 'flex', flexDirection: 'column', gap: '8px' },
  head: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: '16px', flexWrap: 'wrap' },
  body: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' },
});

/** The guided merge: Compare → Preview → Confirm → Result, one step at a time. */
export function CompareScreen() {
  const s = useStyles();
  const { t } = useTranslation('compare');
  const pending = useSession((x) => x.compare);
  const st = useCompare();
  useEffect(() => {
    if (pending && (st.uids?.[0] !== pending.pair.a.uid || st.uids?.[1] !== pending.pair.b.uid)) void st.load(pending.pair.a.uid, pending.pair.b.uid, pending.keep);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending]);
  return (
    <div className={s.page}>
      <div className={s.head}>
        <Title2 as="h1">{t('title')}</Title2>
        <Stepper />
      </div>
      {st.error ? <MessageBar intent="error" role="alert"><MessageBarBody>{st.error}</MessageBarBody></MessageBar> : null}
      <div className={s.body}>
        {st.step === 'result' && st.outcome ? <ResultStep /> : st.step === 'confirm' && st.plan ? <ConfirmStep /> : st.step === 'preview' && st.plan ? <PreviewStep /> : <CompareStep />}
      </div>
    </div>
  );
}
