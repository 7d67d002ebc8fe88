/**
 * Worker-thread entry that writes merge logfiles (see logfile-thread.ts): a 'write' is one
 * logfile; a 'stage' lays out and renders a logfile's tables and waits for its 'finish' (the
 * Summary and the file) or 'abandon'. The answer carries the file system's error code, so the
 * caller words the problem as it does for a logfile written in its own thread.
 */
import { parentPort } from 'node:worker_threads';
import { stageMergeLogfile, writeMergeLogfile, type StagedMergeLogfile } from './merge-logfile';
import type { LogfileJob, LogfileAnswer } from './logfile-thread';

/** Staged logfiles by job id; a staging that failed keeps its error for the finish to report. */
const staged = new Map<number, StagedMergeLogfile | Error>();

const answer = (id: number, done: Promise<void>) =>
  done.then(
    () => parentPort!.postMessage({ id } satisfies LogfileAnswer),
    (err: unknown) => {
      const e = err as NodeJS.ErrnoException;
      parentPort!.postMessage({ id, error: { message: e?.message ?? String(err), ...(e?.code ? { code: e.code } : {}) } } satisfies LogfileAnswer);
    },
  );

parentPort!.on('message', (job: LogfileJob) => {
  if (job.kind === 'write') return void answer(job.id, writeMergeLogfile(job.file, job.log, job.language));
  if (job.kind === 'stage') {
    try {
      staged.set(job.id, stageMergeLogfile(job.tables, job.provisional, job.language));
    } catch (err) {
      staged.set(job.id, err as Error);
    }
    return;
  }
  const s = staged.get(job.id);
  staged.delete(job.id);
  if (job.kind === 'abandon') return;
  if (!s) return void answer(job.id, Promise.reject(new Error(`no logfile was staged for job ${job.id}`)));
  answer(job.id, s instanceof Error ? Promise.reject(s) : s.finish(job.file, job.summary));
});
