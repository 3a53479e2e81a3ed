import { appendAudit } from '../../../src/main/staff/audit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortalServerHandle } from '../../../src/portal/server';
import type { SqliteDatabase } from '../../../src/main/db/database';
import { PortalClient } from '../../../src/main/sync/portal-client/client';
import { ConnectivityMonitor, healthProbe } from '../../../src/main/sync/connectivity';
import { SyncEngine, batchTransport, type SyncTransport } from '../../../src/main/sync/engine';
import { SqliteOutboxStore } from '../../../src/main/sync/outbox';
import { listWalletTransactions, recordWalletTransaction, walletOutboxHandlers } from '../../../src/main/cashier/wallet-ledger';
import { readAudit } from '../../../src/main/staff/audit';
import { clearFaults, ledger, newDevice, openTestKioskDb, seedMembers, setFaults, startTestPortal, tempDir, waitFor } from '../../fixtures/portal/harness';

interface Rig {
  portal: PortalServerHandle;
  db: SqliteDatabase;
  client: PortalClient;
  store: SqliteOutboxStore;
  engine: SyncEngine;
  calls: Array<{ start: number; end: number; ok: boolean; error?: string }>;
  deviceId: string;
  members: string[];
}

let dir: ReturnType<typeof tempDir>;
let rig: Rig;

async function makeRig(engineOptions: { batchSize?: number } = {}): Promise<Rig> {
  const portal = await startTestPortal();
  const device = await newDevice(portal.url);
  const members = await seedMembers(portal.url, 3, 3200000000, 1_000);
  const db = openTestKioskDb(dir.path);
  const client = new PortalClient({ baseUrl: portal.url, deviceId: device.deviceId, deviceSecret: device.secret, timeoutMs: 2_000 });
  const store = new SqliteOutboxStore(db, walletOutboxHandlers(Date.now), appendAudit);
  const calls: Rig['calls'] = [];
  const inner = batchTransport(client);
  const transport: SyncTransport = {
    async submitBatch(ops) {
      const start = performance.now();
      try {
        const res = await inner.submitBatch(ops);
        calls.push({ start, end: performance.now(), ok: true });
        return res;
      } catch (error) {
        calls.push({ start, end: performance.now(), ok: false, error: (error as { reason?: string }).reason ?? String(error) });
        throw error;
      }
    },
    get lastKnownSeq() {
      return inner.lastKnownSeq;
    },
  };
  // Short backoff so the suite is quick; the formula and the 60 s cap are unit-tested.
  const engine = new SyncEngine({ store, transport, baseBackoffMs: 20, maxBackoffMs: 200, idlePollMs: 50, batchSize: engineOptions.batchSize ?? 25 });
  return { portal, db, client, store, engine, calls, deviceId: device.deviceId, members };
}

function enqueueTopups(r: Rig, n: number, memberIndex = 0, amount = 100): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(recordWalletTransaction(r.db, { memberNo: r.members[memberIndex % r.members.length] as string, kind: 'topup', amount, now: Date.now() }).clientRequestId);
  }
  return ids;
}

async function expectLedgersEqual(r: Rig): Promise<void> {
  const portalLedger = await ledger(r.portal.url, { deviceId: r.deviceId });
  const kiosk = listWalletTransactions(r.db);
  const synced = kiosk.filter((t) => t.state === 'synced').map((t) => t.clientRequestId).sort();
  const portalIds = portalLedger.transactions.map((t) => t.clientRequestId);
  expect(new Set(portalIds).size).toBe(portalIds.length); // no duplicates
  expect([...portalIds].sort()).toEqual(synced);
  const declined = kiosk.filter((t) => t.state === 'declined').map((t) => t.clientRequestId).sort();
  expect(portalLedger.declines.map((d) => d.clientRequestId).sort()).toEqual(declined);
}

beforeEach(async () => {
  dir = tempDir();
  rig = await makeRig();
});

afterEach(async () => {
  await rig.engine.shutdown();
  rig.db.close();
  await rig.portal.close();
  dir.remove();
});

describe('sync engine against the reference portal over HTTP', () => {
  it('portal down, then back: the backlog drains by itself, in order, once', async () => {
    enqueueTopups(rig, 5);
    await setFaults(rig.portal.url, { downForSeconds: 0.6 });
    rig.engine.start();
    await waitFor(() => rig.calls.some((c) => !c.ok), 'a failed attempt while down');
    enqueueTopups(rig, 5, 1);
    await waitFor(() => rig.engine.metrics().depth === 0, 'the queue to drain after the portal came back');
    expect(rig.calls.some((c) => c.error === 'network_failure' || c.error === 'connection_reset')).toBe(true);
    const portalLedger = await ledger(rig.portal.url, { deviceId: rig.deviceId });
    expect(portalLedger.transactions.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await expectLedgersEqual(rig);
    expect(rig.engine.metrics().lastSuccessAt).not.toBeNull();
  });

  it('a 5xx storm: retried until it passes, nothing lost or doubled', async () => {
    enqueueTopups(rig, 30);
    await setFaults(rig.portal.url, { serverError: { count: 6, status: 503 }, seed: 7 });
    rig.engine.start();
    await waitFor(() => rig.engine.metrics().depth === 0, 'drain through the storm');
    expect(rig.calls.filter((c) => !c.ok).length).toBeGreaterThanOrEqual(6);
    expect(rig.engine.metrics().consecutiveFailures).toBe(0);
    await expectLedgersEqual(rig);
  });

  it('429 with Retry-After: the next attempt waits at least that long', async () => {
    enqueueTopups(rig, 3);
    await setFaults(rig.portal.url, { rateLimit: { count: 1, retryAfterSeconds: 1 } });
    rig.engine.start();
    await waitFor(() => rig.engine.metrics().depth === 0, 'drain after the 429');
    const failed = rig.calls.findIndex((c) => !c.ok);
    expect(rig.calls[failed]?.error).toBe('rate_limited');
    const next = rig.calls[failed + 1];
    expect(next).toBeDefined();
    const waited = (next?.start ?? 0) - (rig.calls[failed]?.end ?? 0);
    expect(waited).toBeGreaterThanOrEqual(1_000 - 5); // timer granularity
    await expectLedgersEqual(rig);
  });

  it('Retry-After as an HTTP date is honoured too', async () => {
    enqueueTopups(rig, 1);
    await setFaults(rig.portal.url, { rateLimit: { count: 1, retryAfterSeconds: 2, httpDate: true } });
    rig.engine.start();
    await waitFor(() => rig.engine.metrics().depth === 0, 'drain after the dated 429');
    const failed = rig.calls.findIndex((c) => !c.ok);
    const waited = (rig.calls[failed + 1]?.start ?? 0) - (rig.calls[failed]?.end ?? 0);
    // An HTTP date has whole seconds: at least 1 s of the 2 s remains after truncation.
    expect(waited).toBeGreaterThanOrEqual(1_000 - 5);
  });

  it('response lost after commit: the retry is answered from the record, applied once', async () => {
    const ids = enqueueTopups(rig, 4);
    await setFaults(rig.portal.url, { dropAfterCommit: { count: 2 } });
    rig.engine.start();
    await waitFor(() => rig.engine.metrics().depth === 0, 'drain after lost responses');
    expect(rig.calls.filter((c) => !c.ok).length).toBe(2);
    const portalLedger = await ledger(rig.portal.url, { deviceId: rig.deviceId });
    expect(portalLedger.transactions.map((t) => t.clientRequestId).sort()).toEqual([...ids].sort());
    expect(portalLedger.balances[rig.members[0] as string]).toBe(1_000 + 4 * 100);
    await expectLedgersEqual(rig);
  });

  it('connection resets are transient', async () => {
    enqueueTopups(rig, 3);
    await setFaults(rig.portal.url, { connectionReset: { count: 3 } });
    rig.engine.start();
    await waitFor(() => rig.engine.metrics().depth === 0, 'drain after resets');
    expect(rig.calls.filter((c) => c.error === 'connection_reset').length).toBe(3);
    await expectLedgersEqual(rig);
  });

  it('a permanent refusal is dead-lettered while later items still sync; staff retry / discard (audited)', async () => {
    const [m0, m1] = rig.members as [string, string];
    const before = recordWalletTransaction(rig.db, { memberNo: m0, kind: 'topup', amount: 100, now: Date.now() });
    const tooMuch = recordWalletTransaction(rig.db, { memberNo: m1, kind: 'payment', amount: 5_000, offline: true, now: Date.now() });
    const after = [recordWalletTransaction(rig.db, { memberNo: m1, kind: 'payment', amount: 300, now: Date.now() }), recordWalletTransaction(rig.db, { memberNo: m0, kind: 'topup', amount: 200, now: Date.now() })];
    rig.engine.start();
    await waitFor(() => rig.engine.metrics().depth === 0, 'drain around the declined payment');
    const m = rig.engine.metrics();
    expect(m.deadLetters).toBe(1);
    const [dead] = rig.engine.deadLetters();
    expect(dead?.clientRequestId).toBe(tooMuch.clientRequestId);
    expect(dead?.lastError).toMatchObject({ reason: 'declined', code: 'account_balance_not_enough' });
    const states = Object.fromEntries(listWalletTransactions(rig.db).map((t) => [t.clientRequestId, t.state]));
    expect(states[before.clientRequestId]).toBe('synced');
    expect(states[tooMuch.clientRequestId]).toBe('declined');
    for (const a of after) expect(states[a.clientRequestId]).toBe('synced');
    await expectLedgersEqual(rig);

    // A retry replays the recorded decline (same client request id, new seq): still dead.
    rig.engine.retryDeadLetter(dead?.id as number, { staffId: 'cashier-1', role: 'cashier' });
    await waitFor(() => rig.engine.metrics().depth === 0 && rig.engine.metrics().deadLetters === 1, 'the retried dead letter to settle');
    expect(() => rig.engine.discardDeadLetter(dead?.id as number, { staffId: 'cashier-1', role: 'cashier' })).toThrow(/supervisor/);
    rig.engine.discardDeadLetter(dead?.id as number, { staffId: 'super-1', role: 'supervisor' }, 'student paid cash');
    expect(rig.engine.metrics().deadLetters).toBe(0);
    const actions = readAudit(rig.db).map((a) => a.action);
    expect(actions).toContain('sync.dead_letter.retry');
    expect(actions).toContain('sync.dead_letter.discard');
    const portalLedger = await ledger(rig.portal.url, { deviceId: rig.deviceId });
    expect(portalLedger.declines).toHaveLength(1);
  });

  it('pause / resume / graceful shutdown', async () => {
    enqueueTopups(rig, 10);
    await setFaults(rig.portal.url, { latencyMs: 150 });
    rig.engine.start();
    await waitFor(() => rig.engine.metrics().inFlight, 'a request in flight');
    rig.engine.pause();
    await waitFor(() => !rig.engine.metrics().inFlight, 'the in-flight batch to settle');
    const depthPaused = rig.engine.metrics().depth;
    expect(rig.engine.metrics().state).toBe('paused');
    enqueueTopups(rig, 2);
    expect(rig.engine.metrics().depth).toBe(depthPaused + 2);
    await clearFaults(rig.portal.url);
    rig.engine.resume();
    await waitFor(() => rig.engine.metrics().depth === 0, 'drain after resume');
    enqueueTopups(rig, 3);
    rig.engine.kick();
    await rig.engine.shutdown();
    expect(rig.engine.metrics().state).toBe('stopped');
    expect(rig.engine.metrics().inFlight).toBe(false);
  });

  it('connectivity: online → offline when the portal goes down → online, and the engine restarts at once', async () => {
    const connectivity = new ConnectivityMonitor({ probe: healthProbe(rig.client), intervalsMs: { online: 100, degraded: 50, offline: 50 } });
    const states: string[] = [];
    connectivity.onChange((s) => {
      states.push(s.state);
      rig.engine.notifyConnectivity(s.state);
    });
    await connectivity.probeNow();
    expect(connectivity.state).toBe('online');
    await setFaults(rig.portal.url, { downForSeconds: 0.5, includeHealth: true });
    connectivity.start();
    rig.engine.start();
    enqueueTopups(rig, 2);
    await waitFor(() => connectivity.state === 'offline', 'offline');
    await waitFor(() => connectivity.state === 'online', 'online again');
    await waitFor(() => rig.engine.metrics().depth === 0, 'drain after reconnect');
    connectivity.stop();
    expect(states).toContain('offline');
    expect(states.at(-1)).toBe('online');
  });

  it('a refused device sign-in blocks the queue but never dead-letters operations', async () => {
    enqueueTopups(rig, 2);
    const wrong = new PortalClient({ baseUrl: rig.portal.url, deviceId: rig.deviceId, deviceSecret: 'not-the-secret', timeoutMs: 2_000 });
    const engine = new SyncEngine({ store: rig.store, transport: batchTransport(wrong), baseBackoffMs: 20, maxBackoffMs: 200 });
    const step = await engine.drainOnce();
    expect(step).toMatchObject({ kind: 'failed', disposition: 'blocking', error: { reason: 'unauthorized' } });
    const disabled = await engine.drainOnce();
    expect(disabled.kind).toBe('failed');
    expect(engine.metrics()).toMatchObject({ depth: 2, deadLetters: 0 });
    await engine.shutdown();
  });
});
