import type { Migration } from './types';

/**
 * "My app setup failed" (issue 16): the counter gains a third kind of draft and submission, the
 * repair request. SQLite cannot change a CHECK, so both tables are rebuilt with `repair` allowed
 * and their rows copied (no other table refers to them).
 */
export const migration0012: Migration = {
  version: 12,
  name: 'repair-requests',
  up(db) {
    db.exec(`
      CREATE TABLE counter_drafts_v12 (
        id TEXT PRIMARY KEY CHECK (length(id) = 36),
        flow TEXT NOT NULL CHECK (flow IN ('signup', 'emailChange', 'lookup', 'repair')),
        member_key TEXT NOT NULL CHECK (length(member_key) = 64),
        step TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        sealed BLOB NOT NULL,
        UNIQUE (flow, member_key)
      ) STRICT;
      INSERT INTO counter_drafts_v12 SELECT id, flow, member_key, step, created_at, updated_at, expires_at, sealed FROM counter_drafts;
      DROP TABLE counter_drafts;
      ALTER TABLE counter_drafts_v12 RENAME TO counter_drafts;
      CREATE INDEX counter_drafts_expiry ON counter_drafts (expires_at);

      CREATE TABLE counter_submissions_v12 (
        client_request_id TEXT PRIMARY KEY CHECK (length(client_request_id) = 36),
        flow TEXT NOT NULL CHECK (flow IN ('signup', 'emailChange', 'repair')),
        draft_id TEXT NOT NULL,
        member_no TEXT NOT NULL CHECK (length(member_no) = 10),
        state TEXT NOT NULL CHECK (state IN ('queued', 'applied', 'failed')),
        signup_status TEXT,
        -- The portal's email-change or repair request id.
        request_id TEXT,
        -- The new (email change) or contact (repair) address masked, t***@e***.jp.
        masked_email TEXT,
        failure TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      INSERT INTO counter_submissions_v12
        SELECT client_request_id, flow, draft_id, member_no, state, signup_status, request_id, masked_email, failure, created_at, updated_at FROM counter_submissions;
      DROP TABLE counter_submissions;
      ALTER TABLE counter_submissions_v12 RENAME TO counter_submissions;
      CREATE INDEX counter_submissions_member ON counter_submissions (member_no, created_at);
    `);
  },
};
