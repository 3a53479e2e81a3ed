import type { AuditAnchorMismatchReason, AuditAnchorStatus } from '../../shared/api/audit-anchor';
import type { ConnectivityState } from '../../shared/kiosk-api';
import type { AuditAnchor, AuditAnchorRequest } from '../../shared/portal-api/types';
import type { SqliteDatabase } from '../db/database';
import { PortalError } from '../sync/portal-client/errors';
import { AUDIT_CHAIN_START, onAuditAppend, verifyAuditChainFrom, type AuditChainCheckpoint } from './audit';
import { systemClock, type Clock } from '../sync/clock';

export interface AuditAnchorTuning {
  /** Wait after the head moved (audit rows come in bursts) before anchoring. Default 2 s. */
  delayMs?: number;
  /** After a failed attempt while online: retry after this, doubling up to retryMaxMs. Default 5 s → 5 min. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Rows verified before yielding to the event loop (20–25 µs a row: about 25 ms a step). Default 1,000. */
  chunkRows?: number;
  /** Between anchors only the new rows are verified; the whole chain again at least this often. Default 6 h. */
  fullVerifyMs?: number;
}

export interface AuditAnchorOptions extends AuditAnchorTuning {
  db: SqliteDatabase;
  client: { getLatestAuditAnchor(): Promise<AuditAnchor | null>; postAuditAnchor(anchor: AuditAnchorRequest): Promise<AuditAnchor> };
  connectivity: () => ConnectivityState;
  clock?: Clock;
  /** The core's redacting log. */
  log?: (line: string) => void;
}

const iso = (ms: number | null): string => (ms === null ? 'an unknown time' : new Date(ms).toISOString());
const parseTime = (text: string | undefined): number | null => {
  const at = Date.parse(String(text));
  return Number.isNaN(at) ? null : at;
};

/**
 * Anchors the head of the hash-chained audit log at the portal (SECURITY.md §7, issue 7), so a
 * consistent rewrite of the whole chain, which the file alone cannot reveal, is detected:
 * after the head moved (and at start), when the portal is reachable, it verifies the local chain,
 * checks that the portal's latest anchor is still in it (the row with that id has that hash, and
 * the log has at least as many rows), then posts the new head. The portal refuses an anchor that
 * does not continue its latest one. The result is a tagged status for the staff screen; a
 * mismatch is sticky (until the kiosk restarts) and logged once.
 *
 * Bounded: one attempt at a time; timers go through the clock (unref'd by the system clock);
 * the chain is verified in chunks between which the event loop runs, and after the first full
 * pass only the rows appended since are verified (the whole chain again every `fullVerifyMs`).
 */
export class AuditAnchorService {
  private current: AuditAnchorStatus = { state: 'unchecked' };
  /** The anchor the portal is known to hold (from its answer in this process). */
  private lastAnchored: { auditId: number; hash: string; rowCount: number; at: number } | null = null;
  private verified: AuditChainCheckpoint | null = null;
  private lastFullVerifyAt = 0;
  private timer: unknown = null;
  private timerDue = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private started = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;

  constructor(private readonly options: AuditAnchorOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? (() => undefined);
  }

  status(): AuditAnchorStatus {
    return { ...this.current };
  }

  /** Starts listening for new audit rows and checks once now. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.unsubscribe = onAuditAppend(this.options.db, () => this.notify());
    this.schedule(0);
  }

  /** Stops: no new attempts; an attempt in flight finishes without touching the database again. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The audit head may have moved. */
  notify(): void {
    this.schedule(this.options.delayMs ?? 2_000);
  }

  /** The connectivity monitor's state changed: reaching the portal again is a reason to anchor. */
  connectivityChanged(state: ConnectivityState): void {
    if (state === 'online') {
      this.failures = 0;
      this.schedule(this.options.delayMs ?? 2_000);
    }
  }

  /** Runs one attempt now (or joins the one in flight) and answers the status after it. */
  async checkNow(): Promise<AuditAnchorStatus> {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running;
    await this.kick();
    return this.status();
  }

  private schedule(ms: number): void {
    if (!this.started || this.stopped || this.current.state === 'mismatch') return;
    const due = this.clock.now() + ms;
    if (this.timer !== null) {
      if (this.timerDue <= due) return;
      this.clock.clearTimeout(this.timer);
    }
    this.timerDue = due;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.kick();
    }, ms);
  }

  private kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.attempt()
      .catch((error: unknown) => this.failed(error))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.notify();
        }
      });
    return this.running;
  }

  private async attempt(): Promise<void> {
    if (this.stopped || this.current.state === 'mismatch') return;
    let checkpoint = await this.verify();
    if (checkpoint === null || this.stopped) return;
    if (this.options.connectivity() === 'offline') {
      this.pendingUnlessAnchored(checkpoint, 'offline');
      return;
    }
    const latest = await this.options.client.getLatestAuditAnchor();
    if (this.stopped) return;
    // Rows appended while the portal answered are verified too (usually none: one query).
    checkpoint = await this.verify();
    if (checkpoint === null || this.stopped) return;
    if (latest && !this.matchesLocal(latest, checkpoint)) return;
    if (latest) this.lastAnchored = { auditId: latest.auditId, hash: latest.hash, rowCount: latest.rowCount, at: parseTime(latest.receivedAt) ?? 0 };
    if (checkpoint.rows === 0) {
      this.set({ state: 'unchecked' });
      return;
    }
    if (latest && latest.auditId === checkpoint.id) {
      this.anchored(latest);
      return;
    }
    let anchor: AuditAnchor;
    try {
      anchor = await this.options.client.postAuditAnchor({ auditId: checkpoint.id, hash: checkpoint.head, rowCount: checkpoint.rows, createdAt: new Date(this.clock.now()).toISOString() });
    } catch (error) {
      if (error instanceof PortalError && error.code === 'audit_anchor_conflict') {
        const latestAt = parseTime(error.problem?.details?.latestReceivedAt as string | undefined);
        this.mismatch('portal_refused', checkpoint.id, latestAt ?? this.lastAnchored?.at ?? null, `The portal refused audit row ${checkpoint.id} as the new head: ${error.message}`);
        return;
      }
      throw error;
    }
    if (this.stopped) return;
    this.anchored(anchor);
  }

  /** The portal's latest anchor must still be in the local log; a mismatch otherwise (false). */
  private matchesLocal(latest: AuditAnchor, checkpoint: AuditChainCheckpoint): boolean {
    const anchoredAt = parseTime(latest.receivedAt);
    const row = this.options.db.prepare('SELECT hash FROM audit_log WHERE id = ?').get(latest.auditId) as { hash: string } | undefined;
    if (!row) {
      this.mismatch('local_row_missing', latest.auditId, anchoredAt, `Audit row ${latest.auditId}, anchored at the portal at ${iso(anchoredAt)}, is not in this kiosk's audit log (${checkpoint.rows} rows).`);
      return false;
    }
    if (row.hash !== latest.hash) {
      this.mismatch('hash_differs', latest.auditId, anchoredAt, `Audit row ${latest.auditId} does not have the hash anchored at the portal at ${iso(anchoredAt)}: the audit log was rewritten.`);
      return false;
    }
    if (latest.auditId > checkpoint.id) {
      // Appended after the verification's last step: verify and compare again soon.
      this.again = true;
      return false;
    }
    if (checkpoint.rows < latest.rowCount) {
      this.mismatch('local_row_missing', latest.auditId, anchoredAt, `The audit log has ${checkpoint.rows} rows; ${latest.rowCount} were anchored at the portal at ${iso(anchoredAt)}.`);
      return false;
    }
    return true;
  }

  /** Verifies the chain in chunks (new rows only, after the first full pass); null after a mismatch. */
  private async verify(): Promise<AuditChainCheckpoint | null> {
    const now = this.clock.now();
    const full = this.verified === null || now - this.lastFullVerifyAt >= (this.options.fullVerifyMs ?? 6 * 60 * 60_000);
    let from = full ? AUDIT_CHAIN_START : (this.verified as AuditChainCheckpoint);
    const chunk = this.options.chunkRows ?? 1_000;
    for (;;) {
      if (this.stopped) return null;
      const step = verifyAuditChainFrom(this.options.db, from, chunk);
      if (!step.ok) {
        this.mismatch('chain_broken', step.id, this.lastAnchored?.at ?? null, step.message);
        return null;
      }
      from = step.checkpoint;
      if (step.done) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (full) this.lastFullVerifyAt = now;
    this.verified = from;
    return from;
  }

  private anchored(anchor: AuditAnchor): void {
    const at = parseTime(anchor.receivedAt) ?? this.clock.now();
    this.lastAnchored = { auditId: anchor.auditId, hash: anchor.hash, rowCount: anchor.rowCount, at };
    this.failures = 0;
    if (this.current.state !== 'anchored') this.log(`audit anchor: row ${anchor.auditId} anchored at the portal (${anchor.rowCount} rows)`);
    this.set({ state: 'anchored', auditId: anchor.auditId, rowCount: anchor.rowCount, at, checkedAt: this.clock.now() });
  }

  /** The head is not anchored (yet): pending, unless the portal already holds exactly this head. */
  private pendingUnlessAnchored(checkpoint: AuditChainCheckpoint | null, reason: string): void {
    const anchored = this.lastAnchored;
    if (checkpoint && anchored && anchored.auditId === checkpoint.id && anchored.hash === checkpoint.head && this.current.state === 'anchored') return;
    const since = this.current.state === 'pending' ? this.current.since : this.clock.now();
    this.set({ state: 'pending', reason, since, lastAnchored: anchored ? { auditId: anchored.auditId, at: anchored.at } : null });
  }

  private failed(error: unknown): void {
    if (this.stopped || this.current.state === 'mismatch') return;
    const reason = error instanceof PortalError ? error.reason : error instanceof Error && error.name === 'SqliteError' ? 'database_error' : 'internal_error';
    if (!(error instanceof PortalError)) this.log(`audit anchor: ${error instanceof Error ? error.message : String(error)}`);
    this.pendingUnlessAnchored(this.verified, reason);
    this.failures += 1;
    const base = this.options.retryBaseMs ?? 5_000;
    this.schedule(Math.min(this.options.retryMaxMs ?? 5 * 60_000, base * 2 ** Math.min(this.failures - 1, 20)));
  }

  private mismatch(reason: AuditAnchorMismatchReason, auditId: number | null, anchoredAt: number | null, message: string): void {
    this.set({ state: 'mismatch', reason, auditId, anchoredAt, detectedAt: this.clock.now(), message });
    this.log(`audit anchor: MISMATCH (${reason}): ${message} Contact the co-op's system administrator; do not wipe this kiosk.`);
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private set(next: AuditAnchorStatus): void {
    this.current = next;
  }
}
