import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { osSecretStore, type SafeStorageLike } from '../../electron/profiles/secret-store';
import { ProfileStore } from '../../electron/profiles/store';
import { UserInputError } from '../../electron/errors';
import { tempDir } from '../helpers/databases';

/**
 * Electron's safeStorage as it behaves on Linux: encryption "available" with any backend;
 * basic_text encrypts with Chromium's fixed key (modelled here as one constant AES key).
 */
function linuxSafeStorage(backend: string): SafeStorageLike {
  const key = backend === 'basic_text' ? Buffer.alloc(32, 'peanuts') : crypto.randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = crypto.randomBytes(16);
      const c = crypto.createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]);
    },
    decryptString(buf) {
      const d = crypto.createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
      return Buffer.concat([d.update(buf.subarray(16)), d.final()]).toString('utf8');
    },
  };
}

const profile = {
  name: 'Production LMS',
  connection: { kind: 'postgres' as const, host: 'db01', port: 5432, database: 'lms', user: 'merge_admin' },
};

describe('saving passwords only with a real key store (Linux basic_text)', () => {
  it('refuses to save a password when the Linux backend is basic_text, and writes nothing of it', () => {
    const file = path.join(tempDir(), 'profiles.json');
    const store = new ProfileStore(file, osSecretStore(linuxSafeStorage('basic_text'), 'linux'));
    let caught: unknown;
    try {
      store.save(profile, 'Geheim-123');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserInputError);
    expect(caught).toMatchObject({ code: 'ENCRYPTION_UNAVAILABLE', problem: expect.stringMatching(/no key ring \(GNOME Keyring or KWallet\)/) });
    expect(fs.existsSync(file)).toBe(false);
    // Without a password the profile is saved; the password is asked for when connecting.
    expect(store.save(profile).hasPassword).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/password/);
  });

  it('saves it with a real Linux key ring, and on Windows (no backend question there)', () => {
    for (const [backend, platform] of [['gnome_libsecret', 'linux'], ['kwallet5', 'linux'], ['basic_text', 'win32']] as const) {
      const store = new ProfileStore(path.join(tempDir(), 'profiles.json'), osSecretStore(linuxSafeStorage(backend), platform));
      const saved = store.save(profile, 'Geheim-123');
      expect(saved.hasPassword).toBe(true);
      expect(store.connectionFor(saved.id)).toMatchObject({ password: 'Geheim-123' });
    }
  });

  it('counts an unknown backend (asked too early) as no key store', () => {
    expect(osSecretStore(linuxSafeStorage('unknown'), 'linux').isAvailable()).toBe(false);
    expect(osSecretStore({ ...linuxSafeStorage('x'), isEncryptionAvailable: () => false }, 'darwin').isAvailable()).toBe(false);
  });
});
