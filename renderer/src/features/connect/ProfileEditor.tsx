import { Button, Checkbox, Field, Input, makeStyles, Radio, RadioGroup, Title3 } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import type { ProfileView } from '@shared/profiles';
import { useConnect } from './connect-store';
import { shownError, useErrorText, type ShownError } from '../../app/shown-error';

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '12px 16px' },
  wide: { gridColumn: '1 / span 2' },
  actions: { gridColumn: '1 / span 2', display: 'flex', gap: '8px' },
  pick: { display: 'flex', gap: '8px', '& > :first-child': { flexGrow: 1 } },
});

type Kind = 'mssql' | 'sqlite' | 'postgres';

/** Create or edit a connection profile. The password is sent to the main process once and never comes back. */
export function ProfileEditor({ profile }: { profile: ProfileView | undefined }) {
  const s = useStyles();
  const st = useConnect();
  const { t } = useTranslation('connect');
  const c = profile?.connection;
  const [name, setName] = useState(profile?.name ?? '');
  const [kind, setKind] = useState<Kind>(c && c.kind !== 'demo' ? c.kind : 'mssql');
  const [file, setFile] = useState(c?.kind === 'sqlite' ? c.file : '');
  const [host, setHost] = useState(c && (c.kind === 'mssql' || c.kind === 'postgres') ? c.host : '');
  const [port, setPort] = useState(c?.kind === 'mssql' && c.port ? String(c.port) : c?.kind === 'postgres' ? String(c.port) : '');
  const [instance, setInstance] = useState(c?.kind === 'mssql' ? (c.instance ?? '') : '');
  const [database, setDatabase] = useState(c && (c.kind === 'mssql' || c.kind === 'postgres') ? c.database : '');
  const [user, setUser] = useState(c && (c.kind === 'mssql' || c.kind === 'postgres') ? c.user : '');
  const [domain, setDomain] = useState(c?.kind === 'mssql' ? (c.domain ?? '') : '');
  const [encrypt, setEncrypt] = useState(c?.kind === 'mssql' ? c.encrypt : true);
  const [trust, setTrust] = useState(c?.kind === 'mssql' ? c.trustServerCertificate : false);
  const [password, setPassword] = useState('');
  const [savePassword, setSavePassword] = useState(false);
  const [mappingFile, setMappingFile] = useState(profile?.mappingFile ?? '');
  const [connectionString, setConnectionString] = useState('');
  const [stringError, setStringError] = useState<ShownError | null>(null);
  const describeError = useErrorText();
  const stringProblem = stringError ? describeError(stringError) : null;
  const [timeouts, setTimeouts] = useState({ connectTimeoutMs: c?.kind === 'mssql' ? c.connectTimeoutMs : 15000, requestTimeoutMs: c?.kind === 'mssql' ? c.requestTimeoutMs : 60000 });
  // The LMS's own ADO.NET connection string fills the fields (parsed in the main process, like --db).
  const fillFromString = async () => {
    setStringError(null);
    try {
      const f = await call(api.parseConnectionString({ text: connectionString }));
      setHost(f.host);
      setPort(f.port ? String(f.port) : '');
      setInstance(f.instance ?? '');
      setDatabase(f.database);
      setUser(f.user);
      setDomain(f.domain ?? '');
      setEncrypt(f.encrypt);
      setTrust(f.trustServerCertificate);
      setTimeouts({ connectTimeoutMs: f.connectTimeoutMs, requestTimeoutMs: f.requestTimeoutMs });
      if (f.password !== null) setPassword(f.password);
      setConnectionString('');
    } catch (err) {
      setStringError(shownError(err));
    }
  };
  // Paths come only from the main process's file dialog; the fields just show the choice.
  const browse = (purpose: 'sqlite' | 'mapping', set: (file: string) => void) => async () => {
    const chosen = await st.chooseFile(purpose);
    if (chosen) set(chosen);
  };

  const connection = () => {
    if (kind === 'sqlite') return { kind, file } as const;
    if (kind === 'postgres') return { kind, host, port: Number(port || 5432), database, user } as const;
    return {
      kind, host, database, user, authType: domain ? ('ntlm' as const) : ('sql' as const),
      ...(domain ? { domain } : {}), ...(instance ? { instance } : port ? { port: Number(port) } : {}),
      encrypt, trustServerCertificate: trust, ...timeouts,
    } as const;
  };

  const onSave = () =>
    void st.save({
      profile: { ...(profile ? { id: profile.id } : {}), name, connection: connection(), ...(mappingFile ? { mappingFile } : {}) },
      ...(savePassword && password ? { password } : {}),
    });

  return (
    <form className={s.form} onSubmit={(e) => { e.preventDefault(); onSave(); }} aria-label={t('editor.form')}>
      <Title3 className={s.wide}>{profile ? t('editor.edit') : t('editor.new')}</Title3>
      <Field label={t('editor.name')} required className={s.wide}><Input value={name} onChange={(_, d) => setName(d.value)} /></Field>
      <Field label={t('editor.kind')} className={s.wide}>
        <RadioGroup layout="horizontal" value={kind} onChange={(_, d) => setKind(d.value as Kind)}>
          <Radio value="mssql" label={t('kind.mssql')} />
          <Radio value="sqlite" label={t('kind.sqlite')} />
          <Radio value="postgres" label={t('kind.postgres')} />
        </RadioGroup>
      </Field>
      {kind === 'sqlite' ? (
        <Field label={t('editor.file')} required className={s.wide}>
          <div className={s.pick}>
            <Input value={file} readOnly placeholder={t('editor.noFile')} />
            <Button onClick={() => void browse('sqlite', setFile)()}>{t('editor.browse')}</Button>
          </div>
        </Field>
      ) : (
        <>
          {kind === 'mssql' ? (
            <Field label={t('editor.connectionString')} hint={t('editor.connectionStringHint')} validationMessage={stringProblem ? [stringProblem.text, stringProblem.detail?.english].filter(Boolean).join(' ') : undefined} className={s.wide}>
              <div className={s.pick}>
                <Input type="password" value={connectionString} onChange={(_, d) => setConnectionString(d.value)} aria-label={t('editor.connectionStringShort')} />
                <Button onClick={() => void fillFromString()} disabled={!connectionString.trim()}>{t('editor.fillIn')}</Button>
              </div>
            </Field>
          ) : null}
          <Field label={t('editor.server')} required><Input value={host} onChange={(_, d) => setHost(d.value)} /></Field>
          <Field label={kind === 'mssql' ? t('editor.portOrInstance') : t('editor.port')}><Input value={port} onChange={(_, d) => setPort(d.value)} /></Field>
          {kind === 'mssql' ? <Field label={t('editor.instance')}><Input value={instance} onChange={(_, d) => setInstance(d.value)} /></Field> : null}
          <Field label={t('editor.database')} required><Input value={database} onChange={(_, d) => setDatabase(d.value)} /></Field>
          <Field label={t('editor.login')} required><Input value={user} onChange={(_, d) => setUser(d.value)} /></Field>
          {kind === 'mssql' ? <Field label={t('editor.domain')} hint={t('editor.domainHint')}><Input value={domain} onChange={(_, d) => setDomain(d.value)} /></Field> : null}
          <Field label={t('editor.password')}><Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} /></Field>
          <Checkbox checked={savePassword} onChange={(_, d) => setSavePassword(Boolean(d.checked))} label={t('editor.savePassword')} />
          {kind === 'mssql' ? (
            <>
              <Checkbox checked={encrypt} onChange={(_, d) => setEncrypt(Boolean(d.checked))} label={t('editor.encrypt')} />
              <Checkbox checked={trust} onChange={(_, d) => setTrust(Boolean(d.checked))} label={t('editor.trust')} />
            </>
          ) : null}
        </>
      )}
      <Field label={t('editor.mappingFile')} hint={t('editor.mappingHint')} className={s.wide}>
        <div className={s.pick}>
          <Input value={mappingFile} readOnly placeholder={t('editor.noMapping')} />
          <Button onClick={() => void browse('mapping', setMappingFile)()}>{t('editor.browse')}</Button>
          {mappingFile ? <Button onClick={() => setMappingFile('')}>{t('editor.clear')}</Button> : null}
        </div>
      </Field>
      <div className={s.actions}>
        <Button type="submit" appearance="secondary" disabled={st.busy !== 'idle'}>{t('editor.save')}</Button>
        {profile ? <Button onClick={() => void st.remove(profile.id)} disabled={st.busy !== 'idle'}>{t('editor.delete')}</Button> : null}
      </div>
    </form>
  );
}
