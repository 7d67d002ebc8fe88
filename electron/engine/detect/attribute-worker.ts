/**
 * Worker-thread entry that reads the user attributes (see attribute-thread.ts) over its
 * own connection while the scan's thread reads the users, and posts the table back (its
 * typed arrays moved, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/connect';
import { LmsMapping } from '../../db/mapping';
import { readAttributeTable } from './attributes';
import { countScannedUsers } from './scanned-users';
import type { AttributeWorkerInput } from './attribute-thread';

async function run(input: AttributeWorkerInput): Promise<void> {
  const db = await openDatabase(input.connection, { mustExist: true });
  try {
    const m = new LmsMapping(input.mappingFile);
    const table = await readAttributeTable(db, m, await countScannedUsers(db, m));
    const t = { ...table, userIds: table.userIds.slice(0, table.length), slots: table.slots.slice(0, table.length), valueIndex: table.valueIndex.slice(0, table.length) };
    parentPort!.postMessage({ type: 'table', table: t }, [t.userIds.buffer, t.slots.buffer, t.valueIndex.buffer]);
  } finally {
    await db.destroy();
  }
}

run(workerData as AttributeWorkerInput).catch((err: unknown) => {
  const e = err as { name?: string; message?: string };
  parentPort!.postMessage({ type: 'error', error: { name: e?.name ?? 'Error', message: e?.message ?? String(err) } });
});
