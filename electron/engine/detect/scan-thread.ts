/**
 * Runs scan() in a worker thread so the Electron main process (and with it the window)
 * stays responsive, and a cancel takes effect at once in any phase: the worker is
 * terminated. The worker opens its own connection from the ConnectionDescription (a
 * SQLite file allows a second reader; a server database a second session).
 */
import { Worker } from 'node:worker_threads';
import type { ConnectionDescription } from '../../db/connection-url';
import type { MappingFile } from '../../db/mapping';
import { OperationalError, UserInputError } from '../../errors';
import { ScanCancelledError, type ScanOptions, type ScanProgress, type ScanResult } from './scan';

/** Options that cross the thread boundary (functions and signals stay on this side). */
export type ScanWorkerOptions = Omit<ScanOptions, 'onProgress' | 'signal'>;

export interface ScanWorkerInput {
  connection: ConnectionDescription;
  mappingFile: MappingFile;
  options: ScanWorkerOptions;
}

export type ScanWorkerMessage =
  | { type: 'progress'; progress: ScanProgress }
  | { type: 'result'; result: ScanResult }
  | { type: 'error'; error: { name: string; message: string; problem?: string; fix?: string; code?: string } };

/**
 * The worker's file: from source (tsx, vitest) a small .mjs that registers tsx first;
 * from dist/electron/main.mjs the bundled worker beside it (scripts/build-electron.mjs).
 */
function startWorker(input: ScanWorkerInput): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  return new Worker(new URL(fromSource ? './scan-worker-source.mjs' : './scan-worker.mjs', import.meta.url), { workerData: input });
}

function rebuildError(e: Extract<ScanWorkerMessage, { type: 'error' }>['error']): Error {
  if (e.name === 'UserInputError' && e.problem !== undefined && e.fix !== undefined) return new UserInputError(e.problem, e.fix, e.code);
  if (e.name === 'OperationalError' && e.problem !== undefined && e.fix !== undefined) return new OperationalError(e.problem, e.fix, e.code);
  if (e.name === 'ScanCancelledError') return new ScanCancelledError();
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export interface ThreadScanOptions extends ScanWorkerOptions {
  onProgress?: (p: ScanProgress) => void;
  signal?: AbortSignal;
}

/** scan() in a worker thread; rejects with ScanCancelledError as soon as the signal aborts and the thread has stopped. */
export function scanInWorker(connection: ConnectionDescription, mappingFile: MappingFile, options: ThreadScanOptions = {}): Promise<ScanResult> {
  const { onProgress, signal, ...rest } = options;
  if (signal?.aborted) return Promise.reject(new ScanCancelledError());
  const worker = startWorker({ connection, mappingFile, options: rest });
  return new Promise<ScanResult>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    // Rejected once the thread has stopped (terminate interrupts even a synchronous loop),
    // so when the caller hears "cancelled" no scan work and no connection is left behind.
    const onAbort = () => {
      settle(() => {
        const cancelled = () => reject(new ScanCancelledError());
        worker.terminate().then(cancelled, cancelled);
      });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: ScanWorkerMessage) => {
      if (settled) return;
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'result') settle(() => resolve(m.result));
      else settle(() => reject(rebuildError(m.error)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`The scan worker stopped unexpectedly (exit code ${code}).`))));
  });
}
