import { resolve } from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../shared/config/issues';
import { ENV_SETTING_KEYS, resolveSettings } from '../shared/config/settings-env';

/**
 * Kiosk configuration from the environment (DESIGN.md §5.1): deployment values only (data
 * folder, ports, portal, device credentials, demo, staff lockout). Everything a store sets
 * (store header, time zone, register limits, idle times, scanners, printers, hand-off links) is a
 * setting of the settings room, for which the environment's variables are first-start defaults and
 * locks (src/shared/config/settings-env.ts); they are checked here too, so a bad value stops the
 * start with a message naming the variable, never a half-configured kiosk.
 */
const port = z.coerce.number().int().min(0).max(65_535);
const seconds = z.coerce.number().int().positive();

const EnvSchema = z.object({
  KIOSK_DATA_DIR: z.string().min(1).optional(),
  KIOSK_PORT: port.default(5780),
  PORTAL_URL: z.url({ protocol: /^https?$/ }).optional(),
  PORTAL_PORT: port.default(5790),
  KIOSK_PIN_LOCKOUT_SECONDS: seconds.default(300),
  KIOSK_HEALTH_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  KIOSK_DEVICE_ID: z.string().min(1).optional(),
  KIOSK_DEVICE_SECRET: z.string().min(1).optional(),
  KIOSK_INITIAL_ADMIN_PIN: z.string().regex(/^\d{4,8}$/).optional(),
  KIOSK_DEMO: z.enum(['0', '1']).optional(),
});

export interface KioskConfig {
  dataDir: string;
  databaseFile: string;
  kioskPort: number;
  /** null: start the embedded reference portal (demo mode). */
  portalUrl: string | null;
  portalPort: number;
  pinLockoutSeconds: number;
  healthIntervalMs: number;
  deviceId: string | null;
  deviceSecret: string | null;
  initialAdminPin: string | null;
  /** Demo mode: demo staff PINs are seeded. On by default with the embedded portal. */
  demo: boolean;
  /** The environment's variables that are settings (src/shared/config/settings-env.ts): first-start defaults and locks. */
  settingsEnvironment: Readonly<Record<string, string>>;
}

/** The credential this kiosk signs its portal calls with. */
export interface DeviceIdentity {
  id: string;
  secret: string;
}

/**
 * The device identity, resolved once: the configured one, else in demo mode the reference
 * portal's demo device (handed in by the composition root, the only place that knows the
 * reference portal), else none ('': the portal refuses, staff see why on the status screen).
 */
export function resolveDeviceIdentity(config: Pick<KioskConfig, 'deviceId' | 'deviceSecret'>, demo: boolean, demoDevice: DeviceIdentity): DeviceIdentity {
  return { id: config.deviceId ?? (demo ? demoDevice.id : ''), secret: config.deviceSecret ?? (demo ? demoDevice.secret : '') };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaultDataDir = resolve('.kiosk-data')): KioskConfig {
  // An empty variable means "not set", as in a shell's `PORTAL_URL= npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`The kiosk configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const settingsEnvironment = Object.fromEntries(Object.keys(ENV_SETTING_KEYS).flatMap((name) => (present[name] === undefined ? [] : [[name, String(present[name])]])));
  // The settings' own check (the settings room repeats it at start, over the stored settings).
  const settings = resolveSettings(null, settingsEnvironment);
  if (!settings.ok) throw new ConfigError(`The kiosk configuration is not valid:\n  ${formatIssues(settings.issues, 'en')}`);
  if (e.PORTAL_URL && !isAllowedPortalUrl(e.PORTAL_URL)) {
    // Member data and the device credential cross this link: plain HTTP only on this machine.
    throw new ConfigError(`PORTAL_URL must use https:// (plain http:// is allowed only for 127.0.0.1 or localhost), got ${e.PORTAL_URL}.`);
  }
  const dataDir = resolve(e.KIOSK_DATA_DIR ?? defaultDataDir);
  return {
    dataDir,
    databaseFile: resolve(dataDir, 'kiosk.sqlite'),
    kioskPort: e.KIOSK_PORT,
    portalUrl: e.PORTAL_URL ?? null,
    portalPort: e.PORTAL_PORT,
    pinLockoutSeconds: e.KIOSK_PIN_LOCKOUT_SECONDS,
    healthIntervalMs: Math.round(e.KIOSK_HEALTH_INTERVAL_SECONDS * 1000),
    deviceId: e.KIOSK_DEVICE_ID ?? null,
    deviceSecret: e.KIOSK_DEVICE_SECRET ?? null,
    initialAdminPin: e.KIOSK_INITIAL_ADMIN_PIN ?? null,
    demo: e.KIOSK_DEMO === undefined ? e.PORTAL_URL === undefined : e.KIOSK_DEMO === '1',
    settingsEnvironment,
  };
}

function isAllowedPortalUrl(value: string): boolean {
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
