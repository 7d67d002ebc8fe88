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
import { Trans, useTranslation } from 'react-i18next';
import { DATES_MERGE_TYPES, JOB_RULE_STATUSES, SOURCE_DISPOSITIONS, SWITCH_SETTING_KEYS, type JobRuleStatus, type SourceDisposition } from '@shared/merge-settings';
import { ENROLMENT_STATUSES, type EnrolmentStatusId } from '@shared/enrolment-statuses';
import { formatDateTime } from '@shared/i18n';
import { useSession } from '../../app/session-store';
import { ErrorBar } from '../../app/shown-error';
import { PrimaryButton } from '../../app/PrimaryButton';
import { useLanguage } from '../../i18n';
import { isDirty, useSettings, type Notice, type NoticeMessage, type SettingsTab } from './settings-store';

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

/** The settings namespace with the shared names (enrolment statuses) beside it. */
function useT() {
  return useTranslation(['settings', 'categories']).t;
}

function useStatusName(): (id: number) => string {
  const t = useT();
  return (id) => t(`categories:enrolmentStatus.${id as EnrolmentStatusId}`);
}

function NoticeBar({ notice }: { notice?: Notice }) {
  const t = useT();
  const statusName = useStatusName();
  if (!notice) return null;
  if (notice.message.key === 'failed') return <ErrorBar error={notice.message.error} />;
  const text = (m: Exclude<NoticeMessage, { key: 'failed' }>): string => {
    switch (m.key) {
      case 'consistent':
      case 'portfolioSaved':
        return t(`notice.${m.key}`, { count: m.count });
      case 'clientKept':
      case 'clientNotKept':
        return t(`notice.${m.key}`, { name: m.name });
      case 'duplicateEntry':
        return m.problems.map((p) => t('notice.duplicateEntry', { target: statusName(p.target), source: statusName(p.source) })).join(' ');
      default:
        return t(`notice.${m.key}`);
    }
  };
  return (
    <MessageBar intent={notice.intent} role={notice.intent === 'error' ? 'alert' : 'status'}>
      <MessageBarBody>{text(notice.message)}</MessageBarBody>
    </MessageBar>
  );
}

/** Why the signed-in administrator may only view the settings, or null when they may change them. */
function useReadOnlyReason(): string | null {
  const t = useT();
  const operator = useSession((x) => x.session?.operator ?? null);
  if (!operator || operator.canChangeSettings) return null;
  // The main process refuses for one reason only (no Edit clearance on the whole organisation); worded here in the UI's language.
  return operator.settingsReadOnlyReason ? t('readOnly.reason', { login: operator.login }) : t('readOnly.fallback');
}

function useWhen(): (iso: string | null) => string {
  const language = useLanguage();
  return (iso) => (iso ? formatDateTime(iso, language, Intl.DateTimeFormat().resolvedOptions().timeZone) : '');
}

function IgnoreRulesWarning() {
  const t = useT();
  const on = useSettings((x) => x.general?.ignore_custom_rules);
  if (!on) return null;
  return <MessageBar intent="warning"><MessageBarBody>{t('ignoreRulesWarning', { option: t('option.ignore_custom_rules.label') })}</MessageBarBody></MessageBar>;
}

function GeneralTab() {
  const s = useStyles();
  const t = useT();
  const when = useWhen();
  const st = useSettings();
  const g = st.general!;
  const meta = st.loaded!.general;
  const ro = useReadOnlyReason() !== null;
  const unchanged = !isDirty(st, 'general');
  return (
    <section className={s.section} aria-label={t('general.region')}>
      {SWITCH_SETTING_KEYS.map((key) => (
        <div key={key} className={s.option}>
          <Checkbox label={t(`option.${key}.label`)} checked={g[key]} disabled={ro} onChange={(_, d) => st.editGeneral({ [key]: Boolean(d.checked) })} />
          <Text size={200} className={s.hint}>{t(`option.${key}.hint`)}</Text>
        </div>
      ))}
      <Field label={t('disposition.label')}>
        <RadioGroup value={g.source_disposition} disabled={ro} onChange={(_, d) => st.editGeneral({ source_disposition: d.value as SourceDisposition })}>
          {SOURCE_DISPOSITIONS.map((v) => <Radio key={v} value={v} label={t(`disposition.${v}`)} />)}
        </RadioGroup>
      </Field>
      <Text size={200} className={s.meta}>{meta.updated_by ? t('general.lastChanged', { user: meta.updated_by, when: when(meta.updated_at) }) : t('general.neverChanged')}</Text>
      <NoticeBar notice={st.notices.general} />
      <div className={s.actions}>
        <PrimaryButton onClick={() => void st.saveGeneral()} disabled={ro || unchanged} busy={st.saving === 'general'}>{t('general.save')}</PrimaryButton>
        <Button onClick={() => void st.load()} disabled={ro || st.saving !== null || unchanged}>{t('discard')}</Button>
      </div>
    </section>
  );
}

function PortfolioTab() {
  const s = useStyles();
  const t = useT();
  const statusName = useStatusName();
  const st = useSettings();
  const entries = st.portfolio.map((r, index) => ({ r, index })).filter((x) => x.r.target_status_id === st.target);
  const count = (id: number) => st.portfolio.filter((r) => r.target_status_id === id).length;
  const targetName = statusName(st.target);
  const ro = useReadOnlyReason() !== null;
  const unchanged = !isDirty(st, 'portfolio');
  const statusOptions = ENROLMENT_STATUSES.map((x) => <option key={x.id} value={x.id}>{statusName(x.id)}</option>);
  return (
    <section className={s.section} aria-label={t('portfolio.region')} style={{ maxWidth: 1100 }}>
      <Text><Trans t={t} i18nKey="portfolio.intro" components={{ b: <b /> }} /></Text>
      <IgnoreRulesWarning />
      <div className={s.split}>
        <div className={s.targets}>
          <TabList vertical size="small" selectedValue={String(st.target)} onTabSelect={(_, d) => st.selectTarget(Number(d.value))} aria-label={t('portfolio.targetStatus')}>
            {ENROLMENT_STATUSES.map((x) => (
              <Tab key={x.id} value={String(x.id)} className={s.targetTab}>
                {statusName(x.id)}{count(x.id) ? <Badge size="small" appearance="tint" style={{ marginLeft: 8 }}>{count(x.id)}</Badge> : null}
              </Tab>
            ))}
          </TabList>
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          <Text weight="semibold" size={400} as="h3" style={{ margin: 0 }}>{t('portfolio.ruleFor', { status: targetName })}</Text>
          {entries.length ? (
            <div className={s.table} role="table" aria-label={t('portfolio.entriesFor', { status: targetName })}>
              <div role="row" style={{ display: 'contents' }}>
                <Text className={s.th} role="columnheader">{t('portfolio.number')}</Text>
                <Text className={s.th} role="columnheader">{t('portfolio.source')}</Text>
                <Text className={s.th} role="columnheader">{t('portfolio.result')}</Text>
                <Text className={s.th} role="columnheader">{t('portfolio.dates')}</Text>
                <span role="columnheader" />
              </div>
              {entries.map(({ r, index }, n) => (
                <div role="row" key={index} style={{ display: 'contents' }}>
                  <Text role="cell">{n + 1}</Text>
                  <div role="cell"><Select aria-label={t('portfolio.sourceOf', { n: n + 1 })} disabled={ro} value={String(r.source_status_id)} onChange={(_, d) => st.updateEntry(index, { source_status_id: Number(d.value) })}>
                    {statusOptions}
                  </Select></div>
                  <div role="cell"><Select aria-label={t('portfolio.resultOf', { n: n + 1 })} disabled={ro} value={String(r.result_status_id)} onChange={(_, d) => st.updateEntry(index, { result_status_id: Number(d.value) })}>
                    {statusOptions}
                  </Select></div>
                  <div role="cell"><Select aria-label={t('portfolio.datesOf', { n: n + 1 })} disabled={ro} value={r.dates_merge_type} onChange={(_, d) => st.updateEntry(index, { dates_merge_type: d.value })}>
                    {DATES_MERGE_TYPES.map((x) => <option key={x} value={x}>{t(`dates.${x}`)}</option>)}
                  </Select></div>
                  <div role="cell"><Button appearance="subtle" disabled={ro} onClick={() => st.removeEntry(index)} aria-label={t('portfolio.removeOf', { n: n + 1 })}>{t('portfolio.remove')}</Button></div>
                </div>
              ))}
            </div>
          ) : (
            <Text className={s.meta}>{t('portfolio.none', { status: targetName })}</Text>
          )}
          <div className={s.actions}>
            <Button onClick={() => st.addEntry()} disabled={ro}>{t('portfolio.add')}</Button>
          </div>
          <NoticeBar notice={st.notices.portfolio} />
          <div className={s.actions}>
            <PrimaryButton onClick={() => void st.savePortfolio()} disabled={ro || unchanged} busy={st.saving === 'portfolio'}>{t('portfolio.save')}</PrimaryButton>
            <Button onClick={() => st.checkPortfolio()}>{t('portfolio.validate')}</Button>
            <Button onClick={() => void st.load()} disabled={ro || st.saving !== null || unchanged}>{t('discard')}</Button>
            <Text size={200} className={s.meta}>{t('portfolio.total', { count: st.portfolio.length })}</Text>
          </div>
        </div>
      </div>
    </section>
  );
}

function JobTab() {
  const s = useStyles();
  const t = useT();
  const st = useSettings();
  const result = (target: string, so: string) => st.job.find((r) => r.target_status === target && r.source_status === so)?.result_status ?? '';
  const ro = useReadOnlyReason() !== null;
  const status = (x: JobRuleStatus) => t(`job.status.${x}`);
  return (
    <section className={s.section} aria-label={t('job.region')}>
      <Text>{t('job.intro')}</Text>
      <IgnoreRulesWarning />
      <div className={s.jobTable} role="table" aria-label={t('job.region')}>
        <div role="row" style={{ display: 'contents' }}>
          <Text className={s.th} role="columnheader">{t('job.target')}</Text>
          <Text className={s.th} role="columnheader">{t('job.source')}</Text>
          <Text className={s.th} role="columnheader">{t('job.result')}</Text>
        </div>
        {JOB_RULE_STATUSES.flatMap((target) =>
          JOB_RULE_STATUSES.map((so) => (
            <div role="row" key={`${target}/${so}`} style={{ display: 'contents' }}>
              <Text role="cell">{status(target)}</Text>
              <Text role="cell">{status(so)}</Text>
              <div role="cell"><Select aria-label={t('job.resultFor', { target: status(target), source: status(so) })} disabled={ro} value={result(target, so)} onChange={(_, d) => st.setJobResult(target, so, d.value || null)}>
                <option value="">{t('job.noRule')}</option>
                {JOB_RULE_STATUSES.map((x) => <option key={x} value={x}>{status(x)}</option>)}
              </Select></div>
            </div>
          )),
        )}
      </div>
      <NoticeBar notice={st.notices.job} />
      <div className={s.actions}>
        <PrimaryButton onClick={() => void st.saveJob()} disabled={ro || !isDirty(st, 'job')} busy={st.saving === 'job'}>{t('job.save')}</PrimaryButton>
        <Button onClick={() => void st.load()} disabled={ro || st.saving !== null || !isDirty(st, 'job')}>{t('discard')}</Button>
      </div>
    </section>
  );
}

function ClientsTab() {
  const s = useStyles();
  const t = useT();
  const st = useSettings();
  const ro = useReadOnlyReason() !== null;
  return (
    <section className={s.section} aria-label={t('clients.region')}>
      <Text>{t('clients.intro')}</Text>
      <div className={s.clients} role="table" aria-label={t('clients.table')}>
        <div role="row" style={{ display: 'contents' }}>
          <Text className={s.th} role="columnheader">{t('clients.client')}</Text>
          <Text className={s.th} role="columnheader">{t('clients.keep')}</Text>
        </div>
        {st.loaded!.clients.map((c) => (
          <div role="row" key={c.id} style={{ display: 'contents' }}>
            <Text role="cell">{c.name} <Text size={200} className={s.meta}>{t('clients.id', { id: c.id })}</Text></Text>
            <div role="cell"><Switch
              aria-label={t('clients.keepFor', { name: c.name })}
              checked={c.keepHighestLevelProtection}
              disabled={ro || st.saving !== null}
              label={c.keepHighestLevelProtection ? t('clients.on') : t('clients.off')}
              onChange={(_, d) => void st.setClient(c, d.checked)}
            /></div>
          </div>
        ))}
      </div>
      <NoticeBar notice={st.notices.clients} />
    </section>
  );
}

const TABS: readonly SettingsTab[] = ['general', 'portfolio', 'job', 'clients'];

export function SettingsScreen() {
  const s = useStyles();
  const t = useT();
  const st = useSettings();
  const readOnly = useReadOnlyReason();
  useEffect(() => {
    void useSettings.getState().load();
  }, []);
  return (
    <div className={s.page}>
      <TabList selectedValue={st.tab} onTabSelect={(_, d) => st.setTab(d.value as SettingsTab)} aria-label={t('tabs.label')}>
        {TABS.map((id) => <Tab key={id} value={id}>{t(`tabs.${id}`)}{isDirty(st, id) ? ' •' : ''}</Tab>)}
      </TabList>
      {readOnly ? (
        <MessageBar intent="info" role="status" aria-label={t('readOnly.label')}><MessageBarBody>{t('readOnly.text', { reason: readOnly })}</MessageBarBody></MessageBar>
      ) : null}
      <div className={s.body} role="tabpanel" aria-label={t(`tabs.${st.tab}`)}>
        {st.loadError ? (
          <ErrorBar error={st.loadError} />
        ) : !st.loaded || !st.general ? (
          <Spinner label={t('loading')} />
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
