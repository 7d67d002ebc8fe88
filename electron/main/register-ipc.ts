import { ipcMain, type WebContents } from 'electron';
import { EVENT_CHANNEL } from '../../shared/ipc/define';
import type { Registry } from '../ipc/registry';

/**
 * The one place IPC is registered: every channel of the registry, each answering only
 * the app's own page. Validation and error mapping happen in the registry.
 */
export function registerIpc(registry: Registry, isOwnPage: (url: string) => boolean, window: () => WebContents | undefined): void {
  const running = new Map<string, AbortController>();
  for (const channel of registry.channels) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      const url = event.senderFrame?.url ?? '';
      if (!isOwnPage(url)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Request from an unknown page refused.' } };
      const controller = new AbortController();
      const id = `${channel}#${Date.now()}#${Math.random()}`;
      running.set(id, controller);
      try {
        return await registry.call(channel, input, {
          signal: controller.signal,
          progress: (p) => window()?.send(EVENT_CHANNEL, { type: 'progress', ...p }),
        });
      } finally {
        running.delete(id);
      }
    });
  }
}
