/**
 * The store set-up file (issue 14): this kiosk's settings, barcode rules and catalog as one file
 * (no secrets, no personal data: src/shared/config/setup-file.ts), and its import on another
 * kiosk: a preview of what will change, then the whole file applied in one transaction, each part
 * audited as when it is edited on screen. Settings the environment locks are kept as they are.
 */
import type { SetupChange } from '../../shared/config/setup-file';
import { exportSetupFile, importSetupFile, previewSetupFile } from '../../shared/config/setup-file';
import type { ConfigIssue } from '../../shared/config/issues';
import type { SqliteDatabase } from '../db/database';
import type { CatalogService } from './catalog-service';
import type { NomenclatureService } from './nomenclature-service';
import { configInvalid, type SettingsService } from './settings-service';

export interface SetupPreviewView {
  exportedAt: string;
  appVersion: string;
  changes: SetupChange[];
  restartNeeded: boolean;
  issues: ConfigIssue[];
}

export class SetupFileService {
  constructor(
    private readonly o: {
      db(): SqliteDatabase;
      settings: SettingsService;
      nomenclature: NomenclatureService;
      catalog: CatalogService;
      now(): number;
      appVersion: string;
    },
  ) {}

  export(): { filename: string; text: string } {
    const text = exportSetupFile(
      { settings: this.o.settings.current(), nomenclature: this.o.nomenclature.ruleSet(), catalog: this.o.catalog.current() },
      { now: new Date(this.o.now()), appVersion: this.o.appVersion },
    );
    const day = new Date(this.o.now()).toISOString().slice(0, 10);
    return { filename: `kiosk-setup-${day}.json`, text };
  }

  /** What importing `text` would change; refused (`config_invalid`) when the file cannot be used at all. */
  preview(text: string): SetupPreviewView {
    const file = importSetupFile(text);
    if (!file.ok) throw configInvalid(file.issues);
    const snapshot = this.o.settings.snapshot();
    const preview = previewSetupFile({ settings: snapshot.settings, nomenclature: this.o.nomenclature.ruleSet(), catalog: this.o.catalog.current() }, file.value, snapshot.locks);
    return { exportedAt: file.value.exportedAt, appVersion: file.value.appVersion, changes: preview.changes, restartNeeded: preview.restartNeeded, issues: preview.issues };
  }

  /** Applies the whole file or nothing; returns the number of changes. */
  apply(text: string, staffId: string): { changes: number; restartNeeded: boolean } {
    const preview = this.preview(text);
    if (preview.issues.length > 0) throw configInvalid(preview.issues);
    const file = importSetupFile(text);
    if (!file.ok) throw configInvalid(file.issues);
    const edits = Object.fromEntries(preview.changes.flatMap((change) => (change.area === 'settings' && change.lockedBy === undefined ? [[change.key, change.new]] : [])));
    const db = this.o.db();
    try {
      db.transaction(() => {
        this.o.settings.update(edits, staffId);
        this.o.nomenclature.save(file.value.nomenclature, staffId, 'nomenclature.import');
        this.o.catalog.save(file.value.catalog, staffId, { source: 'setup-file' });
      })();
    } catch (error) {
      // Nothing was written: the services drop what they cached during the attempt.
      this.o.settings.load();
      this.o.nomenclature.load();
      this.o.catalog.load();
      throw error;
    }
    return { changes: preview.changes.filter((change) => !(change.area === 'settings' && change.lockedBy !== undefined)).length, restartNeeded: preview.restartNeeded };
  }
}
