import type { SqliteDatabase } from '../db/database';
import { AUDIT_GENESIS_HASH, auditRowHash } from './audit-chain';

/**
 * Appends one staff action to the append-only audit log: the ONE writer of audit rows (every
 * module calls this). Triggers refuse edits and deletes; each row is chained to the one before
 * it by a SHA-256 hash (migration 0005), so edits made behind the triggers' back show up in
 * `verifyAuditChain`. Runs in the caller's transaction when there is one (a savepoint).
 */
export function appendAudit(db: SqliteDatabase, entry: { at: number; staffId: string | null; action: string; detail?: Record<string, unknown> }): void {
  db.transaction(() => {
    const head = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
    const previous = head?.hash ?? AUDIT_GENESIS_HASH;
    const row = { at: entry.at, staffId: entry.staffId, action: entry.action, detail: JSON.stringify(entry.detail ?? {}) };
    db.prepare('INSERT INTO audit_log (at, staff_id, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)').run(
      row.at,
      row.staffId,
      row.action,
      row.detail,
      previous,
      auditRowHash(previous, row),
    );
  })();
  for (const listener of appendListeners.get(db) ?? []) {
    try {
      listener();
    } catch {
      // A listener (the audit anchor's scheduler) never fails an audit write.
    }
  }
}

const appendListeners = new WeakMap<SqliteDatabase, Set<() => void>>();

/**
 * Calls `listener` after each `appendAudit` on this database (also inside a caller's transaction
 * that may still roll back: the listener only learns that the head may have moved). Returns the
 * unsubscribe function.
 */
export function onAuditAppend(db: SqliteDatabase, listener: () => void): () => void {
  let listeners = appendListeners.get(db);
  if (!listeners) appendListeners.set(db, (listeners = new Set()));
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type AuditChainReport =
  | { ok: true; rows: number; head: string }
  | { ok: false; rows: number; problem: 'hash_mismatch' | 'broken_link' | 'truncated'; id: number; message: string };

/**
 * Walks the whole audit log in id order and recomputes the chain. Finds a row whose content was
 * changed (its hash no longer matches), a row removed from the middle or rows swapped (the next
 * row's prev_hash no longer names its predecessor), a gap in the ids, and rows removed from the end (AUTOINCREMENT
 * remembers a higher id than the last row). Someone who rewrites the whole chain and
 * sqlite_sequence consistently is not detectable from the file alone: the audit anchor at the
 * portal (`src/main/staff/audit-anchor.ts`, SECURITY.md §7) is what finds that.
 */
export function verifyAuditChain(db: SqliteDatabase): AuditChainReport {
  const step = verifyAuditChainFrom(db, AUDIT_CHAIN_START);
  return step.ok ? { ok: true, rows: step.checkpoint.rows, head: step.checkpoint.head } : step;
}

/** Where a verification got to: the last row checked (id 0 and the genesis hash before the first row). */
export interface AuditChainCheckpoint {
  id: number;
  rows: number;
  head: string;
}

export const AUDIT_CHAIN_START: AuditChainCheckpoint = { id: 0, rows: 0, head: AUDIT_GENESIS_HASH };

export type AuditChainStep = { ok: true; done: boolean; checkpoint: AuditChainCheckpoint } | Extract<AuditChainReport, { ok: false }>;

/**
 * `verifyAuditChain` in steps: checks at most `maxRows` rows after `from` (a checkpoint an earlier
 * step returned, or AUDIT_CHAIN_START), so a long log can be verified without blocking the
 * process for seconds, and new rows can be verified without walking the old ones again. Resuming
 * trusts the rows before the checkpoint except the checkpoint row itself, which must still carry
 * its hash. `done` when the newest row was reached; then rows removed from the end are checked too.
 */
export function verifyAuditChainFrom(db: SqliteDatabase, from: AuditChainCheckpoint, maxRows = Number.POSITIVE_INFINITY): AuditChainStep {
  if (from.id > 0) {
    const row = db.prepare('SELECT hash FROM audit_log WHERE id = ?').get(from.id) as { hash: string } | undefined;
    if (!row) return { ok: false, rows: from.rows, problem: 'broken_link', id: from.id, message: `Audit row ${from.id}, verified before, was removed.` };
    if (row.hash !== from.head) return { ok: false, rows: from.rows, problem: 'hash_mismatch', id: from.id, message: `Audit row ${from.id} was changed after it was verified.` };
  }
  let previous = from.head;
  let rows = from.rows;
  let lastId = from.id;
  let read = 0;
  const limit = Number.isFinite(maxRows) ? Math.max(1, Math.floor(maxRows)) : -1;
  const iterator = db
    .prepare('SELECT id, at, staff_id AS staffId, action, detail, prev_hash AS prevHash, hash FROM audit_log WHERE id > ? ORDER BY id LIMIT ?')
    .iterate(from.id, limit) as IterableIterator<{
    id: number;
    at: number;
    staffId: string | null;
    action: string;
    detail: string;
    prevHash: string;
    hash: string;
  }>;
  for (const row of iterator) {
    read += 1;
    // AUTOINCREMENT ids never repeat and a rolled-back insert gives its id back: a gap is a removed row.
    if (row.prevHash !== previous || row.id !== lastId + 1) {
      return { ok: false, rows, problem: 'broken_link', id: row.id, message: `Audit row ${row.id} does not follow the row before it: a row was removed or moved.` };
    }
    if (auditRowHash(previous, row) !== row.hash) {
      return { ok: false, rows, problem: 'hash_mismatch', id: row.id, message: `Audit row ${row.id} was changed after it was written.` };
    }
    previous = row.hash;
    lastId = row.id;
    rows += 1;
  }
  const checkpoint = { id: lastId, rows, head: previous };
  if (limit !== -1 && read >= limit) return { ok: true, done: false, checkpoint };
  const sequence = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number } | undefined;
  if (sequence && sequence.seq > lastId) {
    return { ok: false, rows, problem: 'truncated', id: sequence.seq, message: `Audit rows after ${lastId} (up to ${sequence.seq}) were removed.` };
  }
  return { ok: true, done: true, checkpoint };
}

export interface AuditEntry {
  id: number;
  at: number;
  staffId: string | null;
  action: string;
  detail: Record<string, unknown>;
}

export function readAudit(db: SqliteDatabase, limit = 100): AuditEntry[] {
  const rows = db
    .prepare('SELECT id, at, staff_id AS staffId, action, detail FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(limit) as Array<Omit<AuditEntry, 'detail'> & { detail: string }>;
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
