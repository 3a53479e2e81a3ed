/**
 * The store set-up file (issue 14): one kiosk's configuration — settings, barcode nomenclature,
 * registration catalog — exported and imported on another kiosk of the store, with a preview of
 * what will change before it is applied. It holds no secrets (device credentials and PINs stay
 * in the environment and the staff table) and no personal data; the schema is strict, so a file
 * with any other field is refused. A file from a newer kiosk is refused as a whole.
 */
import { z } from 'zod';
import type { RuleSet, ScanRule } from '../barcode/rule-set';
import { checkRuleSet, ruleSetSchema } from '../barcode/rule-set';
import type { RegistrationCatalog } from '../api/registration';
import { registrationCatalogSchema } from '../registration/catalog-schema';
import type { Checked, ConfigIssue, MessageCatalog } from './issues';
import { issue, localizeIssues, parseJsonText } from './issues';
import type { SettingKey, SettingLocks, Settings } from './settings';
import { checkSettings, diffSettings, getSetting, settingsDocumentSchema } from './settings';

export const SETUP_FILE_FORMAT = 'coop-counter-kiosk-setup';
export const SETUP_FILE_VERSION = 1;

export const SETUP_MESSAGES = {
  'setup.json': {
    en: 'The file is not valid JSON ({detail}). Choose a set-up file exported from a kiosk’s admin screen.',
    ja: 'ファイルが JSON として読めません（{detail}）。端末の管理画面で書き出した設定ファイルを選んでください。',
  },
  'setup.format': {
    en: 'This is not a kiosk set-up file. Choose the file exported with “Export set-up file”.',
    ja: '端末の設定ファイルではありません。「設定ファイルを書き出す」で作ったファイルを選んでください。',
  },
  'setup.tooNew': {
    en: 'This set-up file was made by a newer kiosk (format {version}; this kiosk reads up to {supported}). Update this kiosk first, then import it again.',
    ja: 'この設定ファイルは新しいバージョンの端末で作られています（形式 {version}、この端末は {supported} まで）。先にこの端末を更新してから、もう一度取り込んでください。',
  },
} as const satisfies MessageCatalog;

export const setupFileSchema = z
  .object({
    format: z.literal(SETUP_FILE_FORMAT),
    version: z.number().int().min(1).max(SETUP_FILE_VERSION),
    /** When and by which kiosk version it was exported (shown in the preview). */
    exportedAt: z.iso.datetime(),
    appVersion: z.string().max(40),
    settings: settingsDocumentSchema,
    nomenclature: ruleSetSchema,
    catalog: registrationCatalogSchema,
  })
  .strict();

export type SetupFile = z.output<typeof setupFileSchema>;

/** The configuration a set-up file carries: what the core reads from its tables and applies. */
export interface KioskConfiguration {
  settings: Settings;
  nomenclature: RuleSet;
  catalog: RegistrationCatalog;
}

export function exportSetupFile(configuration: KioskConfiguration, meta: { now: Date; appVersion: string }): string {
  const file: SetupFile = {
    format: SETUP_FILE_FORMAT,
    version: SETUP_FILE_VERSION,
    exportedAt: meta.now.toISOString(),
    appVersion: meta.appVersion,
    settings: configuration.settings,
    nomenclature: configuration.nomenclature,
    catalog: configuration.catalog,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function prefixed(issues: readonly ConfigIssue[], prefix: string): ConfigIssue[] {
  return issues.map((item) => ({ ...item, path: item.path ? `${prefix}.${item.path}` : prefix }));
}

/** Reads a set-up file: the validated file, or every problem with what to fix (nothing is applied). */
export function importSetupFile(text: string): Checked<SetupFile> {
  const json = parseJsonText(text, SETUP_MESSAGES, 'setup.json');
  if (!json.ok) return json;
  const input = json.value as Record<string, unknown> | null;
  if (typeof input !== 'object' || input === null || input['format'] !== SETUP_FILE_FORMAT) {
    return { ok: false, issues: [issue('format', 'setup.format', SETUP_MESSAGES)] };
  }
  if (typeof input['version'] === 'number' && input['version'] > SETUP_FILE_VERSION) {
    return { ok: false, issues: [issue('version', 'setup.tooNew', SETUP_MESSAGES, { version: input['version'], supported: SETUP_FILE_VERSION })] };
  }
  // Each part is checked by its own rules, so the messages are the ones its screen shows.
  const issues: ConfigIssue[] = [];
  const settings = checkSettings(input['settings']);
  if (!settings.ok) issues.push(...prefixed(settings.issues, 'settings'));
  const nomenclature = checkRuleSet(input['nomenclature']);
  if (!nomenclature.ok) issues.push(...prefixed(nomenclature.issues, 'nomenclature'));
  const catalog = registrationCatalogSchema.safeParse(input['catalog']);
  if (!catalog.success) issues.push(...localizeIssues(catalog.error, SETUP_MESSAGES, 'catalog'));
  const whole = setupFileSchema.safeParse(input);
  if (!whole.success) {
    const own = localizeIssues(whole.error, SETUP_MESSAGES).filter((item) => !/^(settings|nomenclature|catalog)(\.|$)/.test(item.path));
    issues.push(...own);
  }
  if (issues.length > 0 || !whole.success) return { ok: false, issues };
  return { ok: true, value: whole.data };
}

export type SetupChange =
  | { area: 'settings'; key: SettingKey; old: unknown; new: unknown; restart: boolean; /** Set by this environment variable: kept as it is. */ lockedBy?: string }
  | { area: 'nomenclature'; key: string; change: 'added' | 'removed' | 'changed'; old: ScanRule | null; new: ScanRule | null }
  | { area: 'nomenclature'; key: 'order' | 'maxLength'; change: 'changed'; old: unknown; new: unknown }
  | { area: 'catalog'; key: string; change: 'added' | 'removed' | 'changed'; old: string[] | null; new: string[] | null };

export interface SetupPreview {
  changes: SetupChange[];
  /** Some applied change takes effect only after a restart. */
  restartNeeded: boolean;
  /** What importing would give (locked settings kept as they are). */
  result: KioskConfiguration;
  /** Problems of that result (a locked value that clashes with the file's): apply only when empty. */
  issues: ConfigIssue[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function nomenclatureChanges(before: RuleSet, after: RuleSet): SetupChange[] {
  const changes: SetupChange[] = [];
  const oldRules = new Map(before.rules.map((rule) => [rule.id, rule]));
  const newRules = new Map(after.rules.map((rule) => [rule.id, rule]));
  for (const rule of after.rules) {
    const old = oldRules.get(rule.id);
    if (!old) changes.push({ area: 'nomenclature', key: rule.id, change: 'added', old: null, new: rule });
    else if (!same(old, rule)) changes.push({ area: 'nomenclature', key: rule.id, change: 'changed', old, new: rule });
  }
  for (const rule of before.rules) if (!newRules.has(rule.id)) changes.push({ area: 'nomenclature', key: rule.id, change: 'removed', old: rule, new: null });
  const oldOrder = before.rules.map((rule) => rule.id).filter((id) => newRules.has(id));
  const newOrder = after.rules.map((rule) => rule.id).filter((id) => oldRules.has(id));
  if (!same(oldOrder, newOrder)) changes.push({ area: 'nomenclature', key: 'order', change: 'changed', old: before.rules.map((r) => r.id), new: after.rules.map((r) => r.id) });
  if (before.maxLength !== after.maxLength) changes.push({ area: 'nomenclature', key: 'maxLength', change: 'changed', old: before.maxLength, new: after.maxLength });
  return changes;
}

export function catalogChanges(before: RegistrationCatalog, after: RegistrationCatalog): SetupChange[] {
  const changes: SetupChange[] = [];
  const oldMap = new Map(before.universities.map((u) => [u.name, u.faculties]));
  const newMap = new Map(after.universities.map((u) => [u.name, u.faculties]));
  for (const [name, faculties] of newMap) {
    const old = oldMap.get(name);
    if (!old) changes.push({ area: 'catalog', key: name, change: 'added', old: null, new: faculties });
    else if (!same(old, faculties)) changes.push({ area: 'catalog', key: name, change: 'changed', old, new: faculties });
  }
  for (const [name, faculties] of oldMap) if (!newMap.has(name)) changes.push({ area: 'catalog', key: name, change: 'removed', old: faculties, new: null });
  return changes;
}

/**
 * "What will change" before an import is applied: settings key by key (old → new; keys the
 * environment locks are listed with `lockedBy` and kept), rules added / removed / changed /
 * reordered, universities added / removed / with other faculties. `result` is what to apply.
 */
export function previewSetupFile(current: KioskConfiguration, incoming: SetupFile, locks: SettingLocks = {}): SetupPreview {
  const settings = structuredClone(incoming.settings) as Record<string, Record<string, unknown>>;
  const settingChanges: SetupChange[] = diffSettings(current.settings, incoming.settings).map((change) => {
    const lockedBy = locks[change.key];
    if (lockedBy === undefined) return { area: 'settings', ...change };
    const [section, field] = change.key.split('.') as [string, string];
    const target = settings[section];
    if (target) target[field] = structuredClone(getSetting(current.settings, change.key));
    return { area: 'settings', ...change, restart: false, lockedBy };
  });
  const changes = [...settingChanges, ...nomenclatureChanges(current.nomenclature, incoming.nomenclature), ...catalogChanges(current.catalog, incoming.catalog)];
  const restartNeeded = changes.some((change) => change.area === 'settings' && change.restart);
  const checked = checkSettings(settings);
  const result = { settings: checked.ok ? checked.value : (settings as Settings), nomenclature: incoming.nomenclature, catalog: incoming.catalog };
  return { changes, restartNeeded, result, issues: checked.ok ? [] : prefixed(checked.issues, 'settings') };
}
