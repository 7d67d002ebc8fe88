import { useEffect } from 'react';
import { Button, FluentProvider, makeStyles, Tab, TabList, Text, tokens, webLightTheme } from '@fluentui/react-components';
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
import { useSession, type Screen } from './session-store';

const useStyles = makeStyles({
  shell: { display: 'grid', gridTemplateRows: 'auto 1fr', height: '100vh' },
  bar: { display: 'flex', alignItems: 'center', gap: '16px', padding: '4px 16px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, background: tokens.colorNeutralBackground2 },
  brand: { fontWeight: tokens.fontWeightSemibold },
  spacer: { flex: 1 },
  main: { overflow: 'hidden', minHeight: 0 },
});

const WORK_SCREENS: { id: Screen; label: string }[] = [
  { id: 'duplicates', label: 'Duplicates' },
  { id: 'compare', label: 'Compare & merge' },
  { id: 'batch', label: 'Batch' },
  { id: 'settings', label: 'Settings' },
  { id: 'history', label: 'History' },
  { id: 'logfiles', label: 'Logfiles' },
];

export function App() {
  const s = useStyles();
  const { session, screen, go, signOut, setSession } = useSession();
  const signedIn = Boolean(session?.operator);
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
          <Text className={s.brand}>MergeDesk</Text>
          {signedIn ? (
            <TabList selectedValue={screen} onTabSelect={(_, d) => go(d.value as Screen)} aria-label="Main">
              {WORK_SCREENS.map((w) => <Tab key={w.id} value={w.id}>{w.label}</Tab>)}
            </TabList>
          ) : null}
          <span className={s.spacer} />
          {session ? <Text size={200}>{session.database}{session.operator ? ` · ${session.operator.login}` : ''}</Text> : null}
          {!signedIn && screen !== 'logfiles' ? <Button size="small" onClick={() => go('logfiles')}>Open a logfile</Button> : null}
          {!signedIn && screen === 'logfiles' ? <Button size="small" onClick={() => go(session ? 'signin' : 'connect')}>Back</Button> : null}
          {signedIn ? <Button size="small" onClick={() => void signOut()}>Sign out</Button> : null}
          {session ? <Button size="small" onClick={() => setSession(null)}>Change database</Button> : null}
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
