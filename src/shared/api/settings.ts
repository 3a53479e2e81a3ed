/**
 * The admin screens' part of the kiosk API (issue 14): the settings in force with their locks,
 * and edits validated with the shared settings schema (src/shared/config/settings.ts). A refusal
 * is a `config_invalid` error whose `details.issues` say what to fix, in both languages.
 */
import { z } from 'zod';
import { settingsSchema } from '../config/settings';
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
} as const satisfies Record<string, MethodSchema>;

export const settingsEvents = {} as const;
