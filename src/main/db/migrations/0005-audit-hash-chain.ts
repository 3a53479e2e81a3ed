import { createHash } from 'node:crypto';
import type { Migration } from './types';

/*
 * Frozen copy of the audit chain as version 5 defined it (src/main/staff/audit-chain.ts was
 * the same then): a migration never imports live code, so a later change to the live chain
 * cannot change what this step wrote. The staff room's test checks the two still agree.
 */
const AUDIT_GENESIS_HASH = '0'.repeat(64);

function auditRowHash(previousHash: string, row: { at: number; staffId: string | null; action: string; detail: string }): string {
  const canonical = JSON.stringify([row.at, row.staffId, row.action, row.detail]);
  return createHash('sha256').update(previousHash, 'utf8').update('\n', 'utf8').update(canonical, 'utf8').digest('hex');
}

/**
 * Makes the audit log tamper-evident (issue 7): every row carries the hash of the row before
 * it and its own hash, SHA-256 over that previous hash and the row's canonical content. Rows
 * written before this step are chained here, in id order. A trigger refuses an INSERT that does
 * not continue the chain, so a writer that bypasses `appendAudit` fails loudly instead of
 * leaving an unchained row; `verifyAuditChain` finds rows edited or deleted behind the
 * triggers' back (someone with the file and a SQLite shell).
 */
export const migration0005: Migration = {
  version: 5,
  name: 'audit-hash-chain',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
      ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
      DROP TRIGGER audit_log_no_update;
    `);
    const rows = db.prepare('SELECT id, at, staff_id AS staffId, action, detail FROM audit_log ORDER BY id').all() as Array<{
      id: number;
      at: number;
      staffId: string | null;
      action: string;
      detail: string;
    }>;
    const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
    let previous = AUDIT_GENESIS_HASH;
    for (const row of rows) {
      const hash = auditRowHash(previous, row);
      update.run(previous, hash, row.id);
      previous = hash;
    }
    db.exec(`
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      -- A new row must name the current head as its predecessor and carry a 64-hex hash.
      CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
        WHEN length(NEW.hash) != 64
          OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '${AUDIT_GENESIS_HASH}')
        BEGIN SELECT RAISE(ABORT, 'audit_log rows must be appended through appendAudit (hash chain)'); END;
    `);
  },
};
