import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type PortalDatabase = Database.Database;

interface PortalMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The reference portal's own schema. Forward-only, one transaction per step, STRICT tables.
 * Times are epoch milliseconds; money is integer yen.
 */
export const PORTAL_MIGRATIONS: readonly PortalMigration[] = [
  {
    version: 1,
    name: 'devices-members-wallet',
    sql: `
      CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        display_name TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        -- Replicache-style: the highest per-kiosk sequence number processed.
        last_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE device_sessions (
        token_hash TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        expires_at INTEGER NOT NULL
      ) STRICT;

      -- Every sequenced operation a kiosk sent, with the answer it got (replayed on a repeat).
      CREATE TABLE device_operations (
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        seq INTEGER NOT NULL CHECK (seq > 0),
        client_request_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'declined', 'rejected')),
        status INTEGER NOT NULL,
        response TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (device_id, seq)
      ) STRICT;

      -- Idempotency keys (client request ids), kept at least 7 days.
      CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('processing', 'done')),
        status INTEGER,
        response TEXT,
        locked_until INTEGER,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO counters (name, value) VALUES ('roster_version', 0);

      CREATE TABLE members (
        member_no TEXT PRIMARY KEY CHECK (length(member_no) = 10),
        card_barcode TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_kana TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        email TEXT,
        phone TEXT,
        university TEXT,
        faculty TEXT,
        student_no TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'withdrawn')),
        portal_registered INTEGER NOT NULL DEFAULT 0 CHECK (portal_registered IN (0, 1)),
        balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX members_version ON members (version);

      -- The e-money ledger: applied transactions only, one row per client request id.
      CREATE TABLE wallet_transactions (
        id TEXT PRIMARY KEY,
        client_request_id TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL,
        seq INTEGER,
        member_no TEXT NOT NULL REFERENCES members (member_no),
        kind TEXT NOT NULL CHECK (kind IN ('topup', 'payment', 'void')),
        amount INTEGER NOT NULL CHECK (amount > 0),
        balance_after INTEGER NOT NULL,
        voids_transaction_id TEXT,
        voided_by TEXT,
        app_token TEXT,
        staff_id TEXT,
        kiosk_created_at INTEGER,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX wallet_transactions_member ON wallet_transactions (member_no, created_at);

      -- Declined wallet operations, so a payment refused later is reported, not lost.
      CREATE TABLE wallet_declines (
        client_request_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        seq INTEGER,
        member_no TEXT NOT NULL,
        kind TEXT NOT NULL,
        amount INTEGER NOT NULL,
        code TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE app_tokens (
        token TEXT PRIMARY KEY,
        member_no TEXT NOT NULL REFERENCES members (member_no),
        mode TEXT NOT NULL CHECK (mode IN ('pay', 'points', 'charge')),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        used_by TEXT
      ) STRICT;

      CREATE TABLE verifications (
        id TEXT PRIMARY KEY,
        purpose TEXT NOT NULL CHECK (purpose IN ('signup', 'email_change')),
        member_no TEXT NOT NULL REFERENCES members (member_no),
        email TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        verified_at INTEGER,
        consumed_at INTEGER
      ) STRICT;

      CREATE TABLE verification_codes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        verification_id TEXT NOT NULL REFERENCES verifications (id),
        email TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX verification_codes_email ON verification_codes (email, created_at);

      CREATE TABLE signups (
        id TEXT PRIMARY KEY,
        client_request_id TEXT NOT NULL UNIQUE,
        member_no TEXT NOT NULL REFERENCES members (member_no),
        email TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending_email_confirmation', 'completed')),
        profile TEXT NOT NULL,
        device_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        completed_at INTEGER
      ) STRICT;

      CREATE TABLE email_changes (
        id TEXT PRIMARY KEY,
        client_request_id TEXT NOT NULL UNIQUE,
        member_no TEXT NOT NULL REFERENCES members (member_no),
        old_email TEXT,
        new_email TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'completed', 'rejected')),
        device_id TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        decided_at INTEGER,
        decided_by TEXT,
        reason TEXT,
        completed_at INTEGER
      ) STRICT;
      CREATE INDEX email_changes_member ON email_changes (member_no, requested_at);

      -- Mail and SMS the portal "sent" (the dev outbox; readable through the admin API).
      CREATE TABLE dev_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'audit-anchors',
    sql: `
      -- Heads of each kiosk's hash-chained audit log (SECURITY.md §7): append-only, one row per
      -- anchored audit row id. The latest (highest audit_id) is what the kiosk's log must still contain.
      CREATE TABLE audit_anchors (
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        audit_id INTEGER NOT NULL CHECK (audit_id > 0),
        hash TEXT NOT NULL CHECK (length(hash) = 64),
        row_count INTEGER NOT NULL CHECK (row_count > 0 AND row_count <= audit_id),
        kiosk_created_at INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (device_id, audit_id)
      ) STRICT;
      CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
        BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only'); END;
      CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
        BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only'); END;

      -- Anchors the portal refused (lower id, or same id with another hash): the tamper signal,
      -- kept for the back office.
      CREATE TABLE audit_anchor_refusals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        audit_id INTEGER NOT NULL,
        hash TEXT NOT NULL,
        row_count INTEGER NOT NULL,
        kiosk_created_at INTEGER NOT NULL,
        latest_audit_id INTEGER NOT NULL,
        received_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'identify-failures',
    sql: `
      -- Wrong birthdates per member number (PortalService.identifyMember): the count in the
      -- current window, and the lock once it reached the limit. A right birthdate deletes the row.
      CREATE TABLE identify_failures (
        member_no TEXT PRIMARY KEY REFERENCES members (member_no),
        failures INTEGER NOT NULL CHECK (failures > 0),
        first_failed_at INTEGER NOT NULL,
        locked_until INTEGER
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'repair-requests',
    sql: `
      -- Verifications gain the purpose 'repair' (a repair request's contact address). SQLite
      -- cannot change a CHECK: both tables are rebuilt, child first, and renamed into place.
      CREATE TABLE verifications_v4 (
        id TEXT PRIMARY KEY,
        purpose TEXT NOT NULL CHECK (purpose IN ('signup', 'email_change', 'repair')),
        member_no TEXT NOT NULL REFERENCES members (member_no),
        email TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        verified_at INTEGER,
        consumed_at INTEGER
      ) STRICT;
      INSERT INTO verifications_v4 SELECT id, purpose, member_no, email, created_at, verified_at, consumed_at FROM verifications;
      CREATE TABLE verification_codes_v4 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        verification_id TEXT NOT NULL REFERENCES verifications_v4 (id),
        email TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      INSERT INTO verification_codes_v4 SELECT id, verification_id, email, code_hash, created_at, expires_at, failed_attempts FROM verification_codes;
      DROP TABLE verification_codes;
      DROP TABLE verifications;
      ALTER TABLE verifications_v4 RENAME TO verifications;
      ALTER TABLE verification_codes_v4 RENAME TO verification_codes;
      CREATE INDEX verification_codes_email ON verification_codes (email, created_at);

      -- Students whose app setup failed ask the co-op's administrator for a repair.
      CREATE TABLE repair_requests (
        id TEXT PRIMARY KEY,
        client_request_id TEXT NOT NULL UNIQUE,
        member_no TEXT NOT NULL REFERENCES members (member_no),
        problems TEXT NOT NULL,
        contact_email TEXT NOT NULL,
        contact_verified INTEGER NOT NULL CHECK (contact_verified IN (0, 1)),
        status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
        device_id TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT
      ) STRICT;
      CREATE INDEX repair_requests_status ON repair_requests (status, requested_at);
    `,
  },
  {
    version: 5,
    name: 'stores',
    sql: `
      -- A store (a co-op shop) has several kiosks; its staff decide the email changes made at any
      -- of them (issue 12). A device without a store sees only its own requests.
      CREATE TABLE stores (
        store_id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      ALTER TABLE devices ADD COLUMN store_id TEXT REFERENCES stores (store_id);
      CREATE INDEX devices_store ON devices (store_id);
      CREATE INDEX email_changes_status ON email_changes (status, requested_at);
    `,
  },
];

export const PORTAL_SCHEMA_VERSION = PORTAL_MIGRATIONS.at(-1)?.version ?? 0;

/** Opens (creating if needed) the portal database: WAL, synchronous=FULL, foreign keys, migrated. */
export function openPortalDatabase(file: string): PortalDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const current = Number(db.pragma('user_version', { simple: true }));
    if (current > PORTAL_SCHEMA_VERSION) {
      throw new Error(`portal database schema ${current} is newer than this portal (${PORTAL_SCHEMA_VERSION})`);
    }
    for (const step of PORTAL_MIGRATIONS) {
      if (step.version <= current) continue;
      db.transaction(() => {
        db.exec(step.sql);
        db.pragma(`user_version = ${step.version}`);
      }).immediate();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
