/**
 * The settings in force (issue 14): resolved at start from the stored document and the
 * environment (first-start defaults and locks, src/shared/config/settings-env.ts), changed by the
 * admin screen as a whole or not at all, each change audited old → new in the same transaction
 * as the write. Rooms read `current()` at each use, so most changes apply at once; the keys of
 * `RESTART_KEYS` wait for a restart (`pendingRestart`).
 */
import { KioskError } from '../../shared/errors';
import type { ConfigIssue } from '../../shared/config/issues';
import { formatIssues } from '../../shared/config/issues';
import { resolveSettings, type ResolvedSettings } from '../../shared/config/settings-env';
import { RESTART_KEYS, updateSettings, type SettingChange, type SettingKey, type SettingLocks, type Settings, type SettingsCheckOptions } from '../../shared/config/settings';
import type { SqliteDatabase } from '../db/database';
import { appendAudit } from '../staff';
import { readConfigDocument, writeConfigDocument } from './config-documents';

export interface SettingsServiceOptions {
  db(): SqliteDatabase;
  /** The environment's setting variables (KioskConfig.settingsEnvironment). */
  environment: Readonly<Record<string, string | undefined>>;
  now(): number;
  log(line: string): void;
  /** The drivers' own checks of device URIs, applied to the admin's edits. */
  deviceChecks?: Pick<SettingsCheckOptions, 'printerUriProblems' | 'scannerUriProblems'>;
}

export interface SettingsSnapshot {
  settings: Settings;
  locks: SettingLocks;
  pendingRestart: SettingKey[];
  storedIssues: ConfigIssue[];
}

export class SettingsService {
  private resolved: ResolvedSettings | null = null;
  private readonly pendingRestart = new Set<SettingKey>();
  private readonly listeners = new Set<(settings: Settings, changes: SettingChange[]) => void>();

  constructor(private readonly o: SettingsServiceOptions) {}

  /**
   * Resolves the settings from the database and the environment and saves them when they differ
   * from the stored document (the environment's first-start values become the stored ones).
   * Throws when an environment value is not valid: the start stops, naming the variable.
   */
  load(): Settings {
    return this.loadResolved().settings;
  }

  private loadResolved(): ResolvedSettings {
    const db = this.o.db();
    const stored = readConfigDocument(db, 'settings');
    const resolved = this.resolve(stored);
    if (resolved.storedIssues.length > 0) this.o.log(`settings: stored settings partly unusable, defaults in force for: ${resolved.storedIssues.map((item) => item.path).join(', ')}`);
    if (JSON.stringify(stored) !== JSON.stringify(resolved.settings)) writeConfigDocument(db, 'settings', resolved.settings, this.o.now());
    this.resolved = resolved;
    return resolved;
  }

  /** The settings in force. Before the database answers: the environment over the defaults (not stored). */
  current(): Settings {
    return this.state().settings;
  }

  snapshot(): SettingsSnapshot {
    const { settings, locks, storedIssues } = this.state();
    return { settings, locks, storedIssues, pendingRestart: [...this.pendingRestart] };
  }

  /** Calls `listener` after each change that was saved. Returns the unsubscribe. */
  onChange(listener: (settings: Settings, changes: SettingChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies the admin's edits: validated as a whole (locks, schema, cross-field rules), written
   * with one audit row `settings.update` { changes: [{ key, old, new }] } in one transaction.
   * A refusal (`config_invalid`) leaves the settings in force untouched.
   */
  update(edits: Readonly<Record<string, unknown>>, staffId: string): SettingChange[] {
    const state = this.state();
    const checked = updateSettings(state.settings, edits, state.locks, this.o.deviceChecks);
    if (!checked.ok) throw configInvalid(checked.issues);
    const { settings, changes } = checked.value;
    if (changes.length === 0) return [];
    const db = this.o.db();
    db.transaction(() => {
      writeConfigDocument(db, 'settings', settings, this.o.now());
      appendAudit(db, { at: this.o.now(), staffId, action: 'settings.update', detail: { changes: changes.map(({ key, old, new: next }) => ({ key, old, new: next })) } });
    }).immediate();
    this.resolved = { ...state, settings, storedIssues: [] };
    for (const change of changes) if (RESTART_KEYS.has(change.key)) this.pendingRestart.add(change.key);
    for (const listener of this.listeners) {
      try {
        listener(settings, changes);
      } catch (error) {
        this.o.log(`settings: a listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return changes;
  }

  private state(): ResolvedSettings {
    if (this.resolved) return this.resolved;
    try {
      return this.loadResolved();
    } catch (error) {
      if (error instanceof SettingsEnvironmentError) throw error;
      // The database is down: the environment over the defaults, not remembered (the next call tries the database again).
      return this.resolve(null);
    }
  }

  private resolve(stored: unknown): ResolvedSettings {
    const resolved = resolveSettings(stored, this.o.environment);
    if (!resolved.ok) throw new SettingsEnvironmentError(resolved.issues);
    return resolved.value;
  }
}

/** An environment variable that is a setting has a value the kiosk cannot use: the start stops, naming it. */
export class SettingsEnvironmentError extends Error {
  override name = 'SettingsEnvironmentError';
  constructor(readonly issues: ConfigIssue[]) {
    super(`The kiosk settings from the environment are not valid: ${formatIssues(issues, 'en')}`);
  }
}

/** A refused configuration: the issues go to the screen, which shows each with what to fix. */
export function configInvalid(issues: readonly ConfigIssue[]): KioskError {
  return new KioskError('config_invalid', `The configuration was not changed: ${formatIssues([...issues], 'en')}`, { issues: issues.map(({ path, key, message }) => ({ path, key, message })) });
}
