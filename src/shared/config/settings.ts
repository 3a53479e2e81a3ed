/**
 * The kiosk's settings (issue 14), kept in the database and edited on the admin screen, in
 * sections: store, register, offline limits, session (idle and language), privacy, scanners,
 * printers, hand-off links. Defaults are today's environment defaults (`src/main/config.ts`);
 * the environment's values are first-start defaults and locks (`settings-env.ts`).
 * Deployment values (data folder, ports, portal URL, device credentials) stay environment-only.
 */
import { z } from 'zod';
import { LanguageSchema } from '../api/common';
import { scannerUriIssues, parsePrinterUri } from './device-uris';
import type { Checked, ConfigIssue, LocalizedText } from './issues';
import { issue, localizeIssues } from './issues';
import { SETTING_LABELS, SETTINGS_MESSAGES, TYPED_PAYMENT_LABELS } from './settings-messages';

let timeZones: ReadonlySet<string> | null = null;
function canonicalTimeZones(): ReadonlySet<string> {
  timeZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return timeZones;
}

/** True for a time zone name of the IANA database that this runtime knows (e.g. Asia/Tokyo, UTC). */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  // Canonical names from the list: the first DateTimeFormat loads ICU's locale data (~25 ms of
  // CPU on the core's path to its ready line, issue 18); aliases still go through it.
  if (canonicalTimeZones().has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Typed-number payments (issue 15): allowed, with a supervisor's approval, or refused. */
export const TYPED_PAYMENT_POLICIES = ['allow', 'approve', 'refuse'] as const;
export type TypedPaymentPolicy = (typeof TYPED_PAYMENT_POLICIES)[number];

const yen = z.number().int('settings.yen').min(1, 'settings.yen').max(10_000_000, 'settings.yen');
const seconds = z.number().int().min(1).max(86_400);
const httpsUrl = z.url({ protocol: /^https$/, error: 'settings.httpsUrl' }).max(500);

export const storeSettingsSchema = z
  .object({
    /** Printed at the top of receipts; empty: no name line. */
    name: z.string().trim().max(60).default('大学生協'),
    /** One address line for receipts; empty: none. */
    receiptAddress: z.string().trim().max(120).default(''),
    /** The store's time zone: business days, receipts, end-of-day. */
    timeZone: z.string().refine(isIanaTimeZone, 'settings.timeZone').default('Asia/Tokyo'),
  })
  .strict();

export const registerSettingsSchema = z
  .object({
    topupPresets: z.array(yen).min(1).max(8).default([1000, 2000, 3000, 5000, 10000]),
    topupMax: yen.default(50_000),
    balanceMax: yen.default(100_000),
    drawerFloat: z.number().int().min(0).max(10_000_000).default(0),
    /** How long a confirmation waits for the portal before it is queued. */
    onlineWaitSeconds: z.number().positive().max(60).default(8),
    /** Payments on a typed member number (no card, no app barcode): allowed, with a supervisor's approval, or refused. */
    typedPayments: z.enum(TYPED_PAYMENT_POLICIES).default('approve'),
  })
  .strict();

export const offlineSettingsSchema = z
  .object({
    /** Take payments while the portal is unreachable (off: cash top-ups only). */
    payments: z.boolean().default(true),
    paymentMax: yen.default(3_000),
    memberMax: yen.default(5_000),
    kioskMax: yen.default(30_000),
    maxAgeHours: z.number().int().min(1).max(72).default(72),
  })
  .strict();

export const sessionSettingsSchema = z
  .object({
    language: LanguageSchema.default('ja'),
    idleSeconds: seconds.default(90),
    idleWarningSeconds: seconds.default(20),
    staffIdleSeconds: seconds.default(300),
  })
  .strict();

export const privacySettingsSchema = z.object({ nameRetentionDays: z.number().int().min(1).max(365).default(14) }).strict();
export const scannerSettingsSchema = z.object({ uris: z.array(z.string().trim().min(1).max(300)).max(8).default(['sim']) }).strict();
export const printerSettingsSchema = z
  .object({
    uris: z.array(z.string().trim().min(1).max(300)).max(4).default([]),
    /** Print the member's name on receipts (the member number is always printed). */
    memberName: z.boolean().default(false),
    /**
     * The printers with the cash drawer on their drawer port, by URI (a store may have two
     * printers and one drawer): only these get ESC p. null: never chosen, the first printer (as
     * before this setting, so existing stores keep working).
     */
    drawers: z.array(z.string().trim().min(1).max(300)).max(4).nullable().default(null),
  })
  .strict();

/** The printer URIs whose drawer port has the cash drawer: those chosen, or the first printer when none was ever chosen. */
export function drawerPrinterUris(printers: { uris: readonly string[]; drawers: readonly string[] | null }): string[] {
  const { uris, drawers } = printers;
  return drawers === null ? uris.slice(0, 1) : uris.filter((uri) => drawers.includes(uri));
}

/**
 * The seed guides' page: the co-op app guidance site holds 「パスワードの設定をする」, the app
 * download links and the link to the メールアドレス変更フォーム. Co-ops of 中国・四国 use
 * https://vsign.jp/ instead: they set both links.
 */
export const CO_OP_APP_GUIDE_URL = 'https://apps.univ.coop/mobileapp/flow-student/';

export const linkSettingsSchema = z
  .object({
    /** The password guide the done screen's QR code (and the hand-off slip) opens on the student's phone. */
    passwordGuideUrl: httpsUrl.default(CO_OP_APP_GUIDE_URL),
    /** The e-mail change form offered to students not yet using the app; null: not offered (counter request only). */
    emailChangeFormUrl: httpsUrl.nullable().default(CO_OP_APP_GUIDE_URL),
  })
  .strict();

export const settingsSchema = z
  .object({
    store: storeSettingsSchema.prefault({}),
    register: registerSettingsSchema.prefault({}),
    offline: offlineSettingsSchema.prefault({}),
    session: sessionSettingsSchema.prefault({}),
    privacy: privacySettingsSchema.prefault({}),
    scanners: scannerSettingsSchema.prefault({}),
    printers: printerSettingsSchema.prefault({}),
    links: linkSettingsSchema.prefault({}),
  })
  .strict();

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;
export type SettingsSection = keyof Settings;
export const SETTINGS_SECTIONS = Object.keys(settingsSchema.shape) as SettingsSection[];

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/**
 * Fields earlier versions stored that no longer exist: dropped from a stored document or a set-up
 * file before it is checked, so an old document still loads (`links.appGuideUrl`: the password
 * guide page already links the app downloads; nothing showed it).
 */
const RETIRED_FIELDS: Readonly<Partial<Record<SettingsSection, readonly string[]>>> = { links: ['appGuideUrl'] };

function withoutRetiredFields(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const copy: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [section, fields] of Object.entries(RETIRED_FIELDS)) {
    const value = copy[section];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    copy[section] = Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([field]) => !fields.includes(field)));
  }
  return copy;
}

/** Settings as a stored document or a set-up file holds them (retired fields dropped, then checked strictly). */
export const settingsDocumentSchema = z.preprocess(withoutRetiredFields, settingsSchema);

/** `section.field`, e.g. `offline.paymentMax`: the unit of locks, audit rows and previews. */
export type SettingKey = { [S in SettingsSection]: `${S}.${keyof Settings[S] & string}` }[SettingsSection];
export const SETTING_KEYS = SETTINGS_SECTIONS.flatMap((section) => Object.keys(DEFAULT_SETTINGS[section]).map((field) => `${section}.${field}` as SettingKey));

/**
 * Changes that take effect only after a restart (the screen says so); the rest apply at once
 * (rooms read the settings at each use; the register reopens its printers when the list changes).
 * Scanners wait: their drivers hold the serial and USB devices a scan may be arriving on.
 */
export const RESTART_KEYS: ReadonlySet<SettingKey> = new Set<SettingKey>(['scanners.uris']);

/** Settings edited by choosing one of a few values, with each value's name in both languages. */
export const SETTING_CHOICES: Readonly<Partial<Record<SettingKey, ReadonlyArray<{ value: string; label: LocalizedText }>>>> = {
  'register.typedPayments': TYPED_PAYMENT_POLICIES.map((value) => ({ value, label: TYPED_PAYMENT_LABELS[value] })),
};

/** Every key has a label in both languages (checked by the compiler). */
export const SETTING_KEY_LABELS: Readonly<Record<SettingKey, LocalizedText>> = SETTING_LABELS;

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}

export function getSetting(settings: Settings, key: SettingKey): unknown {
  const [section, field] = key.split('.') as [SettingsSection, string];
  return (settings[section] as Record<string, unknown>)[field];
}

/** Every setting as `key → value`. */
export function flattenSettings(settings: Settings): Record<SettingKey, unknown> {
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, getSetting(settings, key)])) as Record<SettingKey, unknown>;
}

function crossFieldIssues(settings: Settings, scannerUrisAsIs: boolean): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  settings.register.topupPresets.forEach((preset, index) => {
    if (preset > settings.register.topupMax) issues.push(issue(`register.topupPresets.${index}`, 'settings.presetAboveMax', SETTINGS_MESSAGES, { preset, max: settings.register.topupMax }));
  });
  if (settings.session.idleWarningSeconds >= settings.session.idleSeconds) {
    issues.push(issue('session.idleWarningSeconds', 'settings.idleWarning', SETTINGS_MESSAGES, { idle: settings.session.idleSeconds }));
  }
  // At start scanner URIs are taken as they are (a source listed twice is an error card on the scanner screen).
  const lists = scannerUrisAsIs ? ([['printers', settings.printers.uris]] as const) : ([['scanners', settings.scanners.uris], ['printers', settings.printers.uris]] as const);
  for (const [section, uris] of lists) {
    uris.forEach((uri, index) => {
      if (uris.indexOf(uri) !== index) issues.push(issue(`${section}.uris.${index}`, 'settings.duplicate', SETTINGS_MESSAGES, { value: uri }));
    });
  }
  if (!scannerUrisAsIs) settings.scanners.uris.forEach((uri, index) => issues.push(...scannerUriIssues(uri, `scanners.uris.${index}`)));
  // A drawer names one of the printers above (checked by its URI), once.
  (settings.printers.drawers ?? []).forEach((uri, index, drawers) => {
    if (!settings.printers.uris.includes(uri)) issues.push(issue(`printers.drawers.${index}`, 'settings.drawerNotPrinter', SETTINGS_MESSAGES, { uri }));
    else if (drawers.indexOf(uri) !== index) issues.push(issue(`printers.drawers.${index}`, 'settings.duplicate', SETTINGS_MESSAGES, { value: uri }));
  });
  settings.printers.uris.forEach((uri, index) => {
    const parsed = parsePrinterUri(uri, `printers.uris.${index}`);
    if (!parsed.ok) issues.push(...parsed.issues);
  });
  return issues;
}

export interface SettingsCheckOptions {
  /** The drivers' own check of a scanner URI (English problems), added by the core. */
  scannerUriProblems?: (uri: string) => readonly string[];
  /** The printer driver's own check of a printer URI and its options (English problems), added by the core. */
  printerUriProblems?: (uri: string) => readonly string[];
  /**
   * Take scanner URIs as they are (the start-up path): a bad entry from the environment becomes
   * an error card on the scanner screen saying what to fix, never a kiosk that will not start.
   * Edits on the admin screen are checked.
   */
  scannerUrisAsIs?: boolean;
}

/** Validates settings (missing fields take their defaults): the settings, or every problem with what to fix. */
export function checkSettings(input: unknown, options: SettingsCheckOptions = {}): Checked<Settings> {
  const parsed = settingsDocumentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: localizeIssues(parsed.error, SETTINGS_MESSAGES) };
  const issues = crossFieldIssues(parsed.data, options.scannerUrisAsIs === true);
  if (options.scannerUriProblems && !options.scannerUrisAsIs && issues.length === 0) {
    parsed.data.scanners.uris.forEach((uri, index) => {
      const problems = options.scannerUriProblems?.(uri) ?? [];
      if (problems.length > 0) issues.push(issue(`scanners.uris.${index}`, 'settings.scannerDetail', SETTINGS_MESSAGES, { uri, detail: problems.join('; ') }));
    });
  }
  if (options.printerUriProblems && issues.length === 0) {
    parsed.data.printers.uris.forEach((uri, index) => {
      const problems = options.printerUriProblems?.(uri) ?? [];
      if (problems.length > 0) issues.push(issue(`printers.uris.${index}`, 'settings.printerDetail', SETTINGS_MESSAGES, { uri, detail: problems.join('; ') }));
    });
  }
  return issues.length === 0 ? { ok: true, value: parsed.data } : { ok: false, issues };
}

export interface SettingChange {
  key: SettingKey;
  old: unknown;
  new: unknown;
  /** The change takes effect after a restart. */
  restart: boolean;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What differs between two settings, key by key (for the audit row and the preview). */
export function diffSettings(before: Settings, after: Settings): SettingChange[] {
  return SETTING_KEYS.flatMap((key) => {
    const old = getSetting(before, key);
    const next = getSetting(after, key);
    return sameValue(old, next) ? [] : [{ key, old, new: next, restart: RESTART_KEYS.has(key) }];
  });
}

/** Keys the environment fixes, with the variable that fixes each (see settings-env.ts). */
export type SettingLocks = Partial<Record<SettingKey, string>>;

/**
 * Applies the admin screen's edits (`key → new value`) to the settings in force. Refused as a
 * whole when a key is unknown, locked by the environment, or the result is not valid.
 */
export function updateSettings(
  current: Settings,
  edits: Readonly<Record<string, unknown>>,
  locks: SettingLocks = {},
  options: SettingsCheckOptions = {},
): Checked<{ settings: Settings; changes: SettingChange[] }> {
  const issues: ConfigIssue[] = [];
  const next = structuredClone(current) as Record<string, Record<string, unknown>>;
  for (const [key, value] of Object.entries(edits)) {
    if (!isSettingKey(key)) {
      issues.push(issue(key, 'settings.unknownKey', SETTINGS_MESSAGES, { key }));
      continue;
    }
    const variable = locks[key];
    if (variable !== undefined && !sameValue(value, getSetting(current, key))) {
      issues.push(issue(key, 'settings.locked', SETTINGS_MESSAGES, { variable }));
      continue;
    }
    const [section, field] = key.split('.') as [string, string];
    const target = next[section];
    if (target) target[field] = value;
  }
  if (issues.length > 0) return { ok: false, issues };
  const checked = checkSettings(next, options);
  if (!checked.ok) return checked;
  return { ok: true, value: { settings: checked.value, changes: diffSettings(current, checked.value) } };
}

/** Section titles for the admin screen and the preview. */
export const SETTINGS_SECTION_TITLES: Readonly<Record<SettingsSection, LocalizedText>> = {
  store: { ja: '店舗', en: 'Store' },
  register: { ja: 'レジ', en: 'Register' },
  offline: { ja: 'オフライン時の上限', en: 'Offline limits' },
  session: { ja: '無操作時間と言語', en: 'Idle time and language' },
  privacy: { ja: '個人情報の保存期間', en: 'Privacy retention' },
  scanners: { ja: 'スキャナー', en: 'Scanners' },
  printers: { ja: 'プリンター', en: 'Printers' },
  links: { ja: '案内リンク', en: 'Hand-off links' },
};
