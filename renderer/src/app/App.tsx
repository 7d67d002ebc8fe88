import { useEffect } from 'react';
import { Button, FluentProvider, makeStyles, Select, Tab, TabList, Text, tokens, webLightTheme } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, isLanguage } from '@shared/i18n';
import { changeLanguage, useLanguage } from '../i18n';
import { ConnectScreen } from '../features/connect/ConnectScreen';
import { DuplicatesScreen } from '../features/duplicates/DuplicatesScreen';
import { HistoryScreen } from '../features/history/HistoryScreen';
import { LogfilesScreen } from '../features/logfiles/LogfilesScreen';
import { useLogfiles } from '../features/logfiles/logfiles-store';
import { api, call } from '../api';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { CompareScreen } from '../features/compare/CompareScreen';
import { BatchScreen } from '../features/batch/BatchScreen';
import { SignInScreen } from '../features/signin/SignInScreen';
import { FindPersonScreen } from '../features/lookup/FindPersonScreen';
import { useSession, type Screen } from './session-store';

const useStyles = makeStyles({
  shell: { display: 'grid', gridTemplateRows: 'auto 1fr', height: '100vh' },
  bar: { display: 'flex', alignItems: 'center', gap: '16px', padding: '4px 16px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, background: tokens.colorNeutralBackground2 },
  brand: { fontWeight: tokens.fontWeightSemibold },
  spacer: { flex: 1 },
  main: { overflow: 'hidden', minHeight: 0 },
});

const WORK_SCREENS = ['duplicates', 'lookup', 'compare', 'batch', 'settings', 'history', 'logfiles'] as const satisfies readonly Screen[];

export function App() {
  const s = useStyles();
  const { session, screen, go, signOut, setSession } = useSession();
  const signedIn = Boolean(session?.operator);
  const { t } = useTranslation('common');
  const language = useLanguage();
  useEffect(() => {
    // The main process writes logfiles in the UI's language: tell it on start and on every switch.
    void call(api.setLanguage({ language })).catch(() => undefined);
  }, [language]);
  useEffect(() => {
    // A logfile passed to the app on start opens straight in the viewer, no database needed.
    void call(api.startupLogfile({}))
      .then((log) => {
        if (log) {
          useLogfiles.getState().show(log);
          go('logfiles');
        }
      })
      .catch((err: Error) => useLogfiles.setState({ error: err.message }));
  }, [go]);
  return (
    <FluentProvider theme={webLightTheme}>
      <div className={s.shell}>
        <header className={s.bar}>
          <Text className={s.brand}>{t('brand')}</Text>
          {signedIn ? (
            <TabList selectedValue={screen} onTabSelect={(_, d) => go(d.value as Screen)} aria-label={t('nav.main')}>
              {WORK_SCREENS.map((id) => <Tab key={id} value={id}>{t(`nav.${id}`)}</Tab>)}
            </TabList>
          ) : null}
          <span className={s.spacer} />
          {session ? <Text size={200}>{session.operator ? t('session.signedInAs', { database: session.database, login: session.operator.login }) : session.database}</Text> : null}
          <Select size="small" aria-label={t('language.label')} value={language} onChange={(_, d) => isLanguage(d.value) && void changeLanguage(d.value)}>
            {LANGUAGES.map((l) => <option key={l} value={l}>{t(`language.${l}`)}</option>)}
          </Select>
          {!signedIn && screen !== 'logfiles' ? <Button size="small" onClick={() => go('logfiles')}>{t('actions.openLogfile')}</Button> : null}
          {!signedIn && screen === 'logfiles' ? <Button size="small" onClick={() => go(session ? 'signin' : 'connect')}>{t('actions.back')}</Button> : null}
          {signedIn ? <Button size="small" onClick={() => void signOut()}>{t('actions.signOut')}</Button> : null}
          {session ? <Button size="small" onClick={() => setSession(null)}>{t('actions.changeDatabase')}</Button> : null}
        </header>
        <main className={s.main}>
          {screen === 'logfiles' ? <LogfilesScreen /> : screen === 'connect' || !session ? <ConnectScreen /> : screen === 'signin' || !signedIn ? <SignInScreen /> : <WorkScreen screen={screen} />}
        </main>
      </div>
    </FluentProvider>
  );
}

function WorkScreen({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'lookup':
      return <FindPersonScreen />;
    case 'compare':
      return <CompareScreen />;
    case 'batch':
      return <BatchScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'history':
      return <HistoryScreen />;
    default:
      return <DuplicatesScreen />;
  }
}
