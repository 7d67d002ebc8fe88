/**
 * Merge logfiles written in a second thread. A batch hands it each pair's logfile, so on two
 * cores the next pair merges while the last pair's logfile is written. A single merge stages
 * its logfile there as soon as its plan is made: the tables (most of a large logfile) are laid
 * out and rendered while the merge applies the plan, and only the Summary is left for when it
 * has ended. The content is made in the caller (logFromResult, logTablesOf); the thread lays it
 * out and writes it. A thread that dies fails the writes it had (each then becomes the usual
 * "logfile could not be written" warning; `logfile --run N` makes it again).
 */
import { Worker } from 'node:worker_threads';
import type { Language } from '@shared/i18n/languages';
import type { LogSummary, MergeLog, MergeLogTables } from './merge-logfile';

export type LogfileJob =
  | { kind: 'write'; id: number; file: string; log: MergeLog; language: Language }
  | { kind: 'stage'; id: number; tables: MergeLogTables; provisional: LogSummary; language: Language }
  | { kind: 'finish'; id: number; file: string; summary: LogSummary }
  | { kind: 'abandon'; id: number };

export interface LogfileAnswer {
  id: number;
  error?: { message: string; code?: string };
}

/** A logfile staged in the thread: finish it with the merge's Summary, or abandon it. */
export interface StagedLogfile {
  finish(file: string, summary: LogSummary): Promise<void>;
  abandon(): void;
}

export interface LogfileThread {
  write(file: string, log: MergeLog, language: Language): Promise<void>;
  stage(tables: MergeLogTables, provisional: LogSummary, language: Language): StagedLogfile;
  /** Ends the thread; writes not yet answered fail (the caller awaits its writes first). */
  close(): Promise<void>;
  /** False once the thread has stopped. */
  readonly alive: boolean;
}

/**
 * `idleUnref`: the thread does not keep the process alive while no write waits for it (the
 * process-wide thread of sharedLogfileThread, which a CLI command must not outlive).
 */
export function startLogfileThread(opts: { idleUnref?: boolean } = {}): LogfileThread {
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
  const idle = () => {
    if (opts.idleUnref && waiting.size === 0) worker.unref();
  };
  worker.on('message', (a: LogfileAnswer) => {
    const w = waiting.get(a.id);
    if (!w) return;
    waiting.delete(a.id);
    idle();
    if (a.error) w.reject(Object.assign(new Error(a.error.message), a.error.code ? { code: a.error.code } : {}));
    else w.resolve();
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the logfile writer stopped (exit code ${code})`)));
  idle(); // after the listeners: adding one refs the thread again
  const answered = (job: LogfileJob) => {
    if (dead) return Promise.reject(dead);
    return new Promise<void>((resolve, reject) => {
      waiting.set(job.id, { resolve, reject });
      worker.ref();
      worker.postMessage(job);
    });
  };
  return {
    write(file, log, language) {
      return answered({ kind: 'write', id: ++next, file, log, language });
    },
    stage(tables, provisional, language) {
      const id = ++next;
      if (!dead) worker.postMessage({ kind: 'stage', id, tables, provisional, language } satisfies LogfileJob);
      let settled = false;
      return {
        finish(file, summary) {
          settled = true;
          return answered({ kind: 'finish', id, file, summary });
        },
        abandon() {
          if (settled || dead) return;
          settled = true;
          worker.postMessage({ kind: 'abandon', id } satisfies LogfileJob);
        },
      };
    },
    get alive() {
      return dead === null;
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
      failAll(new Error('the logfile writer was closed'));
    },
  };
}

let shared: LogfileThread | null = null;

/** The process's logfile thread for single merges, started on first use (and again if it stopped). */
export function sharedLogfileThread(): LogfileThread {
  if (!shared?.alive) shared = startLogfileThread({ idleUnref: true });
  return shared;
}

/** Ends the process's logfile thread (a CLI command, once its logfile is written). */
export async function closeSharedLogfileThread(): Promise<void> {
  const t = shared;
  shared = null;
  await t?.close();
}
