import { randomInt, timingSafeEqual } from 'node:crypto';
import type { PortalContext } from './context';
import type { Members } from './members';
import type { DevMessages } from './messages';
import { PortalProblem } from './problem';
import { iso, maskEmail, sha256, uuid } from './util';
import type { Verification, VerificationPurpose } from '../shared/portal-api/types';

/**
 * Email verification codes (Azure AD B2C style): 6 digits, a lifetime, wrong tries per code,
 * codes per address per lifetime (then a lock) and a resend cool-down.
 */
export class Verifications {
  constructor(
    private readonly ctx: PortalContext,
    private readonly members: Members,
    private readonly messages: DevMessages,
  ) {}

  private codeHash(verificationId: string, code: string): string {
    return sha256(`${verificationId}:${code}`);
  }

  /** Codes generated for the address in the current window, and when the address is locked until. */
  private codeBudget(email: string): { used: number; lockedUntil: number | null; lastCreatedAt: number | null } {
    const { codeTtlMs, maxCodesPerAddress } = this.ctx.limits.verification;
    const now = this.ctx.now();
    const rows = this.ctx
      .sql('SELECT created_at, expires_at FROM verification_codes WHERE email = ? AND created_at > ? ORDER BY created_at')
      .all(email, now - codeTtlMs) as Array<{ created_at: number; expires_at: number }>;
    const last = rows.at(-1);
    // After the limit the address is locked until the last code of the window expires.
    if (rows.length >= maxCodesPerAddress && last) return { used: rows.length, lockedUntil: last.expires_at, lastCreatedAt: last.created_at };
    return { used: rows.length, lockedUntil: null, lastCreatedAt: last?.created_at ?? null };
  }

  private issueCode(verificationId: string, email: string, purpose: string, locale: 'ja' | 'en'): void {
    const { codeTtlMs, maxCodesPerAddress, resendCooldownMs } = this.ctx.limits.verification;
    const now = this.ctx.now();
    const budget = this.codeBudget(email);
    if (budget.lockedUntil !== null && budget.lockedUntil > now) {
      throw new PortalProblem('verification_code_limit_reached', undefined, {
        retryAfterSeconds: Math.ceil((budget.lockedUntil - now) / 1000),
        details: { maxCodes: maxCodesPerAddress, lockedUntil: iso(budget.lockedUntil) },
      });
    }
    if (budget.lastCreatedAt !== null && now - budget.lastCreatedAt < resendCooldownMs) {
      throw new PortalProblem('verification_resend_cooldown', undefined, {
        retryAfterSeconds: Math.ceil((budget.lastCreatedAt + resendCooldownMs - now) / 1000),
      });
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.ctx
      .sql('INSERT INTO verification_codes (verification_id, email, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(verificationId, email, this.codeHash(verificationId, code), now, now + codeTtlMs);
    const minutes = Math.round(codeTtlMs / 60_000);
    const subject = locale === 'ja' ? '【大学生協】確認コードのお知らせ' : '[univcoop] Your verification code';
    const body =
      locale === 'ja'
        ? `確認コード: ${code}\nこのコードの有効期限は${minutes}分です。`
        : `Your verification code: ${code}\nIt expires in ${minutes} minutes.`;
    this.messages.send('email', email, subject, body, { code, verificationId, purpose });
  }

  private view(id: string): Verification {
    const v = this.ctx.sql('SELECT id, email FROM verifications WHERE id = ?').get(id) as { id: string; email: string } | undefined;
    if (!v) throw new PortalProblem('verification_not_found');
    const { maxWrongAttempts, maxCodesPerAddress, resendCooldownMs } = this.ctx.limits.verification;
    const code = this.ctx
      .sql('SELECT created_at, expires_at, failed_attempts FROM verification_codes WHERE verification_id = ? ORDER BY id DESC LIMIT 1')
      .get(id) as { created_at: number; expires_at: number; failed_attempts: number };
    const budget = this.codeBudget(v.email);
    return {
      verificationId: id,
      maskedEmail: maskEmail(v.email) ?? '',
      sentAt: iso(code.created_at),
      expiresAt: iso(code.expires_at),
      resendAvailableAt: iso(Math.max(code.created_at + resendCooldownMs, budget.lockedUntil ?? 0)),
      codesRemaining: Math.max(0, maxCodesPerAddress - budget.used),
      attemptsRemaining: Math.max(0, maxWrongAttempts - code.failed_attempts),
    };
  }

  send(input: { purpose: VerificationPurpose; memberNo: string; email: string; locale?: 'ja' | 'en' }): Verification {
    this.members.memberRow(input.memberNo);
    const email = input.email.toLowerCase();
    const id = uuid();
    this.ctx.db.transaction(() => {
      this.ctx.sql('INSERT INTO verifications (id, purpose, member_no, email, created_at) VALUES (?, ?, ?, ?, ?)').run(id, input.purpose, input.memberNo, email, this.ctx.now());
      this.issueCode(id, email, input.purpose, input.locale ?? 'ja');
    })();
    return this.view(id);
  }

  resend(verificationId: string): Verification {
    const v = this.ctx.sql('SELECT email, purpose, verified_at FROM verifications WHERE id = ?').get(verificationId) as
      | { email: string; purpose: string; verified_at: number | null }
      | undefined;
    if (!v) throw new PortalProblem('verification_not_found');
    if (v.verified_at !== null) throw new PortalProblem('verification_already_verified');
    this.ctx.db.transaction(() => this.issueCode(verificationId, v.email, v.purpose, 'ja'))();
    return this.view(verificationId);
  }

  confirm(verificationId: string, code: string): { verificationId: string; verified: true } {
    const v = this.ctx.sql('SELECT verified_at FROM verifications WHERE id = ?').get(verificationId) as { verified_at: number | null } | undefined;
    if (!v) throw new PortalProblem('verification_not_found');
    const latest = this.ctx
      .sql('SELECT id, code_hash, expires_at, failed_attempts FROM verification_codes WHERE verification_id = ? ORDER BY id DESC LIMIT 1')
      .get(verificationId) as { id: number; code_hash: string; expires_at: number; failed_attempts: number };
    const { maxWrongAttempts } = this.ctx.limits.verification;
    const matches = timingSafeEqual(Buffer.from(latest.code_hash, 'hex'), Buffer.from(this.codeHash(verificationId, code), 'hex'));
    if (v.verified_at !== null && matches) return { verificationId, verified: true };
    if (latest.failed_attempts >= maxWrongAttempts) throw new PortalProblem('verification_code_attempts_exceeded');
    if (latest.expires_at <= this.ctx.now()) throw new PortalProblem('verification_code_expired');
    if (!matches) {
      // Committed before the error is thrown: a wrong try always counts.
      this.ctx.sql('UPDATE verification_codes SET failed_attempts = failed_attempts + 1 WHERE id = ?').run(latest.id);
      const remaining = maxWrongAttempts - latest.failed_attempts - 1;
      if (remaining <= 0) throw new PortalProblem('verification_code_attempts_exceeded');
      throw new PortalProblem('verification_code_invalid', undefined, { details: { attemptsRemaining: remaining } });
    }
    this.ctx.sql('UPDATE verifications SET verified_at = ? WHERE id = ?').run(this.ctx.now(), verificationId);
    return { verificationId, verified: true };
  }

  /** A verified, unused verification of this purpose for exactly this member and address, consumed. */
  consume(verificationId: string, purpose: string, memberNo: string, email: string): void {
    const v = this.ctx.sql('SELECT purpose, member_no, email, verified_at, consumed_at FROM verifications WHERE id = ?').get(verificationId) as
      | { purpose: string; member_no: string; email: string; verified_at: number | null; consumed_at: number | null }
      | undefined;
    if (!v || v.purpose !== purpose || v.member_no !== memberNo || v.email !== email.toLowerCase() || v.verified_at === null || v.consumed_at !== null) {
      throw new PortalProblem('verification_required');
    }
    this.ctx.sql('UPDATE verifications SET consumed_at = ? WHERE id = ?').run(this.ctx.now(), verificationId);
  }
}
