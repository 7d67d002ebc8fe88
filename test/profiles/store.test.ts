import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileStore, type SecretStore } from '../../electron/profiles/store';
import { tempDir } from '../helpers/databases';

/** Real AES-GCM with a per-test key, standing in for the OS keychain behind safeStorage. */
function aesSecrets(): SecretStore {
  const key = crypto.randomBytes(32);
  return {
    isAvailable: () => true,
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(buf) {
      const d = crypto.createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const sqlServer = {
  name: 'Production LMS',
  connection: {
    kind: 'mssql' as const, host: 'sql01', database: 'LMS', authType: 'sql' as const, user: 'merge_admin',
    encrypt: true, trustServerCertificate: false, connectTimeoutMs: 15000, requestTimeoutMs: 60000,
  },
};

describe('connection profiles', () => {
  it('always offers the demo database first', () => {
    const store = new ProfileStore(path.join(tempDir(), 'profiles.json'), aesSecrets());
    expect(store.list().map((p) => p.id)).toEqual(['demo']);
    expect(store.connectionFor('demo')).toMatchObject({ kind: 'sqlite' });
  });

  it('keeps the password only encrypted, shows only that one is stored, and decrypts it for connecting', () => {
    const file = path.join(tempDir(), 'profiles.json');
    const store = new ProfileStore(file, aesSecrets());
    const saved = store.save(sqlServer, 'S3cret-Passw0rd');
    expect(saved).not.toHaveProperty('password');
    expect(saved.hasPassword).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('S3cret-Passw0rd');
    expect(JSON.stringify(store.list())).not.toContain('S3cret');
    expect(store.connectionFor(saved.id)).toMatchObject({ kind: 'mssql', auth: { type: 'sql', user: 'merge_admin', password: 'S3cret-Passw0rd' } });
    // Saving again without a password keeps it; null removes it.
    store.save({ ...sqlServer, id: saved.id, name: 'Renamed' });
    expect(store.get(saved.id)).toMatchObject({ name: 'Renamed', hasPassword: true });
    store.save({ ...sqlServer, id: saved.id }, null);
    expect(store.get(saved.id).hasPassword).toBe(false);
    expect(() => store.connectionFor(saved.id)).toThrowError(/No password for merge_admin/);
  });

  it('refuses to save a password where the system offers no encryption, and saves nothing', () => {
    const file = path.join(tempDir(), 'profiles.json');
    const store = new ProfileStore(file, { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' });
    expect(() => store.save(sqlServer, 'pw')).toThrowError(/Passwords cannot be saved on this computer/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('says so when the profile file is damaged, and refuses to change the demo profile', () => {
    const file = path.join(tempDir(), 'profiles.json');
    fs.writeFileSync(file, '{"version": 1, "profiles": [{"id": 3}]}');
    const store = new ProfileStore(file, aesSecrets());
    expect(() => store.list()).toThrowError(/is damaged/);
    expect(() => new ProfileStore(path.join(tempDir(), 'p.json'), aesSecrets()).save({ ...sqlServer, id: 'demo' })).toThrowError(/demo profile cannot be changed/);
  });
});
