import fs from 'node:fs';
import path from 'node:path';
import { userDataDir } from '../user-data';

/** Where the app writes the logfile of a merge it ran itself. */
export function runLogfilePath(runId: number): string {
  return path.join(userDataDir(), 'logfiles', `run-${runId}.xlsx`);
}

/** Where the app writes an undo's logfile (other sheets than a merge logfile). */
export function undoLogfilePath(runId: number): string {
  return path.join(userDataDir(), 'logfiles', `undo-${runId}.xlsx`);
}

const BATCH_LOGFILE = /^run-(\d+)-.*\.xlsx$/;

/**
 * Every merge logfile on this computer by run id: the app's own, and those of batch runs
 * (`batches/<time>/run-<id>-row-….xlsx`). One directory listing per folder, not per run.
 */
const isFolder = (dir: string) => {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
};

export function runLogfileIndex(): Map<number, string> {
  const index = new Map<number, string>();
  const batches = path.join(userDataDir(), 'batches');
  if (isFolder(batches)) {
    for (const dir of fs.readdirSync(batches, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const f of fs.readdirSync(path.join(batches, dir.name))) {
        const m = BATCH_LOGFILE.exec(f);
        if (m) index.set(Number(m[1]), path.join(batches, dir.name, f));
      }
    }
  }
  const own = path.join(userDataDir(), 'logfiles');
  if (isFolder(own)) {
    for (const f of fs.readdirSync(own)) {
      const m = /^run-(\d+)\.xlsx$/.exec(f);
      if (m) index.set(Number(m[1]), path.join(own, f));
    }
  }
  return index;
}

/** The logfile of one run, or null when it is not on this computer. */
export function findRunLogfile(runId: number): string | null {
  const own = runLogfilePath(runId);
  return fs.existsSync(own) ? own : (runLogfileIndex().get(runId) ?? null);
}
