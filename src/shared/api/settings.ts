/**
 * The admin screens' part of the kiosk API (issue 14): the settings in force with their locks,
 * and edits validated with the shared settings schema (src/shared/config/settings.ts). A refusal
 * is a `config_invalid` error whose `details.issues` say what to fix, in both languages.
 */
import { z } from 'zod';
import { settingsSchema } from '../config/settings';
import { ruleSetSchema } from '../barcode/rule-set';
import { registrationCatalogSchema } from '../registration/catalog-schema';
import type { MethodSchema } from './common';

export const ConfigIssueSchema = z.object({
  path: z.string(),
  key: z.string(),
  message: z.object({ ja: z.string(), en: z.string() }),
});

export const SettingChangeSchema = z.object({
  key: z.string(),
  old: z.unknown(),
  new: z.unknown(),
  restart: z.boolean(),
});
export type SettingChangeView = z.infer<typeof SettingChangeSchema>;

/** One audited change of configuration: what the audit row's `detail.changes` holds. */
export const AuditedChangeSchema = z.object({ key: z.string(), old: z.unknown(), new: z.unknown() });

const LocalizedTextSchema = z.object({ ja: z.string(), en: z.string() });
const CheckVerdictSchema = z.object({ scheme: z.string(), over: z.string(), expected: z.string().nullable(), found: z.string(), ok: z.boolean() });

/** The live tester's answer (src/shared/barcode/scan-rules.ts `explainScan`), app tokens masked. */
export const ScanExplanationSchema = z.object({
  result: z.object({ kind: z.enum(['memberCard', 'staffCard', 'appToken', 'unknown']), reason: z.string().optional(), mode: z.string().optional(), ruleId: z.string().optional() }),
  refusedBeforeRules: z.boolean(),
  matchedRuleId: z.string().nullable(),
  number: z.string().nullable(),
  checkDigit: CheckVerdictSchema.nullable(),
  rules: z.array(
    z.object({
      ruleId: z.string(),
      name: z.string(),
      kind: z.string(),
      status: z.enum(['matched', 'failed', 'shadowed']),
      wouldMatch: z.boolean().optional(),
      failed: z.string().optional(),
      reason: LocalizedTextSchema.optional(),
      checkDigit: CheckVerdictSchema.optional(),
    }),
  ),
  summary: LocalizedTextSchema,
});
export type ScanExplanationView = z.infer<typeof ScanExplanationSchema>;

export const SetupPreviewSchema = z.object({
  exportedAt: z.string(),
  appVersion: z.string(),
  changes: z.array(
    z.object({
      area: z.enum(['settings', 'nomenclature', 'catalog']),
      key: z.string(),
      change: z.enum(['added', 'removed', 'changed']).optional(),
      old: z.unknown(),
      new: z.unknown(),
      restart: z.boolean().optional(),
      lockedBy: z.string().optional(),
    }),
  ),
  restartNeeded: z.boolean(),
  issues: z.array(ConfigIssueSchema),
});
export type SetupPreviewView = z.infer<typeof SetupPreviewSchema>;

export const SettingsViewSchema = z.object({
  settings: settingsSchema,
  /** Keys set by the environment (shown as such, not editable) → the variable that sets each. */
  locks: z.record(z.string(), z.string()),
  /** Keys whose change applies after a restart. */
  restartKeys: z.array(z.string()),
  /** Keys changed since this start that wait for a restart. */
  pendingRestart: z.array(z.string()),
  /** The stored settings could not all be used (defaults in force for those): what was wrong. */
  storedIssues: z.array(ConfigIssueSchema),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const settingsMethods = {
  /** Admin: the settings in force, which the environment locks, which wait for a restart. */
  getSettings: {
    input: z.object({}).strict(),
    output: SettingsViewSchema,
  },
  /**
   * Admin: applies edits (`section.field` → value) as a whole or not at all; each change is
   * audited old → new. Refused (`config_invalid`) when a key is unknown or locked, or a value is
   * not valid; the settings in force stay as they were.
   */
  updateSettings: {
    input: z.object({ edits: z.record(z.string(), z.unknown()) }).strict(),
    output: z.object({ view: SettingsViewSchema, changes: z.array(SettingChangeSchema) }),
  },
  /** Admin: the barcode rules in force (ordered, first match wins). */
  getNomenclature: {
    input: z.object({}).strict(),
    output: z.object({ ruleSet: ruleSetSchema }),
  },
  /** Admin: replaces the rules as a whole (validated; audited per rule old → new); `config_invalid` with what to fix. */
  saveNomenclature: {
    input: z.object({ ruleSet: z.unknown() }).strict(),
    output: z.object({ ruleSet: ruleSetSchema, changes: z.array(AuditedChangeSchema) }),
  },
  /** Admin: back to the default rules (audited). */
  resetNomenclature: {
    input: z.object({}).strict(),
    output: z.object({ ruleSet: ruleSetSchema, changes: z.array(AuditedChangeSchema) }),
  },
  /** Admin: reads an exported rule-set file (JSON text) into the editor, not yet saved; `config_invalid` with what to fix. */
  importNomenclature: {
    input: z.object({ text: z.string().max(1_000_000) }).strict(),
    output: z.object({ ruleSet: ruleSetSchema }),
  },
  /** Admin: the rules in force as a JSON file. */
  exportNomenclature: {
    input: z.object({}).strict(),
    output: z.object({ filename: z.string(), text: z.string() }),
  },
  /**
   * Admin: the live tester: what the rules (in force, or the editor's unsaved `ruleSet`) make of a
   * code, rule by rule. App tokens are shown as their mode only.
   */
  testScan: {
    input: z.object({ code: z.string().max(4096), symbology: z.string().max(3).optional(), ruleSet: z.unknown().optional() }).strict(),
    output: ScanExplanationSchema,
  },
  /** Admin: the sign-up form's universities and faculties in force. */
  getCatalog: {
    input: z.object({}).strict(),
    output: z.object({ catalog: registrationCatalogSchema }),
  },
  /**
   * Admin: reads a catalog CSV (UTF-8 or Shift_JIS, base64 of the file's bytes) into a preview,
   * not yet saved: the lists, what would change, and how the file was read. `config_invalid`
   * names each broken row and what to fix.
   */
  previewCatalogCsv: {
    input: z.object({ base64: z.string().max(2_800_000).regex(/^[A-Za-z0-9+/]*={0,2}$/) }).strict(),
    output: z.object({
      catalog: registrationCatalogSchema,
      encoding: z.enum(['utf-8', 'utf-8-bom', 'shift_jis']),
      rows: z.number().int(),
      duplicates: z.number().int(),
      changes: z.array(AuditedChangeSchema),
    }),
  },
  /** Admin: stores the catalog (validated; audited per university old → new); the sign-up form uses it at once. */
  saveCatalog: {
    input: z.object({ catalog: z.unknown() }).strict(),
    output: z.object({ catalog: registrationCatalogSchema, changes: z.array(AuditedChangeSchema) }),
  },
  /** Admin: this kiosk's settings, barcode rules and catalog as a set-up file for another kiosk (no secrets, no personal data). */
  exportSetupFile: {
    input: z.object({}).strict(),
    output: z.object({ filename: z.string(), text: z.string() }),
  },
  /** Admin: what importing a set-up file would change (nothing applied); `config_invalid` when the file cannot be used. */
  previewSetupFile: {
    input: z.object({ text: z.string().max(5_000_000) }).strict(),
    output: SetupPreviewSchema,
  },
  /** Admin: applies a set-up file as a whole (locked settings kept), each part audited; `config_invalid` with what to fix. */
  applySetupFile: {
    input: z.object({ text: z.string().max(5_000_000) }).strict(),
    output: z.object({ changes: z.number().int(), restartNeeded: z.boolean() }),
  },
} as const satisfies Record<string, MethodSchema>;

export const settingsEvents = {} as const;
