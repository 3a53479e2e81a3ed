import type { BatchResponse, OperationOutcome, SequencedOperation } from '../../shared/portal-api/types';
import type { PortalClient } from './portal-client/client';
import { PortalError, type Disposition, type SyncReason } from './portal-client/errors';
import { fullJitterBackoff, systemClock, type Clock, type RandomSource } from './clock';
import { toOperation, type OutboxError, type OutboxItem, type OutboxStore, type StaffActor } from './outbox';

/** How the engine reaches the portal: one batch call, or one request per operation. */
export interface SyncTransport {
  submitBatch(ops: readonly SequencedOperation[]): Promise<BatchResponse>;
  /** The portal's last processed sequence number for this kiosk, when known. */
  readonly lastKnownSeq?: number | null;
}

/** POST /v1/batch. */
export function batchTransport(client: PortalClient): SyncTransport {
  return {
    submitBatch: (ops) => client.submitBatch(ops),
    get lastKnownSeq() {
      return client.lastKnownSeq;
    },
  };
}

/**
 * One request per operation (the single endpoints), for comparison and for portals without
 * /v1/batch. Stops at the first deferred answer, like the batch endpoint.
 */
export function singleRequestTransport(client: PortalClient): SyncTransport {
  return {
    async submitBatch(ops) {
      const results: OperationOutcome[] = [];
      for (const op of ops) {
        let outcome: OperationOutcome;
        try {
          outcome = await client.submitOperation(op);
        } catch (error) {
          if (results.length === 0) throw error;
          break; // report what was done; the rest stays pending
        }
        results.push(outcome);
        if (outcome.outcome === 'deferred') break;
      }
      return { results, lastSeq: client.lastKnownSeq ?? 0 };
    },
    get lastKnownSeq() {
      return client.lastKnownSeq;
    },
  };
}

/**
 * Operations per batch request. Measured by `npm run bench` (a 10,000-op backlog on loopback):
 * 100 per request 2.2 s, 200 1.5 s, 500 1.3 s. Past 200 the per-request commit and HTTP costs
 * are mostly paid off, while a failed request resends more and the portal holds its write
 * transaction longer. The Portal API allows up to 500.
 */
export const DEFAULT_BATCH_SIZE = 200;

/**
 * Answers recorded per transaction. A whole 200-operation batch in one synchronous transaction
 * held the core's loop long enough to delay a scan by a frame or more (issue 18); between
 * slices the loop runs scans and kiosk calls first. Each slice is atomic (business rows and
 * their outbox rows together): a stop between slices leaves the rest pending, and the portal
 * answers their resend from its record (exactly once by client request id). Ten, as the commits
 * skip the fsync (replayable commits): about 0.8 ms of CPU a slice against 1.3 ms for 25.
 */
export const SETTLE_SLICE = 10;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function settleInSlices(
  store: OutboxStore,
  settled: ReadonlyArray<{ item: OutboxItem; outcome: OperationOutcome }>,
  now: number,
): Promise<{ applied: number; dead: number; deferred: number }> {
  const total = { applied: 0, dead: 0, deferred: 0 };
  for (let start = 0; start < settled.length; start += SETTLE_SLICE) {
    if (start > 0) await yieldToLoop();
    const counts = store.settle(settled.slice(start, start + SETTLE_SLICE), now);
    total.applied += counts.applied;
    total.dead += counts.dead;
    total.deferred += counts.deferred;
  }
  return total;
}

export type EngineState = 'stopped' | 'running' | 'paused' | 'stopping';

export interface SyncLastError extends OutboxError {
  at: number;
}

/** What the staff status screen shows about the queue. */
export interface SyncMetrics {
  state: EngineState;
  /** Operations waiting to be sent (dead letters excluded). */
  depth: number;
  /** Age of the oldest waiting operation (ms), null when none waits. */
  oldestAgeMs: number | null;
  lastSuccessAt: number | null;
  lastError: SyncLastError | null;
  deadLetters: number;
  consecutiveFailures: number;
  nextAttemptAt: number | null;
  inFlight: boolean;
}

export type DrainStep =
  | { kind: 'empty' }
  | { kind: 'progress'; applied: number; dead: number }
  | { kind: 'failed'; error: OutboxError; disposition: Disposition; retryAfterMs: number | null; applied: number; dead: number };

export interface SyncEngineOptions {
  store: OutboxStore;
  transport: SyncTransport;
  clock?: Clock;
  random?: RandomSource;
  /** Operations per request. Default DEFAULT_BATCH_SIZE. */
  batchSize?: number;
  baseBackoffMs?: number;
  /** Default 60 s. */
  maxBackoffMs?: number;
  /** When the queue is empty, look again after this long (enqueue also calls kick()). Default 5 s. */
  idlePollMs?: number;
  log?: (line: string) => void;
  /** Each request's result, for the connectivity state. */
  onRequestResult?: (result: { ok: true } | { ok: false; reason: SyncReason }) => void;
}

/**
 * Drains the outbox to the portal, shaped like Signal Desktop's JobQueue: an injected store,
 * one worker, attempts with full-jitter backoff (capped at 60 s, never below Retry-After),
 * pause / resume / graceful shutdown. Operations go in sequence order (so in order per
 * member), in batches. Transient failures retry without limit; a permanent refusal is
 * dead-lettered at once and the rest carries on.
 */
export class SyncEngine {
  private state: EngineState = 'stopped';
  private timer: unknown = null;
  private nextAttemptAt: number | null = null;
  private current: Promise<DrainStep> | null = null;
  private failures = 0;
  private notBefore = 0;
  private isolate = false;
  private batchSize: number;
  private kickRequested = false;
  private lastError: SyncLastError | null = null;
  private lastSuccessAt: number | null;
  private readonly listeners = new Set<(metrics: SyncMetrics) => void>();
  private readonly clock: Clock;
  private readonly random: RandomSource;

  constructor(private readonly options: SyncEngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    const stored = options.store.getState('last_success_at');
    this.lastSuccessAt = stored === null ? null : Number(stored);
  }

  // ---------------------------------------------------------------- lifecycle

  start(): void {
    if (this.state === 'running') return;
    this.state = 'running';
    this.emit();
    this.schedule(0);
  }

  /** Stops sending after the request in flight; the queue keeps filling. */
  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.cancelTimer();
    this.emit();
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.emit();
    this.schedule(0);
  }

  /** Graceful: no new requests, waits for the one in flight to settle. */
  async shutdown(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    this.cancelTimer();
    try {
      await this.current;
    } catch {
      // settled or not, nothing more is sent
    }
    this.state = 'stopped';
    this.emit();
  }

  /**
   * Try now: after an enqueue, or when connectivity came back (`reset` forgets the backoff).
   * Never earlier than a Retry-After the portal asked for.
   */
  kick(options: { reset?: boolean } = {}): void {
    if (options.reset) this.failures = 0;
    if (this.state !== 'running') return;
    if (this.current) {
      this.kickRequested = true;
      return;
    }
    this.schedule(Math.max(0, this.notBefore - this.clock.now()));
  }

  /** Feed from the connectivity state: the queue starts at once when the portal is back. */
  notifyConnectivity(state: 'online' | 'degraded' | 'offline'): void {
    if (state === 'online') this.kick({ reset: true });
  }

  onChange(listener: (metrics: SyncMetrics) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  metrics(): SyncMetrics {
    const counts = this.options.store.counts();
    const now = this.clock.now();
    return {
      state: this.state,
      depth: counts.depth,
      oldestAgeMs: counts.oldestCreatedAt === null ? null : Math.max(0, now - counts.oldestCreatedAt),
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      deadLetters: counts.deadLetters,
      consecutiveFailures: this.failures,
      nextAttemptAt: this.nextAttemptAt,
      inFlight: this.current !== null,
    };
  }

  // ---------------------------------------------------------------- dead letters (staff)

  deadLetters(limit?: number): OutboxItem[] {
    return this.options.store.listDeadLetters(limit);
  }

  retryDeadLetter(id: number, actor: StaffActor): OutboxItem {
    const item = this.options.store.retryDeadLetter(id, actor, this.clock.now());
    this.emit();
    this.kick();
    return item;
  }

  discardDeadLetter(id: number, actor: StaffActor, note?: string): void {
    this.options.store.discardDeadLetter(id, actor, this.clock.now(), note);
    this.emit();
  }

  // ---------------------------------------------------------------- the worker

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  private schedule(delayMs: number): void {
    this.cancelTimer();
    if (this.state !== 'running') return;
    const delay = Math.max(0, Math.round(delayMs));
    this.nextAttemptAt = this.clock.now() + delay;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delay);
  }

  private async tick(): Promise<void> {
    if (this.state !== 'running' || this.current) return;
    this.nextAttemptAt = null;
    let step: DrainStep;
    try {
      step = await this.drainOnce();
    } catch (error) {
      this.options.log?.(`sync: unexpected ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      step = { kind: 'failed', error: { reason: 'invalid_response', code: 'internal', message: String(error) }, disposition: 'transient', retryAfterMs: null, applied: 0, dead: 0 };
      this.failures += 1;
    }
    if (this.state !== 'running') return;
    const kicked = this.kickRequested;
    this.kickRequested = false;
    if (step.kind === 'empty') this.schedule(kicked ? 0 : (this.options.idlePollMs ?? 5_000));
    else if (step.kind === 'progress') this.schedule(0);
    else {
      const delay = fullJitterBackoff(this.failures, this.random, {
        baseMs: this.options.baseBackoffMs,
        capMs: this.options.maxBackoffMs,
        retryAfterMs: step.retryAfterMs,
      });
      this.schedule(delay);
    }
  }

  /**
   * One step: send the next batch and record the answers. Public so tests and the staff
   * screen's "sync now" can drive it; never runs twice at once.
   */
  drainOnce(): Promise<DrainStep> {
    if (this.current) return this.current;
    const run = this.step().finally(() => {
      this.current = null;
      this.emit();
    });
    this.current = run;
    return run;
  }

  private async step(): Promise<DrainStep> {
    const { store, transport } = this.options;
    const items = store.nextBatch(this.isolate ? 1 : this.batchSize);
    if (items.length === 0) {
      if (typeof transport.lastKnownSeq === 'number') store.alignSequence(transport.lastKnownSeq);
      return { kind: 'empty' };
    }
    const ops = items.map(toOperation);
    let response: BatchResponse;
    try {
      response = await transport.submitBatch(ops);
    } catch (error) {
      return this.requestFailed(items, error);
    }
    this.options.onRequestResult?.({ ok: true });
    const now = this.clock.now();
    const byId = new Map(response.results.map((r) => [r.clientRequestId, r]));
    const settled: Array<{ item: OutboxItem; outcome: OperationOutcome }> = [];
    for (const item of items) {
      const outcome = byId.get(item.clientRequestId);
      if (!outcome || outcome.seq !== item.seq) break; // not processed (or not ours): stays pending, in order
      settled.push({ item, outcome });
      if (outcome.outcome === 'deferred') break;
    }
    const counts = await settleInSlices(store, settled, now);
    this.isolate = false;
    if (counts.applied + counts.dead > 0) this.lastSuccessAt = now;
    const deferred = settled.find((s) => s.outcome.outcome === 'deferred');
    if (deferred || settled.length === 0) {
      const code = deferred?.outcome.problem?.code ?? 'not_processed';
      const reason: SyncReason = code === 'sequence_gap' ? 'sequence_gap' : code === 'request_in_progress' ? 'in_flight' : 'server_error';
      const error: OutboxError = { reason, code, message: deferred?.outcome.problem?.detail ?? deferred?.outcome.problem?.title ?? 'The portal did not process the operation.' };
      if (!deferred) store.recordFailure(items.slice(0, 1), error, now);
      this.noteFailure(error, null);
      return { kind: 'failed', error, disposition: reason === 'sequence_gap' ? 'blocking' : 'transient', retryAfterMs: null, applied: counts.applied, dead: counts.dead };
    }
    this.failures = 0;
    this.notBefore = 0;
    return { kind: 'progress', applied: counts.applied, dead: counts.dead };
  }

  private requestFailed(items: OutboxItem[], error: unknown): DrainStep {
    const { store } = this.options;
    const now = this.clock.now();
    const e =
      error instanceof PortalError
        ? error
        : new PortalError({ message: error instanceof Error ? error.message : String(error), status: null, code: 'internal', reason: 'invalid_response', cause: error });
    const outboxError: OutboxError = { reason: e.reason, code: e.code, message: e.message };
    this.options.onRequestResult?.({ ok: false, reason: e.reason });
    if (e.disposition === 'permanent') {
      if (e.reason === 'payload_too_large' && items.length > 1) {
        this.batchSize = Math.max(1, Math.floor(items.length / 2));
        return { kind: 'progress', applied: 0, dead: 0 };
      }
      if (items.length > 1) {
        // The request as a whole was refused: send one at a time to find the culprit.
        this.isolate = true;
        return { kind: 'progress', applied: 0, dead: 0 };
      }
      const [item] = items as [OutboxItem];
      store.deadLetter(item, outboxError, e.problem ?? null, now);
      this.isolate = false;
      this.lastError = { ...outboxError, at: now };
      return { kind: 'progress', applied: 0, dead: 1 };
    }
    store.recordFailure(items.slice(0, 1), outboxError, now);
    this.noteFailure(outboxError, e.retryAfterMs);
    return { kind: 'failed', error: outboxError, disposition: e.disposition, retryAfterMs: e.retryAfterMs, applied: 0, dead: 0 };
  }

  private noteFailure(error: OutboxError, retryAfterMs: number | null): void {
    const now = this.clock.now();
    this.failures += 1;
    this.lastError = { ...error, at: now };
    this.notBefore = retryAfterMs !== null ? now + retryAfterMs : 0;
    this.options.log?.(`sync: ${error.reason} (${error.code}) ${error.message}; failure ${this.failures}`);
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const metrics = this.metrics();
    for (const listener of this.listeners) listener(metrics);
  }
}
