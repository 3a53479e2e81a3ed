import { join } from 'node:path';
import type { HostMode } from '../../shared/kiosk-api';
import type { KioskConfig } from '../config';
import { startEmbeddedPortal, type EmbeddedPortal } from './embedded-portal';
import { KioskCore } from './kiosk-core';
import { ensurePrivateDir } from '../db/private-files';
import type { DraftKeyProvider } from '../db/sealing';
import type { KioskHostControl } from '../host-control';

/** The sync services start this long after the attract screen got its state (its fonts and next chunk come first)… */
const BACKGROUND_AFTER_FIRST_PAINT_MS = 1_000;
/** …or this long after start when no attract screen asks (a browser that is not open yet). */
const BACKGROUND_START_FALLBACK_MS = 3_000;

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
  // The child starts while the core opens its database: with a fixed port its address is known
  // before it listens, so neither waits for the other (the core's first probe comes after the
  // first paint). With port 0 the core waits for the address the child picked.
  const portalStarting = embedded ? startEmbeddedPortal({ port: config.portalPort, dbPath: join(config.dataDir, 'demo-portal.sqlite') }) : null;
  // A failure is awaited below; until then it must not count as unhandled.
  portalStarting?.catch(() => undefined);
  let portalServer: EmbeddedPortal | null = null;
  let portalUrl = config.portalUrl;
  if (portalStarting && config.portalPort === 0) {
    portalServer = await portalStarting;
    portalUrl = portalServer.url;
  }
  const portal = { url: portalUrl ?? `http://127.0.0.1:${config.portalPort}`, embedded };
  let core: KioskCore;
  try {
    core = await KioskCore.create({
      config,
      hostMode: options.hostMode,
      version: options.version,
      portal,
      demo: config.demo,
      draftKeyProvider: options.draftKeyProvider,
      backgroundStart: { afterFirstPaintMs: BACKGROUND_AFTER_FIRST_PAINT_MS },
      ...(options.host ? { host: options.host } : {}),
    });
  } catch (error) {
    await (portalServer ?? (await portalStarting?.catch(() => null)))?.close();
    throw error;
  }
  try {
    portalServer ??= await portalStarting;
  } catch (error) {
    await core.close();
    throw error;
  }
  // Without a screen asking (a browser that is not open yet), the sync starts anyway soon after.
  const backgroundFallback = setTimeout(() => core.startBackgroundWork(), BACKGROUND_START_FALLBACK_MS);
  return {
    core,
    portal,
    portalPid: portalServer?.pid ?? null,
    async close() {
      clearTimeout(backgroundFallback);
      await core.close();
      await portalServer?.close();
    },
  };
}
