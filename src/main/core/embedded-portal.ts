/**
 * The embedded reference portal (demo mode) in its own process, so its synchronous batch
 * transactions never run on the kiosk core's event loop (issue 18: scans waited up to 157 ms
 * behind a drain when it ran in-process). The built app forks `portal-embedded.js` next to the
 * core's bundle; from source (tests, `tsx`) it forks `src/portal/embedded.ts` through tsx.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmbeddedPortalMessage, EmbeddedPortalOptions } from '../../portal/embedded';

const START_LIMIT_MS = 30_000;
const STOP_LIMIT_MS = 5_000;

export interface EmbeddedPortal {
  url: string;
  /** The child's process id (the bench reads its memory apart from the core's). */
  pid: number;
  close(): Promise<void>;
}

function childEntry(): { file: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  // The bundle of the core is out/main/<entry>.js or out/main/chunks/<chunk>.js.
  for (const candidate of [join(here, 'portal-embedded.js'), join(here, '..', 'portal-embedded.js')]) {
    if (existsSync(candidate)) return { file: candidate, execArgv: [] };
  }
  return { file: resolve(here, '..', '..', 'portal', 'embedded.ts'), execArgv: ['--import', 'tsx'] };
}

export async function startEmbeddedPortal(options: EmbeddedPortalOptions): Promise<EmbeddedPortal> {
  const entry = childEntry();
  const child = fork(entry.file, [], {
    execArgv: entry.execArgv,
    // Inside Electron, fork() runs the Electron binary: as plain Node, without a window.
    env: { ...process.env, EMBEDDED_PORTAL_OPTIONS: JSON.stringify(options), ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  // A send to a child that is already gone reports here, not as a crash of the kiosk.
  child.on('error', () => {});
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => fail(new Error(`The demo portal did not start within ${START_LIMIT_MS / 1000} s. Restart the kiosk; if it persists, set PORTAL_URL.`)), START_LIMIT_MS);
    const onExit = (code: number | null) => fail(new Error(`The demo portal stopped while starting (exit ${code}). Restart the kiosk; if it persists, set PORTAL_URL.`));
    function fail(error: Error) {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.kill('SIGKILL');
      reject(error);
    }
    child.once('exit', onExit);
    child.on('message', (message: EmbeddedPortalMessage) => {
      if (message.type === 'listening') {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolveUrl(message.url);
      } else if (message.type === 'failed') {
        fail(new Error(`The demo portal could not start: ${message.message}`));
      }
    });
  });
  return { url, pid: child.pid as number, close: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    // The child may be stopping already (a terminal's Ctrl-C or a service manager signals the whole group).
    if (child.connected) child.send({ type: 'close' }, (error) => error && child.kill('SIGTERM'));
    else child.kill('SIGTERM');
  });
}
