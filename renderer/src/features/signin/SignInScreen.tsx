import { Button, Card, Field, Input, makeStyles, MessageBar, MessageBarBody, Text, Title2 } from '@fluentui/react-components';
import { useState } from 'react';
import { api, call } from '../../api';
import { useSession } from '../../app/session-store';

const useStyles = makeStyles({
  page: { display: 'grid', placeItems: 'center', height: '100%' },
  card: { width: '380px', padding: '24px', display: 'flex', flexDirection: 'column', gap: '12px' },
});

/** Sign in as an LMS administrator; the LMS's own password hash decides. */
export function SignInScreen() {
  const s = useStyles();
  const { session, setSession } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      setSession(await call(api.signIn({ login, password })));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      setPassword('');
    }
  };

  return (
    <div className={s.page}>
      <Card className={s.card}>
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }} style={{ display: 'contents' }} aria-label="Sign in">
          <Title2 as="h1">Sign in</Title2>
          <Text>Connected to {session?.database}. Sign in with your LMS administrator account.</Text>
          <Field label="Login" required><Input autoFocus value={login} onChange={(_, d) => setLogin(d.value)} /></Field>
          <Field label="Password" required><Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} /></Field>
          {error ? <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar> : null}
          <Button appearance="primary" type="submit" disabled={busy || !login || !password}>Sign in</Button>
        </form>
      </Card>
    </div>
  );
}
