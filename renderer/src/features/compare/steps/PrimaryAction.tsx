import { Button, makeStyles, mergeClasses, Spinner, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const readable = (color: string, border: string) => ({
  backgroundColor: tokens.colorNeutralBackground1,
  color,
  border: `1px dashed ${border}`,
  ':hover': { backgroundColor: tokens.colorNeutralBackground1, color, border: `1px dashed ${border}` },
  ':hover:active': { backgroundColor: tokens.colorNeutralBackground1, color },
});

const useStyles = makeStyles({
  big: { minWidth: '180px', fontSize: tokens.fontSizeBase400, padding: '6px 20px' },
  danger: {
    backgroundColor: tokens.colorStatusDangerBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { backgroundColor: tokens.colorStatusDangerBackground3Hover, color: tokens.colorNeutralForegroundOnBrand },
    ':hover:active': { backgroundColor: tokens.colorStatusDangerBackground3Pressed, color: tokens.colorNeutralForegroundOnBrand },
  },
  // While it works the button keeps its colour and says what it is doing: it must never look switched off.
  busy: { cursor: 'progress' },
  blocked: readable(tokens.colorBrandForeground1, tokens.colorBrandStroke1),
  blockedDanger: readable(tokens.colorStatusDangerForeground1, tokens.colorStatusDangerBorder2),
});

/**
 * A step's main action, readable in every state: brand (or danger) colours when it can be used,
 * the same colours with a spinner while it works, and outlined text, not grey, when something
 * must be done first (the reason is shown beside it by the caller).
 */
export function PrimaryAction({ children, busyLabel, busy, blocked, danger, onClick }: { children: ReactNode; busyLabel: string; busy: boolean; blocked?: boolean; danger?: boolean; onClick(): void }) {
  const s = useStyles();
  const inactive = busy || Boolean(blocked);
  return (
    <Button
      appearance="primary"
      size="large"
      className={mergeClasses(s.big, danger && s.danger, busy && s.busy, blocked && !busy && (danger ? s.blockedDanger : s.blocked))}
      disabledFocusable={Boolean(blocked) && !busy}
      aria-disabled={inactive || undefined}
      aria-busy={busy || undefined}
      icon={busy ? <Spinner size="tiny" appearance="inverted" /> : undefined}
      onClick={() => {
        if (!inactive) onClick();
      }}
    >
      {busy ? busyLabel : children}
    </Button>
  );
}
