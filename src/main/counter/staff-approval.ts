import type { StaffEmailChange } from '../../shared/api/registration';
import type { EmailChange } from '../../shared/portal-api/types';
import type { Approval } from '../../shared/api/staff';
import { appendAudit } from '../staff';
import { isUnreachable, translatePortalError } from '../sync';
import type { CounterDeps, SubmissionRow } from './counter-deps';
import type { FlowSession } from './flow-session';

/** Staff's side of an email change: the requests of this kiosk, and the decision, made with a PIN (an authorisation, never a sign-in) and audited. */
export class StaffApproval {
  constructor(
    private readonly deps: CounterDeps,
    private readonly session: FlowSession,
  ) {}

  async listEmailChangeRequests(): Promise<{ items: StaffEmailChange[]; online: boolean }> {
    this.deps.staff().require('cashier');
    const rows = this.deps
      .db()
      .prepare("SELECT * FROM counter_submissions WHERE flow = 'emailChange' AND state != 'failed' ORDER BY created_at DESC LIMIT 50")
      .all() as SubmissionRow[];
    const online = this.session.online();
    const items: StaffEmailChange[] = [];
    for (const row of rows) {
      const base: StaffEmailChange = {
        requestId: row.request_id ?? row.client_request_id,
        memberNo: row.member_no,
        maskedNewEmail: row.masked_email ?? '',
        status: 'requested',
        requestedAt: row.created_at,
        decidedBy: null,
        reason: null,
        queued: row.request_id === null,
      };
      if (row.request_id && online) {
        try {
          const change = await this.deps.portal().client.getEmailChange(row.request_id);
          items.push(staffView(change, false));
          continue;
        } catch (error) {
          if (!isUnreachable(error)) throw translatePortalError(error, 'Reading an email-change request');
        }
      }
      items.push(base);
    }
    return { items, online };
  }

  async decideEmailChange(input: { requestId: string; decision: 'approve' | 'reject'; approval?: Approval; reason?: string }): Promise<StaffEmailChange> {
    // An authorisation, never a sign-in: the signed-in staff member stays signed in (finding 1).
    const { staff } = this.deps.staff().require('cashier');
    const approver = await this.deps.staff().approver(input.approval, 'supervisor', `email_change.${input.decision}`);
    let change: EmailChange;
    try {
      change = await this.deps.portal().client.decideEmailChange(input.requestId, {
        decision: input.decision,
        staffId: approver.id,
        ...(input.reason ? { reason: input.reason } : {}),
      });
    } catch (error) {
      throw translatePortalError(error, 'Deciding the email change');
    }
    appendAudit(this.deps.db(), {
      at: this.deps.now(),
      staffId: staff.id,
      action: input.decision === 'approve' ? 'email_change.approve' : 'email_change.reject',
      // The reason lives at the portal; the append-only audit keeps only its length (finding 4).
      detail: { requestId: input.requestId, memberNo: change.memberNo, approverId: approver.id, reasonLength: input.reason?.length ?? 0 },
    });
    return staffView(change, false);
  }
}

function staffView(change: EmailChange, queued: boolean): StaffEmailChange {
  return {
    requestId: change.requestId,
    memberNo: change.memberNo,
    maskedNewEmail: change.maskedNewEmail,
    status: change.status,
    requestedAt: Date.parse(change.requestedAt),
    decidedBy: change.decidedBy ?? null,
    reason: change.reason ?? null,
    queued,
  };
}
