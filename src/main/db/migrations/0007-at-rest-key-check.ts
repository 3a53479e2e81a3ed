import type { Migration } from './types';

/**
 * Power cuts (issue 13): the kiosk notices when its at-rest key is not the one that sealed the
 * data (the key file was lost or damaged) instead of failing on each sealed row.
 * - `at_rest_key_check`: a keyed fingerprint of the current key (never the key itself);
 * - `key_loss_reports`: what personal data could not be opened when the key changed, for the
 *   staff status screen (member numbers, kinds, counts: nothing personal).
 */
export const migration0007: Migration = {
  version: 7,
  name: 'at-rest-key-check',
  up(db) {
    db.exec(`
      CREATE TABLE at_rest_key_check (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
        set_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE key_loss_reports (
        id INTEGER PRIMARY KEY,
        detected_at INTEGER NOT NULL,
        report TEXT NOT NULL CHECK (json_valid(report))
      ) STRICT;
    `);
  },
};
