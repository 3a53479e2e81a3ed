import { KioskError } from '../../shared/errors';
import type { CounterFlow, CounterFlowView, EmailChangeView, SignupProfileDraft, SubmissionView } from '../../shared/api/registration';
import type { EmailChange } from '../../shared/portal-api/types';
import { carrierOf, fitsMask } from '../../shared/registration/normalize';
import type { SqliteDatabase } from '../db/database';
import type { DraftCipher } from '../db/sealing';
import { isUnreachable, translatePortalError } from '../sync';
import type { CounterDeps, SubmissionRow } from './counter-deps';
import { DraftRepository, purgeDeletedPages, type Draft } from './drafts';

/** A draft lives as long as the portal's own sign-up link (60 minutes), then it is wiped. */
export const DRAFT_TTL_MS = 60 * 60_000;
/** Submission bookkeeping (no personal data) is kept two weeks for the status on a later scan. */
export const SUBMISSION_RETENTION_MS = 14 * 24 * 60 * 60_000;

/** The flow this kiosk session is in. Only ids here: the personal data stays sealed on disk. */
export interface ActiveFlow {
  flowId: string;
  flow: CounterFlow;
  resumed: boolean;
  /** Lookup flows and finished flows live in memory only (their draft is gone or never was). */
  memory: Draft | null;
  submissionId: string | null;
  emailChanges: EmailChangeView[];
}

/**
 * The one flow of this kiosk session and what every step shares: its sealed draft (read,
 * written back only while it still exists), its view for the screen, and the upkeep that wipes
 * expired drafts. One kiosk serves one student at a time, so there is one active flow; it is
 * forgotten when the session ends, while its sealed draft stays resumable until it expires.
 */
export class FlowSession {
  active: ActiveFlow | null = null;
  private repoCache: { db: SqliteDatabase; cipher: DraftCipher; repo: DraftRepository } | null = null;

  constructor(private readonly deps: CounterDeps) {}

  get ttl(): number {
    return this.deps.draftTtlMs ?? DRAFT_TTL_MS;
  }

  repo(): DraftRepository {
    const db = this.deps.db();
    // A new key (after the admin wipe dropped the old one) means a new repository: never the old cipher.
    const cipher = this.deps.cipher();
    if (this.repoCache?.db !== db || this.repoCache.cipher !== cipher) this.repoCache = { db, cipher, repo: new DraftRepository(db, cipher) };
    return this.repoCache.repo;
  }

  online(): boolean {
    return this.deps.portal().reachable();
  }

  current(): Draft {
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

  persist(draft: Draft): void {
    draft.updatedAt = this.deps.now();
    if (this.active?.memory === draft) return;
    // Only a draft that still exists is written back: the admin wipe or the expiry sweep may have
    // deleted it while a portal call was awaited, and it must not come back.
    if (this.active?.flowId !== draft.id || !this.repo().update(draft)) {
      this.active = null;
      throw new KioskError('flow_not_active', 'The unfinished form was wiped meanwhile; start again.');
    }
  }

  view(): CounterFlowView {
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
      repairProblems: draft.flow === 'repair' ? (d.repairProblems ?? []) : null,
    };
  }

  submissionView(clientRequestId: string): SubmissionView | null {
    const row = this.deps.db().prepare('SELECT * FROM counter_submissions WHERE client_request_id = ?').get(clientRequestId) as SubmissionRow | undefined;
    if (!row) return null;
    const signupStatus = row.signup_status === 'completed' || row.signup_status === 'pending_email_confirmation' ? row.signup_status : null;
    return { state: row.state, signupStatus, failure: row.failure };
  }

  /** The member's email-change requests: the portal's (online) and this kiosk's still queued. */
  async emailChangesOf(flow: CounterFlow, memberNo: string): Promise<EmailChangeView[]> {
    if (flow === 'signup' || flow === 'repair') return [];
    const out: EmailChangeView[] = [];
    if (this.online()) {
      try {
        for (const change of await this.deps.portal().client.listEmailChanges(memberNo)) out.push(changeView(change));
      } catch (error) {
        if (!isUnreachable(error)) throw translatePortalError(error, 'Reading email-change requests');
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
}

export function emptyProfile(): SignupProfileDraft {
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
