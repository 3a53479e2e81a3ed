import type { AuditFilter, AuditPage } from '../../shared/api/staff';
import type { SqliteDatabase } from '../db/database';
import { verifyAuditChain } from './audit';

const PAGE_LIMIT = 500;

interface Row {
  id: number;
  at: number;
  staffId: string | null;
  staffName: string | null;
  action: string;
  detail: string;
}

/** Start and end (epoch ms) of a calendar day in the kiosk's local time. */
function dayRange(day: string): [number, number] {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return [new Date(y, m - 1, d).getTime(), new Date(y, m - 1, d + 1).getTime()];
}

function select(db: SqliteDatabase, filter: AuditFilter, limit: number): Row[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.day) {
    const [from, to] = dayRange(filter.day);
    where.push('a.at >= ? AND a.at < ?');
    params.push(from, to);
  }
  if (filter.staffId) {
    // The staff member acting, or the one who approved (approvals name both).
    where.push("(a.staff_id = ? OR json_extract(a.detail, '$.approverId') = ? OR json_extract(a.detail, '$.forStaffId') = ?)");
    params.push(filter.staffId, filter.staffId, filter.staffId);
  }
  if (filter.action) {
    where.push("(a.action = ? OR a.action LIKE ? ESCAPE '\\')");
    params.push(filter.action, `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return db
    .prepare(
      `SELECT a.id, a.at, a.staff_id AS staffId, s.display_name AS staffName, a.action, a.detail
       FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT ?`,
    )
    .all(...params, limit) as Row[];
}

/** The audit viewer (supervisor, admin): filtered rows (newest first), the actions to filter by, the chain's state. */
export function queryAudit(db: SqliteDatabase, filter: AuditFilter): AuditPage {
  const entries = select(db, filter, PAGE_LIMIT).map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
  const actions = (db.prepare('SELECT DISTINCT action FROM audit_log ORDER BY action').all() as Array<{ action: string }>).map((r) => r.action);
  const report = verifyAuditChain(db);
  const chain = report.ok ? { ok: true as const, rows: report.rows } : { ok: false as const, rows: report.rows, id: report.id, message: report.message };
  return { entries, actions, chain };
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading = + - @ would be a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The filtered audit rows as CSV, oldest first (the screen adds the BOM when it saves the file, as for the day's register CSV). */
export function auditCsv(db: SqliteDatabase, filter: AuditFilter): { csv: string; rows: number } {
  const rows = select(db, filter, 100_000);
  const lines = [['id', 'at', 'staff_id', 'staff_name', 'action', 'detail'].join(',')];
  for (const row of rows.reverse()) {
    lines.push([row.id, new Date(row.at).toISOString(), row.staffId, row.staffName, row.action, row.detail].map(csvCell).join(','));
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: rows.length };
}
