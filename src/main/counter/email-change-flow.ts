import { KioskError } from '../../shared/errors';
import type { CounterFlowView } from '../../shared/api/registration';
import type { EmailChangePayload } from '../../shared/portal-api/types';
import { maskEmail } from '../../shared/registration/normalize';
import type { CounterDeps } from './counter-deps';
import type { Draft } from './drafts';
import type { Submissions } from './submissions';

/** The email change's own step: once the new address is verified, the request goes to the portal (queued when offline) and waits for staff. */
export class EmailChangeFlow {
  constructor(
    private readonly deps: CounterDeps,
    private readonly submissions: Submissions,
  ) {}

  submit(draft: Draft): CounterFlowView {
    const email = draft.data.email;
    const verification = draft.data.verification;
    if (!email || !verification?.verified) throw new KioskError('code_not_verified', 'The new address needs its code first.');
    const payload: EmailChangePayload = {
      memberNo: draft.data.memberNo,
      newEmail: email,
      verificationId: verification.verificationId,
      createdAt: new Date(this.deps.now()).toISOString(),
    };
    return this.submissions.finish(draft, 'email_change.create', payload, maskEmail(email));
  }
}
