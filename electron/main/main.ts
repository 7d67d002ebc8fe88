import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, safeStorage, session, shell } from 'electron';
import log from 'electron-log/main';
import { contract } from '@shared/ipc/contract';
import { createHandlers } from '../ipc/handlers';
import { createRegistry } from '../ipc/registry';
import { ProfileStore, type SecretStore } from '../profiles/store';
import { osSecretStore } from '../profiles/secret-store';
import { ensureDemoDatabase } from '../demo-database';
import { defaultDemoDatabaseFile, userDataDir } from '../user-data';
import { redactSecrets } from '../security/redact';
import { contentSecurityPolicy } from './csp';
import { registerIpc } from './register-ipc';

const here = path.dirname(fileURLToPath(import.meta.url));
const devServer = process.env.MERGEDESK_DEV_SERVER_URL;
const pageUrl = devServer ?? pathToFileURL(path.join(here, '../renderer/index.html')).toString();

app.setName('MergeDesk');
app.setPath('userData', userDataDir());

log.transports.file.resolvePathFn = () => path.join(userDataDir(), 'logs', 'main.log');
log.transports.file.maxSize = 5 * 1024 * 1024; // rotated to main.old.log
log.hooks.push((message) => ({
  ...message,
  // Secrets never reach the log: passwords in URLs and in key=value pairs are masked.
  data: message.data.map((d) => (typeof d === 'string' ? redactSecrets(d) : d instanceof Error ? redactSecrets(d.stack ?? d.message) : d)),
}));

// On Linux the "basic_text" backend counts as no encryption (see osSecretStore).
const secrets: SecretStore = osSecretStore(safeStorage);

function isOwnPage(url: string): boolean {
  return devServer ? url.startsWith(devServer) : url === pageUrl || url.startsWith(`${pageUrl}#`);
}

let mainWindow: BrowserWindow | undefined;

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1100,
    minHeight: 640,
    title: 'MergeDesk',
    show: false,
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const wc = mainWindow.webContents;
  wc.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  wc.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(pageUrl);
}

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy({ header: true, ...(devServer ? { devServerUrl: devServer } : {}) })],
      },
    });
  });
  // A logfile double-clicked in Explorer (file association) arrives as an argument.
  const startupFile = process.argv.slice(1).find((a) => /\.xlsx$/i.test(a));
  const handlers = createHandlers({
    ...(startupFile ? { startupFile: path.resolve(startupFile) } : {}),
    profiles: new ProfileStore(path.join(userDataDir(), 'profiles.json'), secrets),
    version: app.getVersion(),
    dialogs: {
      chooseFile: async (purpose) => {
        const filters = purpose === 'mapping' ? [{ name: 'Mapping file', extensions: ['json'] }] : [{ name: 'SQLite database', extensions: ['db', 'sqlite', 'sqlite3'] }];
        const r = await dialog.showOpenDialog(mainWindow!, { properties: ['openFile'], filters });
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
    },
    desktop: {
      saveFileDialog: async (defaultName) => {
        const r = await dialog.showSaveDialog(mainWindow!, { defaultPath: defaultName, filters: [{ name: 'Excel logfile', extensions: ['xlsx'] }] });
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      openPath: async (file) => {
        const error = await shell.openPath(file);
        if (error) throw new Error(error);
      },
    },
  });
  registerIpc(createRegistry(contract, handlers), isOwnPage, () => mainWindow?.webContents);
  log.info(`MergeDesk ${app.getVersion()} started`);
  createWindow();
  // The demo database is made on first start, in the background; connecting waits for it.
  ensureDemoDatabase(defaultDemoDatabaseFile()).catch((err: Error) => log.error(`Creating the demo database failed: ${err.message}`));
});

app.on('window-all-closed', () => app.quit());
