import { Text } from '@fluentui/react-components';

export function SettingsScreen() {
  return <div style={{ padding: 24 }}><Text>Coming soon.</Text></div>;
}
