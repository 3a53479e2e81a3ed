import { randomUUID } from 'node:crypto';
import { KioskError } from '../../shared/errors';
import type {
  CounterFlow,
  CounterFlowView,
  DraftHint,
  EmailChangeView,
  SignupProfileDraft,
  SignupProfileInput,
  StaffEmailChange,
  SubmissionView,
} from '../../shared/api/registration';
import type { Language } from '../../shared/kiosk-api';
import type { EmailChange, Member, SignupPayload, EmailChangePayload, Verification } from '../../shared/portal-api/types';
import {
  carrierOf,
  digitsOnly,
  e164ToMobile,
  fitsMask,
  formatPostalCode,
  isValidFurigana,
  maskEmail,
  mobileToE164,
  MOBILE_PATTERN,
  normalizeFurigana,
} from '../../shared/registration/normalize';
import type { SqliteDatabase } from '../db/database';
import type { StaffService } from '../staff/staff-service';
import { appendAudit } from '../staff/audit';
import { enqueueOperation, type OutboxHandler, type OutboxHandlers } from '../sync/outbox';
import type { SyncServices } from '../core/services';
import type { DraftCipher } from '../db/sealing';
import { DraftRepository, purgeDeletedPages, type Draft, type DraftData, type DraftMember, type DraftVerification } from './drafts';
import { backOf, FIRST_STEP, move, requireStep } from './machine';
import { fromPortal, isUnreachable, portalCodeToKiosk } from './portal-errors';

/** A draft lives as long as the portal's own sign-up link (60 minutes), then it is wiped. */
export const DRAFT_TTL_MS = 60 * 60_000;
/** Submission bookkeeping (no personal data) is kept two weeks for the status on a later scan. */
export const SUBMISSION_RETENTION_MS = 14 * 24 * 60 * 60_000;

export interface CounterServiceDeps {
  db(): SqliteDatabase;
  sync(): SyncServices;
  staff(): StaffService;
  cipher(): DraftCipher;
  now(): number;
  log(line: string): void;
  /** A flow's submission changed (after the transaction that changed it). */
  changed(flowId: string): void;
  draftTtlMs?: number;
}

/** The flow this kiosk session is in. Only ids here: the personal data stays sealed on disk. */
interface ActiveFlow {
  flowId: string;
  flow: CounterFlow;
  resumed: boolean;
  /** Lookup flows and finished flows live in memory only (their draft is gone or never was). */
  memory: Draft | null;
  submissionId: string | null;
  emailChanges: EmailChangeView[];
}

interface SubmissionRow {
  client_request_id: string;
  flow: 'signup' | 'emailChange';
  draft_id: string;
  member_no: string;
  state: 'queued' | 'applied' | 'failed';
  signup_status: string | null;
  request_id: string | null;
  masked_email: string | null;
  failure: string | null;
  created_at: number;
  updated_at: number;
}

/** Wrong birthdates that delete a saved draft (the portal locks a member number after as many). */
const MAX_WRONG_BIRTHDATES_ON_RESUME = 5;
const OPEN_CHANGE = new Set(['requested', 'approved']);

/**
 * The counter flows' business logic: identification, drafts, codes, submission through the
 * outbox. One kiosk serves one student at a time, so there is one active flow; it is forgotten
 * when the session ends, while its sealed draft stays resumable by the same card until it expires.
 */
export class CounterService {
  private active: ActiveFlow | null = null;
  private repoCache: { db: SqliteDatabase; cipher: DraftCipher; repo: DraftRepository } | null = null;

  constructor(private readonly deps: CounterServiceDeps) {}

  private get ttl(): number {
    return this.deps.draftTtlMs ?? DRAFT_TTL_MS;
  }

  private repo(): DraftRepository {
    const db = this.deps.db();
    // A new key (after the admin wipe dropped the old one) means a new repository: never the old cipher.
    const cipher = this.deps.cipher();
    if (this.repoCache?.db !== db || this.repoCache.cipher !== cipher) this.repoCache = { db, cipher, repo: new DraftRepository(db, cipher) };
    return this.repoCache.repo;
  }

  private online(): boolean {
    return this.deps.sync().connectivity.snapshot().state !== 'offline';
  }

  // ------------------------------------------------------------------ identification

  checkCard(memberNo: string): { draft: DraftHint | null } {
    this.sweep();
    return { draft: this.repo().hintFor(memberNo) };
  }

  async start(input: { flow: CounterFlow; memberNo: string; birthDate: string; via: 'card' | 'typed'; language: Language }): Promise<CounterFlowView> {
    this.active = null;
    this.sweep();
    const repo = this.repo();
    const now = this.deps.now();
    const birthCheck = repo.birthCheck(input.memberNo, input.birthDate);

    if (input.flow !== 'lookup') {
      const existing = repo.findFor(input.flow, input.memberNo);
      if (existing) {
        // Same card, same birthdate: carry on where the student left off (works offline too).
        if (existing.data.birthCheck !== birthCheck) this.wrongBirthdateOnResume(existing);
        existing.data.wrongBirthdates = 0;
        existing.updatedAt = now;
        existing.data.locale = input.language;
        repo.save(existing);
        this.active = { flowId: existing.id, flow: existing.flow, resumed: true, memory: null, submissionId: null, emailChanges: await this.emailChangesOf(input.flow, input.memberNo) };
        this.deps.log(`counter: ${input.flow} ${existing.id} resumed at ${existing.step}`);
        return this.view();
      }
    }

    const identified = await this.identify(input.flow, input.memberNo, input.birthDate);
    // Read the key again after the await: the admin wipe may have replaced it meanwhile.
    const fresh = this.repo();
    const { member, prefill } = identified;
    if (input.flow !== 'lookup' && identified.status !== 'active') throw new KioskError('member_not_active', 'The membership is not active.');
    if (input.flow === 'signup' && member.portalRegistered) throw new KioskError('already_registered', 'The member already has a My Portal account.');

    const draft: Draft = {
      id: randomUUID(),
      flow: input.flow as Draft['flow'],
      memberKey: fresh.memberKey(input.memberNo),
      step: FIRST_STEP[input.flow],
      createdAt: now,
      updatedAt: now,
      expiresAt: now + this.ttl,
      data: {
        memberNo: input.memberNo,
        birthCheck: fresh === repo ? birthCheck : fresh.birthCheck(input.memberNo, input.birthDate),
        member,
        prefill,
        email: null,
        verification: null,
        // Offline, nobody could check the code: the sign-up goes with an e-mail link instead.
        deferredVerification: member.source === 'roster',
        profile: null,
        locale: input.language,
      },
    };
    const emailChanges = await this.emailChangesOf(input.flow, input.memberNo);
    if (input.flow === 'lookup') {
      this.active = { flowId: draft.id, flow: 'lookup', resumed: false, memory: draft, submissionId: null, emailChanges };
    } else {
      fresh.save(draft);
      this.active = { flowId: draft.id, flow: input.flow, resumed: false, memory: null, submissionId: null, emailChanges };
    }
    this.deps.log(`counter: ${input.flow} ${draft.id} started (${input.via}, ${member.source})`);
    return this.view();
  }

  /**
   * The birthdate guards a saved draft offline, where the portal's lockout cannot help: after
   * MAX_WRONG_BIRTHDATES_ON_RESUME wrong tries the draft (its personal data) is deleted, and
   * the next start goes to the portal, which counts wrong birthdates itself.
   */
  private wrongBirthdateOnResume(draft: Draft): never {
    const repo = this.repo();
    const wrong = (draft.data.wrongBirthdates ?? 0) + 1;
    if (wrong >= MAX_WRONG_BIRTHDATES_ON_RESUME) {
      repo.delete(draft.id);
      this.deps.log(`counter: ${draft.flow} ${draft.id} deleted after ${wrong} wrong birthdates`);
      throw new KioskError('draft_discarded', 'The birthdate did not match too many times: the saved form was deleted.', { maxWrong: MAX_WRONG_BIRTHDATES_ON_RESUME });
    }
    draft.data.wrongBirthdates = wrong;
    repo.save(draft);
    throw new KioskError('birthdate_mismatch', 'The birthdate does not match.', { attemptsRemaining: MAX_WRONG_BIRTHDATES_ON_RESUME - wrong });
  }

  private async identify(
    flow: CounterFlow,
    memberNo: string,
    birthDate: string,
  ): Promise<{ member: DraftMember; prefill: SignupProfileDraft | null; status: Member['status'] }> {
    if (this.online()) {
      try {
        const found = await this.deps.sync().client.identifyMember(memberNo, birthDate);
        return {
          member: { name: found.name, nameKana: found.nameKana, maskedEmail: found.maskedEmail, portalRegistered: found.portalRegistered, source: 'portal' },
          prefill: prefillOf(found),
          status: found.status,
        };
      } catch (error) {
        if (!isUnreachable(error)) throw fromPortal(error, 'Identification');
      }
    }
    // Offline: the birthdate cannot be checked and no code can be sent. A sign-up may still be
    // queued for a member this kiosk's roster knows; an email change must wait for the portal.
    if (flow === 'emailChange') throw new KioskError('portal_offline', 'An email change needs the portal (code and staff approval).');
    const local = this.deps.sync().roster.store.byMemberNo(memberNo);
    if (!local) throw new KioskError('portal_offline', 'The portal cannot be reached and the roster does not know this member.');
    const m = local.member;
    return {
      member: { name: m.name, nameKana: m.nameKana, maskedEmail: m.maskedEmail, portalRegistered: m.portalRegistered, source: 'roster' },
      prefill: { ...emptyProfile(), name: m.name, nameKana: normalizeFurigana(m.nameKana) },
      status: m.status,
    };
  }

  // ------------------------------------------------------------------ the active flow

  getFlow(): CounterFlowView | null {
    if (!this.active) return null;
    return this.view();
  }

  async back(): Promise<CounterFlowView> {
    const draft = this.current();
    const target = backOf(draft.flow, draft.step);
    if (target === null) throw new KioskError('invalid_step', `There is no step before ${draft.step}; cancel instead.`, { step: draft.step });
    draft.step = target;
    this.persist(draft);
    return this.view();
  }

  cancel(): void {
    const active = this.active;
    this.active = null;
    if (!active || active.memory) return;
    if (this.repo().delete(active.flowId)) purgeDeletedPages(this.deps.db());
    this.deps.log(`counter: ${active.flow} ${active.flowId} cancelled`);
  }

  endSession(): void {
    this.active = null;
  }

  setEmail(input: { email: string; emailConfirm: string }): CounterFlowView {
    const draft = this.current();
    requireStep(draft.flow, draft.step, draft.flow === 'signup' ? ['email'] : ['newEmail']);
    if (input.email !== input.emailConfirm) throw new KioskError('email_mismatch', 'The two addresses differ.');
    if (draft.data.email !== input.email) {
      draft.data.email = input.email;
      draft.data.verification = null;
    }
    this.persist(draft);
    return this.view();
  }

  continue(): CounterFlowView {
    const draft = this.current();
    if (draft.flow === 'emailChange') {
      requireStep(draft.flow, draft.step, ['current']);
      if (this.active?.emailChanges.some((change) => OPEN_CHANGE.has(change.status))) {
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
    this.persist(draft);
    return this.view();
  }

  async sendCode(): Promise<CounterFlowView> {
    const draft = this.current();
    requireStep(draft.flow, draft.step, draft.flow === 'signup' ? ['email'] : ['newEmail']);
    const email = draft.data.email;
    if (!email) throw new KioskError('invalid_step', 'Type the address first.', { step: draft.step });
    const now = this.deps.now();
    // Back and forth: a live code for the same address is reused, not sent again.
    const live = draft.data.verification;
    if (live && (live.verified || (live.expiresAt > now && live.attemptsRemaining > 0))) {
      draft.step = move(draft.flow, draft.step, live.verified && draft.flow === 'signup' ? 'info' : 'code');
      this.persist(draft);
      return this.view();
    }
    try {
      if (!this.online()) throw new KioskError('portal_offline', 'The portal cannot be reached.');
      const v = await this.deps.sync().client.sendVerificationCode({ purpose: draft.flow === 'signup' ? 'signup' : 'email_change', memberNo: draft.data.memberNo, email, locale: draft.data.locale });
      draft.data.verification = verificationOf(v, false, now);
      draft.data.deferredVerification = false;
      draft.step = move(draft.flow, draft.step, 'code');
    } catch (error) {
      const offline = (error instanceof KioskError && error.code === 'portal_offline') || isUnreachable(error);
      if (!offline) throw fromPortal(error, 'Sending the code');
      if (draft.flow !== 'signup') throw new KioskError('portal_offline', 'An email change needs the portal to send its code.');
      // The sign-up goes on offline: queued, and the portal mails a sign-up link once it has it.
      draft.data.deferredVerification = true;
      draft.step = move(draft.flow, draft.step, 'info');
    }
    this.persist(draft);
    return this.view();
  }

  async resendCode(): Promise<CounterFlowView> {
    const draft = this.current();
    requireStep(draft.flow, draft.step, ['code']);
    const verification = draft.data.verification;
    if (!verification) throw new KioskError('invalid_step', 'No code was sent yet.', { step: draft.step });
    const sentAt = this.deps.now();
    try {
      const v = await this.deps.sync().client.resendVerificationCode(verification.verificationId);
      draft.data.verification = verificationOf(v, false, sentAt);
    } catch (error) {
      const mapped = fromPortal(error, 'Sending a new code');
      if (mapped.code === 'code_generation_limit') {
        verification.codesRemaining = 0;
        this.persist(draft);
      }
      throw mapped;
    }
    this.persist(draft);
    return this.view();
  }

  async confirmCode(code: string): Promise<CounterFlowView> {
    const draft = this.current();
    requireStep(draft.flow, draft.step, ['code']);
    const verification = draft.data.verification;
    if (!verification) throw new KioskError('invalid_step', 'No code was sent yet.', { step: draft.step });
    if (!verification.verified) {
      if (verification.attemptsRemaining <= 0) throw new KioskError('code_tries_exhausted', 'This code took too many wrong tries; send a new one.');
      try {
        await this.deps.sync().client.confirmVerificationCode(verification.verificationId, code);
      } catch (error) {
        const mapped = fromPortal(error, 'Checking the code');
        if (mapped.code === 'code_wrong') verification.attemptsRemaining = Number(mapped.details?.attemptsRemaining ?? verification.attemptsRemaining - 1);
        if (mapped.code === 'code_tries_exhausted') verification.attemptsRemaining = 0;
        if (mapped.code === 'code_expired') {
          verification.expiresAt = Math.min(verification.expiresAt, this.deps.now());
          // The message says how long codes live, in the portal's numbers.
          if (verification.lifetimeMs) {
            this.persist(draft);
            throw new KioskError(mapped.code, mapped.message, { ...mapped.details, codeLifetimeSeconds: Math.round(verification.lifetimeMs / 1000) });
          }
        }
        this.persist(draft);
        throw mapped;
      }
      verification.verified = true;
    }
    if (draft.flow === 'signup') {
      draft.step = move(draft.flow, draft.step, 'info');
      this.persist(draft);
      return this.view();
    }
    // Email change: the verified request goes to the portal (queued when offline) and waits for staff.
    return this.submitEmailChange(draft);
  }

  saveProfile(input: SignupProfileInput): CounterFlowView {
    const draft = this.current();
    requireStep(draft.flow, draft.step, ['info']);
    const nameKana = normalizeFurigana(input.nameKana);
    if (!isValidFurigana(nameKana)) throw new KioskError('invalid_input', 'Furigana must be katakana.', { field: 'nameKana' });
    const phone = digitsOnly(input.phone);
    if (!MOBILE_PATTERN.test(phone)) throw new KioskError('invalid_input', 'A mobile number is 11 digits starting 060, 070, 080 or 090.', { field: 'phone' });
    draft.data.profile = {
      name: input.name.normalize('NFC'),
      nameKana,
      phone,
      postalCode: formatPostalCode(input.postalCode),
      address: { ...input.address },
      university: input.university,
      faculty: input.faculty,
      studentNo: input.studentNo.normalize('NFKC'),
      remarks: input.remarks.normalize('NFC'),
    };
    draft.step = move(draft.flow, draft.step, 'confirm');
    this.persist(draft);
    return this.view();
  }

  submit(): CounterFlowView {
    const draft = this.current();
    requireStep(draft.flow, draft.step, ['confirm']);
    if (draft.flow !== 'signup') throw new KioskError('invalid_step', 'Only a sign-up is submitted here.', { step: draft.step });
    const profile = draft.data.profile;
    const email = draft.data.email;
    if (!profile || !email) throw new KioskError('invalid_step', 'The registration info is missing.', { step: draft.step });
    const verification = draft.data.verification?.verified ? draft.data.verification.verificationId : undefined;
    const payload: SignupPayload = {
      memberNo: draft.data.memberNo,
      email,
      ...(verification ? { verificationId: verification } : {}),
      profile: {
        name: profile.name,
        nameKana: profile.nameKana,
        phone: mobileToE164(profile.phone),
        postalCode: profile.postalCode,
        address: { prefecture: profile.address.prefecture, city: profile.address.city, town: profile.address.town, ...(profile.address.line ? { line: profile.address.line } : {}) },
        university: profile.university,
        faculty: profile.faculty,
        studentNo: profile.studentNo,
        ...(profile.remarks ? { remarks: profile.remarks } : {}),
      },
      locale: draft.data.locale,
      createdAt: new Date(this.deps.now()).toISOString(),
    };
    return this.finish(draft, 'signup.create', payload, null);
  }

  private submitEmailChange(draft: Draft): CounterFlowView {
    const email = draft.data.email;
    const verification = draft.data.verification;
    if (!email || !verification?.verified) throw new KioskError('code_not_verified', 'The new address needs its code first.');
    const payload: EmailChangePayload = {
      memberNo: draft.data.memberNo,
      newEmail: email,
      verificationId: verification.verificationId,
      createdAt: new Date(this.deps.now()).toISOString(),
    };
    return this.finish(draft, 'email_change.create', payload, maskEmail(email));
  }

  /** Outbox row, submission row and the draft's deletion: one transaction. The personal data then lives only in memory for the done screen. */
  private finish(draft: Draft, kind: 'signup.create' | 'email_change.create', payload: SignupPayload | EmailChangePayload, maskedEmail: string | null): CounterFlowView {
    const db = this.deps.db();
    const now = this.deps.now();
    const clientRequestId = randomUUID();
    db.transaction(() => {
      enqueueOperation(db, { kind, memberKey: draft.data.memberNo, payload, clientRequestId, now });
      db.prepare(
        `INSERT INTO counter_submissions (client_request_id, flow, draft_id, member_no, state, masked_email, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)`,
      ).run(clientRequestId, draft.flow, draft.id, draft.data.memberNo, maskedEmail, now, now);
      this.repo().delete(draft.id);
    })();
    purgeDeletedPages(db);
    this.deps.sync().engine.kick();
    draft.step = 'done';
    if (this.active) {
      this.active.memory = draft;
      this.active.submissionId = clientRequestId;
    }
    this.deps.log(`counter: ${draft.flow} ${draft.id} submitted as ${clientRequestId}`);
    return this.view();
  }

  // ------------------------------------------------------------------ views

  private current(): Draft {
    const active = this.active;
    if (!active) throw new KioskError('flow_not_active', 'No flow is in progress; start again.');
    if (active.memory) return active.memory;
    const draft = this.repo().get(active.flowId);
    if (!draft || draft.expiresAt <= this.deps.now()) {
      this.active = null;
      if (draft) this.sweep();
      throw new KioskError('draft_expired', 'The unfinished form expired and was wiped.');
    }
    return draft;
  }

  private persist(draft: Draft): void {
    draft.updatedAt = this.deps.now();
    if (this.active?.memory === draft) return;
    // Only a draft that still exists is written back: the admin wipe or the expiry sweep may have
    // deleted it while a portal call was awaited, and it must not come back.
    if (this.active?.flowId !== draft.id || !this.repo().update(draft)) {
      this.active = null;
      throw new KioskError('flow_not_active', 'The unfinished form was wiped meanwhile; start again.');
    }
  }

  private view(): CounterFlowView {
    const active = this.active as ActiveFlow;
    const draft = this.current();
    const d = draft.data;
    const profile = d.profile ?? d.prefill;
    const email = d.email;
    return {
      flowId: draft.id,
      flow: active.flow,
      step: draft.step,
      memberNo: d.memberNo,
      expiresAt: draft.expiresAt,
      resumed: active.resumed,
      member: d.member,
      email,
      emailMatchesRegistered: email && d.member.maskedEmail ? fitsMask(email, d.member.maskedEmail) : null,
      carrier: email ? carrierOf(email) : null,
      deferredVerification: d.deferredVerification,
      code: d.verification
        ? {
            maskedEmail: d.verification.maskedEmail,
            expiresAt: d.verification.expiresAt,
            lifetimeMs: d.verification.lifetimeMs ?? null,
            resendAvailableAt: d.verification.resendAvailableAt,
            codesRemaining: d.verification.codesRemaining,
            attemptsRemaining: d.verification.attemptsRemaining,
            verified: d.verification.verified,
          }
        : null,
      profile: draft.flow === 'signup' ? (profile ?? emptyProfile()) : null,
      submission: active.submissionId ? this.submissionView(active.submissionId) : null,
      emailChanges: active.emailChanges,
    };
  }

  private submissionView(clientRequestId: string): SubmissionView | null {
    const row = this.deps.db().prepare('SELECT * FROM counter_submissions WHERE client_request_id = ?').get(clientRequestId) as SubmissionRow | undefined;
    if (!row) return null;
    const signupStatus = row.signup_status === 'completed' || row.signup_status === 'pending_email_confirmation' ? row.signup_status : null;
    return { state: row.state, signupStatus, failure: row.failure };
  }

  /** The member's email-change requests: the portal's (online) and this kiosk's still queued. */
  private async emailChangesOf(flow: CounterFlow, memberNo: string): Promise<EmailChangeView[]> {
    if (flow === 'signup') return [];
    const out: EmailChangeView[] = [];
    if (this.online()) {
      try {
        for (const change of await this.deps.sync().client.listEmailChanges(memberNo)) out.push(changeView(change));
      } catch (error) {
        if (!isUnreachable(error)) throw fromPortal(error, 'Reading email-change requests');
      }
    }
    const queued = this.deps
      .db()
      .prepare("SELECT * FROM counter_submissions WHERE flow = 'emailChange' AND member_no = ? AND state = 'queued' ORDER BY created_at DESC")
      .all(memberNo) as SubmissionRow[];
    for (const row of queued) {
      out.push({ requestId: null, maskedNewEmail: row.masked_email ?? '', status: 'requested', queued: true, requestedAt: row.created_at, reason: null });
    }
    return out.sort((a, b) => b.requestedAt - a.requestedAt);
  }

  // ------------------------------------------------------------------ staff

  async listEmailChangeRequests(): Promise<{ items: StaffEmailChange[]; online: boolean }> {
    this.deps.staff().require('cashier');
    const rows = this.deps
      .db()
      .prepare("SELECT * FROM counter_submissions WHERE flow = 'emailChange' AND state != 'failed' ORDER BY created_at DESC LIMIT 50")
      .all() as SubmissionRow[];
    const online = this.online();
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
          const change = await this.deps.sync().client.getEmailChange(row.request_id);
          items.push(staffView(change, false));
          continue;
        } catch (error) {
          if (!isUnreachable(error)) throw fromPortal(error, 'Reading an email-change request');
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
      change = await this.deps.sync().client.decideEmailChange(input.requestId, {
        decision: input.decision,
        staffId: session.staff.id,
        ...(input.reason ? { reason: input.reason } : {}),
      });
    } catch (error) {
      throw fromPortal(error, 'Deciding the email change');
    }
    appendAudit(this.deps.db(), {
      at: this.deps.now(),
      staffId: session.staff.id,
      action: input.decision === 'approve' ? 'email_change.approve' : 'email_change.reject',
      detail: { requestId: input.requestId, memberNo: change.memberNo, ...(input.reason ? { reason: input.reason } : {}) },
    });
    return staffView(change, false);
  }

  // ------------------------------------------------------------------ upkeep

  /** Deletes expired drafts and old submission rows; makes the deleted pages unreadable. */
  sweep(): number {
    const db = this.deps.db();
    const now = this.deps.now();
    const drafts = this.repo().deleteExpired(now);
    const submissions = db.prepare("DELETE FROM counter_submissions WHERE state != 'queued' AND updated_at <= ?").run(now - SUBMISSION_RETENTION_MS).changes;
    if (drafts + submissions > 0) {
      purgeDeletedPages(db);
      if (drafts > 0) this.deps.log(`counter: ${drafts} expired draft(s) wiped`);
    }
    if (this.active && !this.active.memory && drafts > 0 && !this.repo().get(this.active.flowId)) this.active = null;
    return drafts;
  }

  /** What the outbox does when the portal answers for a sign-up or an email change. */
  outboxHandlers(): OutboxHandlers {
    const settle = (db: SqliteDatabase, clientRequestId: string, set: { state: 'queued' | 'applied' | 'failed'; signupStatus?: string | null; requestId?: string | null; failure?: string | null }) => {
      const row = db.prepare('SELECT draft_id FROM counter_submissions WHERE client_request_id = ?').get(clientRequestId) as { draft_id: string } | undefined;
      if (!row) return;
      db.prepare(
        `UPDATE counter_submissions SET state = ?, signup_status = coalesce(?, signup_status), request_id = coalesce(?, request_id), failure = ?, updated_at = ?
         WHERE client_request_id = ?`,
      ).run(set.state, set.signupStatus ?? null, set.requestId ?? null, set.failure ?? null, this.deps.now(), clientRequestId);
      // After the outbox's transaction: purge the deleted payload's pages and tell the screens.
      setImmediate(() => {
        try {
          purgeDeletedPages(db);
        } catch {
          // The database may have been closed meanwhile; the next sweep purges.
        }
        this.deps.changed(row.draft_id);
      });
    };
    const handler: OutboxHandler = {
      onApplied: (db, item, outcome) => {
        const result = (outcome.result ?? {}) as { status?: unknown; requestId?: unknown };
        const isChange = typeof result.requestId === 'string';
        settle(db, item.clientRequestId, {
          state: 'applied',
          signupStatus: !isChange && typeof result.status === 'string' ? result.status : null,
          requestId: isChange ? (result.requestId as string) : null,
        });
      },
      onDeadLettered: (db, item, error, problem) => {
        settle(db, item.clientRequestId, { state: 'failed', failure: portalCodeToKiosk(problem?.code ?? error.code) });
      },
      onRetry: (db, item) => settle(db, item.clientRequestId, { state: 'queued' }),
      onDiscarded: (db, item) => settle(db, item.clientRequestId, { state: 'failed', failure: 'discarded' }),
    };
    return { 'signup.create': handler, 'email_change.create': handler };
  }
}

function emptyProfile(): SignupProfileDraft {
  return {
    name: '',
    nameKana: '',
    phone: '',
    postalCode: '',
    address: { prefecture: '', city: '', town: '', line: '' },
    university: '',
    faculty: '',
    studentNo: '',
    remarks: '',
  };
}

function prefillOf(member: Member): SignupProfileDraft {
  const p = member.profile;
  return {
    ...emptyProfile(),
    name: member.name,
    nameKana: normalizeFurigana(member.nameKana),
    phone: e164ToMobile(p?.phone),
    university: p?.university ?? '',
    faculty: p?.faculty ?? '',
    studentNo: p?.studentNo ?? '',
  };
}

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

function changeView(change: EmailChange): EmailChangeView {
  return {
    requestId: change.requestId,
    maskedNewEmail: change.maskedNewEmail,
    status: change.status,
    queued: false,
    requestedAt: Date.parse(change.requestedAt),
    reason: change.reason ?? null,
  };
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

export type { DraftData };
