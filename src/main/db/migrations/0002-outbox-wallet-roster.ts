import type { Migration } from './types';

/**
 * The sync layer (DESIGN.md §3.5): the transactional outbox with its per-kiosk sequence
 * counter, sync bookkeeping, the local member roster (pulled by cursor) and the kiosk-side
 * wallet ledger (the first business table written together with its outbox row).
 */
export const migration0002: Migration = {
  version: 2,
  name: 'outbox-wallet-roster',
  up(db) {
    db.exec(`
      -- One row: the next per-kiosk sequence number (Replicache-style, +1 per operation).
      CREATE TABLE sync_sequence (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        next_seq INTEGER NOT NULL CHECK (next_seq > 0)
      ) STRICT;
      INSERT INTO sync_sequence (id, next_seq) VALUES (1, 1);

      -- Operations the portal must learn about, written in the same transaction as the change.
      -- Acknowledged rows are deleted; dead letters stay until staff retry or discard them.
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        seq INTEGER NOT NULL UNIQUE CHECK (seq > 0),
        client_request_id TEXT NOT NULL UNIQUE CHECK (length(client_request_id) = 36),
        kind TEXT NOT NULL,
        member_key TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'dead', 'discarded')),
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_attempt_at INTEGER,
        last_error_reason TEXT,
        last_error_code TEXT,
        last_error_message TEXT,
        dead_at INTEGER,
        problem TEXT CHECK (problem IS NULL OR json_valid(problem))
      ) STRICT;
      CREATE INDEX outbox_state_seq ON outbox (state, seq);
      CREATE INDEX outbox_member ON outbox (member_key, seq);

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- The local roster: physical cards resolve offline, with an "as of" time.
      CREATE TABLE roster_members (
        member_no TEXT PRIMARY KEY CHECK (length(member_no) = 10),
        card_barcode TEXT NOT NULL,
        name TEXT NOT NULL,
        name_kana TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'withdrawn')),
        masked_email TEXT,
        portal_registered INTEGER NOT NULL DEFAULT 0 CHECK (portal_registered IN (0, 1)),
        balance INTEGER NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX roster_members_card ON roster_members (card_barcode);

      -- Kiosk-side e-money ledger. state: pending (queued), synced (the portal applied it),
      -- declined (the portal refused it: flagged for staff, never dropped).
      CREATE TABLE wallet_transactions (
        client_request_id TEXT PRIMARY KEY CHECK (length(client_request_id) = 36),
        seq INTEGER NOT NULL UNIQUE,
        member_no TEXT NOT NULL CHECK (length(member_no) = 10),
        kind TEXT NOT NULL CHECK (kind IN ('topup', 'payment', 'void')),
        amount INTEGER NOT NULL CHECK (amount > 0),
        target_client_request_id TEXT,
        staff_id TEXT,
        offline INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1)),
        created_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'synced', 'declined')),
        portal_transaction_id TEXT,
        balance_after INTEGER,
        decline_code TEXT,
        synced_at INTEGER
      ) STRICT;
      CREATE INDEX wallet_transactions_member ON wallet_transactions (member_no, created_at);
      CREATE INDEX wallet_transactions_state ON wallet_transactions (state);
    `);
  },
};
