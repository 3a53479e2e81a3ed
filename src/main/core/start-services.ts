import { join } from 'node:path';
import type { HostMode } from '../../shared/kiosk-api';
import type { KioskConfig } from '../config';
import { KioskCore } from './kiosk-core';
import { ensurePrivateDir } from '../db/private-files';
import type { DraftKeyProvider } from '../db/sealing';

export interface KioskServices {
  core: KioskCore;
  portal: { url: string; embedded: boolean };
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
}): Promise<KioskServices> {
  const { config } = options;
  // The data folder holds personal data, money and keys: the kiosk's OS user alone (0700).
  ensurePrivateDir(config.dataDir);
  const embedded = config.portalUrl === null;
  // Loaded only in demo mode: the portal (and its validators) stays out of a kiosk's start-up.
  const portalServer = embedded
    ? // Loaded only when embedded: with PORTAL_URL set the reference portal never enters the process.
      await (await import('../../portal/server')).startPortalServer({ port: config.portalPort, dbPath: join(config.dataDir, 'demo-portal.sqlite'), mode: 'demo' })
    : null;
  const portal = { url: portalServer?.url ?? (config.portalUrl as string), embedded };
  const core = await KioskCore.create({ config, hostMode: options.hostMode, version: options.version, portal, demo: config.demo, draftKeyProvider: options.draftKeyProvider });
  return {
    core,
    portal,
    async close() {
      await core.close();
      await portalServer?.close();
    },
  };
}
