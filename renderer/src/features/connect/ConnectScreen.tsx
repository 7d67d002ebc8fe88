import {
  Badge,
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import { useConnect } from './connect-store';
import { ProfileEditor } from './ProfileEditor';

const useStyles = makeStyles({
  page: { display: 'grid', gridTemplateColumns: 'minmax(260px, 320px) 1fr', gap: '24px', padding: '24px', height: '100%', boxSizing: 'border-box', overflow: 'auto' },
  list: { display: 'flex', flexDirection: 'column', gap: '8px' },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}` },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'center' },
  checks: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: '4px' },
  fix: { color: tokens.colorNeutralForeground3, marginLeft: '24px' },
  detail: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '760px' },
});

export function ConnectScreen() {
  const s = useStyles();
  const st = useConnect();
  useEffect(() => {
    void st.load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const profile = st.profiles.find((p) => p.id === st.selectedId);
  const needsPassword = profile && profile.connection.kind !== 'demo' && profile.connection.kind !== 'sqlite' && !profile.hasPassword;

  return (
    <div className={s.page}>
      <nav aria-label="Connection profiles" className={s.list}>
        <Title2 as="h1">Connect</Title2>
        {st.profiles.map((p) => (
          <Card key={p.id} className={p.id === st.selectedId ? s.selected : undefined} onClick={() => st.select(p.id)} role="button" tabIndex={0} aria-pressed={p.id === st.selectedId}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && st.select(p.id)}>
            <CardHeader header={<Text weight="semibold">{p.name}</Text>} description={<Text size={200}>{p.connection.kind === 'demo' ? 'Embedded SQLite demo' : p.connection.kind}</Text>} />
          </Card>
        ))}
        <Button onClick={() => st.select('new')}>New profile…</Button>
      </nav>
      <section className={s.detail} aria-label="Connection">
        {st.selectedId === 'new' || (profile && profile.id !== 'demo') ? (
          <ProfileEditor key={st.selectedId} profile={profile} />
        ) : null}
        {profile ? (
          <>
            {needsPassword ? (
              <Field label="Password" hint="Used for this connection only; not saved.">
                <Input type="password" value={st.password} onChange={(_, d) => st.setPassword(d.value)} />
              </Field>
            ) : null}
            <div className={s.actions}>
              <Button onClick={() => void st.test()} disabled={st.busy !== 'idle'}>Test connection</Button>
              <Button appearance="primary" onClick={() => void st.connect()} disabled={st.busy !== 'idle'}>Connect</Button>
              {st.busy === 'testing' || st.busy === 'connecting' ? <Spinner size="tiny" label={st.busy === 'testing' ? 'Checking…' : 'Connecting…'} /> : null}
            </div>
          </>
        ) : null}
        {st.error ? (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{st.error}</MessageBarBody>
          </MessageBar>
        ) : null}
        {st.doctor ? (
          <Card aria-label="Connection check">
            <CardHeader
              header={<Text weight="semibold">{st.doctor.database}</Text>}
              description={<Text size={200}>{st.doctor.server}</Text>}
              action={<Badge color={st.doctor.ok ? 'success' : 'danger'}>{st.doctor.ok ? 'Ready' : `${st.doctor.checks.filter((c) => !c.ok).length} problem(s)`}</Badge>}
            />
            <ul className={s.checks}>
              {st.doctor.checks.filter((c) => !c.ok || !c.id.startsWith('column:')).map((c) => (
                <li key={c.id}>
                  <Text>{c.ok ? '✔' : '✖'} {c.ok ? c.label : c.problem}</Text>
                  {c.fix ? <div className={s.fix}><Text size={200}>Fix: {c.fix}</Text></div> : null}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </section>
    </div>
  );
}
