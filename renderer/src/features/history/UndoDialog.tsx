import { Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { UndoResultView } from '@shared/ipc/batch-channels';
import { api, call } from '../../api';

/**
 * Undo of a merge: first a dry run shows what would be restored, or which rows changed
 * since; the real undo needs an explicit click (and consent to keep later changes).
 */
export function UndoDialog({ runId, onClose }: { runId: number; onClose(changed: boolean): void }) {
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
      <DialogSurface aria-label={`Undo run ${runId}`}>
        <DialogBody>
          <DialogTitle>Undo merge run {runId}</DialogTitle>
          <DialogContent>
            {busy ? <Spinner size="tiny" label="Checking what the merge changed…" /> : null}
            {error ? <MessageBar intent="error" role="alert"><MessageBarBody>{error}</MessageBarBody></MessageBar> : null}
            {check && !done ? (
              <>
                <Text block>
                  Restores {check.sourceUid} and {check.targetUid} to their state before the merge ({check.restored} rows), in one transaction.
                </Text>
                {blocked ? <MessageBar intent="error"><MessageBarBody>This merge cannot be undone: {check.reason}</MessageBarBody></MessageBar> : null}
                {changed.length ? (
                  <>
                    <MessageBar intent="warning"><MessageBarBody>{changed.length} row(s) changed since the merge:</MessageBarBody></MessageBar>
                    <ul aria-label="Changed since the merge">{changed.slice(0, 50).map((c, i) => <li key={i}><Text size={200}>{c.description}</Text></li>)}</ul>
                    <Checkbox checked={keepLater} onChange={(_, d) => setKeepLater(Boolean(d.checked))} label="Undo the rest and keep these later changes (partial undo)" />
                  </>
                ) : null}
              </>
            ) : null}
            {done ? (
              <div role="status">
                <MessageBar intent={done.outcome === 'undone' ? 'success' : 'error'}>
                  <MessageBarBody>{done.outcome === 'undone' ? `Run ${runId} was undone: ${done.sourceUid} is back with its history (undo run ${done.runId}).` : `The undo was not done: ${done.reason}`}</MessageBarBody>
                </MessageBar>
                {done.warnings.map((w) => <MessageBar key={w} intent="warning"><MessageBarBody>{w}</MessageBarBody></MessageBar>)}
              </div>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button onClick={() => onClose(done?.outcome === 'undone')}>{done ? 'Close' : 'Cancel'}</Button>
            {!done ? (
              <Button appearance="primary" disabled={busy || !check || blocked || (changed.length > 0 && !keepLater)} onClick={() => void undo()}>Undo now</Button>
            ) : null}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
