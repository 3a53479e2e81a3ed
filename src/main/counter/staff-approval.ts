import { KioskError } from '../../shared/errors';
import type { StaffEmailChange } from '../../shared/api/registration';
import type { EmailChange } from '../../shared/portal-api/types';
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

  async decideEmailChange(input: { requestId: string; decision: 'approve' | 'reject'; pin: string; reason?: string }): Promise<StaffEmailChange> {
    // The PIN again: whoever's PIN it is makes (and is audited for) the decision.
    const session = await this.deps.staff().signIn(input.pin);
    const known = this.deps.db().prepare('SELECT client_request_id FROM counter_submissions WHERE request_id = ?').get(input.requestId);
    if (!known) throw new KioskError('invalid_step', 'No such email-change request at this kiosk.');
    let change: EmailChange;
    try {
      change = await this.deps.portal().client.decideEmailChange(input.requestId, {
        decision: input.decision,
        staffId: session.staff.id,
        ...(input.reason ? { reason: input.reason } : {}),
      });
    } catch (error) {
      throw translatePortalError(error, 'Deciding the email change');
    }
    appendAudit(this.deps.db(), {
      at: this.deps.now(),
      staffId: session.staff.id,
      action: input.decision === 'approve' ? 'email_change.approve' : 'email_change.reject',
      detail: { requestId: input.requestId, memberNo: change.memberNo, ...(input.reason ? { reason: input.reason } : {}) },
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
