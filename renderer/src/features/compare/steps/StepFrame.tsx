import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  frame: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  content: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  actions: { display: 'flex', alignItems: 'center', gap: '12px', paddingTop: '8px', borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  spacer: { flex: 1 },
});

/** A step: its content fills the window above a fixed action bar (back on the left, the step's main action on the right). */
export function StepFrame({ label, children, back, info, primary }: { label: string; children: ReactNode; back?: ReactNode; info?: ReactNode; primary?: ReactNode }) {
  const s = useStyles();
  return (
    <section className={s.frame} aria-label={label}>
      <div className={s.content}>{children}</div>
      <div className={s.actions}>
        {back}
        {info}
        <span className={s.spacer} />
        {primary}
      </div>
    </section>
  );
}
