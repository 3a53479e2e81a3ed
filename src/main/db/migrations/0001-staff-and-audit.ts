import type { Migration } from './types';

/** Staff accounts (PIN hashes), the PIN-pad lockout counter, the audit log and key/value settings. */
export const migration0001: Migration = {
  version: 1,
  name: 'staff-and-audit',
  up(db) {
    db.exec(`
      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'admin')),
        -- scrypt$N$r$p$salt$hash, all base64: a slow salted hash, never the PIN.
        pin_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at INTEGER NOT NULL
      ) STRICT;

      -- One row: wrong PINs in a row on this kiosk and when the pad unlocks again.
      CREATE TABLE pin_lockout (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER
      ) STRICT;
      INSERT INTO pin_lockout (id, failed_attempts, locked_until) VALUES (1, 0, NULL);

      -- Append-only: staff actions. Triggers refuse updates and deletes.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        staff_id TEXT,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
