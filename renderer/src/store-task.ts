/**
 * The one way a store runs an awaited action: `start` is set before (the busy marker, and
 * `error: null` where the action clears the last error), a failure sets `failed(message)`
 * (default: the message as `error`) and gives undefined, and `end` is set afterwards,
 * failed or not (the busy marker back to idle; a function when it must also stop something).
 */
export interface TaskSteps<S> {
  start?: Partial<S>;
  end?: Partial<S> | (() => Partial<S>);
  failed?: (message: string) => Partial<S>;
}

export async function runTask<S, T>(set: (patch: Partial<S>) => void, steps: TaskSteps<S>, fn: () => Promise<T>): Promise<T | undefined> {
  if (steps.start) set(steps.start);
  try {
    return await fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    set(steps.failed ? steps.failed(message) : ({ error: message } as unknown as Partial<S>));
    return undefined;
  } finally {
    if (steps.end) set(typeof steps.end === 'function' ? steps.end() : steps.end);
  }
}
