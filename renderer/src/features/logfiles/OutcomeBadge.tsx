import { Badge, type BadgeProps } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, BadgeProps['color']> = { merged: 'success', aborted: 'warning', failed: 'danger', refused: 'severe', undone: 'subtle', interrupted: 'important', running: 'informative' };
const OUTCOMES = ['merged', 'aborted', 'failed', 'refused', 'undone', 'interrupted', 'running'] as const;
type Outcome = (typeof OUTCOMES)[number];
const isOutcome = (v: string): v is Outcome => (OUTCOMES as readonly string[]).includes(v);

/** A run's outcome in words of the UI's language (an outcome this version does not know stays as it is). */
export function useOutcomeLabel(): (outcome: string) => string {
  const { t } = useTranslation('logfiles');
  return (outcome) => (isOutcome(outcome) ? t(`outcome.${outcome}`) : outcome);
}

/** A run's outcome as a coloured badge (History and the logfile summary). */
export function OutcomeBadge({ outcome, dryRun }: { outcome: string; dryRun?: boolean }) {
  const { t } = useTranslation('logfiles');
  const label = useOutcomeLabel()(outcome);
  return (
    <Badge appearance="filled" color={COLORS[outcome] ?? 'informative'} shape="rounded">
      {dryRun ? t('outcome.dryRun', { outcome: label }) : label}
    </Badge>
  );
}
