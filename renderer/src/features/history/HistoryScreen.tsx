import { Text } from '@fluentui/react-components';

export function HistoryScreen() {
  return <div style={{ padding: 24 }}><Text>Coming soon.</Text></div>;
}
