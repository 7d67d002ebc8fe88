import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { profileSchema, type Profile, type ProfileView } from '@shared/profiles';
import type { ConnectionDescription } from '../db/connection-url';
import { OperationalError, UserInputError } from '../errors';
import { registerSecret } from '../security/redact';
import { defaultDemoDatabaseFile } from '../user-data';

/** OS-level encryption of secrets; Electron's safeStorage in the app. */
export interface SecretStore {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
  /** Why isAvailable() is false, for the message (e.g. Linux without a key ring). */
  unavailableReason?(): string;
}

const storedSchema = z.object({
  version: z.literal(1),
  profiles: z.array(profileSchema.extend({ password: z.string().optional() })),
});
type Stored = z.infer<typeof storedSchema>;

export const DEMO_PROFILE: Profile = { id: 'demo', name: 'Demo database', connection: { kind: 'demo' } };

/**
 * Connection profiles in `profiles.json` in the user data folder. Passwords are kept only
 * encrypted (base64 of the SecretStore's cipher text) and never leave the main process.
 */
export class ProfileStore {
  constructor(
    private readonly file: string,
    private readonly secrets: SecretStore,
  ) {}

  private read(): Stored {
    if (!fs.existsSync(this.file)) return { version: 1, profiles: [] };
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      throw new OperationalError(`The profile file ${this.file} is damaged.`, 'Rename or delete it; MergeDesk starts a new one.', 'PROFILES_DAMAGED');
    }
    const parsed = storedSchema.safeParse(raw);
    if (!parsed.success) throw new OperationalError(`The profile file ${this.file} is damaged.`, 'Rename or delete it; MergeDesk starts a new one.', 'PROFILES_DAMAGED');
    return parsed.data;
  }

  private write(data: Stored): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file); // never a half-written profile file
  }

  list(): ProfileView[] {
    const stored = this.read().profiles.map(({ password, ...p }) => ({ ...p, hasPassword: password !== undefined }));
    return [{ ...DEMO_PROFILE, hasPassword: false }, ...stored];
  }

  /** Saves a profile; `password` undefined keeps the stored one, null removes it. */
  save(profile: Omit<Profile, 'id'> & { id?: string }, password?: string | null): ProfileView {
    if (profile.id === DEMO_PROFILE.id) throw new UserInputError('The demo profile cannot be changed.', 'Create a new profile instead.');
    const data = this.read();
    const id = profile.id ?? crypto.randomUUID();
    const existing = data.profiles.find((p) => p.id === id);
    let storedPassword = existing?.password;
    if (password === null) storedPassword = undefined;
    else if (password !== undefined) {
      if (!this.secrets.isAvailable()) {
        throw new UserInputError(
          `Passwords cannot be saved on this computer: ${this.secrets.unavailableReason?.() ?? 'the operating system offers no encryption for them'}.`,
          'Save the profile without a password; MergeDesk asks for it when you connect.',
          'ENCRYPTION_UNAVAILABLE',
        );
      }
      storedPassword = this.secrets.encrypt(password).toString('base64');
    }
    const next = { ...profileSchema.parse({ ...profile, id }), ...(storedPassword !== undefined ? { password: storedPassword } : {}) };
    data.profiles = existing ? data.profiles.map((p) => (p.id === id ? next : p)) : [...data.profiles, next];
    this.write(data);
    const { password: _omit, ...view } = next;
    return { ...view, hasPassword: storedPassword !== undefined };
  }

  remove(id: string): void {
    const data = this.read();
    if (!data.profiles.some((p) => p.id === id)) throw new UserInputError(`There is no connection profile "${id}".`, 'Refresh the list of profiles.', 'NOT_FOUND');
    data.profiles = data.profiles.filter((p) => p.id !== id);
    this.write(data);
  }

  get(id: string): ProfileView {
    const p = this.list().find((x) => x.id === id);
    if (!p) throw new UserInputError(`There is no connection profile "${id}".`, 'Refresh the list of profiles.', 'NOT_FOUND');
    return p;
  }

  /** The connection to open, with the password decrypted here in the main process only. */
  connectionFor(id: string, passwordOverride?: string): ConnectionDescription {
    const profile = this.get(id);
    const c = profile.connection;
    const stored = this.read().profiles.find((p) => p.id === id)?.password;
    const password = passwordOverride ?? (stored !== undefined ? this.secrets.decrypt(Buffer.from(stored, 'base64')) : undefined);
    registerSecret(password);
    switch (c.kind) {
      case 'demo':
        return { kind: 'sqlite', file: defaultDemoDatabaseFile() };
      case 'sqlite':
        return { kind: 'sqlite', file: c.file };
      case 'postgres':
        return { kind: 'postgres', host: c.host, port: c.port, database: c.database, user: c.user, ...(password !== undefined ? { password } : {}) };
      case 'mssql': {
        if (password === undefined) throw new UserInputError(`No password for ${c.user} on ${c.host}.`, 'Enter the password when connecting, or save it in the profile.', 'PASSWORD_REQUIRED');
        return {
          kind: 'mssql',
          host: c.host,
          ...(c.instance ? { instance: c.instance } : { port: c.port ?? 1433 }),
          database: c.database,
          auth: c.authType === 'ntlm' ? { type: 'ntlm', domain: c.domain ?? '', user: c.user, password } : { type: 'sql', user: c.user, password },
          encrypt: c.encrypt,
          trustServerCertificate: c.trustServerCertificate,
          connectTimeoutMs: c.connectTimeoutMs,
          requestTimeoutMs: c.requestTimeoutMs,
        };
      }
    }
  }
}
