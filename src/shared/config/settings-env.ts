/**
 * The environment and the settings (issue 14): a variable that is set is the setting's value
 * at first start and a lock afterwards (the screen shows it as set by the environment and cannot
 * change it). Pure: the core passes `process.env` and the stored settings. Parsing follows
 * src/main/config.ts (an empty variable means "not set"; presets above the top-up limit are
 * dropped, as today).
 */
import { splitScannerUris } from './device-uris';
import type { Checked, ConfigIssue } from './issues';
import { formatIssues, issue } from './issues';
import type { SettingKey, SettingLocks, Settings, SettingsCheckOptions, SettingsSection } from './settings';
import { checkSettings, DEFAULT_SETTINGS, isSettingKey } from './settings';
import { SETTINGS_MESSAGES } from './settings-messages';

type Parse = (value: string) => unknown;

const number: Parse = (value) => (/^-?[0-9]+(\.[0-9]+)?$/.test(value.trim()) ? Number(value) : value);
const flag: Parse = (value) => (value === '1' ? true : value === '0' ? false : value);
const text: Parse = (value) => value;
const list: Parse = (value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const presets: Parse = (value) => (/^\d{1,7}(,\d{1,7}){0,7}$/.test(value) ? value.split(',').map(Number) : value);

/** Environment variable → setting key, with how its text becomes the setting's value. */
export const ENV_SETTING_KEYS: Readonly<Record<string, { key: SettingKey; parse: Parse }>> = {
  KIOSK_STORE_NAME: { key: 'store.name', parse: text },
  KIOSK_RECEIPT_ADDRESS: { key: 'store.receiptAddress', parse: text },
  KIOSK_TIME_ZONE: { key: 'store.timeZone', parse: text },
  KIOSK_TOPUP_PRESETS: { key: 'register.topupPresets', parse: presets },
  KIOSK_TOPUP_MAX: { key: 'register.topupMax', parse: number },
  KIOSK_BALANCE_MAX: { key: 'register.balanceMax', parse: number },
  KIOSK_DRAWER_FLOAT: { key: 'register.drawerFloat', parse: number },
  KIOSK_TYPED_PAYMENTS: { key: 'register.typedPayments', parse: text },
  KIOSK_REGISTER_WAIT_SECONDS: { key: 'register.onlineWaitSeconds', parse: number },
  KIOSK_OFFLINE_PAYMENTS: { key: 'offline.payments', parse: flag },
  KIOSK_OFFLINE_PAYMENT_MAX: { key: 'offline.paymentMax', parse: number },
  KIOSK_OFFLINE_MEMBER_MAX: { key: 'offline.memberMax', parse: number },
  KIOSK_OFFLINE_KIOSK_MAX: { key: 'offline.kioskMax', parse: number },
  KIOSK_OFFLINE_MAX_AGE_HOURS: { key: 'offline.maxAgeHours', parse: number },
  KIOSK_LANG: { key: 'session.language', parse: text },
  KIOSK_IDLE_SECONDS: { key: 'session.idleSeconds', parse: number },
  KIOSK_IDLE_WARNING_SECONDS: { key: 'session.idleWarningSeconds', parse: number },
  KIOSK_STAFF_IDLE_SECONDS: { key: 'session.staffIdleSeconds', parse: number },
  KIOSK_NAME_RETENTION_DAYS: { key: 'privacy.nameRetentionDays', parse: number },
  KIOSK_SCANNERS: { key: 'scanners.uris', parse: splitScannerUris },
  KIOSK_PRINTERS: { key: 'printers.uris', parse: list },
  KIOSK_RECEIPT_MEMBER_NAME: { key: 'printers.memberName', parse: flag },
  KIOSK_PASSWORD_GUIDE_URL: { key: 'links.passwordGuideUrl', parse: text },
  KIOSK_EMAIL_CHANGE_FORM_URL: { key: 'links.emailChangeFormUrl', parse: text },
};

/** Variables that stay environment-only: deployment, secrets, and the staff lockout (issue 12). */
export const ENV_ONLY_VARIABLES = [
  'KIOSK_DATA_DIR',
  'KIOSK_PORT',
  'PORTAL_URL',
  'PORTAL_PORT',
  'KIOSK_DEVICE_ID',
  'KIOSK_DEVICE_SECRET',
  'KIOSK_DEMO',
  'KIOSK_INITIAL_ADMIN_PIN',
  'KIOSK_HEALTH_INTERVAL_SECONDS',
  'KIOSK_PIN_LOCKOUT_SECONDS',
] as const;

export interface EnvironmentSettings {
  /** Setting values taken from the environment. */
  values: Partial<Record<SettingKey, unknown>>;
  /** Keys fixed by the environment, with the variable that fixes each. */
  locks: SettingLocks;
}

/** The settings the environment sets (not yet validated: `resolveSettings` does that). */
export function settingsFromEnvironment(env: Readonly<Record<string, string | undefined>>): EnvironmentSettings {
  const values: Partial<Record<SettingKey, unknown>> = {};
  const locks: SettingLocks = {};
  for (const [variable, { key, parse }] of Object.entries(ENV_SETTING_KEYS)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    values[key] = parse(raw);
    locks[key] = variable;
  }
  return { values, locks };
}

function variableOf(locks: SettingLocks, path: string): string | undefined {
  const key = path.split('.').slice(0, 2).join('.') as SettingKey;
  return locks[key];
}

export interface ResolvedSettings {
  settings: Settings;
  locks: SettingLocks;
  /** The stored settings could not be used (they are replaced by the defaults; say so to staff). */
  storedIssues: ConfigIssue[];
}

/**
 * The settings in force: the environment's values over the stored ones (null at first start)
 * over the defaults. A bad environment value refuses the start, naming the variable; bad
 * stored settings fall back to the defaults (with the environment) and are reported.
 */
export function resolveSettings(
  stored: unknown,
  env: Readonly<Record<string, string | undefined>>,
  options: SettingsCheckOptions = {},
): Checked<ResolvedSettings> {
  const fromEnv = settingsFromEnvironment(env);
  const overlay = (base: Settings): Record<string, Record<string, unknown>> => {
    const merged = structuredClone(base) as Record<string, Record<string, unknown>>;
    for (const [key, value] of Object.entries(fromEnv.values)) {
      const [section, field] = key.split('.') as [string, string];
      const target = merged[section];
      if (target) target[field] = value;
    }
    // As src/main/config.ts: preset buttons above the top-up limit are not shown.
    const register = merged['register'];
    const envTouchesPresets = fromEnv.values['register.topupPresets'] !== undefined || fromEnv.values['register.topupMax'] !== undefined;
    if (register && envTouchesPresets && Array.isArray(register['topupPresets'])) {
      const max = Number(register['topupMax']);
      register['topupPresets'] = (register['topupPresets'] as unknown[]).filter((preset) => typeof preset !== 'number' || preset <= max);
    }
    return merged;
  };
  let storedIssues: ConfigIssue[] = [];
  let base = DEFAULT_SETTINGS;
  if (stored !== null && stored !== undefined) {
    const checked = checkSettings(stored);
    if (checked.ok) base = checked.value;
    else storedIssues = checked.issues;
  }
  // Scanner URIs are taken as they are at start: the scanner room shows a bad one as an error card.
  const atStart = { ...options, scannerUrisAsIs: true };
  let merged = checkSettings(overlay(base), atStart);
  if (!merged.ok) {
    // A stored value may clash with a new environment value (e.g. a shorter idle time): the stored
    // value gives way to its default, and staff are told.
    const clashing = new Set(merged.issues.map((item) => item.path.split('.').slice(0, 2).join('.')).filter((key) => isSettingKey(key) && fromEnv.locks[key] === undefined));
    if (clashing.size > 0) {
      const reverted = structuredClone(base) as Record<string, Record<string, unknown>>;
      for (const key of clashing) {
        const [section, field] = key.split('.') as [SettingsSection, string];
        const target = reverted[section];
        if (target) target[field] = structuredClone((DEFAULT_SETTINGS[section] as Record<string, unknown>)[field]);
      }
      storedIssues = [...storedIssues, ...merged.issues];
      merged = checkSettings(overlay(reverted as Settings), atStart);
    }
  }
  if (!merged.ok) {
    const issues = merged.issues.map((item) => {
      const variable = variableOf(fromEnv.locks, item.path);
      if (variable === undefined) return item;
      const detail = { ja: formatIssues([item], 'ja'), en: formatIssues([item], 'en') };
      const wrapped = issue(item.path, 'settings.env', SETTINGS_MESSAGES, { variable });
      return { ...wrapped, message: { ja: wrapped.message.ja.replace('{detail}', detail.ja), en: wrapped.message.en.replace('{detail}', detail.en) } };
    });
    return { ok: false, issues };
  }
  return { ok: true, value: { settings: merged.value, locks: fromEnv.locks, storedIssues } };
}
