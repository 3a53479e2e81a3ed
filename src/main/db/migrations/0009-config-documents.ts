import type { Migration } from './types';

/**
 * The store's configuration (issue 14) lives in the database, edited on the admin screens: one
 * JSON document per kind — `settings` (store, register, offline limits, session, privacy,
 * scanners, printers, links), `nomenclature` (the barcode rule set), `catalog` (universities and
 * faculties of the sign-up form). The documents are validated by the shared schemas before they
 * are written; a document the kiosk cannot read falls back to the defaults and staff are told.
 * `revision` counts the writes (the set-up file's preview and tests use it).
 */
export const migration0009: Migration = {
  version: 9,
  name: 'config-documents',
  up(db) {
    db.exec(`
      CREATE TABLE config_documents (
        name TEXT PRIMARY KEY CHECK (name IN ('settings', 'nomenclature', 'catalog')),
        document TEXT NOT NULL CHECK (json_valid(document)),
        revision INTEGER NOT NULL CHECK (revision >= 1),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
