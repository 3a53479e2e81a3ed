import { KioskError } from '../../shared/errors';
import type { CounterFlowView } from '../../shared/api/registration';
import type { Verification, VerificationPurpose } from '../../shared/portal-api/types';
import { isUnreachable, translatePortalError } from '../sync';
import type { CounterDeps } from './counter-deps';
import type { Draft, DraftVerification } from './drafts';
import type { EmailChangeFlow } from './email-change-flow';
import type { RepairFlow } from './repair-flow';
import type { FlowSession } from './flow-session';
import { move, requireStep } from './machine';

/**
 * The verification code of both flows: sent by the portal to the new address, resent, checked.
 * A sign-up goes on offline (the portal mails a link later); an email change needs the portal.
 */
export class VerificationCodes {
  constructor(
    private readonly deps: CounterDeps,
    private readonly session: FlowSession,
    private readonly emailChange: EmailChangeFlow,
    private readonly repair: RepairFlow,
  ) {}

  async sendCode(): Promise<CounterFlowView> {
    const draft = this.session.current();
    requireStep(draft.flow, draft.step, draft.flow === 'emailChange' ? ['newEmail'] : ['email']);
    const email = draft.data.email;
    if (!email) throw new KioskError('invalid_step', 'Type the address first.', { step: draft.step });
    const now = this.deps.now();
    // Back and forth: a live code for the same address is reused, not sent again.
    const live = draft.data.verification;
    if (live && (live.verified || (live.expiresAt > now && live.attemptsRemaining > 0))) {
      draft.step = move(draft.flow, draft.step, live.verified && draft.flow === 'signup' ? 'info' : 'code');
      this.session.persist(draft);
      return this.session.view();
    }
    try {
      if (!this.session.online()) throw new KioskError('portal_offline', 'The portal cannot be reached.');
      const v = await this.deps.portal().client.sendVerificationCode({ purpose: PURPOSE[draft.flow], memberNo: draft.data.memberNo, email, locale: draft.data.locale });
      draft.data.verification = verificationOf(v, false, now);
      draft.data.deferredVerification = false;
      draft.step = move(draft.flow, draft.step, 'code');
    } catch (error) {
      const offline = (error instanceof KioskError && error.code === 'portal_offline') || isUnreachable(error);
      if (!offline) throw translatePortalError(error, 'Sending the code');
      if (draft.flow === 'repair') {
        // The request still reaches the administrator: queued, with the contact address marked unverified.
        draft.data.deferredVerification = true;
        return this.repair.submit(draft);
      }
      if (draft.flow !== 'signup') throw new KioskError('portal_offline', 'An email change needs the portal to send its code.');
      // The sign-up goes on offline: queued, and the portal mails a sign-up link once it has it.
      draft.data.deferredVerification = true;
      draft.step = move(draft.flow, draft.step, 'info');
    }
    this.session.persist(draft);
    return this.session.view();
  }

  async resendCode(): Promise<CounterFlowView> {
    const draft = this.session.current();
    requireStep(draft.flow, draft.step, ['code']);
    const verification = draft.data.verification;
    if (!verification) throw new KioskError('invalid_step', 'No code was sent yet.', { step: draft.step });
    const sentAt = this.deps.now();
    try {
      const v = await this.deps.portal().client.resendVerificationCode(verification.verificationId);
      draft.data.verification = verificationOf(v, false, sentAt);
    } catch (error) {
      const mapped = translatePortalError(error, 'Sending a new code');
      if (mapped.code === 'code_generation_limit') {
        verification.codesRemaining = 0;
        this.session.persist(draft);
      }
      throw mapped;
    }
    this.session.persist(draft);
    return this.session.view();
  }

  async confirmCode(code: string): Promise<CounterFlowView> {
    const draft = this.session.current();
    requireStep(draft.flow, draft.step, ['code']);
    const verification = draft.data.verification;
    if (!verification) throw new KioskError('invalid_step', 'No code was sent yet.', { step: draft.step });
    if (!verification.verified) {
      if (verification.attemptsRemaining <= 0) throw new KioskError('code_tries_exhausted', 'This code took too many wrong tries; send a new one.');
      try {
        await this.deps.portal().client.confirmVerificationCode(verification.verificationId, code);
      } catch (error) {
        const mapped = translatePortalError(error, 'Checking the code');
        const shape = mapped.toJSON();
        if (shape.code === 'code_wrong') verification.attemptsRemaining = shape.details?.attemptsRemaining ?? verification.attemptsRemaining - 1;
        if (mapped.code === 'code_tries_exhausted') verification.attemptsRemaining = 0;
        if (mapped.code === 'code_expired') {
          verification.expiresAt = Math.min(verification.expiresAt, this.deps.now());
          // The message says how long codes live, in the portal's numbers.
          if (verification.lifetimeMs) {
            this.session.persist(draft);
            throw new KioskError('code_expired', mapped.message, { ...(shape.code === 'code_expired' ? shape.details : {}), codeLifetimeSeconds: Math.round(verification.lifetimeMs / 1000) });
          }
        }
        this.session.persist(draft);
        throw mapped;
      }
      verification.verified = true;
    }
    if (draft.flow === 'signup') {
      draft.step = move(draft.flow, draft.step, 'info');
      this.session.persist(draft);
      return this.session.view();
    }
    if (draft.flow === 'repair') return this.repair.submit(draft);
    // Email change: the verified request goes to the portal (queued when offline) and waits for staff.
    return this.emailChange.submit(draft);
  }
}

const PURPOSE: Record<Draft['flow'], VerificationPurpose> = { signup: 'signup', emailChange: 'email_change', repair: 'repair' };

/**
 * The kiosk's copy of a portal verification. The code's lifetime is the portal's: expiry minus the
 * sending time it reports (or, from a portal that does not, the time this kiosk asked for it).
 */
function verificationOf(v: Verification, verified: boolean, askedAt: number): DraftVerification {
  const expiresAt = Date.parse(v.expiresAt);
  const sentAt = v.sentAt === undefined ? askedAt : Date.parse(v.sentAt);
  const lifetimeMs = Math.round((expiresAt - sentAt) / 1000) * 1000;
  return {
    verificationId: v.verificationId,
    maskedEmail: v.maskedEmail,
    expiresAt,
    ...(Number.isFinite(lifetimeMs) && lifetimeMs > 0 ? { lifetimeMs } : {}),
    resendAvailableAt: Date.parse(v.resendAvailableAt),
    codesRemaining: v.codesRemaining,
    attemptsRemaining: v.attemptsRemaining,
    verified,
  };
}
