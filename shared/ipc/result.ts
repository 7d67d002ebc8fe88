/** What every IPC call resolves to: errors cross the boundary as plain data, never as thrown objects. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface IpcError {
  /** Stable code for the UI to branch on, e.g. INVALID_INPUT, AUTH_FAILED, DB_UNREACHABLE. */
  code: string;
  /** A sentence for people: the problem and the fix. Never contains secrets. */
  message: string;
}
