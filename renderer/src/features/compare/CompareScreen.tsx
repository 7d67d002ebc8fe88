import { Text } from '@fluentui/react-components';

export function CompareScreen() {
  return <div style={{ padding: 24 }}><Text>Compare: coming soon.</Text></div>;
}
