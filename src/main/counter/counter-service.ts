import { KioskError } from '../../shared/errors';
import type { CounterFlow, CounterFlowView, DraftHint, SignupProfileInput, StaffEmailChange, StaffEmailChangeReview } from '../../shared/api/registration';
import type { Language } from '../../shared/kiosk-api';
import type { OutboxHandlers } from '../sync';
import { VerificationCodes } from './codes';
import type { CounterDeps } from './counter-deps';
import { purgeDeletedPages } from './drafts';
import { EmailChangeFlow } from './email-change-flow';
import { FlowSession } from './flow-session';
import { Identification } from './identify';
import { backOf, move, requireStep } from './machine';
import { SignupFlow } from './signup-flow';
import { StaffApproval } from './staff-approval';
import type { Approval } from '../../shared/api/staff';
import { Submissions } from './submissions';
import { RepairFlow } from './repair-flow';
import { StaffRepairRequests } from './repair-requests';
import type { RepairProblemKind, RepairStatus, StaffRepairRequest } from '../../shared/api/repair';

const OPEN_CHANGE = new Set(['requested', 'approved']);

/**
 * The counter flows (DESIGN.md §3.1, §3.2) behind the kiosk API: identification, the steps both
 * flows share (back, cancel, address, continue), the verification code, the sign-up and email
 * change submissions, staff approval and upkeep, each in its own file.
 */
export class CounterService {
  private readonly session: FlowSession;
  private readonly identification: Identification;
  private readonly codes: VerificationCodes;
  private readonly signup: SignupFlow;
  private readonly submissions: Submissions;
  private readonly approval: StaffApproval;
  private readonly repair: RepairFlow;
  private readonly repairRequests: StaffRepairRequests;

  constructor(private readonly deps: CounterDeps) {
    this.session = new FlowSession(deps);
    this.submissions = new Submissions(deps, this.session);
    this.identification = new Identification(deps, this.session);
    this.repair = new RepairFlow(deps, this.session, this.submissions);
    this.repairRequests = new StaffRepairRequests(deps, this.session);
    this.codes = new VerificationCodes(deps, this.session, new EmailChangeFlow(deps, this.submissions), this.repair);
    this.signup = new SignupFlow(deps, this.session, this.submissions);
    this.approval = new StaffApproval(deps, this.session);
  }

  checkCard(memberNo: string): { draft: DraftHint | null } {
    return this.identification.checkCard(memberNo);
  }

  start(input: { flow: CounterFlow; memberNo: string; birthDate: string; via: 'card' | 'typed'; language: Language }): Promise<CounterFlowView> {
    return this.identification.start(input);
  }

  getFlow(): CounterFlowView | null {
    if (!this.session.active) return null;
    return this.session.view();
  }

  async back(): Promise<CounterFlowView> {
    const draft = this.session.current();
    const target = backOf(draft.flow, draft.step);
    if (target === null) throw new KioskError('invalid_step', `There is no step before ${draft.step}; cancel instead.`, { step: draft.step });
    draft.step = target;
    this.session.persist(draft);
    return this.session.view();
  }

  cancel(): void {
    const active = this.session.active;
    this.session.active = null;
    if (!active || active.memory) return;
    if (this.session.repo().delete(active.flowId)) purgeDeletedPages(this.deps.db());
    this.deps.log(`counter: ${active.flow} ${active.flowId} cancelled`);
  }

  endSession(): void {
    this.session.active = null;
  }

  setEmail(input: { email: string; emailConfirm: string }): CounterFlowView {
    const draft = this.session.current();
    requireStep(draft.flow, draft.step, draft.flow === 'emailChange' ? ['newEmail'] : ['email']);
    if (input.email !== input.emailConfirm) throw new KioskError('email_mismatch', 'The two addresses differ.');
    if (draft.data.email !== input.email) {
      draft.data.email = input.email;
      draft.data.verification = null;
    }
    this.session.persist(draft);
    return this.session.view();
  }

  continue(): CounterFlowView {
    const draft = this.session.current();
    if (draft.flow === 'emailChange') {
      requireStep(draft.flow, draft.step, ['current']);
      if (this.session.active?.emailChanges.some((change) => OPEN_CHANGE.has(change.status))) {
        throw new KioskError('email_change_pending', 'An email change is already waiting.');
      }
      draft.step = move(draft.flow, draft.step, 'newEmail');
    } else if (draft.flow === 'signup') {
      requireStep(draft.flow, draft.step, ['email']);
      if (!draft.data.email) throw new KioskError('invalid_step', 'Type the address first.', { step: draft.step });
      if (!draft.data.deferredVerification) throw new KioskError('code_not_verified', 'The address needs its code first.');
      draft.step = move(draft.flow, draft.step, 'info');
    } else {
      throw new KioskError('invalid_step', 'Nothing follows here.', { step: draft.step });
    }
    this.session.persist(draft);
    return this.session.view();
  }

  sendCode(): Promise<CounterFlowView> {
    return this.codes.sendCode();
  }

  resendCode(): Promise<CounterFlowView> {
    return this.codes.resendCode();
  }

  confirmCode(code: string): Promise<CounterFlowView> {
    return this.codes.confirmCode(code);
  }

  setRepairProblems(problems: readonly RepairProblemKind[]): CounterFlowView {
    return this.repair.setProblems(problems);
  }

  listRepairRequests(): Promise<{ items: StaffRepairRequest[]; online: boolean }> {
    return this.repairRequests.list();
  }

  setRepairRequestStatus(input: { requestId: string; status: RepairStatus }): Promise<StaffRepairRequest> {
    return this.repairRequests.setStatus(input);
  }

  saveProfile(input: SignupProfileInput): CounterFlowView {
    return this.signup.saveProfile(input);
  }

  submit(): CounterFlowView {
    return this.signup.submit();
  }

  listEmailChangeRequests(): Promise<{ items: StaffEmailChange[]; online: boolean }> {
    return this.approval.listEmailChangeRequests();
  }

  openEmailChangeRequest(requestId: string): Promise<StaffEmailChangeReview> {
    return this.approval.openEmailChangeRequest(requestId);
  }

  decideEmailChange(input: { requestId: string; decision: 'approve' | 'reject'; approval?: Approval; reason?: string }): Promise<StaffEmailChange> {
    return this.approval.decideEmailChange(input);
  }

  /** Deletes expired drafts and old submission rows (upkeep, also on every identification). */
  sweep(): number {
    return this.session.sweep();
  }

  outboxHandlers(): OutboxHandlers {
    return this.submissions.outboxHandlers();
  }
}
