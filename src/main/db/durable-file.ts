import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface DurableWriteOptions {
  /** File mode of a new file (default 0600: every file the kiosk writes is its own). */
  mode?: number;
  /** true: never replace a file that is already there (throws EEXIST); false: replace it atomically. */
  exclusive?: boolean;
}

/**
 * The one way the kiosk writes a file it depends on (the at-rest key, anything next to the
 * database): the bytes go to `<name>.tmp` beside it, which is fsynced, then put in place with
 * one rename (or link, for `exclusive`), then the folder is fsynced so the new name survives a
 * power cut too. A power cut at any point leaves either the old file (or none) or the whole new
 * one, never a short or empty file. One kiosk process owns a data folder, so the temporary name
 * is fixed (a stale one from a cut is simply overwritten).
 */
export function writeFileDurably(path: string, data: Uint8Array, options: DurableWriteOptions = {}): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `${basename(path)}.tmp`);
  const fd = openSync(temporary, 'w', options.mode ?? 0o600);
  try {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (options.exclusive) {
      // link() fails with EEXIST when the name is taken: a key another start made is never replaced.
      linkSync(temporary, path);
      rmSync(temporary, { force: true });
    } else {
      renameSync(temporary, path);
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  fsyncDirectory(folder);
}

/** Makes the names in a folder (a create, rename or unlink) durable: fsync of the folder itself. */
export function fsyncDirectory(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
