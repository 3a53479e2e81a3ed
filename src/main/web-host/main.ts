/**
 * The web host's entry: the kiosk core in Node, the built renderer and the kiosk API on
 * 127.0.0.1, and the embedded reference portal when PORTAL_URL is not set (demo mode).
 * Used where the Electron runtime is not installed, by the e2e suite, and on Chromium-only
 * kiosk hardware.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APP_VERSION, RENDERER_DIR } from '../app-info';
import { ConfigError, loadConfig } from '../config';
import { recordStartFailure } from '../core/start-failure';
import { startKioskServices, type KioskServices } from '../core/start-services';
import type { KioskHostControl } from '../host-control';
import { CoreSwitch } from './core-switch';
import { startWebHost, type WebHost } from './server';

/** How long the host lets an admin's stop / restart answer reach the page before it closes the core. */
const ANSWER_GRACE_MS = 200;

async function main(): Promise<void> {
  // Everything this process creates (database, WAL, keys, the demo portal's files) is the
  // kiosk user's alone, whatever umask the shell had.
  process.umask(0o077);
  const config = loadConfig();
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new ConfigError(`The renderer is not built (${RENDERER_DIR} is missing): run "npm run build" first.`);
  }
  let host: WebHost | null = null;
  let services: KioskServices | null = null;
  let closing = false;
  const shutdown = async (code: number): Promise<void> => {
    if (closing) return;
    closing = true;
    await host?.close();
    await services?.close();
    process.exit(code);
  };
  const control: KioskHostControl = {
    // The page already shows "the kiosk is stopped"; the process ends with 0 (a deliberate stop, not a crash).
    stop: () => {
      console.log('Kiosk stopped by an administrator (web host): exiting.');
      setTimeout(() => void shutdown(0), ANSWER_GRACE_MS);
    },
    // A fresh core in this process: configuration read again, database reopened, rooms started.
    restart: () => setTimeout(() => void restartCore(), ANSWER_GRACE_MS),
  };
  const start = (): Promise<KioskServices> => startKioskServices({ config: loadConfig(), hostMode: 'web', version: APP_VERSION, host: control });
  services = await start();
  const core = new CoreSwitch(services.core);
  host = await startWebHost({ core, rendererDir: RENDERER_DIR, port: config.kioskPort });
  const portalNote = services.portal.embedded ? `embedded demo portal at ${services.portal.url}` : `portal ${services.portal.url}`;
  const why = process.env.KIOSK_FALLBACK_NOTE ? `, ${process.env.KIOSK_FALLBACK_NOTE}` : '';
  // The launch link is the credential's only way out: it works once, for the first browser.
  console.log(`Kiosk ready (web host${why}): ${host.launchUrl}  (${portalNote}; data in ${config.dataDir})`);
  console.log(`Open that link once in the kiosk's browser; for a new link (the browser was restarted): kill -USR1 ${process.pid}`);
  const launchHost = host;
  process.on('SIGUSR1', () => console.log(`Kiosk launch link (web host, replaces the previous one): ${launchHost.newLaunchUrl()} `));

  async function restartCore(): Promise<void> {
    if (closing) return;
    core.suspend();
    console.log('Kiosk restarting (asked by an administrator)…');
    await services?.close();
    services = null;
    try {
      services = await start();
    } catch (error) {
      // The restart failed: recorded like any failed start, and the process ends (the launcher or the service manager decides what next).
      const message = failureMessage(error);
      recordStartFailure(config.dataDir, { hostMode: 'web', message });
      console.error(message);
      return shutdown(1);
    }
    core.replace(services.core);
    console.log(`Kiosk restarted (web host): same address and browser session (${launchHost.url}).`);
  }

  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

function failureMessage(error: unknown): string {
  return error instanceof ConfigError ? error.message : `The kiosk could not start: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error: unknown) => {
  const message = failureMessage(error);
  console.error(message);
  // Kept durably for the next start's staff status screen. The configuration may be what failed,
  // so the data folder is taken from the environment as the configuration would.
  const dataDir = resolve(process.env.KIOSK_DATA_DIR || '.kiosk-data');
  if (!recordStartFailure(dataDir, { hostMode: 'web', message })) console.error(`(The reason could not be kept in ${dataDir}: the next start will not show it.)`);
  process.exit(1);
});
