import { Button, Field, Input, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';

/**
 * History's "Engagement report…": an optional period and a button; the main process asks
 * where to save (its own dialog) and writes the same workbook as `mergedesk report`.
 */
export function EngagementReport() {
  const { t } = useTranslation('history');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const save = async () => {
    setSaving(true);
    setResult(null);
    try {
      const r = await call(api.saveEngagementReport({ ...(from ? { from } : {}), ...(to ? { to } : {}) }));
      if (r.savedTo) setResult({ intent: 'success', text: t('report.saved', { file: r.savedTo, counts: t('report.savedCounts', { scans: t('report.scans', { count: r.scans }), merged: r.merged, remaining: r.remaining }) }) });
    } catch (err) {
      setResult({ intent: 'error', text: (err as Error).message });
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Field label={t('report.from')}>
        <Input type="date" value={from} onChange={(_, d) => setFrom(d.value)} />
      </Field>
      <Field label={t('report.to')}>
        <Input type="date" value={to} onChange={(_, d) => setTo(d.value)} />
      </Field>
      <Button onClick={() => void save()} disabled={saving} title={t('report.dialogTitle')}>{t('report.button')}</Button>
      {saving ? <Spinner size="tiny" label={t('report.writing')} /> : null}
      {result ? <MessageBar intent={result.intent} role={result.intent === 'error' ? 'alert' : 'status'}><MessageBarBody>{result.text}</MessageBarBody></MessageBar> : null}
    </>
  );
}
