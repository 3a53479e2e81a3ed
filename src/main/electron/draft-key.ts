import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { safeStorage } from 'electron';
import { fileKeyProvider, type DraftKeyProvider } from '../db/sealing';
import { writeFileDurably } from '../db/durable-file';

/**
 * The app's draft key, sealed by the OS (Keychain, DPAPI, libsecret / kwallet) through
 * Electron's safeStorage and kept as `draft.key.sealed` in the data folder. Where the OS has no
 * usable secret store (safeStorage reports it, or Linux falls back to its "basic_text" backend),
 * the web host's 0600 key file is used instead, and the log says so.
 */
export function safeStorageKeyProvider(dataDir: string, log: (line: string) => void): DraftKeyProvider {
  const path = join(dataDir, 'draft.key.sealed');
  const usable = safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  if (!usable) {
    log('kiosk: safeStorage has no OS secret store here; the draft key is kept in a 0600 key file instead.');
    return fileKeyProvider(dataDir);
  }
  return {
    description: `safeStorage (${path})`,
    load() {
      try {
        return Buffer.from(safeStorage.decryptString(readFileSync(path)), 'base64');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      const key = randomBytes(32);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Durably (temp file, fsync, link, folder fsync): a power cut never leaves an empty sealed key.
      writeFileDurably(path, safeStorage.encryptString(key.toString('base64')), { mode: 0o600, exclusive: true });
      return key;
    },
  };
}
