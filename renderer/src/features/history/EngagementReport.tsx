import { Button, Field, Input, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useState } from 'react';
import { REPORT_LABELS as L } from '@shared/report-labels';
import { api, call } from '../../api';

/**
 * History's "Engagement report…": an optional period and a button; the main process asks
 * where to save (its own dialog) and writes the same workbook as `mergedesk report`.
 */
export function EngagementReport() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const save = async () => {
    setSaving(true);
    setResult(null);
    try {
      const r = await call(api.saveEngagementReport({ ...(from ? { from } : {}), ...(to ? { to } : {}) }));
      if (r.savedTo) setResult({ intent: 'success', text: `${L.app.saved} ${r.savedTo} (${L.app.savedCounts(r.scans, r.merged, r.remaining)}).` });
    } catch (err) {
      setResult({ intent: 'error', text: (err as Error).message });
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Field label={L.app.from}>
        <Input type="date" value={from} onChange={(_, d) => setFrom(d.value)} />
      </Field>
      <Field label={L.app.to}>
        <Input type="date" value={to} onChange={(_, d) => setTo(d.value)} />
      </Field>
      <Button onClick={() => void save()} disabled={saving} title={L.app.dialogTitle}>{L.app.button}</Button>
      {saving ? <Spinner size="tiny" label={L.app.writing} /> : null}
      {result ? <MessageBar intent={result.intent} role={result.intent === 'error' ? 'alert' : 'status'}><MessageBarBody>{result.text}</MessageBarBody></MessageBar> : null}
    </>
  );
}
