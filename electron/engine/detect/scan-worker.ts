/**
 * Worker-thread entry of the scan (see scan-thread.ts): opens its own connection from the
 * description it is given, runs the same scan() as the CLI, and posts progress and the
 * result back. The main thread cancels by terminating this thread, which stops it in any
 * phase, even inside a long synchronous loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/connect';
import { LmsMapping } from '../../db/mapping';
import { scan } from './scan';
import type { ScanWorkerInput, ScanWorkerMessage } from './scan-thread';

const post = (m: ScanWorkerMessage) => parentPort!.postMessage(m);

async function run(input: ScanWorkerInput): Promise<void> {
  const db = await openDatabase(input.connection, { mustExist: true });
  try {
    const result = await scan(db, new LmsMapping(input.mappingFile), { ...input.options, connection: input.connection, onProgress: (p) => post({ type: 'progress', progress: p }) });
    post({ type: 'result', result });
  } finally {
    await db.destroy();
  }
}

run(workerData as ScanWorkerInput).catch((err: unknown) => {
  const e = err as { name?: string; message?: string; problem?: string; fix?: string; code?: string };
  post({ type: 'error', error: { name: e?.name ?? 'Error', message: e?.message ?? String(err), problem: e?.problem, fix: e?.fix, code: e?.code } });
});
