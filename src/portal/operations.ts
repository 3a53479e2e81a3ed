import type { PortalContext } from './context';
import type { Devices } from './devices';
import type { EmailChanges } from './email-changes';
import type { RepairRequests } from './repair-requests';
import type { Members } from './members';
import type { Signups, SignupPayload } from './signups';
import type { Wallet } from './wallet';
import type { RepairRequestPayload } from '../shared/portal-api/types';
import { PortalProblem, type PortalErrorCode, type ProblemDocument } from './problem';
import { canonicalJson, sha256 } from './util';
import { payloadSchemaName, validateOperationPayload } from '../shared/portal-api/validator';
import type { OperationKind, OperationOutcome, SequencedOperation } from '../shared/portal-api/types';

/** Outcomes a sequenced operation can be recorded with (deferred is never recorded). */
type RecordedOutcome = 'applied' | 'declined' | 'rejected';

interface Recorded {
  outcome: RecordedOutcome;
  status: number;
  body: unknown;
  replayed: boolean;
}

/** Business refusals: recorded against the client request id, replayed on a repeat. */
const DECLINE_CODES: ReadonlySet<PortalErrorCode> = new Set<PortalErrorCode>([
  'member_not_active',
  'cpm_token_already_proceed',
  'cpm_token_already_expired',
  'cpm_token_mode_mismatch',
  'app_token_not_found',
  'account_money_topup_transfer_limit_exceeded',
  'account_balance_exceeded',
  'account_balance_not_enough',
  'transaction_not_found',
  'transaction_already_voided',
  'transaction_not_voidable',
  'verification_required',
  'email_already_registered',
  'email_change_pending',
]);

export interface OperationResources {
  devices: Devices;
  members: Members;
  wallet: Wallet;
  signups: Signups;
  emailChanges: EmailChanges;
  repairRequests: RepairRequests;
}

/**
 * The sequenced-operation executor behind the single-operation endpoints and /v1/batch:
 * per-kiosk sequence numbers (skip what was processed, refuse gaps), client request ids as
 * idempotency keys (a repeat replays the first answer), one savepoint per operation.
 */
export class OperationExecutor {
  /** Client request ids being processed right now (IETF draft: a concurrent repeat gets 409). */
  private readonly inFlight = new Set<string>();
  /** One operation in its own savepoint (a refusal rolls back only its own writes). */
  private readonly executeInSavepoint: (deviceId: string, op: SequencedOperation) => unknown;
  private lastPrune = 0;

  constructor(
    private readonly ctx: PortalContext,
    private readonly resources: OperationResources,
  ) {
    this.executeInSavepoint = ctx.db.transaction((deviceId: string, op: SequencedOperation): unknown => this.execute(deviceId, op));
  }

  private execute(deviceId: string, op: SequencedOperation): unknown {
    const { wallet, signups, emailChanges, repairRequests } = this.resources;
    const p = op.payload as never;
    switch (op.kind) {
      case 'wallet.topup':
        return wallet.applyTopup(deviceId, op, p);
      case 'wallet.payment':
        return wallet.applyPayment(deviceId, op, p);
      case 'wallet.void':
        return wallet.applyVoid(deviceId, op, p);
      case 'signup.create':
        return signups.apply(deviceId, op, p as SignupPayload);
      case 'email_change.create':
        return emailChanges.apply(deviceId, op, p);
      case 'repair_request.create':
        return repairRequests.apply(deviceId, op, p as RepairRequestPayload);
    }
  }

  /** Marks client request ids as being processed; false if one already is (→ 409). */
  claim(ids: readonly string[]): boolean {
    if (ids.some((id) => this.inFlight.has(id))) return false;
    for (const id of ids) this.inFlight.add(id);
    return true;
  }

  release(ids: readonly string[]): void {
    for (const id of ids) this.inFlight.delete(id);
  }

  /**
   * Applies sequenced operations in order inside one transaction (a savepoint each).
   * Returns one outcome per operation; after the first deferred one the rest are deferred.
   */
  processOperations(deviceId: string, ops: readonly SequencedOperation[]): { results: OperationOutcome[]; lastSeq: number } {
    const { devices, members } = this.resources;
    this.pruneIdempotencyKeys();
    const results: OperationOutcome[] = [];
    this.ctx.db
      .transaction(() => {
        let stopped: ProblemDocument | null = null;
        const startSeq = devices.getDevice(deviceId).lastSeq;
        let lastSeq = startSeq;
        // Per-batch bookkeeping (a roster delta only needs a member's last state, the device
        // only its highest seq) is written once at the end, still inside this transaction.
        members.inBatch(() => {
          for (const op of ops) {
            if (stopped) {
              results.push({ clientRequestId: op.clientRequestId, seq: op.seq, kind: op.kind, outcome: 'deferred', status: stopped.status, replayed: false, problem: stopped });
              continue;
            }
            const outcome = this.processOne(deviceId, op, lastSeq);
            if (op.seq === lastSeq + 1 && outcome.outcome !== 'deferred') lastSeq = op.seq;
            if (outcome.outcome === 'deferred') stopped = outcome.problem ?? new PortalProblem('temporarily_unavailable').toProblem();
            results.push(outcome);
          }
        });
        if (lastSeq !== startSeq) devices.setLastSeq(deviceId, lastSeq);
      })
      .immediate();
    return { results, lastSeq: devices.getDevice(deviceId).lastSeq };
  }

  private processOne(deviceId: string, op: SequencedOperation, lastSeq: number): OperationOutcome {
    const base = { clientRequestId: op.clientRequestId, seq: op.seq, kind: op.kind };
    if (op.seq <= lastSeq) {
      const rec = this.ctx.sql('SELECT client_request_id, outcome, status, response FROM device_operations WHERE device_id = ? AND seq = ?').get(deviceId, op.seq) as
        | { client_request_id: string; outcome: RecordedOutcome; status: number; response: string }
        | undefined;
      if (rec && rec.client_request_id === op.clientRequestId) return this.fromRecord(base, rec, true);
      const problem = new PortalProblem('sequence_conflict', `Sequence number ${op.seq} was used by another operation.`, { details: { lastSeq } }).toProblem();
      return { ...base, outcome: 'rejected', status: problem.status, replayed: false, problem: { ...problem, outcome: 'rejected' } };
    }
    if (op.seq > lastSeq + 1) {
      const problem = new PortalProblem('sequence_gap', `Expected sequence number ${lastSeq + 1}, got ${op.seq}.`, { details: { expectedSeq: lastSeq + 1 } }).toProblem();
      return { ...base, outcome: 'deferred', status: problem.status, replayed: false, problem };
    }
    const fingerprint = sha256(canonicalJson({ kind: op.kind, payload: op.payload }));
    const key = this.ctx.sql('SELECT device_id, fingerprint, status, response FROM idempotency_keys WHERE key = ?').get(op.clientRequestId) as
      | { device_id: string; fingerprint: string; status: number; response: string }
      | undefined;
    let recorded: Recorded;
    if (key) {
      if (key.device_id !== deviceId || key.fingerprint !== fingerprint) {
        const problem = { ...new PortalProblem('idempotency_key_reused').toProblem(), outcome: 'rejected' as const };
        recorded = { outcome: 'rejected', status: problem.status, body: problem, replayed: false };
      } else {
        const stored = JSON.parse(key.response) as { outcome: RecordedOutcome; body: unknown };
        recorded = { outcome: stored.outcome, status: key.status, body: stored.body, replayed: true };
      }
    } else {
      recorded = this.runFresh(deviceId, op, fingerprint);
    }
    this.ctx
      .sql('INSERT INTO device_operations (device_id, seq, client_request_id, kind, outcome, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(deviceId, op.seq, op.clientRequestId, op.kind, recorded.outcome, recorded.status, JSON.stringify(recorded.body), this.ctx.now());
    if (recorded.outcome === 'applied') return { ...base, outcome: 'applied', status: recorded.status, replayed: recorded.replayed, result: recorded.body as Record<string, unknown> };
    return { ...base, outcome: recorded.outcome, status: recorded.status, replayed: recorded.replayed, problem: recorded.body as ProblemDocument };
  }

  private runFresh(deviceId: string, op: SequencedOperation, fingerprint: string): Recorded {
    const errors = validateOperationPayload(op.kind, op.payload);
    if (errors) {
      const problem = { ...new PortalProblem('invalid_request', `The payload does not match ${payloadSchemaName(op.kind) ?? op.kind}.`, { errors }).toProblem(), outcome: 'rejected' as const };
      return { outcome: 'rejected', status: 400, body: problem, replayed: false };
    }
    let result: Recorded;
    try {
      const body = this.executeInSavepoint(deviceId, op);
      result = { outcome: 'applied', status: 201, body, replayed: false };
    } catch (error) {
      if (!(error instanceof PortalProblem)) throw error;
      const declined = DECLINE_CODES.has(error.code);
      const problem = { ...error.toProblem(), outcome: declined ? ('declined' as const) : ('rejected' as const) };
      result = { outcome: declined ? 'declined' : 'rejected', status: problem.status, body: problem, replayed: false };
      if (declined && op.kind.startsWith('wallet.')) this.resources.wallet.recordDecline(deviceId, op, error.code);
    }
    // Applied and declined answers are bound to the id (a repeat replays them); a rejection
    // (bad payload, unknown member) is not, so the same id may be sent again once fixed.
    if (result.outcome !== 'rejected') {
      const now = this.ctx.now();
      this.ctx
        .sql("INSERT INTO idempotency_keys (key, device_id, fingerprint, state, status, response, created_at, expires_at) VALUES (?, ?, ?, 'done', ?, ?, ?, ?)")
        .run(op.clientRequestId, deviceId, fingerprint, result.status, JSON.stringify({ outcome: result.outcome, body: result.body }), now, now + this.ctx.limits.idempotencyRetentionMs);
    }
    return result;
  }

  private fromRecord(base: { clientRequestId: string; seq: number; kind: OperationKind }, rec: { outcome: RecordedOutcome; status: number; response: string }, replayed: boolean): OperationOutcome {
    const body = JSON.parse(rec.response) as unknown;
    if (rec.outcome === 'applied') return { ...base, outcome: 'applied', status: rec.status, replayed, result: body as Record<string, unknown> };
    return { ...base, outcome: rec.outcome, status: rec.status, replayed, problem: body as ProblemDocument };
  }

  /** Drops expired idempotency keys (kept `idempotencyRetentionMs`, at least 7 days). */
  pruneIdempotencyKeys(): void {
    const now = this.ctx.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    this.ctx.sql('DELETE FROM idempotency_keys WHERE expires_at <= ?').run(now);
  }
}
