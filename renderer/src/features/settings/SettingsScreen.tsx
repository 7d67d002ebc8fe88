import {
  Badge,
  Button,
  Checkbox,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Switch,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import {
  DATES_LABELS,
  DATES_MERGE_TYPES,
  DISPOSITION_LABELS,
  JOB_RULE_STATUSES,
  JOB_STATUS_LABELS,
  SETTING_LABELS,
  SOURCE_DISPOSITION_LABEL,
  SOURCE_DISPOSITIONS,
  SWITCH_SETTING_KEYS,
  type SourceDisposition,
} from '@shared/merge-settings';
import { ENROLMENT_STATUSES, enrolmentStatusName } from '@shared/enrolment-statuses';
import { useSession } from '../../app/session-store';
import { isDirty, useSettings, type Notice, type SettingsTab } from './settings-store';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', height: '100%', boxSizing: 'border-box', padding: '12px 16px', gap: '8px' },
  body: { flex: 1, minHeight: 0, overflow: 'auto', paddingRight: '4px' },
  section: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '860px', paddingTop: '8px' },
  option: { display: 'flex', flexDirection: 'column' },
  hint: { color: tokens.colorNeutralForeground3, paddingLeft: '32px', marginTop: '-6px' },
  actions: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  meta: { color: tokens.colorNeutralForeground3 },
  split: { display: 'grid', gridTemplateColumns: '260px minmax(0, 1fr)', gap: '16px', alignItems: 'start' },
  targetTab: { justifyContent: 'start', width: '100%', '& .fui-Tab__content': { justifySelf: 'start', textAlign: 'left' } },
  targets: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: '4px', maxHeight: '100%' },
  table: { display: 'grid', gridTemplateColumns: '40px minmax(150px, 1fr) minmax(150px, 1fr) minmax(150px, 1fr) 90px', alignItems: 'center', gap: '6px 8px' },
  th: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  jobTable: { display: 'grid', gridTemplateColumns: 'minmax(160px, 220px) minmax(160px, 220px) minmax(200px, 280px)', alignItems: 'center', gap: '8px 12px' },
  clients: { display: 'grid', gridTemplateColumns: 'minmax(200px, 360px) auto', alignItems: 'center', gap: '4px 16px' },
});

function NoticeBar({ notice }: { notice?: Notice }) {
  if (!notice) return null;
  return (
    <MessageBar intent={notice.intent} role={notice.intent === 'error' ? 'alert' : 'status'}>
      <MessageBarBody>{notice.text}</MessageBarBody>
    </MessageBar>
  );
}

/** Why the signed-in administrator may only view the settings, or null when they may change them. */
function useReadOnlyReason(): string | null {
  const operator = useSession((x) => x.session?.operator ?? null);
  if (!operator || operator.canChangeSettings) return null;
  return operator.settingsReadOnlyReason ?? 'You may view these settings but not change them.';
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '');

function GeneralTab() {
  const s = useStyles();
  const st = useSettings();
  const g = st.general!;
  const meta = st.loaded!.general;
  const ro = useReadOnlyReason() !== null;
  return (
    <section className={s.section} aria-label="General merge settings">
      {SWITCH_SETTING_KEYS.map((key) => (
        <div key={key} className={s.option}>
          <Checkbox label={SETTING_LABELS[key].label} checked={g[key]} disabled={ro} onChange={(_, d) => st.editGeneral({ [key]: Boolean(d.checked) })} />
          <Text size={200} className={s.hint}>{SETTING_LABELS[key].hint}</Text>
        </div>
      ))}
      <Field label={SOURCE_DISPOSITION_LABEL}>
        <RadioGroup value={g.source_disposition} disabled={ro} onChange={(_, d) => st.editGeneral({ source_disposition: d.value as SourceDisposition })}>
          {SOURCE_DISPOSITIONS.map((v) => <Radio key={v} value={v} label={DISPOSITION_LABELS[v].long} />)}
        </RadioGroup>
      </Field>
      <Text size={200} className={s.meta}>{meta.updated_by ? `Last changed by ${meta.updated_by} on ${when(meta.updated_at)}.` : 'Never changed: these are the defaults.'}</Text>
      <NoticeBar notice={st.notices.general} />
      <div className={s.actions}>
        <Button appearance="primary" onClick={() => void st.saveGeneral()} disabled={ro || st.saving !== null || !isDirty(st, 'general')}>Save settings</Button>
        <Button onClick={() => void st.load()} disabled={ro || st.saving !== null || !isDirty(st, 'general')}>Discard changes</Button>
      </div>
    </section>
  );
}

function PortfolioTab() {
  const s = useStyles();
  const st = useSettings();
  const entries = st.portfolio.map((r, index) => ({ r, index })).filter((x) => x.r.target_status_id === st.target);
  const count = (id: number) => st.portfolio.filter((r) => r.target_status_id === id).length;
  const targetName = enrolmentStatusName(st.target);
  const ro = useReadOnlyReason() !== null;
  return (
    <section className={s.section} aria-label="Portfolio rules" style={{ maxWidth: 1100 }}>
      <Text>
        When both accounts have an enrolment in the same course, the rule for the <b>target</b> account's status decides, per status of the <b>source</b> account, the resulting status and whose dates are kept.
        Status pairs without an entry use the built-in priority.
      </Text>
      {st.general?.ignore_custom_rules ? (
        <MessageBar intent="warning"><MessageBarBody>"Ignore custom rules" is on in the Settings tab, so merges use the built-in priority, not these rules.</MessageBarBody></MessageBar>
      ) : null}
      <div className={s.split}>
        <div className={s.targets}>
          <TabList vertical size="small" selectedValue={String(st.target)} onTabSelect={(_, d) => st.selectTarget(Number(d.value))} aria-label="Target status">
            {ENROLMENT_STATUSES.map((t) => (
              <Tab key={t.id} value={String(t.id)} className={s.targetTab}>
                {t.name}{count(t.id) ? <Badge size="small" appearance="tint" style={{ marginLeft: 8 }}>{count(t.id)}</Badge> : null}
              </Tab>
            ))}
          </TabList>
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          <Text weight="semibold" size={400} as="h3" style={{ margin: 0 }}>Rule for target status {targetName}</Text>
          {entries.length ? (
            <div className={s.table} role="table" aria-label={`Entries for target status ${targetName}`}>
              <div role="row" style={{ display: 'contents' }}>
                <Text className={s.th} role="columnheader">#</Text>
                <Text className={s.th} role="columnheader">Source status</Text>
                <Text className={s.th} role="columnheader">Result status</Text>
                <Text className={s.th} role="columnheader">Dates merge type</Text>
                <span role="columnheader" />
              </div>
              {entries.map(({ r, index }, n) => (
                <div role="row" key={index} style={{ display: 'contents' }}>
                  <Text role="cell">{n + 1}</Text>
                  <div role="cell"><Select aria-label={`Source status of entry ${n + 1}`} disabled={ro} value={String(r.source_status_id)} onChange={(_, d) => st.updateEntry(index, { source_status_id: Number(d.value) })}>
                    {ENROLMENT_STATUSES.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
                  </Select></div>
                  <div role="cell"><Select aria-label={`Result status of entry ${n + 1}`} disabled={ro} value={String(r.result_status_id)} onChange={(_, d) => st.updateEntry(index, { result_status_id: Number(d.value) })}>
                    {ENROLMENT_STATUSES.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
                  </Select></div>
                  <div role="cell"><Select aria-label={`Dates merge type of entry ${n + 1}`} disabled={ro} value={r.dates_merge_type} onChange={(_, d) => st.updateEntry(index, { dates_merge_type: d.value })}>
                    {DATES_MERGE_TYPES.map((x) => <option key={x} value={x}>{DATES_LABELS[x]}</option>)}
                  </Select></div>
                  <div role="cell"><Button appearance="subtle" disabled={ro} onClick={() => st.removeEntry(index)} aria-label={`Remove entry ${n + 1}`}>Remove</Button></div>
                </div>
              ))}
            </div>
          ) : (
            <Text className={s.meta}>No entries for target status {targetName}: the built-in priority decides.</Text>
          )}
          <div className={s.actions}>
            <Button onClick={() => st.addEntry()} disabled={ro}>Add entry</Button>
          </div>
          <NoticeBar notice={st.notices.portfolio} />
          <div className={s.actions}>
            <Button appearance="primary" onClick={() => void st.savePortfolio()} disabled={ro || st.saving !== null || !isDirty(st, 'portfolio')}>Save portfolio rules</Button>
            <Button onClick={() => st.checkPortfolio()}>Validate</Button>
            <Button onClick={() => void st.load()} disabled={ro || st.saving !== null || !isDirty(st, 'portfolio')}>Discard changes</Button>
            <Text size={200} className={s.meta}>{st.portfolio.length} entries in all</Text>
          </div>
        </div>
      </div>
    </section>
  );
}

function JobTab() {
  const s = useStyles();
  const st = useSettings();
  const result = (t: string, so: string) => st.job.find((r) => r.target_status === t && r.source_status === so)?.result_status ?? '';
  const ro = useReadOnlyReason() !== null;
  return (
    <section className={s.section} aria-label="Job profile rules">
      <Text>When both accounts hold the same job profile, the rule for the pair of statuses decides the resulting status. Without a rule the built-in priority (confirmed first) decides.</Text>
      {st.general?.ignore_custom_rules ? (
        <MessageBar intent="warning"><MessageBarBody>"Ignore custom rules" is on in the Settings tab, so merges use the built-in priority, not these rules.</MessageBarBody></MessageBar>
      ) : null}
      <div className={s.jobTable} role="table" aria-label="Job profile rules">
        <div role="row" style={{ display: 'contents' }}>
          <Text className={s.th} role="columnheader">Target account's status</Text>
          <Text className={s.th} role="columnheader">Source account's status</Text>
          <Text className={s.th} role="columnheader">Result</Text>
        </div>
        {JOB_RULE_STATUSES.flatMap((t) =>
          JOB_RULE_STATUSES.map((so) => (
            <div role="row" key={`${t}/${so}`} style={{ display: 'contents' }}>
              <Text role="cell">{JOB_STATUS_LABELS[t]}</Text>
              <Text role="cell">{JOB_STATUS_LABELS[so]}</Text>
              <div role="cell"><Select aria-label={`Result for target ${JOB_STATUS_LABELS[t]} and source ${JOB_STATUS_LABELS[so]}`} disabled={ro} value={result(t, so)} onChange={(_, d) => st.setJobResult(t, so, d.value || null)}>
                <option value="">No rule (built-in priority)</option>
                {JOB_RULE_STATUSES.map((x) => <option key={x} value={x}>{JOB_STATUS_LABELS[x]}</option>)}
              </Select></div>
            </div>
          )),
        )}
      </div>
      <NoticeBar notice={st.notices.job} />
      <div className={s.actions}>
        <Button appearance="primary" onClick={() => void st.saveJob()} disabled={ro || st.saving !== null || !isDirty(st, 'job')}>Save job profile rules</Button>
        <Button onClick={() => void st.load()} disabled={ro || st.saving !== null || !isDirty(st, 'job')}>Discard changes</Button>
      </div>
    </section>
  );
}

function ClientsTab() {
  const s = useStyles();
  const st = useSettings();
  const ro = useReadOnlyReason() !== null;
  return (
    <section className={s.section} aria-label="Client settings">
      <Text>
        Per client: when both accounts hold a level protection, keep the higher one on the kept account. Changes are saved at once.
      </Text>
      <div className={s.clients} role="table" aria-label="Clients">
        <div role="row" style={{ display: 'contents' }}>
          <Text className={s.th} role="columnheader">Client</Text>
          <Text className={s.th} role="columnheader">Keep highest level protection</Text>
        </div>
        {st.loaded!.clients.map((c) => (
          <div role="row" key={c.id} style={{ display: 'contents' }}>
            <Text role="cell">{c.name} <Text size={200} className={s.meta}>(id {c.id})</Text></Text>
            <div role="cell"><Switch
              aria-label={`Keep highest level protection for ${c.name}`}
              checked={c.keepHighestLevelProtection}
              disabled={ro || st.saving !== null}
              label={c.keepHighestLevelProtection ? 'On' : 'Off'}
              onChange={(_, d) => void st.setClient(c, d.checked)}
            /></div>
          </div>
        ))}
      </div>
      <NoticeBar notice={st.notices.clients} />
    </section>
  );
}

const TABS: { id: SettingsTab; label: string }[] = [
  { id: 'general', label: 'Settings' },
  { id: 'portfolio', label: 'Portfolio rules' },
  { id: 'job', label: 'Job profile rules' },
  { id: 'clients', label: 'Clients' },
];

export function SettingsScreen() {
  const s = useStyles();
  const st = useSettings();
  const readOnly = useReadOnlyReason();
  useEffect(() => {
    void useSettings.getState().load();
  }, []);
  return (
    <div className={s.page}>
      <TabList selectedValue={st.tab} onTabSelect={(_, d) => st.setTab(d.value as SettingsTab)} aria-label="Merge settings">
        {TABS.map((t) => <Tab key={t.id} value={t.id}>{t.label}{isDirty(st, t.id) ? ' •' : ''}</Tab>)}
      </TabList>
      {readOnly ? (
        <MessageBar intent="info" role="status" aria-label="Read-only settings"><MessageBarBody>Read only: {readOnly}</MessageBarBody></MessageBar>
      ) : null}
      <div className={s.body} role="tabpanel" aria-label={TABS.find((t) => t.id === st.tab)!.label}>
        {st.loadError ? (
          <MessageBar intent="error" role="alert"><MessageBarBody>{st.loadError}</MessageBarBody></MessageBar>
        ) : !st.loaded || !st.general ? (
          <Spinner label="Loading the settings…" />
        ) : st.tab === 'general' ? (
          <GeneralTab />
        ) : st.tab === 'portfolio' ? (
          <PortfolioTab />
        ) : st.tab === 'job' ? (
          <JobTab />
        ) : (
          <ClientsTab />
        )}
      </div>
    </div>
  );
}
