import type { Migration } from './types';

/**
 * Counter flows (DESIGN.md §3.1, §3.2): the student's unfinished sign-up or email change as an
 * encrypted draft (AES-256-GCM; only the step and times are in clear), and what became of each
 * submission (no personal data beyond the member number, which the outbox carries as well).
 */
export const migration0003: Migration = {
  version: 3,
  name: 'registration-drafts',
  up(db) {
    db.exec(`
      CREATE TABLE counter_drafts (
        id TEXT PRIMARY KEY CHECK (length(id) = 36),
        flow TEXT NOT NULL CHECK (flow IN ('signup', 'emailChange', 'lookup')),
        -- HMAC-SHA-256 of the member number under the draft key: finds a card's draft, names no one.
        member_key TEXT NOT NULL CHECK (length(member_key) = 64),
        step TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        -- iv (12 bytes) | tag (16 bytes) | ciphertext of the draft's JSON; the AAD binds id and flow.
        sealed BLOB NOT NULL,
        UNIQUE (flow, member_key)
      ) STRICT;
      CREATE INDEX counter_drafts_expiry ON counter_drafts (expires_at);

      CREATE TABLE counter_submissions (
        client_request_id TEXT PRIMARY KEY CHECK (length(client_request_id) = 36),
        flow TEXT NOT NULL CHECK (flow IN ('signup', 'emailChange')),
        draft_id TEXT NOT NULL,
        -- The member number (the outbox carries it too): staff need it to check the student's ID.
        member_no TEXT NOT NULL CHECK (length(member_no) = 10),
        state TEXT NOT NULL CHECK (state IN ('queued', 'applied', 'failed')),
        -- Portal facts without personal data: sign-up status, email-change request id, refusal code.
        signup_status TEXT,
        request_id TEXT,
        -- Email change: the new address masked (t***@e***.jp), to show the request before the portal has it.
        masked_email TEXT,
        failure TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX counter_submissions_member ON counter_submissions (member_no, created_at);
    `);
  },
};
