export { undoRun, UndoRefusedError, type ChangedRow, type RestoredRow, type UndoOptions, type UndoOutcome, type UndoRefusal, type UndoResult } from './undo';
