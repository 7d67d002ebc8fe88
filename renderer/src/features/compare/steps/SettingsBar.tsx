import { Badge, Checkbox, Dropdown, Field, makeStyles, Option } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { SOURCE_DISPOSITIONS, SWITCH_SETTING_KEYS, type SourceDisposition } from '@shared/merge-settings';
import { useCompare } from '../compare-store';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: '4px 16px', flexWrap: 'wrap', alignItems: 'center' },
});

/** The general settings in force for this merge; a change applies to this merge only and plans it again. */
export function SettingsBar() {
  const s = useStyles();
  const { t } = useTranslation('compare');
  const st = useCompare();
  const settings = st.plan!.settings as Record<string, unknown>;
  const disposition = String(settings.source_disposition) as SourceDisposition;
  return (
    <div className={s.bar} role="group" aria-label={t('preview.settings')}>
      {SWITCH_SETTING_KEYS.map((key) => (
        <Checkbox key={key} label={t(`settingNames.${key}`)} checked={Boolean(settings[key])} onChange={(_, d) => void st.setOverride({ [key]: Boolean(d.checked) })} disabled={st.busy !== 'idle'} />
      ))}
      <Field label={t('preview.disposition')} orientation="horizontal">
        <Dropdown value={t(`disposition.short.${disposition}`)} selectedOptions={[disposition]} disabled={st.busy !== 'idle'} onOptionSelect={(_, d) => void st.setOverride({ source_disposition: d.optionValue as SourceDisposition })}>
          {SOURCE_DISPOSITIONS.map((v) => <Option key={v} value={v}>{t(`disposition.short.${v}`)}</Option>)}
        </Dropdown>
      </Field>
      {Object.keys(st.overrides).length ? <Badge color="warning">{t('preview.changedForThisMerge')}</Badge> : null}
    </div>
  );
}
