import type { App } from 'electron';
import { ensureCrashDumpsDir } from '../admin';

/**
 * Points Chromium's crash-dump folder (`app.getPath('crashDumps')`, by default `<userData>/Crashpad`)
 * at `<dataDir>/crash-dumps`, so any minidump Chromium might keep lies inside the kiosk's data
 * folder and the admin wipe removes it (src/main/admin/crash-dumps.ts, SECURITY.md §6).
 *
 * Must run before the app is ready, so before any window or renderer: Electron documents that the
 * path has to be set before the crash reporter would start, and `index.ts` calls this right after
 * the single-instance lock. The folder must exist (`app.setPath` throws otherwise).
 *
 * The crash reporter itself is never started (no `crashReporter` import anywhere in src/): in
 * Electron ≥ 9 the main process initialises Crashpad only when JS starts the crash reporter, so no
 * handler runs, nothing is collected and nothing is uploaded. This is defence in depth for the
 * day something (a Chromium change, a later Electron, a future crash-reporting decision) does
 * write dumps.
 */
export function keepCrashDumpsInDataDir(app: Pick<App, 'isReady' | 'setPath'>, dataDir: string): string {
  if (app.isReady()) throw new Error('The crash-dump folder must be set before the app is ready.');
  const dir = ensureCrashDumpsDir(dataDir);
  app.setPath('crashDumps', dir);
  return dir;
}
