import { z } from 'zod';
import { channel } from './define';

/**
 * Channels of the Settings, History and Logfile screens. Spread into the one contract in
 * contract.ts; kept in their own file so the screens can grow without touching the rest.
 */
export const adminChannels = {
  // placeholder: replaced by the settings/history/logfile channels
  ping: channel(z.object({}).strict()).returns<'pong'>(),
};
