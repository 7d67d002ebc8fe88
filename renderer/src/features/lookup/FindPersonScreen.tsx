import { useEffect, useState } from 'react';
import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, ProgressBar, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@shared/i18n';
import type { PersonLookupView } from '@shared/ipc/lookup-channels';
import { api, call } from '../../api';
import { useLanguage } from '../../i18n';
import { MatchCard } from './MatchCard';
import { birthDateComplete, EMPTY_FORM, usePersonSearch, type PersonForm } from './use-person-search';

const useStyles = makeStyles({
  page: { display: 'grid', gridTemplateColumns: '320px 1fr', gridTemplateRows: 'auto 1fr', gap: '12px 24px', padding: '16px 24px', height: '100%', boxSizing: 'border-box' },
  head: { gridColumn: '1 / 3', display: 'flex', flexDirection: 'column', gap: '4px' },
  form: { display: 'flex', flexDirection: 'column', gap: '8px', overflow: 'auto' },
  results: { display: 'flex', flexDirection: 'column', gap: '8px', minHeight: 0, overflow: 'auto', paddingRight: '4px' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  status: { display: 'flex', alignItems: 'center', gap: '8px', minHeight: '24px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** "Does this person already exist?": search before creating an account by hand, as the rulebook advises. */
export function FindPersonScreen() {
  const s = useStyles();
  const { t } = useTranslation('lookup');
  const language = useLanguage();
  const [form, setForm] = useState<PersonForm>(EMPTY_FORM);
  const [prepared, setPrepared] = useState<{ users: number } | null>(null);
  const [prepareError, setPrepareError] = useState<string | null>(null);
  useEffect(() => {
    // The index (all accounts, the learned model) is built once, while the admin starts typing.
    let live = true;
    call(api.preparePersonLookup({}))
      .then((p) => live && setPrepared(p))
      .catch((err: Error) => live && setPrepareError(err.message));
    return () => {
      live = false;
    };
  }, []);
  const search = usePersonSearch(form, prepared !== null);
  const set = (key: keyof PersonForm) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [key]: d.value }));
  const birthInvalid = form.birthDate.trim() !== '' && !birthDateComplete(form.birthDate);
  const result: PersonLookupView | null = search.kind === 'done' ? search.result : search.kind === 'searching' ? search.previous : null;

  return (
    <div className={s.page}>
      <div className={s.head}>
        <Title2 as="h1">{t('title')}</Title2>
        <Text className={s.muted}>{t('intro')}</Text>
      </div>
      <form className={s.form} aria-label={t('form.label')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('form.firstName')} required>
          <Input value={form.firstName} onChange={set('firstName')} autoComplete="off" />
        </Field>
        <Field label={t('form.lastName')} required>
          <Input value={form.lastName} onChange={set('lastName')} autoComplete="off" />
        </Field>
        <Field label={t('form.birthDate')} hint={t('form.birthDateHint')} validationState={birthInvalid ? 'warning' : 'none'} validationMessage={birthInvalid ? t('form.birthDateInvalid') : undefined}>
          <Input value={form.birthDate} onChange={set('birthDate')} autoComplete="off" />
        </Field>
        <Field label={t('form.email')}>
          <Input type="email" value={form.email} onChange={set('email')} autoComplete="off" />
        </Field>
        <Field label={t('form.employeeId')}>
          <Input value={form.employeeId} onChange={set('employeeId')} autoComplete="off" />
        </Field>
        <div>
          <Button onClick={() => setForm(EMPTY_FORM)} disabled={form === EMPTY_FORM}>{t('form.clear')}</Button>
        </div>
      </form>
      <section className={s.results} aria-label={t('results.label')}>
        <div className={s.status} role="status" aria-live="polite">
          {prepareError ? null : !prepared ? (
            <Spinner size="tiny" label={t('status.preparing')} />
          ) : search.kind === 'searching' ? (
            <Spinner size="tiny" label={t('status.searching')} />
          ) : search.kind === 'done' ? (
            <Text weight="semibold">
              {search.result.withinClearance === 0 ? t('status.none') : t('status.found', { count: search.result.withinClearance })}{' '}
              <Text className={s.muted} size={200}>{t('status.time', { ms: formatNumber(search.result.milliseconds, language, { maximumFractionDigits: 0 }) })}</Text>
            </Text>
          ) : (
            <Text className={s.muted}>{t('status.typeNames')} {t('status.ready', { users: formatNumber(prepared.users, language) })}</Text>
          )}
        </div>
        {search.kind === 'searching' ? <ProgressBar thickness="medium" aria-label={t('status.searching')} /> : null}
        {prepareError ? <MessageBar intent="error"><MessageBarBody>{prepareError}</MessageBarBody></MessageBar> : null}
        {search.kind === 'failed' ? <MessageBar intent="error"><MessageBarBody>{search.message}</MessageBarBody></MessageBar> : null}
        {result && result.outsideClearance > 0 ? (
          <MessageBar intent="info"><MessageBarBody>{t('outside', { count: result.outsideClearance })}</MessageBarBody></MessageBar>
        ) : null}
        {result && result.matches.length ? (
          <ul className={s.list} aria-label={t('results.label')}>
            {result.matches.map((m) => <li key={m.uid}><MatchCard match={m} /></li>)}
          </ul>
        ) : null}
        {result && result.withinClearance > result.matches.length ? <Text className={s.muted}>{t('status.more', { count: result.withinClearance - result.matches.length })}</Text> : null}
      </section>
    </div>
  );
}
