/**
 * The web host's entry: the kiosk core in Node, the built renderer and the kiosk API on
 * 127.0.0.1, and the embedded reference portal when PORTAL_URL is not set (demo mode).
 * Used where the Electron runtime is not installed, by the e2e suite, and on Chromium-only
 * kiosk hardware.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP_VERSION, RENDERER_DIR } from '../app-info';
import { ConfigError, loadConfig } from '../config';
import { startKioskServices } from '../core/start-services';
import { startWebHost } from './server';

async function main(): Promise<void> {
  // Everything this process creates (database, WAL, keys, the demo portal's files) is the
  // kiosk user's alone, whatever umask the shell had.
  process.umask(0o077);
  const config = loadConfig();
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new ConfigError(`The renderer is not built (${RENDERER_DIR} is missing): run "npm run build" first.`);
  }
  const services = await startKioskServices({ config, hostMode: 'web', version: APP_VERSION });
  const host = await startWebHost({ core: services.core, rendererDir: RENDERER_DIR, port: config.kioskPort });
  const portalNote = services.portal.embedded ? `embedded demo portal at ${services.portal.url}` : `portal ${services.portal.url}`;
  const why = process.env.KIOSK_FALLBACK_NOTE ? `, ${process.env.KIOSK_FALLBACK_NOTE}` : '';
  // The launch link is the credential's only way out: it works once, for the first browser.
  console.log(`Kiosk ready (web host${why}): ${host.launchUrl}  (${portalNote}; data in ${config.dataDir})`);
  console.log(`Open that link once in the kiosk's browser; for a new link (the browser was restarted): kill -USR1 ${process.pid}`);
  process.on('SIGUSR1', () => console.log(`Kiosk launch link (web host, replaces the previous one): ${host.newLaunchUrl()} `));

  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await host.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `The kiosk could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
