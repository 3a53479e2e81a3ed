import type { PortalContext } from './context';
import type { Members } from './members';
import type { DevMessages } from './messages';
import type { Verifications } from './verification';
import { PortalProblem } from './problem';
import { iso, maskEmail, uuid } from './util';
import type { SequencedOperation, Signup } from '../shared/portal-api/types';

export interface SignupPayload {
  memberNo: string;
  email: string;
  verificationId?: string;
  locale?: 'ja' | 'en';
  profile: { name: string; nameKana: string; phone: string; university: string; faculty: string; studentNo: string };
}

/**
 * My Portal sign-ups: with a verified address the account is complete at once; without one the
 * member gets a link to finish within `signupUrlTtlMs`.
 */
export class Signups {
  constructor(
    private readonly ctx: PortalContext,
    private readonly members: Members,
    private readonly verifications: Verifications,
    private readonly messages: DevMessages,
  ) {}

  /** The `signup.create` operation (runs inside the batch executor's savepoint). */
  apply(deviceId: string, op: SequencedOperation, p: SignupPayload): Signup {
    const member = this.members.activeMember(p.memberNo);
    if (member.portal_registered === 1) throw new PortalProblem('email_already_registered');
    const email = p.email.toLowerCase();
    const id = uuid();
    const now = this.ctx.now();
    let status: Signup['status'] = 'pending_email_confirmation';
    if (p.verificationId) {
      this.verifications.consume(p.verificationId, 'signup', p.memberNo, email);
      status = 'completed';
      this.ctx
        .sql('UPDATE members SET email = ?, phone = ?, name = ?, name_kana = ?, university = ?, faculty = ?, student_no = ?, portal_registered = 1 WHERE member_no = ?')
        .run(email, p.profile.phone, p.profile.name, p.profile.nameKana, p.profile.university, p.profile.faculty, p.profile.studentNo, p.memberNo);
      this.members.touchMember(p.memberNo);
      this.messages.send('email', email, '【大学生協】My Portal 登録完了のお知らせ', 'Registration complete. Set your password in the app.', { signupId: id, status });
    } else {
      const url = `https://portal.example.univ.coop/signup/${id}`;
      this.messages.send('email', email, '【大学生協】My Portal 登録のご案内', `Continue your sign-up within 60 minutes: ${url}`, {
        signupId: id,
        status,
        url,
        expiresAt: iso(now + this.ctx.limits.signupUrlTtlMs),
      });
    }
    this.ctx
      .sql('INSERT INTO signups (id, client_request_id, member_no, email, status, profile, device_id, created_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, op.clientRequestId, p.memberNo, email, status, JSON.stringify(p.profile), deviceId, now, status === 'completed' ? now : null);
    return { signupId: id, memberNo: p.memberNo, maskedEmail: maskEmail(email) ?? '', status, createdAt: iso(now) };
  }
}
