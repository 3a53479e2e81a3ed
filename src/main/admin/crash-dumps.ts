import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Chromium's crash-dump folder (its Crashpad database: minidumps hold process memory, so they
 * may hold whatever a student had on screen). The Electron app points `app.getPath('crashDumps')`
 * here, inside the kiosk's data folder, before the app is ready
 * (src/main/electron/crash-dumps.ts), so the admin wipe reaches it. The kiosk never starts the
 * crash reporter, so nothing is uploaded and, in Electron ≥ 9, the main process starts no
 * Crashpad handler at all: the folder is expected to stay empty (SECURITY.md §6).
 *
 * No electron import here: the wipe runs in the core, in both hosts.
 */
export const CRASH_DUMPS_FOLDER = 'crash-dumps';

export function crashDumpsDir(dataDir: string): string {
  return join(dataDir, CRASH_DUMPS_FOLDER);
}

/** Creates the folder (0700) when it is missing; Electron refuses a crashDumps path that does not exist. */
export function ensureCrashDumpsDir(dataDir: string): string {
  const dir = crashDumpsDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Files (and links) below a folder, not following links. */
function countFiles(path: string): number {
  if (!lstatSync(path).isDirectory()) return 1;
  let n = 0;
  for (const entry of readdirSync(path)) n += countFiles(join(path, entry));
  return n;
}

/**
 * Deletes everything inside the crash-dump folder (Crashpad's `reports/`, `completed/`,
 * `pending/`, `new/`, `attachments/`, `settings.dat`, any stray minidump) and keeps the folder
 * itself. Links are removed, never followed. An entry that cannot be removed is counted in `left`
 * instead of failing the wipe half-way. A missing folder is nothing to do.
 */
export function removeCrashDumps(dataDir: string): { removed: number; left: number } {
  const dir = crashDumpsDir(dataDir);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: 0, left: 0 };
    throw error;
  }
  let removed = 0;
  let left = 0;
  for (const entry of entries) {
    const path = join(dir, entry);
    let files = 0;
    try {
      files = countFiles(path);
      rmSync(path, { recursive: true, force: true });
      removed += files;
    } catch {
      left += Math.max(files, 1);
    }
  }
  return { removed, left };
}
