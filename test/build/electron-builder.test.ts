import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const configFile = path.resolve('build/electron-builder.json');
const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));

describe('Windows packaging configuration', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    // The check itself rejects a broken configuration.
    await expect(validateConfiguration({ ...structuredClone(config), nsis: { oneClick: 'sometimes' }, notAnOption: true }, new DebugLogger(false))).rejects.toThrow();
  });

  it('builds an NSIS installer and a portable exe for Windows x64 with the app icon', () => {
    expect(config.appId).toBe('com.mergedesk.app');
    expect(config.productName).toBe('MergeDesk');
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis', 'portable']);
    const icon = fs.readFileSync(path.resolve(config.win.icon));
    expect(icon.subarray(1, 4).toString()).toBe('PNG');
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(256); // Windows needs at least 256×256
  });

  it('unpacks the native SQLite module from the asar and hardens the Electron fuses', () => {
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, enableNodeCliInspectArguments: false });
  });

  it('packages the built main process that package.json points at', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    expect(pkg.main).toBe('dist/electron/main.mjs');
    expect(config.files).toContain('dist/**/*');
    expect(pkg.devDependencies.electron).toBeDefined();
    expect(pkg.dependencies.electron).toBeUndefined();
  });
});
