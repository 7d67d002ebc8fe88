import { Button, makeStyles, mergeClasses, Spinner, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

// Fluent's disabled primary button is light grey on lighter grey (about 1.6:1): admins read it as broken.
// Disabled here stays grey but legible (well above 4.5:1); busy keeps the brand colour with a spinner.
const same = (style: Record<string, string>) => ({ ...style, ':hover': style, ':hover:active': style });
const useStyles = makeStyles({
  disabled: same({
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground3,
    cursor: 'not-allowed',
    borderTopColor: tokens.colorNeutralStroke1,
    borderRightColor: tokens.colorNeutralStroke1,
    borderBottomColor: tokens.colorNeutralStroke1,
    borderLeftColor: tokens.colorNeutralStroke1,
  }),
  busy: same({ backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand, cursor: 'progress' }),
});

export interface PrimaryButtonProps {
  children: ReactNode;
  onClick?: () => void;
  type?: 'button' | 'submit';
  disabled?: boolean;
  className?: string;
  /** Work is running: the button keeps its focus and colour, shows a spinner and `busyLabel`, and ignores clicks. */
  busy?: boolean;
  busyLabel?: string;
}

/** The screen's main action, readable when enabled, busy or disabled. */
export function PrimaryButton({ busy = false, busyLabel, disabled, className, children, onClick, type = 'button' }: PrimaryButtonProps) {
  const s = useStyles();
  return (
    <Button
      type={type}
      onClick={onClick}
      appearance="primary"
      disabled={disabled && !busy}
      disabledFocusable={busy}
      aria-busy={busy || undefined}
      icon={busy ? <Spinner size="tiny" appearance="inverted" /> : undefined}
      className={mergeClasses(busy ? s.busy : disabled ? s.disabled : undefined, className)}
    >
      {busy && busyLabel ? busyLabel : children}
    </Button>
  );
}
