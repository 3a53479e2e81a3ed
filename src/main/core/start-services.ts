import { join } from 'node:path';
import type { HostMode } from '../../shared/kiosk-api';
import type { KioskConfig } from '../config';
import { startEmbeddedPortal } from './embedded-portal';
import { KioskCore } from './kiosk-core';
import { ensurePrivateDir } from '../db/private-files';
import type { DraftKeyProvider } from '../db/sealing';
import type { KioskHostControl } from '../host-control';

export interface KioskServices {
  core: KioskCore;
  portal: { url: string; embedded: boolean };
  /** The embedded demo portal's process id (null with PORTAL_URL set). */
  portalPid: number | null;
  close(): Promise<void>;
}

/**
 * Starts what a kiosk host needs: the embedded reference portal in demo mode (PORTAL_URL
 * unset), then the kiosk core. Shared by the web host and the Electron main process.
 */
export async function startKioskServices(options: {
  config: KioskConfig;
  hostMode: HostMode;
  version: string;
  /** Seals counter drafts (the app passes safeStorage); default: a 0600 key file in the data folder. */
  draftKeyProvider?: DraftKeyProvider;
  /** The host's stop and restart, for the admin's "leave kiosk mode" actions. */
  host?: KioskHostControl;
}): Promise<KioskServices> {
  const { config } = options;
  // The data folder holds personal data, money and keys: the kiosk's OS user alone (0700).
  ensurePrivateDir(config.dataDir);
  const embedded = config.portalUrl === null;
  // Demo mode only, and in its own process: with PORTAL_URL set the reference portal never
  // starts, and in demo mode its batch transactions never hold the core's event loop (issue 18).
  const portalServer = embedded ? await startEmbeddedPortal({ port: config.portalPort, dbPath: join(config.dataDir, 'demo-portal.sqlite') }) : null;
  const portal = { url: portalServer?.url ?? (config.portalUrl as string), embedded };
  let core: KioskCore;
  try {
    core = await KioskCore.create({ config, hostMode: options.hostMode, version: options.version, portal, demo: config.demo, draftKeyProvider: options.draftKeyProvider, ...(options.host ? { host: options.host } : {}) });
  } catch (error) {
    await portalServer?.close();
    throw error;
  }
  return {
    core,
    portal,
    portalPid: portalServer?.pid ?? null,
    async close() {
      await core.close();
      await portalServer?.close();
    },
  };
}
