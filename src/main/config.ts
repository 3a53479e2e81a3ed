import { resolve } from 'node:path';
import { z } from 'zod';
import { LanguageSchema } from '../shared/kiosk-api';
import { ENV_SETTING_KEYS } from '../shared/config/settings-env';

/**
 * The seed guides' pages: the co-op app guidance site holds 「パスワードの設定をする」, the app
 * download links and the link to the メールアドレス変更フォーム. Co-ops of 中国・四国 use
 * https://vsign.jp/ instead: they set both variables.
 */
export const DEFAULT_GUIDE_URLS = {
  passwordGuide: 'https://apps.univ.coop/mobileapp/flow-student/',
  emailChangeForm: 'https://apps.univ.coop/mobileapp/flow-student/',
} as const;
import { DEFAULT_STORE_TIME_ZONE, isValidTimeZone } from '../shared/time/zoned';

/**
 * Kiosk configuration from the environment (DESIGN.md §5.1). Parsed once at start-up; a bad
 * value stops the start with a message naming the variable, never a half-configured kiosk.
 */
const port = z.coerce.number().int().min(0).max(65_535);
const seconds = z.coerce.number().int().positive();
const yen = z.coerce.number().int().positive().max(10_000_000);

const EnvSchema = z.object({
  KIOSK_DATA_DIR: z.string().min(1).optional(),
  KIOSK_PORT: port.default(5780),
  PORTAL_URL: z.url({ protocol: /^https?$/ }).optional(),
  PORTAL_PORT: port.default(5790),
  KIOSK_SCANNERS: z.string().default('sim'),
  KIOSK_LANG: LanguageSchema.default('ja'),
  KIOSK_IDLE_SECONDS: seconds.default(90),
  KIOSK_IDLE_WARNING_SECONDS: seconds.default(20),
  KIOSK_STAFF_IDLE_SECONDS: seconds.default(300),
  KIOSK_PIN_LOCKOUT_SECONDS: seconds.default(300),
  KIOSK_HEALTH_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  KIOSK_DEVICE_ID: z.string().min(1).optional(),
  KIOSK_DEVICE_SECRET: z.string().min(1).optional(),
  KIOSK_INITIAL_ADMIN_PIN: z.string().regex(/^\d{4,8}$/).optional(),
  KIOSK_DEMO: z.enum(['0', '1']).optional(),
  // Register (DESIGN.md §3.3): yen amounts are whole numbers.
  KIOSK_TOPUP_PRESETS: z
    .string()
    .regex(/^\d{1,7}(,\d{1,7}){0,7}$/, 'comma-separated yen amounts, at most 8')
    .default('1000,2000,3000,5000,10000'),
  KIOSK_TOPUP_MAX: yen.default(50_000),
  KIOSK_BALANCE_MAX: yen.default(100_000),
  KIOSK_OFFLINE_PAYMENTS: z.enum(['0', '1']).default('1'),
  KIOSK_OFFLINE_PAYMENT_MAX: yen.default(3_000),
  KIOSK_OFFLINE_MEMBER_MAX: yen.default(5_000),
  KIOSK_OFFLINE_KIOSK_MAX: yen.default(30_000),
  KIOSK_OFFLINE_MAX_AGE_HOURS: z.coerce.number().int().min(1).max(72).default(72),
  KIOSK_REGISTER_WAIT_SECONDS: z.coerce.number().positive().max(60).default(8),
  KIOSK_DRAWER_FLOAT: z.coerce.number().int().min(0).max(10_000_000).default(0),
  KIOSK_TIME_ZONE: z.string().refine(isValidTimeZone, 'an IANA time zone such as Asia/Tokyo').default(DEFAULT_STORE_TIME_ZONE),
  KIOSK_TYPED_PAYMENTS: z.enum(['allow', 'approve', 'refuse']).default('approve'),
  KIOSK_PRINTERS: z.string().default(''),
  KIOSK_STORE_NAME: z.string().max(48).default('大学生協'),
  KIOSK_RECEIPT_ADDRESS: z.string().max(96).default(''),
  KIOSK_RECEIPT_MEMBER_NAME: z.enum(['0', '1']).default('0'),
  // Privacy (SECURITY.md §6): days a member's name stays on register rows (receipts, lists).
  KIOSK_NAME_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  // The student's hand-off (DESIGN.md §3.1): pages the done and email-change screens open by QR.
  KIOSK_PASSWORD_GUIDE_URL: z.url({ protocol: /^https$/ }).default(DEFAULT_GUIDE_URLS.passwordGuide),
  KIOSK_EMAIL_CHANGE_FORM_URL: z.url({ protocol: /^https$/ }).default(DEFAULT_GUIDE_URLS.emailChangeForm),
});

export interface KioskConfig {
  dataDir: string;
  databaseFile: string;
  kioskPort: number;
  /** null: start the embedded reference portal (demo mode). */
  portalUrl: string | null;
  portalPort: number;
  scanners: string[];
  defaultLanguage: z.infer<typeof LanguageSchema>;
  idleTimeoutSeconds: number;
  idleWarningSeconds: number;
  staffIdleSeconds: number;
  pinLockoutSeconds: number;
  healthIntervalMs: number;
  deviceId: string | null;
  deviceSecret: string | null;
  initialAdminPin: string | null;
  /** Demo mode: demo staff PINs are seeded. On by default with the embedded portal. */
  demo: boolean;
  /**
   * The register's amounts and limits as the environment gives them. The kiosk itself reads the
   * settings room (admin screen, stored in the database), for which these variables are
   * first-start defaults and locks; see `settingsEnvironment`.
   */
  register: RegisterConfig;
  /** Pages handed to the student's phone by QR (https only). */
  guides: { passwordGuideUrl: string; emailChangeFormUrl: string };
  /** The environment's variables that are settings (src/shared/config/settings-env.ts): first-start defaults and locks. */
  settingsEnvironment: Readonly<Record<string, string>>;
  cashier: CashierSettings;
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

/** The cashier register's amounts and offline floor limits (yen; safe defaults). */
export interface RegisterConfig {
  /** Preset top-up buttons. */
  topupPresets: number[];
  /** Largest top-up the kiosk queues offline (mirror of the portal's per-transaction limit). */
  topupMax: number;
  /** Largest balance an offline top-up may lead to (mirror of the portal's balance limit). */
  balanceMax: number;
  offline: {
    /** Whether payments are taken at all while the portal is unreachable. */
    payments: boolean;
    /** Largest single offline payment. */
    perTransaction: number;
    /** Largest sum of unsent offline payments of one member. */
    perMember: number;
    /** Largest sum of unsent offline payments on this kiosk. */
    kioskTotal: number;
    /** Oldest an unsent transaction or a member's known balance may be (hours, at most 72). */
    maxAgeMs: number;
  };
  /** How long a confirmation waits for the portal's answer before it is queued (ms). */
  onlineWaitMs: number;
  /** Cash in the drawer at the start of the day. */
  drawerFloat: number;
  /** How long member names (and flag notes) stay on register rows before the sweep blanks them (ms; 1–365 days). */
  nameRetentionMs: number;
}

/** The cashier room's store settings beside the register limits (issue 15; they move to the settings screens with issue 14). */
export interface CashierSettings {
  /** The store's time zone (IANA): the business day and every local time. */
  timeZone: string;
  /** Payments on a typed member number (no card, no app token): allowed, with a supervisor's approval, or refused. */
  typedPayments: 'allow' | 'approve' | 'refuse';
  /** Receipt printer URIs (none: no printed receipts), the store header, and whether the member's name is printed. */
  printers: string[];
  storeName: string;
  storeAddress: string;
  receiptMemberName: boolean;
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
  if (e.KIOSK_IDLE_WARNING_SECONDS >= e.KIOSK_IDLE_SECONDS) {
    throw new ConfigError('KIOSK_IDLE_WARNING_SECONDS must be shorter than KIOSK_IDLE_SECONDS.');
  }
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
    scanners: e.KIOSK_SCANNERS.split(',').map((s) => s.trim()).filter(Boolean),
    defaultLanguage: e.KIOSK_LANG,
    idleTimeoutSeconds: e.KIOSK_IDLE_SECONDS,
    idleWarningSeconds: e.KIOSK_IDLE_WARNING_SECONDS,
    staffIdleSeconds: e.KIOSK_STAFF_IDLE_SECONDS,
    pinLockoutSeconds: e.KIOSK_PIN_LOCKOUT_SECONDS,
    healthIntervalMs: Math.round(e.KIOSK_HEALTH_INTERVAL_SECONDS * 1000),
    deviceId: e.KIOSK_DEVICE_ID ?? null,
    deviceSecret: e.KIOSK_DEVICE_SECRET ?? null,
    initialAdminPin: e.KIOSK_INITIAL_ADMIN_PIN ?? null,
    demo: e.KIOSK_DEMO === undefined ? e.PORTAL_URL === undefined : e.KIOSK_DEMO === '1',
    register: {
      topupPresets: e.KIOSK_TOPUP_PRESETS.split(',').map(Number).filter((n) => n > 0 && n <= e.KIOSK_TOPUP_MAX),
      topupMax: e.KIOSK_TOPUP_MAX,
      balanceMax: e.KIOSK_BALANCE_MAX,
      offline: {
        payments: e.KIOSK_OFFLINE_PAYMENTS === '1',
        perTransaction: e.KIOSK_OFFLINE_PAYMENT_MAX,
        perMember: e.KIOSK_OFFLINE_MEMBER_MAX,
        kioskTotal: e.KIOSK_OFFLINE_KIOSK_MAX,
        maxAgeMs: e.KIOSK_OFFLINE_MAX_AGE_HOURS * 3_600_000,
      },
      onlineWaitMs: Math.round(e.KIOSK_REGISTER_WAIT_SECONDS * 1000),
      drawerFloat: e.KIOSK_DRAWER_FLOAT,
      nameRetentionMs: e.KIOSK_NAME_RETENTION_DAYS * 86_400_000,
    },
    guides: { passwordGuideUrl: e.KIOSK_PASSWORD_GUIDE_URL, emailChangeFormUrl: e.KIOSK_EMAIL_CHANGE_FORM_URL },
    settingsEnvironment: Object.fromEntries(Object.keys(ENV_SETTING_KEYS).flatMap((name) => (present[name] === undefined ? [] : [[name, String(present[name])]]))),
    cashier: {
      timeZone: e.KIOSK_TIME_ZONE,
      typedPayments: e.KIOSK_TYPED_PAYMENTS,
      printers: e.KIOSK_PRINTERS.split(',').map((uri) => uri.trim()).filter(Boolean),
      storeName: e.KIOSK_STORE_NAME,
      storeAddress: e.KIOSK_RECEIPT_ADDRESS,
      receiptMemberName: e.KIOSK_RECEIPT_MEMBER_NAME === '1',
    },
  };
}

function isAllowedPortalUrl(value: string): boolean {
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
