import type { SecretStore } from './store';

/** The part of Electron's safeStorage that MergeDesk uses (kept structural: no Electron import here). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which key store Chromium picked ("gnome_libsecret", "kwallet5", "basic_text", …). */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
}

/**
 * The operating system's key store as a SecretStore. On Linux, safeStorage reports
 * encryption as available even with the "basic_text" backend, which encrypts with a key
 * hard-coded in Chromium when no key ring (GNOME Keyring, KWallet) runs: that protects
 * nothing, so it counts as unavailable and passwords are not saved.
 */
export function osSecretStore(safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretStore {
  const linuxBackend = () => (platform === 'linux' ? (safe.getSelectedStorageBackend?.() ?? 'unknown') : null);
  const weak = () => {
    const backend = linuxBackend();
    return backend === 'basic_text' || backend === 'unknown';
  };
  return {
    isAvailable: () => safe.isEncryptionAvailable() && !weak(),
    unavailableReason: () =>
      safe.isEncryptionAvailable() && weak()
        ? 'no key ring (GNOME Keyring or KWallet) is running, so Linux would keep them under a fixed, publicly known key'
        : 'the operating system offers no encryption for them',
    encrypt: (plain) => safe.encryptString(plain),
    decrypt: (cipher) => safe.decryptString(cipher),
  };
}
