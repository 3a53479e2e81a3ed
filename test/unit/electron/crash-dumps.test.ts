/**
 * Chromium's crash dumps (SECURITY.md §6): the Electron entry moves `crashDumps` into the kiosk's
 * data folder before the app is ready, and the crash reporter is never started, so nothing is
 * uploaded. The entry (src/main/index.ts) is imported for real against a mocked `electron` whose
 * `whenReady()` never resolves: whatever the entry does before ready is exactly what it did.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir';

const electron = vi.hoisted(() => {
  const calls: string[] = [];
  const record =
    (name: string, answer?: unknown) =>
    (...args: unknown[]) => {
      calls.push(`${name}(${args.filter((a) => typeof a === 'string').join(', ')})`);
      return answer;
    };
  const crashReporter = new Proxy({} as Record<string, unknown>, {
    get: (_target, key) => {
      calls.push(`crashReporter.${String(key)}`);
      return () => undefined;
    },
  });
  return {
    calls,
    mock: {
      app: {
        requestSingleInstanceLock: record('app.requestSingleInstanceLock', true),
        isReady: record('app.isReady', false),
        getPath: (name: string) => {
          calls.push(`app.getPath(${name})`);
          return `/nonexistent/user-data-of-the-test/${name}`;
        },
        setPath: record('app.setPath'),
        // Never ready: what the entry did is what it does before the ready event.
        whenReady: (...args: unknown[]) => {
          record('app.whenReady')(...args);
          return new Promise(() => undefined);
        },
        on: record('app.on'),
        quit: record('app.quit'),
      },
      BrowserWindow: record('new BrowserWindow'),
      ipcMain: {},
      Menu: { setApplicationMenu: record('Menu.setApplicationMenu') },
      protocol: { registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged') },
      session: {},
      crashReporter,
    },
  };
});
vi.mock('electron', () => electron.mock);

const ROOT = join(import.meta.dirname, '../../..');
const temp = makeTempDir('crash-dumps-');
afterAll(() => temp.cleanup());

// Importing the entry transforms much of src/main: the tests that do get room for a loaded machine.
describe('crash dumps in the Electron main process', () => {
  it('points crashDumps at <dataDir>/crash-dumps before the app is ready, and creates it (0700)', { timeout: 120_000 }, async () => {
    vi.stubEnv('KIOSK_DATA_DIR', temp.dir);
    await import('../../../src/main/index');
    vi.unstubAllEnvs();
    const dir = join(temp.dir, 'crash-dumps');
    const set = electron.calls.indexOf(`app.setPath(crashDumps, ${dir})`);
    expect(set, electron.calls.join('\n')).toBeGreaterThanOrEqual(0);
    expect(set).toBeLessThan(electron.calls.indexOf('app.whenReady()'));
    expect(set).toBeLessThan(electron.calls.indexOf('protocol.registerSchemesAsPrivileged()'));
    expect(electron.calls.filter((call) => call.startsWith('app.setPath'))).toEqual([`app.setPath(crashDumps, ${dir})`]);
    expect(statSync(dir).isDirectory()).toBe(true);
    if (process.platform !== 'win32') expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual([]);
    // No window, no services: the ready handler never ran.
    expect(electron.calls.some((call) => call.startsWith('new BrowserWindow'))).toBe(false);
  });

  it('never touches the crash reporter: not started, nothing uploaded', { timeout: 120_000 }, async () => {
    // Runs on its own too: load the entry if the test above did not.
    vi.stubEnv('KIOSK_DATA_DIR', temp.dir);
    await import('../../../src/main/index');
    vi.unstubAllEnvs();
    expect(electron.calls).toContain('app.whenReady()');
    expect(electron.calls.filter((call) => call.startsWith('crashReporter'))).toEqual([]);
  });

  it('the helper refuses once the app is ready (too late for Chromium to use the path)', async () => {
    const { keepCrashDumpsInDataDir } = await import('../../../src/main/electron/crash-dumps');
    const setPath = vi.fn();
    expect(() => keepCrashDumpsInDataDir({ isReady: () => true, setPath }, temp.dir)).toThrow(/before the app is ready/);
    expect(setPath).not.toHaveBeenCalled();
  });

  it('no source starts the crash reporter, sets an upload URL or asks for uploads', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(ts|vue|mjs|js)$/.test(entry.name)) {
          const text = readFileSync(path, 'utf8');
          if (/crashReporter\s*\.\s*(start|setUploadToServer)\s*\(|import\s*\{[^}]*\bcrashReporter\b[^}]*\}\s*from\s*['"]electron['"]|submitURL|uploadToServer\s*:\s*true/.test(text)) offenders.push(path);
        }
      }
    };
    for (const folder of ['src', 'drivers', 'scripts']) walk(join(ROOT, folder));
    expect(offenders).toEqual([]);
  });
});
