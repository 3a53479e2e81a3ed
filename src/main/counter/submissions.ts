import { randomUUID } from 'node:crypto';
import type { CounterFlowView } from '../../shared/api/registration';
import type { EmailChangePayload, RepairRequestPayload, SignupPayload } from '../../shared/portal-api/types';
import type { SqliteDatabase } from '../db/database';
import { enqueueOperation, kioskCodeOf, type OutboxHandler, type OutboxHandlers } from '../sync';
import type { CounterDeps } from './counter-deps';
import { purgeDeletedPages, type Draft } from './drafts';
import type { FlowSession } from './flow-session';

/**
 * A finished flow's submission: the outbox row, the submission row and the draft's deletion in
 * one transaction, and the outbox handlers that record the portal's answer on the submission row.
 */
export class Submissions {
  constructor(
    private readonly deps: CounterDeps,
    private readonly session: FlowSession,
  ) {}

  /** Outbox row, submission row and the draft's deletion: one transaction. The personal data then lives only in memory for the done screen. */
  finish(draft: Draft, kind: 'signup.create' | 'email_change.create' | 'repair_request.create', payload: SignupPayload | EmailChangePayload | RepairRequestPayload, maskedEmail: string | null): CounterFlowView {
    const db = this.deps.db();
    const now = this.deps.now();
    const clientRequestId = randomUUID();
    db.transaction(() => {
      enqueueOperation(db, { kind, memberKey: draft.data.memberNo, payload, clientRequestId, now });
      db.prepare(
        `INSERT INTO counter_submissions (client_request_id, flow, draft_id, member_no, state, masked_email, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)`,
      ).run(clientRequestId, draft.flow, draft.id, draft.data.memberNo, maskedEmail, now, now);
      this.session.repo().delete(draft.id);
    })();
    purgeDeletedPages(db);
    this.deps.portal().kick();
    draft.step = 'done';
    if (this.session.active) {
      this.session.active.memory = draft;
      this.session.active.submissionId = clientRequestId;
    }
    this.deps.log(`counter: ${draft.flow} ${draft.id} submitted as ${clientRequestId}`);
    return this.session.view();
  }

  /** What the outbox does when the portal answers for a sign-up, an email change or a repair request (its request id). */
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
        settle(db, item.clientRequestId, { state: 'failed', failure: kioskCodeOf(problem?.code ?? error.code, 'portal_error') });
      },
      onRetry: (db, item) => settle(db, item.clientRequestId, { state: 'queued' }),
      onDiscarded: (db, item) => settle(db, item.clientRequestId, { state: 'failed', failure: 'discarded' }),
    };
    return { 'signup.create': handler, 'email_change.create': handler, 'repair_request.create': handler };
  }
}
