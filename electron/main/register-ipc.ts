import { ipcMain, type WebContents } from 'electron';
import { EVENT_CHANNEL } from '@shared/ipc/define';
import type { Registry } from '../ipc/registry';

/**
 * The one place IPC is registered: every channel of the registry, each answering only
 * the app's own page. Validation and error mapping happen in the registry.
 */
export function registerIpc(registry: Registry, isOwnPage: (url: string) => boolean, window: () => WebContents | undefined): void {
  for (const channel of registry.channels) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      const url = event.senderFrame?.url ?? '';
      if (!isOwnPage(url)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Request from an unknown page refused.' } };
      return registry.call(channel, input, { progress: (p) => window()?.send(EVENT_CHANNEL, { type: 'progress', ...p }) });
    });
  }
}
