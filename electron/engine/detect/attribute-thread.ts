/**
 * Reading the user attributes in a second thread while the scan reads the users: the two
 * reads are of about the same size and each keeps one core busy (rows to objects, values
 * folded), so on two cores they take the time of one. The thread opens its own
 * connection (a SQLite file allows a second reader; a server database a second session).
 */
import { Worker } from 'node:worker_threads';
import type { ConnectionDescription } from '../../db/connection-url';
import type { MappingFile } from '../../db/mapping';
import type { AttributeTable } from './attributes';

export interface AttributeWorkerInput {
  connection: ConnectionDescription;
  mappingFile: MappingFile;
}

type AttributeWorkerMessage = { type: 'table'; table: AttributeTable } | { type: 'error'; error: { name: string; message: string } };

/** A started read; `table` settles when it is done, `stop()` ends the thread (a cancelled scan). */
export interface AttributeRead {
  table: Promise<AttributeTable>;
  stop(): Promise<void>;
}

export function readAttributesInThread(input: AttributeWorkerInput): AttributeRead {
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = new Worker(new URL(fromSource ? './attribute-worker-source.mjs' : './attribute-worker.mjs', import.meta.url), { workerData: input });
  const table = new Promise<AttributeTable>((resolve, reject) => {
    worker.once('message', (m: AttributeWorkerMessage) => {
      if (m.type === 'table') resolve(m.table);
      else reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The attribute reader stopped unexpectedly (exit code ${code}).`)));
  });
  // A scan that fails or is cancelled before awaiting the table must not leave a rejection unhandled.
  table.catch(() => undefined);
  return {
    table,
    stop: async () => {
      await worker.terminate();
    },
  };
}
