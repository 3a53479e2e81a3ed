/**
 * The Electron glue's own log (src/main/electron/glue-log.ts, issue 17): before the core exists,
 * the start, the app ready, the window, a failure to start and a crash reach the same rotating,
 * redacted files in the data folder as the core's lines — stdout only until the folder is known.
 * The entry (src/main/index.ts) is imported for real against a mocked `electron` (as in
 * crash-dumps.test.ts) and a mocked start of the services.
 */
import { EventEmitter } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKioskLog } from '../../../src/main/log';
import { logFileNames, logFilesDir, openLogFiles, readLogEntries } from '../../../src/main/log-files';
import { createGlueLog, logCrashes } from '../../../src/main/electron/glue-log';
import { makeTempDir } from '../../helpers/temp-dir';

const fake = vi.hoisted(() => {
  const state = {
    calls: [] as string[],
    startError: null as Error | null,
    readyHandlers: [] as Array<() => void>,
    contents: null as { on: (event: string, listener: (...args: unknown[]) => void) => void; emit: (event: string, ...args: unknown[]) => void } | null,
  };
  const record =
    (name: string, answer?: unknown) =>
    (...args: unknown[]) => {
      state.calls.push(`${name}(${args.filter((a) => typeof a === 'string' || typeof a === 'number').join(', ')})`);
      return answer;
    };
  const listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  const contents = {
    on: (event: string, listener: (...args: unknown[]) => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    emit: (event: string, ...args: unknown[]) => listeners.get(event)?.forEach((listener) => listener(...args)),
    isDestroyed: () => false,
    send: () => undefined,
  };
  class BrowserWindow {
    webContents = contents;
    constructor() {
      state.calls.push('new BrowserWindow');
      state.contents = contents;
    }
    once() {}
    show() {}
    loadURL = record('window.loadURL', Promise.resolve());
  }
  const noop = () => undefined;
  return {
    state,
    electron: {
      app: {
        requestSingleInstanceLock: () => true,
        isReady: () => false,
        getPath: (name: string) => `/nonexistent/user-data-of-the-test/${name}`,
        setPath: noop,
        whenReady: () => new Promise<void>((resolve) => state.readyHandlers.push(resolve)),
        on: noop,
        quit: record('app.quit'),
        exit: record('app.exit'),
      },
      BrowserWindow,
      ipcMain: { handle: noop },
      Menu: { setApplicationMenu: noop },
      protocol: { registerSchemesAsPrivileged: noop, handle: noop },
      session: { defaultSession: { setPermissionRequestHandler: noop, setPermissionCheckHandler: noop, setDevicePermissionHandler: noop, on: noop } },
      safeStorage: { isEncryptionAvailable: () => false },
    },
  };
});
vi.mock('electron', () => fake.electron);
vi.mock('../../../src/main/core/start-services', () => ({
  startKioskServices: async () => {
    if (fake.state.startError) throw fake.state.startError;
    return {
      core: { invoke: async () => ({ ok: false }), onEvent: () => () => undefined, call: async () => ({ ok: false }) },
      portal: { url: 'http://127.0.0.1:1', embedded: true },
      portalPid: null,
      close: async () => undefined,
    };
  },
}));

let temp = makeTempDir('glue-log-');
type Listener = (...args: never[]) => unknown;
let processListeners: { exception: Listener[]; rejection: Listener[] };
beforeEach(() => {
  processListeners = { exception: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
  fake.state.calls.length = 0;
  fake.state.readyHandlers.length = 0;
  fake.state.startError = null;
  vi.resetModules();
});
afterEach(() => {
  // The entry's crash handlers must not outlive the test (they would exit the worker).
  for (const listener of process.listeners('uncaughtException')) if (!processListeners.exception.includes(listener)) process.off('uncaughtException', listener);
  for (const listener of process.listeners('unhandledRejection')) if (!processListeners.rejection.includes(listener)) process.off('unhandledRejection', listener);
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  temp.cleanup();
  temp = makeTempDir('glue-log-');
});

/** Imports the Electron entry with its data folder in `temp`, then lets the app become ready. */
async function startEntry(): Promise<string[]> {
  const printed: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  vi.stubEnv('KIOSK_DATA_DIR', temp.dir);
  vi.stubEnv('KIOSK_DEVICE_SECRET', 'entry-device-secret-42');
  await import('../../../src/main/index');
  for (const ready of fake.state.readyHandlers) ready();
  return printed;
}

/** Importing the entry transforms much of src/main: room for a loaded machine. */
const ENTRY_TEST = { timeout: 120_000 };

const messages = (dir: string) => readLogEntries(logFilesDir(dir)).map((entry) => `${entry.level} ${entry.message}`);

describe('the Electron entry logs to the data folder', () => {
  it('writes the start, the app ready and a failure to start to the log files, redacted, and exits with 1', ENTRY_TEST, async () => {
    fake.state.startError = new Error('database locked by taro.yamada@example.ac.jp with entry-device-secret-42');
    const printed = await startEntry();
    await vi.waitFor(() => expect(fake.state.calls).toContain('app.exit(1)'), { timeout: 10_000 });
    const lines = messages(temp.dir);
    expect(lines[0]).toMatch(/^info kiosk: starting \(app /);
    expect(lines[1]).toBe(`info kiosk: app ready; data in ${temp.dir}`);
    expect(lines.find((line) => line.startsWith('error kiosk: failed to start; check the data folder'))).toContain('database locked by [email] with [redacted]');
    const bytes = logFileNames(logFilesDir(temp.dir)).map((name) => readFileSync(join(logFilesDir(temp.dir), name), 'utf8')).join('');
    expect(bytes).not.toContain('taro.yamada');
    expect(bytes).not.toContain('entry-device-secret-42');
    // stdout has the same lines, redacted too; no window was made.
    expect(printed.some((line) => line.startsWith('kiosk: failed to start') && line.includes('[email]'))).toBe(true);
    expect(printed.join('\n')).not.toContain('entry-device-secret-42');
    expect(fake.state.calls).not.toContain('new BrowserWindow');
  });

  it('writes the window creation and a crash of its renderer to the log files', ENTRY_TEST, async () => {
    await startEntry();
    await vi.waitFor(() => expect(messages(temp.dir)).toContain('info kiosk: window created'), { timeout: 10_000 });
    fake.state.contents?.emit('render-process-gone', {}, { reason: 'oom', exitCode: 133 });
    expect(messages(temp.dir)).toContain("error kiosk: the window's renderer crashed (oom, exit code 133)");
  });

  it('writes a crash of the main process to the log files before it exits', ENTRY_TEST, async () => {
    await startEntry();
    const added = process.listeners('uncaughtException').filter((listener) => !processListeners.exception.includes(listener));
    expect(added).toHaveLength(1);
    (added[0] as (error: Error) => void)(new Error('boom in the core'));
    expect(messages(temp.dir).some((line) => line.startsWith('error kiosk: crashed (uncaught exception)') && line.includes('boom in the core'))).toBe(true);
    expect(fake.state.calls).toContain('app.exit(1)');
  });
});

describe('the glue log', () => {
  it('prints to stdout before the data folder is known, then writes those lines to the files first', async () => {
    const printed: string[] = [];
    const log = createGlueLog({ sink: (line) => printed.push(line) });
    log.info('kiosk: starting');
    log('kiosk: config for hanako@example.jp failed');
    expect(printed).toEqual(['kiosk: starting', 'kiosk: config for [email] failed']);
    expect(logFileNames(logFilesDir(temp.dir))).toEqual([]);
    log.useDataDir(temp.dir, ['glue-secret-value']);
    log.warn('kiosk: portal said glue-secret-value');
    await log.close();
    expect(messages(temp.dir)).toEqual(['info kiosk: starting', 'error kiosk: config for [email] failed', 'warn kiosk: portal said [redacted]']);
    expect(printed.at(-1)).toBe('kiosk: portal said [redacted]');
    expect(statSync(logFilesDir(temp.dir)).isDirectory()).toBe(true);
  });

  it('shares one capped destination with the core writing the same folder', async () => {
    const cap = 4 * 1024;
    const dir = logFilesDir(temp.dir);
    const glue = openLogFiles({ dir, redact: (text) => text, maxBytes: cap, keep: 10 });
    const core = createKioskLog({ sink: () => undefined, filesDir: dir });
    for (let i = 0; i < 100; i += 1) {
      glue.write('info', `electron: glue line ${i} ${'g'.repeat(40)}`);
      core.info(`sync: core line ${i} ${'c'.repeat(40)}`);
    }
    await core.close();
    glue.write('warn', 'electron: still open after the core closed');
    await glue.close();
    const names = logFileNames(dir);
    expect(names.length).toBeGreaterThan(2);
    for (const name of names) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(cap);
    const lines = readLogEntries(dir).map((entry) => entry.message);
    expect(lines).toHaveLength(201);
    expect(lines.at(-1)).toBe('electron: still open after the core closed');
  });

  it('logs a crash as an error and exits with 1; logs an unhandled rejection and carries on', async () => {
    const source = new EventEmitter();
    const exit = vi.fn();
    const log = createGlueLog({ sink: () => undefined });
    log.useDataDir(temp.dir, []);
    logCrashes(source, log, exit);
    source.emit('unhandledRejection', new Error('late portal answer'));
    expect(exit).not.toHaveBeenCalled();
    source.emit('uncaughtException', new Error('boom'));
    expect(exit).toHaveBeenCalledWith(1);
    await log.close();
    const lines = messages(temp.dir);
    expect(lines[0]).toMatch(/^error kiosk: unhandled promise rejection: Error: late portal answer/);
    expect(lines[1]).toMatch(/^error kiosk: crashed \(uncaught exception\), exiting so the session restarts the kiosk: Error: boom/);
  });
});
