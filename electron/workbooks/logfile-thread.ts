/**
 * Merge logfiles written in a second thread, for a batch: building and zipping a workbook
 * costs about as much CPU as the merge itself, so on two cores the next pair merges while the
 * last pair's logfile is written. The content is made in the caller (logFromResult); the thread
 * only lays it out and writes it. A thread that dies fails the writes it had (each then
 * becomes the usual "logfile could not be written" warning; `logfile --run N` makes it again).
 */
import { Worker } from 'node:worker_threads';
import type { Language } from '@shared/i18n/languages';
import type { MergeLog } from './merge-logfile';

export interface LogfileJob {
  id: number;
  file: string;
  log: MergeLog;
  language: Language;
}

export interface LogfileAnswer {
  id: number;
  error?: { message: string; code?: string };
}

export interface LogfileThread {
  write(file: string, log: MergeLog, language: Language): Promise<void>;
  /** Ends the thread; writes not yet answered fail (the caller awaits its writes first). */
  close(): Promise<void>;
}

export function startLogfileThread(): LogfileThread {
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = new Worker(new URL(fromSource ? './logfile-worker-source.mjs' : './logfile-worker.mjs', import.meta.url));
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let next = 0;
  let dead: Error | null = null;
  const failAll = (e: Error) => {
    dead = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (a: LogfileAnswer) => {
    const w = waiting.get(a.id);
    if (!w) return;
    waiting.delete(a.id);
    if (a.error) w.reject(Object.assign(new Error(a.error.message), a.error.code ? { code: a.error.code } : {}));
    else w.resolve();
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the logfile writer stopped (exit code ${code})`)));
  return {
    write(file, log, language) {
      if (dead) return Promise.reject(dead);
      const id = ++next;
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, file, log, language } satisfies LogfileJob);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
      failAll(new Error('the logfile writer was closed'));
    },
  };
}
