import type { Migration } from './types';

/**
 * Names at rest are sealed (issue 7, SECURITY.md §6): the roster's name, furigana and masked
 * e-mail, and the member's name on register rows, are kept as AES-256-GCM blobs under the core's
 * at-rest key (`DraftCipher`, iv | tag | ciphertext of the JSON value). The AAD binds a blob to
 * its row: `roster_members:<member_no>` and `register_transactions:<client_request_id>`.
 *
 * A migration has no key, so it cannot seal what is there:
 * - the roster is a cache of the portal: it is emptied together with its cursor
 *   (`sync_state` roster_cursor / roster_as_of), and the next pull brings every member again,
 *   sealed;
 * - the names on register rows written before this step are dropped (the money columns are
 *   untouched); the retention rule (KIOSK_NAME_RETENTION_DAYS) would have blanked them soon anyway.
 * Both tables are rebuilt rather than altered in place: with `secure_delete` on, the pages of
 * the dropped tables are zeroed, so no plaintext is left in freed space (the core truncates the
 * WAL at start).
 */
export const migration0006: Migration = {
  version: 6,
  name: 'sealed-names',
  up(db) {
    // Set on every kiosk connection already; restated so the step never leaves plaintext in freed pages.
    db.pragma('secure_delete = ON');
    db.exec(`
      DROP TABLE roster_members;
      DELETE FROM sync_state WHERE key IN ('roster_cursor', 'roster_as_of');
      CREATE TABLE roster_members (
        member_no TEXT PRIMARY KEY CHECK (length(member_no) = 10),
        card_barcode TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'withdrawn')),
        portal_registered INTEGER NOT NULL DEFAULT 0 CHECK (portal_registered IN (0, 1)),
        balance INTEGER NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        -- Sealed JSON { name, nameKana, maskedEmail }; AAD 'roster_members:' || member_no.
        sealed BLOB NOT NULL CHECK (length(sealed) > 28)
      ) STRICT;
      CREATE INDEX roster_members_card ON roster_members (card_barcode);

      CREATE TABLE register_transactions_sealed (
        client_request_id TEXT PRIMARY KEY REFERENCES wallet_transactions (client_request_id),
        business_day TEXT NOT NULL CHECK (length(business_day) = 10),
        source TEXT NOT NULL CHECK (source IN ('card', 'appToken', 'manual')),
        -- Sealed JSON string; AAD 'register_transactions:' || client_request_id. NULL: no name
        -- (not known, past the retention, or wiped).
        member_name_sealed BLOB CHECK (member_name_sealed IS NULL OR length(member_name_sealed) > 28),
        cash_received INTEGER CHECK (cash_received IS NULL OR cash_received > 0),
        change_given INTEGER CHECK (change_given IS NULL OR change_given >= 0),
        staff_id TEXT NOT NULL,
        staff_name TEXT NOT NULL,
        supervisor_id TEXT,
        supervisor_name TEXT,
        counter_declined_at INTEGER,
        flag_resolved_at INTEGER,
        flag_resolved_by TEXT,
        -- Free text of the supervisor: blanked with the name after the retention.
        flag_note TEXT
      ) STRICT;
      INSERT INTO register_transactions_sealed (client_request_id, business_day, source, member_name_sealed, cash_received, change_given, staff_id, staff_name,
                                                supervisor_id, supervisor_name, counter_declined_at, flag_resolved_at, flag_resolved_by, flag_note)
        SELECT client_request_id, business_day, source, NULL, cash_received, change_given, staff_id, staff_name,
               supervisor_id, supervisor_name, counter_declined_at, flag_resolved_at, flag_resolved_by, flag_note
        FROM register_transactions;
      DROP TABLE register_transactions;
      ALTER TABLE register_transactions_sealed RENAME TO register_transactions;
      CREATE INDEX register_transactions_day ON register_transactions (business_day, staff_id);
    `);
  },
};
