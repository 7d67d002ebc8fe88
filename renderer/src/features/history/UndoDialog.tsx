import { Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UndoResultView } from '@shared/ipc/batch-channels';
import { api, call } from '../../api';

/**
 * Undo of a merge: first a dry run shows what would be restored, or which rows changed
 * since; the real undo needs an explicit click (and consent to keep later changes).
 */
export function UndoDialog({ runId, onClose }: { runId: number; onClose(changed: boolean): void }) {
  const { t } = useTranslation('history');
  const [check, setCheck] = useState<UndoResultView | null>(null);
  const [done, setDone] = useState<UndoResultView | null>(null);
  const [keepLater, setKeepLater] = useState(false);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call(api.undoMerge({ runId, dryRun: true, acceptPartial: false }))
      .then(setCheck, (err: Error) => setError(err.message))
      .finally(() => setBusy(false));
  }, [runId]);

  const changed = check?.changedSince ?? [];
  const blocked = check !== null && check.outcome !== 'undone' && check.refusal !== 'CHANGED_SINCE';
  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      setDone(await call(api.undoMerge({ runId, dryRun: false, acceptPartial: changed.length > 0 && keepLater })));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && onClose(done?.outcome === 'undone')}>
      <DialogSurface aria-label={t('undoDialog.label', { run: runId })}>
        <DialogBody>
          <DialogTitle>{t('undoDialog.title', { run: runId })}</DialogTitle>
          <DialogContent>
            {busy ? <Spinner size="tiny" label={t('undoDialog.checking')} /> : null}
            {error ? <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar> : null}
            {check && !done ? (
              <>
                <Text block>{t('undoDialog.restores', { source: check.sourceUid, target: check.targetUid, count: check.restored })}</Text>
                {blocked ? <MessageBar intent="error"><MessageBarBody>{t('undoDialog.blocked', { reason: check.reason ?? '' })}</MessageBarBody></MessageBar> : null}
                {changed.length ? (
                  <>
                    <MessageBar intent="warning"><MessageBarBody>{t('undoDialog.changed', { count: changed.length })}</MessageBarBody></MessageBar>
                    <ul aria-label={t('undoDialog.changedList')}>{changed.slice(0, 50).map((c, i) => <li key={i}><Text size={200}>{c.description}</Text></li>)}</ul>
                    <Checkbox checked={keepLater} onChange={(_, d) => setKeepLater(Boolean(d.checked))} label={t('undoDialog.keepLater')} />
                  </>
                ) : null}
              </>
            ) : null}
            {done ? (
              <div role="status">
                <MessageBar intent={done.outcome === 'undone' ? 'success' : 'error'}>
                  <MessageBarBody>{done.outcome === 'undone' ? t('undoDialog.done', { run: runId, source: done.sourceUid, undoRun: done.runId }) : t('undoDialog.notDone', { reason: done.reason ?? '' })}</MessageBarBody>
                </MessageBar>
                {done.warnings.map((w) => <MessageBar key={w} intent="warning"><MessageBarBody>{w}</MessageBarBody></MessageBar>)}
              </div>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button onClick={() => onClose(done?.outcome === 'undone')}>{done ? t('undoDialog.close') : t('undoDialog.cancel')}</Button>
            {!done ? (
              <Button appearance="primary" disabled={busy || !check || blocked || (changed.length > 0 && !keepLater)} onClick={() => void undo()}>{t('undoDialog.undoNow')}</Button>
            ) : null}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
