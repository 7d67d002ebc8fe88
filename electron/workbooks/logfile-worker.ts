/**
 * Worker-thread entry that writes merge logfiles (see logfile-thread.ts): each message is one
 * logfile; the answer carries the file system's error code, so the batch words the problem as
 * it does for a logfile written in the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { writeMergeLogfile } from './merge-logfile';
import type { LogfileJob, LogfileAnswer } from './logfile-thread';

parentPort!.on('message', (job: LogfileJob) => {
  writeMergeLogfile(job.file, job.log, job.language).then(
    () => parentPort!.postMessage({ id: job.id } satisfies LogfileAnswer),
    (err: unknown) => {
      const e = err as NodeJS.ErrnoException;
      parentPort!.postMessage({ id: job.id, error: { message: e?.message ?? String(err), ...(e?.code ? { code: e.code } : {}) } } satisfies LogfileAnswer);
    },
  );
});
