import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDirectory, writeFileDurably } from './durable-file';
import { KioskError } from '../../shared/errors';

/**
 * Where the draft key comes from. The Electron app keeps it sealed with the OS keychain
 * (safeStorage, see main/electron/draft-key.ts); the web host keeps it in a 0600 file in the
 * data folder. Either way the key is 32 random bytes made on first use.
 */
export interface DraftKeyProvider {
  readonly description: string;
  load(): Buffer;
}

const KEY_BYTES = 32;

/**
 * The web host's key: `draft.key` in the data folder, owner read/write only, written durably
 * (a power cut never leaves it short). A key file that is there but not 32 bytes (damaged
 * outside the kiosk) is set aside as `<name>.damaged-<time>` and a new key is made: what the
 * old key sealed is then lost, and the core's key check tells staff exactly what (key-check.ts).
 */
export function fileKeyProvider(dataDir: string, fileName = 'draft.key'): DraftKeyProvider {
  const path = join(dataDir, fileName);
  return {
    description: `key file ${path}`,
    load() {
      let key = readKeyFile(path);
      if (key && key.length !== KEY_BYTES) {
        renameSync(path, `${path}.damaged-${Date.now()}`);
        fsyncDirectory(dataDir);
        key = null;
      }
      if (!key) {
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        key = randomBytes(KEY_BYTES);
        // Exclusive: never overwrite a key another process wrote meanwhile (its seals would be lost).
        try {
          writeFileDurably(path, key, { mode: 0o600, exclusive: true });
        } catch (raced) {
          if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
          key = readFileSync(path);
        }
      }
      // A key readable by others is tightened rather than trusted as it is.
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
      if (key.length !== KEY_BYTES) throw new Error(`The draft key file ${path} is not ${KEY_BYTES} bytes; restore it or remove it (unfinished drafts are then lost).`);
      return key;
    },
  };
}

function readKeyFile(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return null;
  }
}

/** What a store needs of the at-rest key: the current cipher (throws when the key cannot be read). */
export type SealingSource = () => Pick<DraftCipher, 'seal' | 'open'>;

/**
 * The one holder of the at-rest key in the core: counter drafts, queued outbox payloads, roster
 * names and names on register rows are all sealed with it. The key is loaded (or, on first use,
 * made) when something is first sealed or opened; `forget()` drops it from memory, so after the
 * admin wipe removed the key files the next seal makes a fresh key, without a restart.
 */
export class SealingKey {
  private cipher: DraftCipher | null = null;

  constructor(private readonly provider: DraftKeyProvider) {}

  /** The cipher of the current key; a typed `key_unavailable` when the key cannot be read (nothing is cached then). */
  current(): DraftCipher {
    if (!this.cipher) {
      try {
        this.cipher = new DraftCipher(this.provider.load());
      } catch (error) {
        throw new KioskError('key_unavailable', `The kiosk's at-rest key cannot be read (${error instanceof Error ? error.message : String(error)}): restart the kiosk; if it stays, ask an admin.`);
      }
    }
    return this.cipher;
  }

  /** Drops the key from memory (after the wipe removed its files): what it sealed no longer opens. */
  forget(): void {
    this.cipher = null;
  }
}

/**
 * AES-256-GCM for drafts and HMAC-SHA-256 for lookups, each with its own key derived from the
 * master key (HKDF-SHA-256). Sealed form: iv (12) | tag (16) | ciphertext; the AAD binds a
 * sealed blob to its row so a blob moved to another row does not open.
 */
export class DraftCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(master: Buffer) {
    if (master.length !== KEY_BYTES) throw new Error('The draft key must be 32 bytes.');
    this.encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'coop-kiosk draft encryption v1', KEY_BYTES));
    this.macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'coop-kiosk draft lookup v1', KEY_BYTES));
  }

  seal(value: unknown, aad: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Throws when the blob was altered, belongs to another row, or was sealed with another key. */
  open<T>(sealed: Buffer, aad: string): T {
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(12, 28));
    const text = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  }

  /** A stable, keyed fingerprint (hex): finds a card's draft without storing the number. */
  fingerprint(purpose: string, value: string): string {
    return createHmac('sha256', this.macKey).update(`${purpose}\u0000${value}`).digest('hex');
  }
}
