import type { Migration } from './types';

/**
 * The cashier register (DESIGN.md §3.3): what the register knows about each wallet
 * transaction beyond the ledger row (cash received, change, the cashier and supervisor, the
 * business day, how a decline was handled), and the counted cash of each day. A register row
 * is written in the same transaction as its wallet row and outbox row.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'register',
  up(db) {
    db.exec(`
      CREATE TABLE register_transactions (
        client_request_id TEXT PRIMARY KEY REFERENCES wallet_transactions (client_request_id),
        business_day TEXT NOT NULL CHECK (length(business_day) = 10),
        source TEXT NOT NULL CHECK (source IN ('card', 'appToken', 'manual')),
        member_name TEXT NOT NULL,
        cash_received INTEGER CHECK (cash_received IS NULL OR cash_received > 0),
        change_given INTEGER CHECK (change_given IS NULL OR change_given >= 0),
        staff_id TEXT NOT NULL,
        staff_name TEXT NOT NULL,
        supervisor_id TEXT,
        supervisor_name TEXT,
        -- Declined while the cashier waited: told at once, no money moved, no staff follow-up.
        counter_declined_at INTEGER,
        -- A later decline (flagged for staff) that a supervisor has handled.
        flag_resolved_at INTEGER,
        flag_resolved_by TEXT,
        flag_note TEXT
      ) STRICT;
      CREATE INDEX register_transactions_day ON register_transactions (business_day, staff_id);
      -- Which void cancelled a transaction (receipts, the voidable check).
      CREATE INDEX wallet_transactions_target ON wallet_transactions (target_client_request_id) WHERE target_client_request_id IS NOT NULL;

      CREATE TABLE register_drawer_counts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        business_day TEXT NOT NULL CHECK (length(business_day) = 10),
        counted INTEGER NOT NULL CHECK (counted >= 0),
        expected INTEGER NOT NULL,
        staff_id TEXT NOT NULL,
        staff_name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX register_drawer_counts_day ON register_drawer_counts (business_day, id);
    `);
  },
};
