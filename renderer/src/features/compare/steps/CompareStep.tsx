import { makeStyles, Spinner, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../app/session-store';
import { useCompare } from '../compare-store';
import { EvidenceWaterfall } from '../EvidenceWaterfall';
import { UserPicker } from '../UserPicker';
import { AccountsTable } from './AccountsTable';
import { KeepPanel } from './KeepPanel';
import { PrimaryAction } from './PrimaryAction';
import { StepFrame } from './StepFrame';

const useStyles = makeStyles({
  grid: { flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(300px, 2fr)', gap: '16px' },
  left: { display: 'flex', flexDirection: 'column', minHeight: 0 },
  scroll: { flex: 1, minHeight: 0, overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
});

/** Step 1: pick two accounts, see them side by side, choose which stays and what it takes over. */
export function CompareStep() {
  const s = useStyles();
  const { t } = useTranslation('compare');
  const st = useCompare();
  const pending = useSession((x) => x.compare);
  const [tab, setTab] = useState<'accounts' | 'evidence'>('accounts');
  const v = st.view;
  const [a, b] = v?.accounts ?? [];
  const kept = v && st.keep ? v.accounts.find((x) => x.uid === st.keep) : undefined;
  const removed = v && st.keep ? v.accounts.find((x) => x.uid !== st.keep) : undefined;
  const evidence = a && b && pending && [pending.pair.a.uid, pending.pair.b.uid].sort().join() === [a.uid, b.uid].sort().join() && pending.pair.evidence?.length ? pending.pair : null;
  return (
    <StepFrame
      label={t('steps.compare')}
      info={!kept ? <Text>{t('compare.pickFirst')}</Text> : null}
      primary={kept ? <PrimaryAction busy={st.busy === 'previewing'} busyLabel={t('compare.planning')} onClick={() => void st.preview()}>{t('compare.preview')}</PrimaryAction> : null}
    >
      <UserPicker onPick={(x, y) => void st.load(x, y)} />
      {st.busy === 'loading' ? <Spinner label={t('compare.loading')} /> : null}
      {a && b && kept && removed ? (
        <div className={s.grid}>
          <div className={s.left}>
            {evidence ? (
              <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as 'accounts' | 'evidence')} size="small">
                <Tab value="accounts">{t('compare.tabAccounts')}</Tab>
                <Tab value="evidence">{t('compare.tabEvidence')}</Tab>
              </TabList>
            ) : null}
            <div className={s.scroll} tabIndex={0} role="group" aria-label={tab === 'evidence' && evidence ? t('compare.tabEvidence') : t('compare.table')}>
              {tab === 'evidence' && evidence ? <EvidenceWaterfall evidence={evidence.evidence!} priorLog2={evidence.priorLog2} /> : <AccountsTable a={a} b={b} keep={kept.uid} />}
            </div>
          </div>
          <KeepPanel kept={kept} removed={removed} />
        </div>
      ) : null}
    </StepFrame>
  );
}
