import { CHANNEL_KEYS, type Contract, type MergeDeskApi } from '@shared/ipc/contract';
import { createApi } from '@shared/ipc/define';
import type { IpcResult } from '@shared/ipc/result';

export interface ProgressEvent {
  type: 'progress';
  task: string;
  phase: string;
  done: number;
  total: number;
}

type Bridge = MergeDeskApi & { onEvent(listener: (e: ProgressEvent) => void): () => void };

declare global {
  interface Window {
    /** Set by the Electron preload. */
    mergedesk?: Bridge;
    /** Set by the browser tests instead of the preload: the same handlers behind another transport. */
    mergedeskTransport?: (channel: string, input: unknown) => Promise<unknown>;
    mergedeskEvents?: (listener: (e: ProgressEvent) => void) => () => void;
  }
}

function bridge(): Bridge {
  if (window.mergedesk) return window.mergedesk;
  const transport = window.mergedeskTransport;
  if (!transport) throw new Error('MergeDesk runs inside its desktop app: the bridge to the main process is missing.');
  return { ...createApi<Contract>(CHANNEL_KEYS, transport), onEvent: window.mergedeskEvents ?? (() => () => undefined) };
}

export const api: Bridge = bridge();

/** Unwraps an IPC result: the value, or an Error whose message is the plain sentence. */
export async function call<T>(p: Promise<IpcResult<T>>): Promise<T> {
  const r = await p;
  if (r.ok) return r.value;
  const err = new Error(r.error.message);
  (err as Error & { code?: string }).code = r.error.code;
  throw err;
}
