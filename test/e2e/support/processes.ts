import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The web host's ready line; group 1 is the one-time launch URL (`http://127.0.0.1:<port>/?launch=…`)
 * a person's browser opens to get in. The trailing space makes sure the whole URL has arrived.
 */
export const KIOSK_READY_LINE = /Kiosk ready \(web host[^)]*\): (http:\/\/127\.0\.0\.1:\d+\/\S*)\s/;

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts a Node process and waits (bounded) for a line matching `ready` on stdout.
 * Returns the match so callers can read the URL it printed.
 */
export async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 20_000,
): Promise<{ process: RunningProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No ready line after ${timeoutMs} ms from ${args.join(' ')}:\n${text}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const found = ready.exec(text);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before it was ready:\n${text}`));
    });
  });
  return { process: { child, output: () => text, stop }, match };
}

/** The reference portal as its own process, on a fixed port so it can be stopped and started again. */
export async function startPortal(port: number, dataDir: string, env: Record<string, string> = {}): Promise<RunningProcess> {
  const { process: portal } = await startProcess(
    [join(ROOT, 'out', 'main', 'portal.js')],
    { PORTAL_PORT: String(port), PORTAL_DATA_DIR: dataDir, PORTAL_MODE: 'demo', ...env },
    /http:\/\/127\.0\.0\.1:\d+/,
  );
  return portal;
}
