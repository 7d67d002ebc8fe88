import { Button, Card, CardHeader, Field, Input, makeStyles, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../app/shown-error';
import { PrimaryButton } from '../../app/PrimaryButton';
import { useConnect } from './connect-store';
import { DoctorResult } from './DoctorResult';
import { ProfileEditor } from './ProfileEditor';

const useStyles = makeStyles({
  page: { display: 'grid', gridTemplateColumns: 'minmax(260px, 320px) 1fr', gap: '24px', padding: '24px', height: '100%', boxSizing: 'border-box', overflow: 'auto' },
  list: { display: 'flex', flexDirection: 'column', gap: '8px' },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}` },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'center' },
  detail: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '760px' },
});

export function ConnectScreen() {
  const s = useStyles();
  const st = useConnect();
  const { t } = useTranslation('connect');
  useEffect(() => {
    void st.load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const profile = st.profiles.find((p) => p.id === st.selectedId);
  const needsPassword = profile && profile.connection.kind !== 'demo' && profile.connection.kind !== 'sqlite' && !profile.hasPassword;
  const busy = st.busy !== 'idle';

  return (
    <div className={s.page}>
      <nav aria-label={t('profiles')} className={s.list}>
        <Title2 as="h1">{t('title')}</Title2>
        {st.profiles.map((p) => (
          <Card key={p.id} className={p.id === st.selectedId ? s.selected : undefined} onClick={() => st.select(p.id)} role="button" tabIndex={0} aria-pressed={p.id === st.selectedId}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' && e.key !== ' ') return;
              e.preventDefault();
              st.select(p.id);
            }}>
            <CardHeader header={<Text weight="semibold">{p.connection.kind === 'demo' ? t('demoName') : p.name}</Text>} description={<Text size={200}>{p.connection.kind === 'demo' ? t('demoKind') : t(`kind.${p.connection.kind}`)}</Text>} />
          </Card>
        ))}
        <Button onClick={() => st.select('new')}>{t('newProfile')}</Button>
      </nav>
      <section className={s.detail} aria-label={t('connection')}>
        {st.selectedId === 'new' || (profile && profile.id !== 'demo') ? (
          <ProfileEditor key={st.selectedId} profile={profile} />
        ) : null}
        {profile ? (
          <>
            {needsPassword ? (
              <Field label={t('password')} hint={t('passwordHint')}>
                <Input type="password" value={st.password} onChange={(_, d) => st.setPassword(d.value)} />
              </Field>
            ) : null}
            <div className={s.actions}>
              <Button onClick={() => void st.test()} disabled={busy && st.busy !== 'testing'} disabledFocusable={st.busy === 'testing'} icon={st.busy === 'testing' ? <Spinner size="tiny" /> : undefined}>
                {st.busy === 'testing' ? t('testing') : t('test')}
              </Button>
              <PrimaryButton onClick={() => void st.connect()} disabled={busy} busy={st.busy === 'connecting'} busyLabel={t('connecting')}>{t('connect')}</PrimaryButton>
            </div>
          </>
        ) : null}
        <ErrorBar error={st.error} />
        {st.doctor ? <DoctorResult doctor={st.doctor} /> : null}
      </section>
    </div>
  );
}
