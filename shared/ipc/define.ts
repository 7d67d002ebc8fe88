import type { z } from 'zod';
import type { IpcResult } from './result';

/** One request/response channel: its input schema and (as a type only) its output. */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  /** Phantom: carries the output type, never read at run time. */
  readonly output?: O;
}

export function channel<I extends z.ZodType>(input: I) {
  return {
    returns<O>(): ChannelDef<I, O> {
      return { input };
    },
  };
}

/**
 * Long work the renderer may cancel, by name, with the cancelTask channel (the main
 * process runs each through Session.runTask). Nothing else is cancellable: a merge is
 * one transaction and is never stopped half-way.
 */
export const CANCELLABLE_TASKS = ['scan', 'batch'] as const;
export type CancellableTask = (typeof CANCELLABLE_TASKS)[number];

export type ContractShape = Record<string, ChannelDef>;
export type InputOf<D> = D extends ChannelDef<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<D> = D extends ChannelDef<infer I, unknown> ? z.output<I> : never;
export type OutputOf<D> = D extends ChannelDef<z.ZodType, infer O> ? O : never;

/** The renderer's view: one typed async function per channel. */
export type ApiOf<C extends ContractShape> = {
  [K in keyof C]: (input: InputOf<C[K]>) => Promise<IpcResult<OutputOf<C[K]>>>;
};

/** The IPC channel name for a contract key; one prefix so nothing else can collide. */
export const channelName = (key: string) => `mergedesk:${key}`;
export const EVENT_CHANNEL = 'mergedesk:event';

/**
 * Builds the API object from the contract's keys and one transport function. Preload
 * passes ipcRenderer.invoke; the browser tests pass a function that reaches the same
 * handler registry. The renderer never gets the transport itself.
 */
export function createApi<C extends ContractShape>(
  keys: readonly (keyof C & string)[],
  transport: (channel: string, input: unknown) => Promise<unknown>,
): ApiOf<C> {
  const api = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const key of keys) {
    const name = channelName(key);
    api[key] = (input: unknown) => transport(name, input);
  }
  return Object.freeze(api) as ApiOf<C>;
}
