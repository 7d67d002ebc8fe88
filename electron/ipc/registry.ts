import type { z } from 'zod';
import { channelName, type ContractShape, type OutputOf, type ParsedInputOf } from '@shared/ipc/define';
import type { IpcError, IpcResult } from '@shared/ipc/result';
import { OperationalError, UserInputError } from '../errors';
import { TaskCancelledError } from './session';
import { redactSecrets } from '../security/redact';

/** What a handler gets besides its input. Cancelling long work goes through Session.runTask. */
export interface HandlerContext {
  /** Reports progress of long work to the renderer. */
  progress(event: { task: string; phase: string; done: number; total: number }): void;
}

export type Handlers<C extends ContractShape> = {
  [K in keyof C]: (input: ParsedInputOf<C[K]>, ctx: HandlerContext) => Promise<OutputOf<C[K]>>;
};

/** Turns anything thrown into the plain, serialisable error the renderer shows. */
export function toIpcError(err: unknown): IpcError {
  if (err instanceof UserInputError || err instanceof OperationalError) return { code: err.code, message: redactSecrets(`${err.problem} ${err.fix}`) };
  if (err instanceof TaskCancelledError) return { code: 'CANCELLED', message: err.message };
  if (err instanceof Error && err.name === 'AbortError') return { code: 'CANCELLED', message: 'The task was cancelled.' };
  return { code: 'INTERNAL', message: redactSecrets(`Something went wrong inside MergeDesk: ${err instanceof Error ? err.message : String(err)}`) };
}

function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
}

export interface Registry {
  /** IPC channel names, one per contract key. */
  readonly channels: readonly string[];
  call(channel: string, input: unknown, ctx: HandlerContext): Promise<IpcResult<unknown>>;
}

/**
 * The one dispatch point behind IPC: validates the input against the contract's schema,
 * calls the handler, and maps every error to {code, message}. No Electron here, so the
 * same registry serves Electron and the browser tests.
 */
export function createRegistry<C extends ContractShape>(contract: C, handlers: Handlers<C>): Registry {
  const byChannel = new Map<string, { schema: z.ZodType; handler: (input: unknown, ctx: HandlerContext) => Promise<unknown> }>();
  for (const key of Object.keys(contract)) {
    const handler = handlers[key as keyof C];
    if (typeof handler !== 'function') throw new Error(`No handler for IPC channel ${key}`);
    byChannel.set(channelName(key), { schema: contract[key]!.input, handler: handler as never });
  }
  return {
    channels: [...byChannel.keys()],
    async call(channel, input, ctx) {
      const entry = byChannel.get(channel);
      if (!entry) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown request "${channel}".` } };
      const parsed = entry.schema.safeParse(input);
      if (!parsed.success) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: `Invalid request: ${describeZodError(parsed.error)}.` } };
      }
      try {
        return { ok: true, value: await entry.handler(parsed.data, ctx) };
      } catch (err) {
        return { ok: false, error: toIpcError(err) };
      }
    },
  };
}
