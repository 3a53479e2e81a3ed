import type { Statement, Transaction } from 'better-sqlite3';
import type { AuditAnchor, AuditAnchorRequest } from '../shared/portal-api/types';
import type { PortalDatabase } from './db';
import { PortalProblem } from './problem';
import { iso } from './util';

interface AnchorRow {
  device_id: string;
  audit_id: number;
  hash: string;
  row_count: number;
  kiosk_created_at: number;
  received_at: number;
}

function toAnchor(row: AnchorRow): AuditAnchor {
  return {
    deviceId: row.device_id,
    auditId: row.audit_id,
    hash: row.hash,
    rowCount: row.row_count,
    createdAt: iso(row.kiosk_created_at),
    receivedAt: iso(row.received_at),
  };
}

/**
 * Audit anchors (SECURITY.md §7): each kiosk sends the head of its hash-chained audit log
 * (newest row id, its hash, the row count). The portal keeps them append-only and refuses an
 * anchor that does not continue the latest one, which is what a kiosk whose audit log was
 * rewritten, truncated or restored from an old copy would send. A refusal is recorded (table
 * audit_anchor_refusals) and answered with 409 `audit_anchor_conflict`.
 */
export class AuditAnchorStore {
  private readonly latestStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly refusalStmt: Statement;

  constructor(
    db: PortalDatabase,
    private readonly now: () => number,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.latestStmt = db.prepare('SELECT * FROM audit_anchors WHERE device_id = ? ORDER BY audit_id DESC LIMIT 1');
    this.insertStmt = db.prepare('INSERT INTO audit_anchors (device_id, audit_id, hash, row_count, kiosk_created_at, received_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.refusalStmt = db.prepare(
      'INSERT INTO audit_anchor_refusals (device_id, audit_id, hash, row_count, kiosk_created_at, latest_audit_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.appendInTransaction = db.transaction((deviceId: string, request: AuditAnchorRequest) => this.appendNow(deviceId, request));
  }

  /** The device's latest anchor, or 404 `audit_anchor_not_found`. */
  latest(deviceId: string): AuditAnchor {
    const row = this.latestStmt.get(deviceId) as AnchorRow | undefined;
    if (!row) throw new PortalProblem('audit_anchor_not_found');
    return toAnchor(row);
  }

  /**
   * Stores a new anchor (created) or recognises a repeat of the latest one (not created);
   * throws 409 `audit_anchor_conflict` when it does not continue the latest one (the refusal
   * is committed first, so the portal keeps the evidence).
   */
  append(deviceId: string, request: AuditAnchorRequest): { created: boolean; anchor: AuditAnchor } {
    if (request.rowCount > request.auditId) {
      throw new PortalProblem('invalid_request', 'rowCount cannot exceed auditId: audit row ids start at 1 and only increase.', {
        errors: [{ pointer: '/rowCount', message: 'must not be greater than auditId' }],
      });
    }
    const result = this.appendInTransaction.immediate(deviceId, request);
    if ('conflict' in result) {
      this.log(`audit anchor refused for ${deviceId}: ${result.conflict.message}`);
      throw result.conflict;
    }
    return result;
  }

  private readonly appendInTransaction: Transaction<(deviceId: string, request: AuditAnchorRequest) => AppendResult>;

  private appendNow(deviceId: string, request: AuditAnchorRequest): AppendResult {
    const { auditId, hash, rowCount } = request;
    const createdAt = Date.parse(request.createdAt);
    const receivedAt = this.now();
    const latest = this.latestStmt.get(deviceId) as AnchorRow | undefined;
    if (latest) {
      if (auditId === latest.audit_id && hash === latest.hash && rowCount === latest.row_count) return { created: false, anchor: toAnchor(latest) };
      const why =
        auditId < latest.audit_id
          ? `audit row ${auditId} is older than the anchored row ${latest.audit_id}`
          : auditId === latest.audit_id
            ? `audit row ${auditId} was anchored with another ${hash === latest.hash ? 'row count' : 'hash'}`
            : rowCount < latest.row_count
              ? `${rowCount} rows is fewer than the ${latest.row_count} anchored`
              : null;
      if (why !== null) {
        this.refusalStmt.run(deviceId, auditId, hash, rowCount, createdAt, latest.audit_id, receivedAt);
        return {
          conflict: new PortalProblem('audit_anchor_conflict', `The anchor does not continue the latest one: ${why}.`, {
            details: { latestAuditId: latest.audit_id, latestReceivedAt: iso(latest.received_at) },
          }),
        };
      }
    }
    this.insertStmt.run(deviceId, auditId, hash, rowCount, createdAt, receivedAt);
    return { created: true, anchor: { deviceId, auditId, hash, rowCount, createdAt: iso(createdAt), receivedAt: iso(receivedAt) } };
  }
}

type AppendResult = { created: boolean; anchor: AuditAnchor } | { conflict: PortalProblem };
