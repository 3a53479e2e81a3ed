import { randomUUID } from 'node:crypto';
import { KioskError } from '../../shared/errors';
import type { StaffRole } from '../../shared/kiosk-api';
import type { OperationKind, OperationOutcome, Problem, SequencedOperation } from '../../shared/portal-api/types';
import { validateOperationPayload } from '../../shared/portal-api/validator';
import type { SqliteDatabase } from '../db/database';
import { prepared } from '../db/sql';
import { withReplayableCommits } from '../db/replayable-commits';
import type { SyncReason } from './portal-client/errors';
import { carriesPersonalData } from './sealed-kinds';

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export type OutboxState = 'pending' | 'dead' | 'discarded';

export interface OutboxError {
  reason: SyncReason;
  code: string;
  message: string;
}

export interface OutboxItem {
  id: number;
  seq: number;
  clientRequestId: string;
  kind: OperationKind;
  memberKey: string;
  payload: Record<string, unknown>;
  state: OutboxState;
  createdAt: number;
  attempts: number;
  lastAttemptAt: number | null;
  lastError: OutboxError | null;
  deadAt: number | null;
  /** The portal's problem document for a dead letter. */
  problem: Problem | null;
}

export interface EnqueueInput {
  kind: OperationKind;
  /** Ordering key: operations of one member are applied in order (the member number). */
  memberKey: string;
  payload: object;
  /** UUID v4 given when the business row was created; generated when absent. */
  clientRequestId?: string;
  now: number;
}

export interface Enqueued {
  id: number;
  seq: number;
  clientRequestId: string;
}

/**
 * Adds one operation to the outbox. Must run inside the transaction that writes the business
 * change (transactional outbox): both commit or neither does. Allocates the next per-kiosk
 * sequence number in the same transaction. Payloads are checked against the Portal API
 * document here, so nothing the portal would refuse as malformed is ever queued.
 */
/**
 * Seals outbox payloads at rest: a queued sign-up or email change carries a student's name,
 * phone and address until the portal takes it. The core registers one codec per connection;
 * rows written without one (tests, benches) stay plain JSON and are read either way.
 */
export interface OutboxPayloadCodec {
  seal(payload: object, clientRequestId: string): string;
  open(sealed: string, clientRequestId: string): Record<string, unknown>;
}

const payloadCodecs = new WeakMap<SqliteDatabase, OutboxPayloadCodec>();
/** The column must hold JSON (a CHECK says so): a sealed payload is `{"$sealed": "<base64>"}`. */
const SEALED_KEY = '$sealed';

export function sealOutboxPayloads(db: SqliteDatabase, codec: OutboxPayloadCodec): void {
  payloadCodecs.set(db, codec);
}

function storedPayload(db: SqliteDatabase, kind: OperationKind, payload: object, clientRequestId: string): string {
  const codec = payloadCodecs.get(db);
  // Only personal data is sealed: money operations stay sendable whatever happens to the key.
  return JSON.stringify(codec && carriesPersonalData(kind) ? { [SEALED_KEY]: codec.seal(payload, clientRequestId) } : payload);
}

function readPayload(db: SqliteDatabase, stored: string, clientRequestId: string): Record<string, unknown> {
  const value = JSON.parse(stored) as Record<string, unknown>;
  const sealed = value[SEALED_KEY];
  if (typeof sealed !== 'string') return value;
  const codec = payloadCodecs.get(db);
  if (!codec) throw new KioskError('internal', 'An outbox payload is sealed, but no key is loaded.');
  return codec.open(sealed, clientRequestId);
}

export function enqueueOperation(db: SqliteDatabase, input: EnqueueInput): Enqueued {
  if (!db.inTransaction) throw new KioskError('internal', 'enqueueOperation must run inside the transaction of the business change.');
  const errors = validateOperationPayload(input.kind, input.payload);
  if (errors) throw new KioskError('invalid_input', `The ${input.kind} payload does not match the Portal API.`, { errors });
  const clientRequestId = input.clientRequestId ?? randomUUID();
  if (!UUID_V4.test(clientRequestId)) throw new KioskError('invalid_input', 'clientRequestId must be a lower-case UUID v4.');
  const seq = allocateSeq(db);
  const info = prepared(db, 'INSERT INTO outbox (seq, client_request_id, kind, member_key, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(seq, clientRequestId, input.kind, input.memberKey, storedPayload(db, input.kind, input.payload, clientRequestId), input.now);
  return { id: Number(info.lastInsertRowid), seq, clientRequestId };
}

function allocateSeq(db: SqliteDatabase): number {
  const row = prepared(db, 'UPDATE sync_sequence SET next_seq = next_seq + 1 WHERE id = 1 RETURNING next_seq - 1 AS seq').get() as { seq: number };
  return row.seq;
}

/** What a business module does when the portal answers for one of its operations. */
export interface OutboxHandler {
  /** In the transaction that removes the outbox row. */
  onApplied?(db: SqliteDatabase, item: OutboxItem, outcome: OperationOutcome): void;
  /**
   * Instead of `onApplied`, for handlers that can record a whole batch of answers with one
   * statement (a drain settles up to a batch of rows in one transaction).
   */
  onAppliedMany?(db: SqliteDatabase, applied: ReadonlyArray<{ item: OutboxItem; outcome: OperationOutcome }>): void;
  /** Declined / rejected for good: in the transaction that dead-letters the row. */
  onDeadLettered?(db: SqliteDatabase, item: OutboxItem, error: OutboxError, problem: Problem | null): void;
  /** Staff sent a dead letter again. */
  onRetry?(db: SqliteDatabase, item: OutboxItem): void;
  /** Staff discarded a dead letter. */
  onDiscarded?(db: SqliteDatabase, item: OutboxItem): void;
}

export type OutboxHandlers = Partial<Record<OperationKind, OutboxHandler>>;

/** A staff member acting on dead letters (the lead's staff session supplies it). */
export interface StaffActor {
  staffId: string;
  role: StaffRole;
  /** Who approved the action, when it was not the signed-in staff member (audited beside them). */
  approverId?: string;
}

interface OutboxRow {
  id: number;
  seq: number;
  client_request_id: string;
  kind: OperationKind;
  member_key: string;
  payload: string;
  state: OutboxState;
  created_at: number;
  attempts: number;
  last_attempt_at: number | null;
  last_error_reason: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  dead_at: number | null;
  problem: string | null;
}

function toItem(db: SqliteDatabase, row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    seq: row.seq,
    clientRequestId: row.client_request_id,
    kind: row.kind,
    memberKey: row.member_key,
    payload: readPayload(db, row.payload, row.client_request_id),
    state: row.state,
    createdAt: row.created_at,
    attempts: row.attempts,
    lastAttemptAt: row.last_attempt_at,
    lastError: row.last_error_reason ? { reason: row.last_error_reason as SyncReason, code: row.last_error_code ?? '', message: row.last_error_message ?? '' } : null,
    deadAt: row.dead_at,
    problem: row.problem ? (JSON.parse(row.problem) as Problem) : null,
  };
}

export function toOperation(item: OutboxItem): SequencedOperation {
  return { clientRequestId: item.clientRequestId, seq: item.seq, kind: item.kind, payload: item.payload };
}

export interface OutboxCounts {
  depth: number;
  deadLetters: number;
  oldestCreatedAt: number | null;
}

/**
 * The outbox's storage (the "injected store" of a Signal-style job queue): every read and
 * every state change of outbox rows, each state change one transaction.
 */
export interface OutboxStore {
  nextBatch(limit: number): OutboxItem[];
  /** Records the portal's answers: applied rows removed, declined / rejected rows dead-lettered, deferred rows kept. */
  settle(results: ReadonlyArray<{ item: OutboxItem; outcome: OperationOutcome }>, now: number): { applied: number; dead: number; deferred: number };
  /** A whole request failed: count an attempt on each item. */
  recordFailure(items: readonly OutboxItem[], error: OutboxError, now: number): void;
  deadLetter(item: OutboxItem, error: OutboxError, problem: Problem | null, now: number): void;
  counts(): OutboxCounts;
  listDeadLetters(limit?: number): OutboxItem[];
  retryDeadLetter(id: number, actor: StaffActor, now: number): OutboxItem;
  discardDeadLetter(id: number, actor: StaffActor, now: number, note?: string): void;
  /** After a sign-in: if nothing is pending, continue numbering after the portal's last seq. */
  alignSequence(portalLastSeq: number): boolean;
  getState(key: string): string | null;
  setState(key: string, value: string): void;
}

/** Writes one entry of the kiosk's audit log (the staff room's `appendAudit`, handed in so sync knows no room). */
export type AuditWriter = (db: SqliteDatabase, entry: { at: number; staffId: string | null; action: string; detail?: Record<string, unknown> }) => void;

export class SqliteOutboxStore implements OutboxStore {
  constructor(
    readonly db: SqliteDatabase,
    private readonly handlers: OutboxHandlers,
    /** Staff retries and discards of dead letters are audited in the same transaction. */
    private readonly audit: AuditWriter,
  ) {}

  nextBatch(limit: number): OutboxItem[] {
    const rows = prepared(this.db, "SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?").all(limit) as OutboxRow[];
    // A sealed row that cannot be opened (the key unreadable) ends the batch there: the rows before it still go.
    const items: OutboxItem[] = [];
    for (const row of rows) {
      try {
        items.push(toItem(this.db, row));
      } catch (error) {
        if (items.length === 0) throw error;
        break;
      }
    }
    return items;
  }

  settle(results: ReadonlyArray<{ item: OutboxItem; outcome: OperationOutcome }>, now: number): { applied: number; dead: number; deferred: number } {
    const counts = { applied: 0, dead: 0, deferred: 0 };
    const defer = prepared(this.db, 
      'UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error_reason = ?, last_error_code = ?, last_error_message = ? WHERE id = ?',
    );
    const record = this.db.transaction(() => {
      // Applied rows (nearly all of a drain) are recorded per kind and removed in one statement each.
      const applied = new Map<OperationKind, Array<{ item: OutboxItem; outcome: OperationOutcome }>>();
      for (const result of results) {
        const { item, outcome } = result;
        if (outcome.outcome === 'applied') {
          const ofKind = applied.get(item.kind);
          if (ofKind) ofKind.push(result);
          else applied.set(item.kind, [result]);
        } else if (outcome.outcome === 'declined' || outcome.outcome === 'rejected') {
          const code = outcome.problem?.code ?? `http_${outcome.status}`;
          const reason: SyncReason =
            outcome.outcome === 'declined' ? 'declined' : code === 'invalid_request' ? 'invalid_request' : code === 'idempotency_key_reused' ? 'idempotency_conflict' : 'rejected';
          this.deadLetterInTx(item, { reason, code, message: outcome.problem?.detail ?? outcome.problem?.title ?? code }, outcome.problem ?? null, now);
          counts.dead += 1;
        } else {
          const code = outcome.problem?.code ?? 'deferred';
          const reason: SyncReason = code === 'sequence_gap' ? 'sequence_gap' : code === 'request_in_progress' ? 'in_flight' : 'server_error';
          defer.run(now, reason, code, outcome.problem?.detail ?? outcome.problem?.title ?? code, item.id);
          counts.deferred += 1;
        }
      }
      for (const [kind, ofKind] of applied) {
        const handler = this.handlers[kind];
        if (handler?.onAppliedMany) handler.onAppliedMany(this.db, ofKind);
        else if (handler?.onApplied) for (const { item, outcome } of ofKind) handler.onApplied(this.db, item, outcome);
        prepared(this.db, 'DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ofKind.map(({ item }) => item.id)));
        counts.applied += ofKind.length;
      }
      if (counts.applied + counts.dead > 0) this.setState('last_success_at', String(now));
    });
    // The portal's answers are replayed from its record if a power cut takes this commit back.
    withReplayableCommits(this.db, () => record.immediate());
    return counts;
  }

  recordFailure(items: readonly OutboxItem[], error: OutboxError, now: number): void {
    const stmt = prepared(this.db, 
      'UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error_reason = ?, last_error_code = ?, last_error_message = ? WHERE id = ?',
    );
    this.db.transaction(() => {
      for (const item of items) stmt.run(now, error.reason, error.code, error.message, item.id);
    })();
  }

  deadLetter(item: OutboxItem, error: OutboxError, problem: Problem | null, now: number): void {
    this.db.transaction(() => this.deadLetterInTx(item, error, problem, now)).immediate();
  }

  private deadLetterInTx(item: OutboxItem, error: OutboxError, problem: Problem | null, now: number): void {
    prepared(this.db, 
        `UPDATE outbox SET state = 'dead', dead_at = ?, attempts = attempts + 1, last_attempt_at = ?, last_error_reason = ?, last_error_code = ?,
           last_error_message = ?, problem = ? WHERE id = ?`,
      )
      .run(now, now, error.reason, error.code, error.message, problem ? JSON.stringify(problem) : null, item.id);
    this.handlers[item.kind]?.onDeadLettered?.(this.db, item, error, problem);
  }

  counts(): OutboxCounts {
    const row = prepared(this.db, 
        // Maintained by triggers in every outbox write's transaction (migration 0010): no recount per metrics tick.
        `SELECT (SELECT n FROM outbox_state_counts WHERE state = 'pending') AS depth,
                (SELECT n FROM outbox_state_counts WHERE state = 'dead') AS dead,
                (SELECT min(created_at) FROM outbox WHERE state = 'pending') AS oldest`,
      )
      .get() as { depth: number; dead: number; oldest: number | null };
    return { depth: row.depth, deadLetters: row.dead, oldestCreatedAt: row.oldest };
  }

  listDeadLetters(limit = 100): OutboxItem[] {
    const rows = prepared(this.db, "SELECT * FROM outbox WHERE state = 'dead' ORDER BY dead_at, seq LIMIT ?").all(limit) as OutboxRow[];
    return rows.map((row) => toItem(this.db, row));
  }

  private deadRow(id: number): OutboxItem {
    const row = prepared(this.db, 'SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    if (!row || row.state !== 'dead') throw new KioskError('invalid_input', `Outbox item ${id} is not a dead letter.`);
    return toItem(this.db, row);
  }

  /**
   * Sends a dead letter again: same client request id and payload, a new sequence number
   * (its old one was used up at the portal). A decline the portal recorded is replayed as is.
   */
  retryDeadLetter(id: number, actor: StaffActor, now: number): OutboxItem {
    return this.db
      .transaction(() => {
        const item = this.deadRow(id);
        const seq = allocateSeq(this.db);
        prepared(this.db, 
            `UPDATE outbox SET state = 'pending', seq = ?, attempts = 0, dead_at = NULL, problem = NULL, last_error_reason = NULL,
               last_error_code = NULL, last_error_message = NULL WHERE id = ?`,
          )
          .run(seq, id);
        this.audit(this.db, { at: now, staffId: actor.staffId, action: 'sync.dead_letter.retry', detail: { outboxId: id, clientRequestId: item.clientRequestId, kind: item.kind, oldSeq: item.seq, newSeq: seq } });
        const updated = { ...item, seq, state: 'pending' as const, attempts: 0, deadAt: null, problem: null, lastError: null };
        this.handlers[item.kind]?.onRetry?.(this.db, updated);
        return updated;
      })
      .immediate();
  }

  /**
   * Discards a dead letter: supervisors and admins only, always audited. The note is free text
   * (it may name the member): the append-only audit records only its length.
   */
  discardDeadLetter(id: number, actor: StaffActor, now: number, note?: string): void {
    if (actor.role !== 'supervisor' && actor.role !== 'admin') throw new KioskError('forbidden', 'Discarding a dead letter needs a supervisor.');
    this.db
      .transaction(() => {
        const item = this.deadRow(id);
        prepared(this.db, "UPDATE outbox SET state = 'discarded' WHERE id = ?").run(id);
        this.audit(this.db, {
          at: now,
          staffId: actor.staffId,
          action: 'sync.dead_letter.discard',
          detail: { outboxId: id, clientRequestId: item.clientRequestId, kind: item.kind, memberKey: item.memberKey, seq: item.seq, reason: item.lastError?.reason ?? null, code: item.lastError?.code ?? null, noteLength: note?.length ?? 0, approverId: actor.approverId ?? actor.staffId },
        });
        this.handlers[item.kind]?.onDiscarded?.(this.db, item);
      })
      .immediate();
  }

  alignSequence(portalLastSeq: number): boolean {
    return this.db
      .transaction(() => {
        const pending = prepared(this.db, "SELECT 1 FROM outbox WHERE state = 'pending' LIMIT 1").get();
        if (pending) return false;
        const info = prepared(this.db, 'UPDATE sync_sequence SET next_seq = ? WHERE id = 1 AND next_seq <= ?').run(portalLastSeq + 1, portalLastSeq);
        return info.changes > 0;
      })
      .immediate();
  }

  getState(key: string): string | null {
    const row = prepared(this.db, 'SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setState(key: string, value: string): void {
    prepared(this.db, 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
