import { appendAudit } from '../../../src/main/staff/audit';
import { describe, expect, it } from 'vitest';
import { openKioskDatabase } from '../../../src/main/db/database';
import { PortalError, parseRetryAfter, reasonForProblem, dispositionOf } from '../../../src/main/sync/portal-client/errors';
import { fullJitterBackoff } from '../../../src/main/sync/clock';
import { ConnectivityMonitor, type ProbeResult } from '../../../src/main/sync/connectivity';
import { SyncEngine, type SyncTransport } from '../../../src/main/sync/engine';
import { SqliteOutboxStore, enqueueOperation } from '../../../src/main/sync/outbox';
import { recordWalletTransaction, walletOutboxHandlers } from '../../../src/main/cashier/wallet-ledger';
import { ManualClock } from '../../fixtures/portal/harness';

describe('full-jitter backoff', () => {
  it('stays within random(0, min(60 s, 1 s * 2^n)) and never below Retry-After', () => {
    for (let failures = 1; failures <= 12; failures++) {
      const ceiling = Math.min(60_000, 1_000 * 2 ** (failures - 1));
      expect(fullJitterBackoff(failures, () => 0)).toBe(0);
      expect(fullJitterBackoff(failures, () => 0.999999)).toBe(Math.floor(0.999999 * ceiling));
      expect(fullJitterBackoff(failures, () => 0.5)).toBeLessThanOrEqual(60_000);
      expect(fullJitterBackoff(failures, () => 0, { retryAfterMs: 7_000 })).toBe(7_000);
    }
    expect(fullJitterBackoff(40, () => 0.999999)).toBeLessThan(60_000);
    // A Retry-After above the cap is still honoured.
    expect(fullJitterBackoff(3, () => 0.5, { retryAfterMs: 120_000 })).toBe(120_000);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('5', now)).toBe(5_000);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('classifies answers into transient, blocking and permanent reasons', () => {
    expect(reasonForProblem(503, 'temporarily_unavailable')).toBe('rate_limited');
    expect(reasonForProblem(500, 'internal_error')).toBe('server_error');
    expect(reasonForProblem(429, 'rate_limited')).toBe('rate_limited');
    expect(reasonForProblem(409, 'request_in_progress')).toBe('in_flight');
    expect(reasonForProblem(403, 'terminal_is_invalidated')).toBe('kiosk_disabled');
    expect(reasonForProblem(400, 'invalid_request')).toBe('invalid_request');
    expect(reasonForProblem(422, 'idempotency_key_reused')).toBe('idempotency_conflict');
    expect(dispositionOf('server_error')).toBe('transient');
    expect(dispositionOf('kiosk_disabled')).toBe('blocking');
    expect(dispositionOf('invalid_request')).toBe('permanent');
  });
});

function rig(transport: SyncTransport) {
  const db = openKioskDatabase(':memory:');
  const clock = new ManualClock();
  const store = new SqliteOutboxStore(db, walletOutboxHandlers(() => clock.now()), appendAudit);
  const engine = new SyncEngine({ store, transport, clock, random: () => 0.999999 });
  return { db, clock, store, engine };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
};

describe('sync engine scheduling (manual clock)', () => {
  it('backs off with growing delays, honours Retry-After, and resets when connectivity returns', async () => {
    const answers: Array<PortalError | 'ok'> = [
      new PortalError({ message: 'down', status: null, code: 'ECONNREFUSED', reason: 'network_failure' }),
      new PortalError({ message: 'down', status: null, code: 'ECONNREFUSED', reason: 'network_failure' }),
      new PortalError({ message: 'down', status: null, code: 'ECONNREFUSED', reason: 'network_failure' }),
      new PortalError({ message: 'slow down', status: 429, code: 'rate_limited', reason: 'rate_limited', retryAfterMs: 45_000 }),
    ];
    const r = rig({
      async submitBatch(ops) {
        const a = answers.shift() ?? 'ok';
        if (a !== 'ok') throw a;
        return { lastSeq: ops.at(-1)?.seq ?? 0, results: ops.map((o) => ({ clientRequestId: o.clientRequestId, seq: o.seq, kind: o.kind, outcome: 'applied' as const, status: 201, replayed: false, result: {} })) };
      },
    });
    recordWalletTransaction(r.db, { memberNo: '1234567890', kind: 'topup', amount: 100, now: r.clock.now() });
    r.engine.start();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      r.clock.advance(0);
      await flush();
      const m = r.engine.metrics();
      delays.push((m.nextAttemptAt as number) - r.clock.now());
      r.clock.advance((m.nextAttemptAt as number) - r.clock.now());
    }
    await flush();
    // random → ~1: 1 s, 2 s, 4 s ceilings.
    expect(delays).toEqual([999, 1_999, 3_999]);
    // The fourth attempt was rate limited: the next one is not before Retry-After.
    const m = r.engine.metrics();
    expect(m.lastError?.reason).toBe('rate_limited');
    expect((m.nextAttemptAt as number) - r.clock.now()).toBeGreaterThanOrEqual(45_000);
    // Connectivity "online" kicks the engine, but still not before the Retry-After.
    r.engine.notifyConnectivity('online');
    expect((r.engine.metrics().nextAttemptAt as number) - r.clock.now()).toBeGreaterThanOrEqual(45_000);
    r.clock.advance(45_000);
    await flush();
    expect(r.engine.metrics().depth).toBe(0);
    expect(r.engine.metrics().consecutiveFailures).toBe(0);
    await r.engine.shutdown();
    r.db.close();
  });

  it('starts at once when connectivity returns, even deep in backoff', async () => {
    let up = false;
    const r = rig({
      async submitBatch(ops) {
        if (!up) throw new PortalError({ message: 'down', status: null, code: 'ECONNREFUSED', reason: 'network_failure' });
        return { lastSeq: 0, results: ops.map((o) => ({ clientRequestId: o.clientRequestId, seq: o.seq, kind: o.kind, outcome: 'applied' as const, status: 201, replayed: false, result: {} })) };
      },
    });
    recordWalletTransaction(r.db, { memberNo: '1234567890', kind: 'topup', amount: 100, now: r.clock.now() });
    r.engine.start();
    for (let i = 0; i < 8; i++) {
      r.clock.advance(0);
      await flush();
      r.clock.advance((r.engine.metrics().nextAttemptAt as number) - r.clock.now());
    }
    await flush();
    expect((r.engine.metrics().nextAttemptAt as number) - r.clock.now()).toBeGreaterThan(30_000);
    up = true;
    r.engine.notifyConnectivity('online');
    expect((r.engine.metrics().nextAttemptAt as number) - r.clock.now()).toBeLessThanOrEqual(5_000);
    r.clock.advance(0);
    await flush();
    expect(r.engine.metrics().depth).toBe(0);
    await r.engine.shutdown();
    r.db.close();
  });

  it('reports depth, oldest age, last success, last error and dead letters', async () => {
    const r = rig({
      async submitBatch(ops) {
        return {
          lastSeq: 0,
          results: ops.map((o, i) =>
            i === 0
              ? { clientRequestId: o.clientRequestId, seq: o.seq, kind: o.kind, outcome: 'declined' as const, status: 422, replayed: false, problem: { type: 'x', title: 'no', status: 422, code: 'account_balance_not_enough', outcome: 'declined' as const } }
              : { clientRequestId: o.clientRequestId, seq: o.seq, kind: o.kind, outcome: 'applied' as const, status: 201, replayed: false, result: {} },
          ),
        };
      },
    });
    const t0 = r.clock.now();
    recordWalletTransaction(r.db, { memberNo: '1234567890', kind: 'payment', amount: 100, now: t0 });
    recordWalletTransaction(r.db, { memberNo: '1234567890', kind: 'topup', amount: 100, now: t0 });
    r.clock.advance(1_500);
    expect(r.engine.metrics()).toMatchObject({ depth: 2, oldestAgeMs: 1_500, deadLetters: 0, lastSuccessAt: null });
    await r.engine.drainOnce();
    expect(r.engine.metrics()).toMatchObject({ depth: 0, oldestAgeMs: null, deadLetters: 1, lastSuccessAt: r.clock.now() });
    r.db.close();
  });

  it('enqueue refuses to run outside a transaction and refuses payloads the API would refuse', () => {
    const db = openKioskDatabase(':memory:');
    expect(() => enqueueOperation(db, { kind: 'wallet.topup', memberKey: '1234567890', payload: { memberNo: '1234567890', amount: 1 }, now: 0 })).toThrow(/inside the transaction/);
    expect(() => db.transaction(() => enqueueOperation(db, { kind: 'wallet.topup', memberKey: 'x', payload: { memberNo: '12', amount: 0, extra: true }, now: 0 }))()).toThrow(/does not match/);
    // A failed business insert takes its outbox row with it.
    expect(() =>
      db.transaction(() => {
        enqueueOperation(db, { kind: 'wallet.topup', memberKey: '1234567890', payload: { memberNo: '1234567890', amount: 5 }, now: 0 });
        throw new Error('business insert failed');
      })(),
    ).toThrow('business insert failed');
    expect((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBe(0);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});

describe('connectivity state', () => {
  it('goes online / degraded / offline from probes and sync results, emitting changes', async () => {
    const clock = new ManualClock();
    const results: ProbeResult[] = [
      { ok: true, latencyMs: 20 },
      { ok: false, reachable: false, reason: 'network_failure' },
      { ok: false, reachable: false, reason: 'network_failure' },
      { ok: true, latencyMs: 5_000 },
      { ok: false, reachable: true, reason: 'server_error' },
      { ok: true, latencyMs: 10 },
    ];
    const monitor = new ConnectivityMonitor({ probe: async () => results.shift() ?? { ok: true, latencyMs: 1 }, clock });
    const seen: string[] = [];
    monitor.onChange((s) => seen.push(`${s.state}${s.reason ? `:${s.reason}` : ''}`));
    for (let i = 0; i < 6; i++) await monitor.probeNow();
    expect(seen).toEqual(['online', 'degraded:network_failure', 'offline:network_failure', 'degraded:slow', 'online']);
    monitor.reportSyncFailure('connection_reset');
    monitor.reportSyncFailure('timeout');
    expect(monitor.state).toBe('offline');
    monitor.reportSyncSuccess();
    expect(monitor.snapshot()).toMatchObject({ state: 'online', lastOnlineAt: clock.now() });
  });
});
