import type { Migration } from './types';

/**
 * The cashier's money exceptions, how a payment was identified, and durable receipts (issue 15):
 *
 * - a flag (a transaction the portal declined after the fact) is settled with an outcome
 *   (collected in cash, written off, paid later) and a note sealed at rest
 *   (`flag_note_sealed`, AAD 'register_flags:' || client_request_id); the clear `flag_note` of
 *   earlier versions is emptied (a migration has no key to seal it; the retention would have
 *   blanked it soon anyway);
 * - `typed_approved_by`: the supervisor who approved a payment on a typed member number
 *   (`source = 'manual'`), NULL when no approval was needed;
 * - `print_jobs`: the receipts each printer still owes, written in the same transaction as the
 *   sale. The document holds member data: sealed (AAD 'print_jobs:' || id) and dropped once
 *   printed, except the printer's last one (the reprint).
 */
export const migration0011: Migration = {
  version: 11,
  name: 'register-flags-identification-print-jobs',
  up(db) {
    db.pragma('secure_delete = ON');
    db.exec(`
      ALTER TABLE register_transactions ADD COLUMN flag_outcome TEXT
        CHECK (flag_outcome IS NULL OR flag_outcome IN ('cash', 'written_off', 'paid_later'));
      ALTER TABLE register_transactions ADD COLUMN flag_note_sealed BLOB
        CHECK (flag_note_sealed IS NULL OR length(flag_note_sealed) > 28);
      -- The business day the flag was settled on (cash collected then is in that day's drawer).
      ALTER TABLE register_transactions ADD COLUMN flag_resolved_day TEXT CHECK (flag_resolved_day IS NULL OR length(flag_resolved_day) = 10);
      ALTER TABLE register_transactions ADD COLUMN typed_approved_by TEXT;
      UPDATE register_transactions SET flag_note = NULL WHERE flag_note IS NOT NULL;
      -- A flag resolved before this step had no outcome: it was handled, how is not known.
      UPDATE register_transactions SET flag_outcome = 'written_off', flag_resolved_day = business_day WHERE flag_resolved_at IS NOT NULL;

      CREATE TABLE print_jobs (
        id TEXT PRIMARY KEY,
        printer TEXT NOT NULL,
        client_request_id TEXT REFERENCES wallet_transactions (client_request_id),
        kind TEXT NOT NULL CHECK (kind IN ('receipt', 'copy', 'reprint')),
        document_sealed BLOB CHECK (document_sealed IS NULL OR length(document_sealed) > 28),
        kick_drawer INTEGER NOT NULL CHECK (kick_drawer IN (0, 1)),
        enqueued_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'printed', 'failed')),
        done_at INTEGER,
        failure TEXT
      ) STRICT;
      CREATE INDEX print_jobs_waiting ON print_jobs (printer, enqueued_at) WHERE state = 'waiting';
    `);
  },
};
