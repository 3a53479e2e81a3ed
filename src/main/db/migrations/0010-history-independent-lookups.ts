import type { Migration } from './types';

/**
 * Lookups on the scan, panel and confirm paths that cost the same after a year of sales as on
 * the first day (issue 18), and outbox counts kept up to date instead of recounted:
 * - the member's latest synced balance: a partial index over synced rows, ordered as the
 *   query reads it (before: every synced row of the kiosk through the state index plus a
 *   temporary sort, 39 ms at 200,000 rows);
 * - a member's unsent rows: a partial index over pending rows only (the queue, not history);
 * - the day's latest register transaction (the voidable one) in insertion order;
 * - the oldest pending outbox row by creation time, and per-state row counts of the outbox
 *   maintained by triggers in the same transaction as every outbox write.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'history-independent-lookups',
  up(db) {
    db.exec(`
      CREATE INDEX wallet_transactions_latest_synced ON wallet_transactions (member_no, synced_at, seq)
        WHERE state = 'synced' AND balance_after IS NOT NULL AND synced_at IS NOT NULL;
      CREATE INDEX wallet_transactions_pending_member ON wallet_transactions (member_no, kind)
        WHERE state = 'pending';
      CREATE INDEX register_transactions_day_live ON register_transactions (business_day)
        WHERE counter_declined_at IS NULL;
      CREATE INDEX outbox_pending_created ON outbox (created_at) WHERE state = 'pending';

      CREATE TABLE outbox_state_counts (
        state TEXT PRIMARY KEY CHECK (state IN ('pending', 'dead', 'discarded')),
        n INTEGER NOT NULL CHECK (n >= 0)
      ) STRICT;
      INSERT INTO outbox_state_counts (state, n)
        SELECT s.state, (SELECT count(*) FROM outbox o WHERE o.state = s.state)
        FROM (SELECT 'pending' AS state UNION ALL SELECT 'dead' UNION ALL SELECT 'discarded') s;

      CREATE TRIGGER outbox_counts_insert AFTER INSERT ON outbox BEGIN
        UPDATE outbox_state_counts SET n = n + 1 WHERE state = NEW.state;
      END;
      CREATE TRIGGER outbox_counts_delete AFTER DELETE ON outbox BEGIN
        UPDATE outbox_state_counts SET n = n - 1 WHERE state = OLD.state;
      END;
      CREATE TRIGGER outbox_counts_update AFTER UPDATE OF state ON outbox WHEN OLD.state IS NOT NEW.state BEGIN
        UPDATE outbox_state_counts SET n = n - 1 WHERE state = OLD.state;
        UPDATE outbox_state_counts SET n = n + 1 WHERE state = NEW.state;
      END;
    `);
  },
};
