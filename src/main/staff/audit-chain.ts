import { createHash } from 'node:crypto';

/** The predecessor of the first audit row. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The columns of one audit row that its hash covers (detail as stored: a JSON text). */
export interface AuditRowContent {
  at: number;
  staffId: string | null;
  action: string;
  detail: string;
}

/**
 * SHA-256 (hex) over the previous row's hash and this row's canonical content: a JSON array
 * in a fixed order, so no field can be moved into another without changing the hash.
 */
export function auditRowHash(previousHash: string, row: AuditRowContent): string {
  const canonical = JSON.stringify([row.at, row.staffId, row.action, row.detail]);
  return createHash('sha256').update(previousHash, 'utf8').update('\n', 'utf8').update(canonical, 'utf8').digest('hex');
}
