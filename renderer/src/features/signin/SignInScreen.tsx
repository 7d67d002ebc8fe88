import { Card, Field, Input, makeStyles, Text, Title2 } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useSession } from '../../app/session-store';
import { catchShown, ErrorBar, type ShownError } from '../../app/shown-error';
import { PrimaryButton } from '../../app/PrimaryButton';

const useStyles = makeStyles({
  page: { display: 'grid', placeItems: 'center', height: '100%' },
  card: { width: '380px', padding: '24px', display: 'flex', flexDirection: 'column', gap: '12px' },
  form: { display: 'contents' },
});

/** Sign in as an LMS administrator; the LMS's own password hash decides. */
export function SignInScreen() {
  const s = useStyles();
  const { t } = useTranslation('signin');
  const { session, setSession } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy || !login || !password) return;
    setBusy(true);
    setError(null);
    const signedIn = await catchShown(() => call(api.signIn({ login, password })), setError);
    setBusy(false);
    setPassword('');
    if (signedIn) setSession(signedIn);
  };

  return (
    <div className={s.page}>
      <Card className={s.card}>
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }} className={s.form} aria-label={t('form')}>
          <Title2 as="h1">{t('title')}</Title2>
          <Text>{t('intro', { database: session?.database ?? '' })}</Text>
          <Field label={t('login')} required><Input autoFocus value={login} onChange={(_, d) => setLogin(d.value)} /></Field>
          <Field label={t('password')} required><Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} /></Field>
          <ErrorBar error={error} />
          <PrimaryButton type="submit" disabled={!login || !password} busy={busy} busyLabel={t('busy')}>{t('submit')}</PrimaryButton>
        </form>
      </Card>
    </div>
  );
}
