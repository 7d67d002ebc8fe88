import os from 'node:os';
import path from 'node:path';

/**
 * The folder Electron's app.getPath('userData') uses for "MergeDesk", computed without
 * Electron so the CLI and the app share profiles and the demo database.
 * MERGEDESK_HOME overrides it (tests, portable installs).
 */
export function userDataDir(): string {
  if (process.env.MERGEDESK_HOME) return path.resolve(process.env.MERGEDESK_HOME);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'MergeDesk');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'MergeDesk');
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'MergeDesk');
  }
}

export function defaultDemoDatabaseFile(): string {
  return path.join(userDataDir(), 'demo.db');
}
