import type { PortalContext } from './context';
import type { Members } from './members';
import type { DevMessages } from './messages';
import type { Verifications } from './verification';
import { PortalProblem } from './problem';
import { iso, maskEmail, uuid } from './util';
import type { RepairProblem, RepairRequest, RepairRequestPayload, RepairRequestStatus, SequencedOperation } from '../shared/portal-api/types';

interface RepairRequestRow {
  id: string;
  member_no: string;
  problems: string;
  contact_email: string;
  contact_verified: 0 | 1;
  status: RepairRequestStatus;
  requested_at: number;
  updated_at: number;
  updated_by: string | null;
}

function toRepairRequest(row: RepairRequestRow): RepairRequest {
  return {
    requestId: row.id,
    memberNo: row.member_no,
    problems: JSON.parse(row.problems) as RepairProblem[],
    maskedContactEmail: maskEmail(row.contact_email) ?? '',
    contactVerified: row.contact_verified === 1,
    status: row.status,
    requestedAt: iso(row.requested_at),
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
  };
}

/**
 * Repair requests: a student whose app setup failed (the guides: "an error only an administrator
 * can repair") leaves one at the kiosk; the store's staff track it open → in progress → done.
 * The contact address is proven by a code (purpose `repair`) when the kiosk was online.
 */
export class RepairRequests {
  constructor(
    private readonly ctx: PortalContext,
    private readonly members: Members,
    private readonly verifications: Verifications,
    private readonly messages: DevMessages,
  ) {}

  private row(id: string): RepairRequestRow {
    const row = this.ctx.sql('SELECT * FROM repair_requests WHERE id = ?').get(id) as RepairRequestRow | undefined;
    if (!row) throw new PortalProblem('repair_request_not_found');
    return row;
  }

  get(id: string): RepairRequest {
    return toRepairRequest(this.row(id));
  }

  list(filter: { status?: RepairRequestStatus; limit: number }): RepairRequest[] {
    const rows = (
      filter.status
        ? this.ctx.sql('SELECT * FROM repair_requests WHERE status = ? ORDER BY requested_at DESC, id LIMIT ?').all(filter.status, filter.limit)
        : this.ctx.sql('SELECT * FROM repair_requests ORDER BY requested_at DESC, id LIMIT ?').all(filter.limit)
    ) as RepairRequestRow[];
    return rows.map(toRepairRequest);
  }

  /** The `repair_request.create` operation (runs inside the batch executor's savepoint). */
  apply(deviceId: string, op: SequencedOperation, p: RepairRequestPayload): RepairRequest {
    this.members.memberRow(p.memberNo);
    const email = p.contactEmail.toLowerCase();
    if (p.verificationId) this.verifications.consume(p.verificationId, 'repair', p.memberNo, email);
    const id = uuid();
    const now = this.ctx.now();
    this.ctx
      .sql(
        `INSERT INTO repair_requests (id, client_request_id, member_no, problems, contact_email, contact_verified, status, device_id, requested_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
      )
      .run(id, op.clientRequestId, p.memberNo, JSON.stringify(p.problems), email, p.verificationId ? 1 : 0, deviceId, now, now);
    const ja = p.locale !== 'en';
    this.messages.send(
      'email',
      email,
      ja ? '【大学生協】アプリ設定の修復依頼を受け付けました' : 'Co-op app setup: your repair request was received',
      ja ? '管理者が確認し、このアドレスにご連絡します。修復には時間がかかることがあります。' : 'The administrator will contact you at this address. A repair can take some time.',
      { requestId: id, status: 'open' },
    );
    return this.get(id);
  }

  setStatus(id: string, status: RepairRequestStatus, staffId: string): RepairRequest {
    const row = this.row(id);
    if (row.status === status) return toRepairRequest(row);
    this.ctx.sql('UPDATE repair_requests SET status = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(status, this.ctx.now(), staffId, id);
    return this.get(id);
  }
}
