import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_KEYS, type Contract } from '@shared/ipc/contract';
import { createApi, EVENT_CHANNEL } from '@shared/ipc/define';

// One typed function per channel, generated from the contract; no generic invoke escapes.
const api = createApi<Contract>(CHANNEL_KEYS, (channel, input) => ipcRenderer.invoke(channel, input));

contextBridge.exposeInMainWorld('mergedesk', {
  ...api,
  onEvent(listener: (event: unknown) => void) {
    const wrapped = (_e: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
});
