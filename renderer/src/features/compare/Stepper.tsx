import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { reachable, STEPS, useCompare, type Step } from './compare-store';

const useStyles = makeStyles({
  list: { display: 'flex', gap: '4px', listStyle: 'none', margin: 0, padding: 0, alignItems: 'center' },
  item: { display: 'flex', alignItems: 'center', gap: '4px' },
  sep: { width: '24px', height: '2px', background: tokens.colorNeutralStroke1 },
  step: {
    display: 'flex', alignItems: 'center', gap: '6px', padding: '4px 12px', borderRadius: tokens.borderRadiusCircular, border: `1px solid ${tokens.colorNeutralStroke1}`,
    background: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1, fontFamily: 'inherit', fontSize: tokens.fontSizeBase300, cursor: 'pointer',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
    ':disabled': { cursor: 'default', color: tokens.colorNeutralForeground2, border: `1px dashed ${tokens.colorNeutralStroke1}` },
  },
  current: { background: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand, border: `1px solid ${tokens.colorBrandBackground}`, fontWeight: tokens.fontWeightSemibold },
  danger: { background: tokens.colorStatusDangerBackground3, border: `1px solid ${tokens.colorStatusDangerBackground3}` },
  number: { fontWeight: tokens.fontWeightSemibold },
  done: { border: `1px solid ${tokens.colorPaletteGreenBorder2}` },
  // Read aloud, not shown: the visible text stays the start of the button's name.
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

/** The four steps as buttons: the current one marked, done ones ticked, unreachable ones disabled. Tab and Enter move between them. */
export function Stepper() {
  const s = useStyles();
  const { t } = useTranslation('compare');
  const st = useCompare();
  const at = STEPS.indexOf(st.step);
  return (
    <nav aria-label={t('steps.label')}>
      <ol className={s.list}>
        {STEPS.map((step: Step, i) => {
          const current = step === st.step;
          const done = i < at;
          const open = reachable(st, step);
          return (
            <li key={step} className={s.item}>
              {i > 0 ? <span className={s.sep} aria-hidden /> : null}
              <button
                type="button"
                className={mergeClasses(s.step, done && s.done, current && s.current, current && step === 'confirm' && s.danger)}
                aria-current={current ? 'step' : undefined}
                disabled={!open}
                onClick={() => st.goTo(step)}
              >
                <span className={s.number}>{done ? '✓' : i + 1}</span>
                <span>{t(`steps.${step}`)}</span>
                {done || !open ? <span className={s.hidden}>{`, ${done ? t('steps.done') : t('steps.locked')}`}</span> : null}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
