import type { PortalContext } from './context';
import type { Members } from './members';
import type { DevMessages } from './messages';
import type { Verifications } from './verification';
import { PortalProblem } from './problem';
import { iso, maskEmail, uuid } from './util';
import type { EmailChange, SequencedOperation } from '../shared/portal-api/types';

export interface EmailChangeRow {
  id: string;
  member_no: string;
  old_email: string | null;
  new_email: string;
  status: EmailChange['status'];
  requested_at: number;
  decided_at: number | null;
  decided_by: string | null;
  reason: string | null;
  completed_at: number | null;
}

export function toEmailChange(row: EmailChangeRow): EmailChange {
  return {
    requestId: row.id,
    memberNo: row.member_no,
    maskedNewEmail: maskEmail(row.new_email) ?? '',
    status: row.status,
    requestedAt: iso(row.requested_at),
    decidedAt: row.decided_at === null ? null : iso(row.decided_at),
    decidedBy: row.decided_by,
    reason: row.reason,
    completedAt: row.completed_at === null ? null : iso(row.completed_at),
  };
}

/** Email-change requests: created from a verified new address, decided by staff, completed by the portal. */
export class EmailChanges {
  constructor(
    private readonly ctx: PortalContext,
    private readonly members: Members,
    private readonly verifications: Verifications,
    private readonly messages: DevMessages,
  ) {}

  private row(id: string): EmailChangeRow {
    const row = this.ctx.sql('SELECT * FROM email_changes WHERE id = ?').get(id) as EmailChangeRow | undefined;
    if (!row) throw new PortalProblem('email_change_not_found');
    return row;
  }

  get(id: string): EmailChange {
    return toEmailChange(this.row(id));
  }

  list(memberNo: string): EmailChange[] {
    this.members.memberRow(memberNo);
    const rows = this.ctx.sql('SELECT * FROM email_changes WHERE member_no = ? ORDER BY requested_at DESC').all(memberNo) as EmailChangeRow[];
    return rows.map(toEmailChange);
  }

  /** The `email_change.create` operation (runs inside the batch executor's savepoint). */
  apply(deviceId: string, op: SequencedOperation, p: { memberNo: string; newEmail: string; verificationId: string }): EmailChange {
    const member = this.members.memberRow(p.memberNo);
    const open = this.ctx.sql("SELECT id FROM email_changes WHERE member_no = ? AND status IN ('requested', 'approved')").get(p.memberNo);
    if (open) throw new PortalProblem('email_change_pending');
    const email = p.newEmail.toLowerCase();
    this.verifications.consume(p.verificationId, 'email_change', p.memberNo, email);
    const id = uuid();
    this.ctx
      .sql("INSERT INTO email_changes (id, client_request_id, member_no, old_email, new_email, status, device_id, requested_at) VALUES (?, ?, ?, ?, ?, 'requested', ?, ?)")
      .run(id, op.clientRequestId, p.memberNo, member.email, email, deviceId, this.ctx.now());
    this.messages.send('email', email, '【大学生協】メールアドレス変更申請を受け付けました', 'Your request waits for staff approval.', { requestId: id, status: 'requested' });
    return this.get(id);
  }

  decide(id: string, decision: 'approve' | 'reject', staffId: string, reason?: string): EmailChange {
    const row = this.row(id);
    const target = decision === 'approve' ? 'approved' : 'rejected';
    if (row.status !== 'requested') {
      if (row.status === target || (target === 'approved' && row.status === 'completed')) return toEmailChange(row);
      throw new PortalProblem('email_change_already_decided', undefined, { details: { status: row.status } });
    }
    this.ctx.db.transaction(() => {
      this.ctx.sql('UPDATE email_changes SET status = ?, decided_at = ?, decided_by = ?, reason = ? WHERE id = ?').run(target, this.ctx.now(), staffId, reason ?? null, id);
      this.messages.send(
        'email',
        row.new_email,
        decision === 'approve' ? '【大学生協】メールアドレス変更を承認しました' : '【大学生協】メールアドレス変更は承認されませんでした',
        decision === 'approve' ? 'The change will be completed within a few days.' : `Reason: ${reason ?? '-'}`,
        { requestId: id, status: target },
      );
    })();
    return this.get(id);
  }

  complete(id: string): EmailChange {
    const row = this.row(id);
    if (row.status === 'completed') return toEmailChange(row);
    if (row.status !== 'approved') throw new PortalProblem('email_change_not_approved');
    this.ctx.db.transaction(() => {
      this.ctx.sql("UPDATE email_changes SET status = 'completed', completed_at = ? WHERE id = ?").run(this.ctx.now(), id);
      this.ctx.sql('UPDATE members SET email = ? WHERE member_no = ?').run(row.new_email, row.member_no);
      this.members.touchMember(row.member_no);
      this.messages.send('email', row.new_email, '【大学生協】メールアドレス変更が完了しました', 'Your address has been changed.', { requestId: id, status: 'completed' });
    })();
    return this.get(id);
  }
}
