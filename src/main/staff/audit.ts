import type { SqliteDatabase } from '../db/database';

/** Appends one staff action to the append-only audit log (triggers refuse edits). */
export function appendAudit(db: SqliteDatabase, entry: { at: number; staffId: string | null; action: string; detail?: Record<string, unknown> }): void {
  db.prepare('INSERT INTO audit_log (at, staff_id, action, detail) VALUES (?, ?, ?, ?)').run(
    entry.at,
    entry.staffId,
    entry.action,
    JSON.stringify(entry.detail ?? {}),
  );
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
