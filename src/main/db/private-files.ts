import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The kiosk's data folder and files belong to the kiosk's OS user alone: folder 0700, files
 * 0600. Modes are set explicitly rather than left to the umask (which only ever removes bits
 * from what is asked, and SQLite asks for 0644), and folders or files left looser by an older
 * version are tightened.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder 0700 (and its missing parents), or tightens it when others can open it. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Tightens an existing file to 0600; a missing file is left missing. */
export function tightenFile(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((mode & 0o077) !== 0) chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Prepares a SQLite database file so it and its -wal / -shm are 0600: SQLite creates those with
 * the mode of the database file, so the database file is created 0600 before SQLite opens it.
 * Its folder is created 0700 when missing (an existing folder is the caller's: see
 * ensurePrivateDir for the data folder).
 */
export function preparePrivateDatabaseFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) tightenFile(path);
}
