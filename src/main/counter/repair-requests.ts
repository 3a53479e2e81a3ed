import { KioskError } from '../../shared/errors';
import type { RepairStatus, StaffRepairRequest } from '../../shared/api/repair';
import type { RepairRequest } from '../../shared/portal-api/types';
import { appendAudit } from '../staff';
import { isUnreachable, translatePortalError } from '../sync';
import type { CounterDeps, SubmissionRow } from './counter-deps';
import type { FlowSession } from './flow-session';

/** Repair requests read from the portal at most. */
const LIST_LIMIT = 100;

/**
 * Staff's side of the repair requests: the co-op's list from the portal (every kiosk's), with
 * this kiosk's requests still in its queue, and the status staff set as they track one (audited).
 */
export class StaffRepairRequests {
  constructor(
    private readonly deps: CounterDeps,
    private readonly session: FlowSession,
  ) {}

  async list(): Promise<{ items: StaffRepairRequest[]; online: boolean }> {
    this.deps.staff().require('cashier');
    let online = this.session.online();
    const items: StaffRepairRequest[] = [];
    if (online) {
      try {
        for (const request of await this.deps.portal().client.listRepairRequests(LIST_LIMIT)) items.push(staffView(request));
      } catch (error) {
        if (!isUnreachable(error)) throw translatePortalError(error, 'Reading repair requests');
        online = false;
      }
    }
    const queued = this.deps
      .db()
      .prepare("SELECT * FROM counter_submissions WHERE flow = 'repair' AND state = 'queued' ORDER BY created_at DESC")
      .all() as SubmissionRow[];
    // What the portal has not seen yet comes first: it is the newest.
    const waiting = queued.map(
      (row): StaffRepairRequest => ({
        requestId: row.client_request_id,
        memberNo: row.member_no,
        problems: [],
        maskedContactEmail: row.masked_email ?? '',
        contactVerified: false,
        status: 'open',
        requestedAt: row.created_at,
        updatedAt: row.updated_at,
        updatedBy: null,
        queued: true,
      }),
    );
    return { items: [...waiting, ...items], online };
  }

  async setStatus(input: { requestId: string; status: RepairStatus }): Promise<StaffRepairRequest> {
    const session = this.deps.staff().require('cashier');
    const queued = this.deps.db().prepare("SELECT 1 FROM counter_submissions WHERE flow = 'repair' AND client_request_id = ? AND state = 'queued'").get(input.requestId);
    if (queued) throw new KioskError('portal_offline', 'This request is still in the kiosk’s queue; its status can be set once it has reached the portal.');
    let request: RepairRequest;
    try {
      request = await this.deps.portal().client.setRepairRequestStatus(input.requestId, input.status, session.staff.id);
    } catch (error) {
      throw translatePortalError(error, 'Updating the repair request');
    }
    appendAudit(this.deps.db(), {
      at: this.deps.now(),
      staffId: session.staff.id,
      action: 'repair_request.status',
      detail: { requestId: input.requestId, memberNo: request.memberNo, status: input.status },
    });
    return staffView(request);
  }
}

function staffView(request: RepairRequest): StaffRepairRequest {
  return {
    requestId: request.requestId,
    memberNo: request.memberNo,
    problems: request.problems,
    maskedContactEmail: request.maskedContactEmail,
    contactVerified: request.contactVerified,
    status: request.status,
    requestedAt: Date.parse(request.requestedAt),
    updatedAt: Date.parse(request.updatedAt),
    updatedBy: request.updatedBy,
    queued: false,
  };
}
