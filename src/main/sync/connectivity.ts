import type { Connectivity, ConnectivityState } from '../../shared/kiosk-api';
import type { PortalClient } from './portal-client/client';
import { PortalError, type SyncReason } from './portal-client/errors';
import { systemClock, type Clock } from './clock';

export type ProbeResult = { ok: true; latencyMs: number } | { ok: false; reachable: boolean; reason: SyncReason };

export interface ConnectivitySnapshot extends Connectivity {
  /** Since when the state holds (epoch ms). */
  since: number;
  /** Why it is not online, when it is not. */
  reason: SyncReason | 'slow' | null;
}

export interface ConnectivityOptions {
  probe: () => Promise<ProbeResult>;
  clock?: Clock;
  /** Probe interval per state (ms). Offline and degraded probe often, so sync restarts within 5 s. */
  intervalsMs?: Partial<Record<ConnectivityState, number>>;
  /** A health answer slower than this is "degraded". Default 2 s. */
  slowMs?: number;
  /** Unreachable this many times in a row → offline (before that: degraded). Default 2. */
  offlineAfter?: number;
}

/** Probes GET /v1/health with the client, timing it. */
export function healthProbe(client: PortalClient, clock: Clock = systemClock, timeoutMs = 3_000): () => Promise<ProbeResult> {
  return async () => {
    const started = clock.now();
    try {
      await client.health(timeoutMs);
      return { ok: true, latencyMs: clock.now() - started };
    } catch (error) {
      const e = error instanceof PortalError ? error : null;
      return { ok: false, reachable: e?.status !== null && e?.status !== undefined, reason: e?.reason ?? 'network_failure' };
    }
  };
}

/**
 * online / degraded / offline, fed by health probes and by the sync engine's requests;
 * emits each change (the lead wires it to the UI banner, the engine's kick and the register).
 */
export class ConnectivityMonitor {
  private snapshotValue: ConnectivitySnapshot;
  private unreachableInARow = 0;
  private timer: unknown = null;
  private running = false;
  private probing: Promise<ConnectivitySnapshot> | null = null;
  private readonly listeners = new Set<(s: ConnectivitySnapshot) => void>();
  private readonly clock: Clock;

  constructor(private readonly options: ConnectivityOptions) {
    this.clock = options.clock ?? systemClock;
    this.snapshotValue = { state: 'offline', checkedAt: null, lastOnlineAt: null, since: this.clock.now(), reason: null };
  }

  get state(): ConnectivityState {
    return this.snapshotValue.state;
  }

  snapshot(): ConnectivitySnapshot {
    return { ...this.snapshotValue };
  }

  onChange(listener: (s: ConnectivitySnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private interval(): number {
    const defaults: Record<ConnectivityState, number> = { online: 10_000, degraded: 2_000, offline: 2_000 };
    return this.options.intervalsMs?.[this.state] ?? defaults[this.state];
  }

  private async loop(): Promise<void> {
    await this.probeNow();
    if (!this.running) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.loop();
    }, this.interval());
  }

  /** One probe now (concurrent calls share it). */
  probeNow(): Promise<ConnectivitySnapshot> {
    this.probing ??= this.options
      .probe()
      .then((result) => {
        this.apply(result, 'probe');
        return this.snapshot();
      })
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }

  /** A sync request answered. */
  reportSyncSuccess(): void {
    this.apply({ ok: true, latencyMs: 0 }, 'sync');
  }

  /** A sync request failed with this reason. */
  reportSyncFailure(reason: SyncReason): void {
    const unreachable = reason === 'network_failure' || reason === 'timeout' || reason === 'connection_reset';
    this.apply({ ok: false, reachable: !unreachable, reason }, 'sync');
  }

  private apply(result: ProbeResult, source: 'probe' | 'sync'): void {
    const now = this.clock.now();
    let next: ConnectivityState;
    let reason: ConnectivitySnapshot['reason'];
    if (result.ok) {
      this.unreachableInARow = 0;
      const slow = source === 'probe' && result.latencyMs > (this.options.slowMs ?? 2_000);
      next = slow ? 'degraded' : 'online';
      reason = slow ? 'slow' : null;
    } else if (!result.reachable) {
      this.unreachableInARow += 1;
      next = this.unreachableInARow >= (this.options.offlineAfter ?? 2) ? 'offline' : 'degraded';
      reason = result.reason;
    } else {
      // It answered, with an error status (5xx, 429 …): up but not well.
      this.unreachableInARow = 0;
      next = 'degraded';
      reason = result.reason;
    }
    const prev = this.snapshotValue;
    const lastOnlineAt = result.ok || result.reachable ? now : prev.lastOnlineAt;
    const changed = next !== prev.state || (prev.checkedAt === null && source === 'probe');
    this.snapshotValue = { state: next, checkedAt: source === 'probe' ? now : (prev.checkedAt ?? now), lastOnlineAt, since: next !== prev.state ? now : prev.since, reason };
    if (changed) for (const listener of this.listeners) listener(this.snapshot());
  }
}
