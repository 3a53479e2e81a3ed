import type { SqliteDatabase } from '../db/database';

/** The configuration documents of migration 0009: one JSON document per kind. */
export type ConfigDocumentName = 'settings' | 'nomenclature' | 'catalog';

/** The stored document, or null when none was saved yet (first start) or the JSON cannot be read. */
export function readConfigDocument(db: SqliteDatabase, name: ConfigDocumentName): unknown {
  const row = db.prepare('SELECT document FROM config_documents WHERE name = ?').get(name) as { document: string } | undefined;
  if (!row) return null;
  try {
    return JSON.parse(row.document) as unknown;
  } catch {
    return null;
  }
}

/** Writes a document (already validated by the caller), in the caller's transaction when there is one. */
export function writeConfigDocument(db: SqliteDatabase, name: ConfigDocumentName, document: unknown, at: number): void {
  db.prepare(
    `INSERT INTO config_documents (name, document, revision, updated_at) VALUES (?, ?, 1, ?)
     ON CONFLICT (name) DO UPDATE SET document = excluded.document, revision = revision + 1, updated_at = excluded.updated_at`,
  ).run(name, JSON.stringify(document), at);
}
