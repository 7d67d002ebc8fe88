import { Badge, type BadgeProps } from '@fluentui/react-components';

const COLORS: Record<string, BadgeProps['color']> = { merged: 'success', aborted: 'warning', failed: 'danger', refused: 'severe', undone: 'subtle', interrupted: 'important', running: 'informative' };
const LABELS: Record<string, string> = { merged: 'Merged', aborted: 'Aborted', failed: 'Failed', refused: 'Refused', undone: 'Undone', interrupted: 'Interrupted', running: 'Running' };

export function outcomeLabel(outcome: string): string {
  return LABELS[outcome] ?? outcome;
}

/** A run's outcome as a coloured badge (History and the logfile summary). */
export function OutcomeBadge({ outcome, dryRun }: { outcome: string; dryRun?: boolean }) {
  return (
    <Badge appearance="filled" color={COLORS[outcome] ?? 'informative'} shape="rounded">
      {outcomeLabel(outcome)}{dryRun ? ' (dry run)' : ''}
    </Badge>
  );
}
