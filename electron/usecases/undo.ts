import type { Knex } from 'knex';
import type { Language } from '@shared/i18n/languages';
import type { Operator } from '../auth/operator';
import type { LmsMapping } from '../db/mapping';
import { writeUndoLogfile } from '../workbooks/index';
import { undoRun, type UndoOptions, type UndoResult } from '../engine/undo/index';
import { writeOrWarn } from './file-problem';

export interface UndoReport {
  result: UndoResult;
  logfile: string | null;
  warnings: string[];
}

/** The undo use case (CLI and app): undo → logfile (in `language`) → report; a logfile problem is a warning, never a failed undo. */
export async function undoUseCase(
  db: Knex,
  m: LmsMapping,
  operator: Operator,
  runId: number,
  options: UndoOptions,
  logfile: ((r: UndoResult) => string) | null,
  language: Language = 'en',
): Promise<UndoReport> {
  const result = await undoRun(db, m, runId, operator, options);
  if (!logfile || result.runId <= 0) return { result, logfile: null, warnings: [] };
  const written = await writeOrWarn(() => logfile(result), (f) => writeUndoLogfile(f, result, language), `mergedesk logfile --run ${result.runId} --out FILE.xlsx`);
  return { result, logfile: written.logfile, warnings: written.warning ? [written.warning] : [] };
}
