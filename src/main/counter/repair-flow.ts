import { KioskError } from '../../shared/errors';
import type { CounterFlowView } from '../../shared/api/registration';
import type { RepairProblemKind } from '../../shared/api/repair';
import type { RepairRequestPayload } from '../../shared/portal-api/types';
import { maskEmail } from '../../shared/registration/normalize';
import type { CounterDeps } from './counter-deps';
import type { Draft } from './drafts';
import type { FlowSession } from './flow-session';
import { move, requireStep } from './machine';
import type { Submissions } from './submissions';

/**
 * "My app setup failed" (issue 16): the guides tell a student whose setup broke (ログインエラー,
 * an unregistered address, an interrupted setup…) to ask the store, because only the co-op's
 * administrator can repair it. The student picks what happened, proves a contact address with a
 * code, and the request goes to the portal through the outbox (sealed: it names an address).
 */
export class RepairFlow {
  constructor(
    private readonly deps: CounterDeps,
    private readonly session: FlowSession,
    private readonly submissions: Submissions,
  ) {}

  setProblems(problems: readonly RepairProblemKind[]): CounterFlowView {
    const draft = this.session.current();
    if (draft.flow !== 'repair') throw new KioskError('invalid_step', 'Only a repair request has a failure list.', { step: draft.step });
    requireStep(draft.flow, draft.step, ['problem']);
    draft.data.repairProblems = [...problems];
    draft.step = move(draft.flow, draft.step, 'email');
    this.session.persist(draft);
    return this.session.view();
  }

  /** Verified contact address (online), or unverified when the portal could not send a code. */
  submit(draft: Draft): CounterFlowView {
    const email = draft.data.email;
    const problems = draft.data.repairProblems ?? [];
    const verification = draft.data.verification;
    if (!email || problems.length === 0) throw new KioskError('invalid_step', 'Pick what happened and type a contact address first.', { step: draft.step });
    if (!verification?.verified && !draft.data.deferredVerification) throw new KioskError('code_not_verified', 'The contact address needs its code first.');
    const payload: RepairRequestPayload = {
      memberNo: draft.data.memberNo,
      problems,
      contactEmail: email,
      ...(verification?.verified ? { verificationId: verification.verificationId } : {}),
      locale: draft.data.locale,
      createdAt: new Date(this.deps.now()).toISOString(),
    };
    return this.submissions.finish(draft, 'repair_request.create', payload, maskEmail(email));
  }
}
