/**
 * The reference portal of a demo kiosk (PORTAL_URL unset), in a child process of the kiosk
 * core (issue 18: the register is never behind the sync). The portal applies each batch in one
 * synchronous transaction; on the core's own event loop that held scans and kiosk calls for
 * 80–125 ms during a drain. Started by `src/main/core/embedded-portal.ts` with `fork()`: the
 * options come in EMBEDDED_PORTAL_OPTIONS (JSON), the URL goes back as the first IPC message,
 * and the child stops when the kiosk asks or when the kiosk is gone (IPC disconnect).
 */
import { startPortalServer, type PortalServerHandle } from './server';

export interface EmbeddedPortalOptions {
  port: number;
  dbPath: string;
}

export type EmbeddedPortalMessage = { type: 'listening'; url: string; port: number } | { type: 'failed'; message: string };

function send(message: EmbeddedPortalMessage): void {
  process.send?.(message);
}

const options = JSON.parse(process.env.EMBEDDED_PORTAL_OPTIONS ?? '{}') as EmbeddedPortalOptions;
let portal: PortalServerHandle | null = null;
let stopping = false;

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  // Committed transactions are on disk (WAL, synchronous=FULL): a slow close never holds the exit.
  setTimeout(() => process.exit(code), 2_000).unref();
  void (portal?.close() ?? Promise.resolve()).finally(() => process.exit(code));
}

process.on('message', (message: unknown) => {
  if ((message as { type?: string } | null)?.type === 'close') stop(0);
});
process.on('disconnect', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));

try {
  portal = await startPortalServer({ port: options.port, dbPath: options.dbPath, mode: 'demo' });
  send({ type: 'listening', url: portal.url, port: portal.port });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  stop(1);
}
