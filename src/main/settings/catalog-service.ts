/**
 * The sign-up form's university / faculty catalog (issue 14), stored by the admin screen
 * (`config_documents` 'catalog') and read by the counter room at each call: an import applies at
 * once. At first start a `registration-catalog.json` in the data folder (how earlier versions
 * were configured) is taken over; otherwise the demo store's lists. A save is validated as a
 * whole and audited `catalog.update` { changes: [{ key, old, new }] } (university names and
 * faculty lists: no personal data).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistrationCatalog } from '../../shared/api/registration';
import { localizeIssues } from '../../shared/config/issues';
import { catalogChanges } from '../../shared/config/setup-file';
import { CATALOG_MESSAGES } from '../../shared/registration/catalog-messages';
import { registrationCatalogSchema } from '../../shared/registration/catalog-schema';
import type { SqliteDatabase } from '../db/database';
import { appendAudit } from '../staff';
import { readConfigDocument, writeConfigDocument } from './config-documents';
import type { AuditedChange } from './nomenclature-service';
import { configInvalid } from './settings-service';

/** The demo store's lists (the seeded members study here). */
export const DEFAULT_CATALOG: RegistrationCatalog = {
  universities: [
    { name: '生協大学', faculties: ['文学部', '法学部', '経済学部', '理学部', '工学部', '農学部', '医学部', '教育学部'] },
    { name: '生協大学大学院', faculties: ['文学研究科', '法学研究科', '経済学研究科', '理学研究科', '工学研究科'] },
  ],
};

/** The file earlier versions read from the data folder; taken over once, at first start. */
export const LEGACY_CATALOG_FILE = 'registration-catalog.json';

export interface CatalogServiceOptions {
  db(): SqliteDatabase;
  dataDir: string;
  now(): number;
  log(line: string): void;
}

export class CatalogService {
  private catalog: RegistrationCatalog | null = null;

  constructor(private readonly o: CatalogServiceOptions) {}

  load(): RegistrationCatalog {
    const db = this.o.db();
    const stored = readConfigDocument(db, 'catalog');
    if (stored !== null) {
      const parsed = registrationCatalogSchema.safeParse(stored);
      if (parsed.success) return (this.catalog = parsed.data);
      this.o.log('registration: the stored catalog cannot be used; the default lists are in force');
      return (this.catalog = DEFAULT_CATALOG);
    }
    const legacy = this.legacyFile();
    if (legacy) writeConfigDocument(db, 'catalog', legacy, this.o.now());
    return (this.catalog = legacy ?? DEFAULT_CATALOG);
  }

  current(): RegistrationCatalog {
    if (this.catalog) return this.catalog;
    try {
      return this.load();
    } catch {
      return DEFAULT_CATALOG;
    }
  }

  /** Validates and stores a catalog (audited); throws `config_invalid` with what to fix. */
  save(input: unknown, staffId: string, detail: Record<string, unknown> = {}): AuditedChange[] {
    const parsed = registrationCatalogSchema.safeParse(input);
    if (!parsed.success) throw configInvalid(localizeIssues(parsed.error, CATALOG_MESSAGES));
    const changes = catalogChanges(this.current(), parsed.data).map((change) => ({ key: `catalog.${change.key}`, old: change.old, new: change.new }));
    if (changes.length === 0) return [];
    const db = this.o.db();
    db.transaction(() => {
      writeConfigDocument(db, 'catalog', parsed.data, this.o.now());
      appendAudit(db, { at: this.o.now(), staffId, action: 'catalog.update', detail: { changes, ...detail } });
    }).immediate();
    this.catalog = parsed.data;
    return changes;
  }

  private legacyFile(): RegistrationCatalog | null {
    const path = join(this.o.dataDir, LEGACY_CATALOG_FILE);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return null;
    }
    try {
      return registrationCatalogSchema.parse(JSON.parse(text));
    } catch (error) {
      this.o.log(`registration: ${path} is not a valid catalog (${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}); using the default lists.`);
      return null;
    }
  }
}
