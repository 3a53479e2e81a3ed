import type { StaffEmailChange, StaffEmailChangeReview } from '../../shared/api/registration';
import type { EmailChange, EmailChangeReview } from '../../shared/portal-api/types';
import type { Approval } from '../../shared/api/staff';
import { appendAudit } from '../staff';
import { isUnreachable, translatePortalError } from '../sync';
import type { CounterDeps, SubmissionRow } from './counter-deps';
import type { FlowSession } from './flow-session';

/** Staff's side of an email change: the store's requests, one opened for the ID check, and the decision, made with a PIN (an authorisation, never a sign-in) and audited. */
export class StaffApproval {
  constructor(
    private readonly deps: CounterDeps,
    private readonly session: FlowSession,
  ) {}

  /**
   * The store's pending requests (every kiosk of the store: staff decide at whichever register
   * they stand) and the requests made at this kiosk (also queued and decided ones), newest first.
   */
  async listEmailChangeRequests(): Promise<{ items: StaffEmailChange[]; online: boolean }> {
    this.deps.staff().require('cashier');
    const rows = this.deps
      .db()
      .prepare("SELECT * FROM counter_submissions WHERE flow = 'emailChange' AND state != 'failed' ORDER BY created_at DESC LIMIT 50")
      .all() as SubmissionRow[];
    const online = this.session.online();
    const client = this.deps.portal().client;
    const items = new Map<string, StaffEmailChange>();
    if (online) {
      try {
        for (const change of (await client.listStoreEmailChanges()).items) items.set(change.requestId, staffView(change, false));
      } catch (error) {
        if (!isUnreachable(error)) throw translatePortalError(error, 'Reading the store’s email-change requests');
      }
    }
    for (const row of rows) {
      const requestId = row.request_id ?? row.client_request_id;
      if (items.has(requestId)) continue;
      if (row.request_id && online) {
        try {
          items.set(requestId, staffView(await client.getEmailChange(row.request_id), false));
          continue;
        } catch (error) {
          if (!isUnreachable(error)) throw translatePortalError(error, 'Reading an email-change request');
        }
      }
      items.set(requestId, {
        requestId,
        memberNo: row.member_no,
        maskedNewEmail: row.masked_email ?? '',
        status: 'requested',
        requestedAt: row.created_at,
        decidedBy: null,
        reason: null,
        queued: row.request_id === null,
      });
    }
    return { items: [...items.values()].sort((a, b) => b.requestedAt - a.requestedAt), online };
  }

  /**
   * One request opened for the ID check: the member's name, kana and birth date from the portal.
   * Passed straight to the screen: never written to the database, the log or the audit (which
 * records that this staff member opened the request, by ids).
   */
  async openEmailChangeRequest(requestId: string): Promise<StaffEmailChangeReview> {
    const { staff } = this.deps.staff().require('cashier');
    let review: EmailChangeReview;
    try {
      review = await this.deps.portal().client.reviewEmailChange(requestId);
    } catch (error) {
      throw translatePortalError(error, 'Opening the email-change request');
    }
    // Who looked at whose identity, and when: the ids only, never the fields shown.
    appendAudit(this.deps.db(), { at: this.deps.now(), staffId: staff.id, action: 'email_change.opened', detail: { requestId, memberNo: review.memberNo } });
    return {
      ...staffView(review, false),
      maskedCurrentEmail: review.maskedCurrentEmail ?? null,
      name: review.name,
      nameKana: review.nameKana,
      birthDate: review.birthDate,
      requestedAtDevice: review.requestedAtDevice,
    };
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
