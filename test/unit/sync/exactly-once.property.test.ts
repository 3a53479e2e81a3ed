import { appendAudit } from '../../../src/main/staff/audit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPortalDatabase, type PortalDatabase } from '../../../src/portal/db';
import { PortalService } from '../../../src/portal/service';
import { openKioskDatabase } from '../../../src/main/db/database';
import { PortalError } from '../../../src/main/sync/portal-client/errors';
import { SyncEngine, type SyncTransport } from '../../../src/main/sync/engine';
import { SqliteOutboxStore } from '../../../src/main/sync/outbox';
import { listWalletTransactions, recordWalletTransaction, walletOutboxHandlers } from '../../../src/main/cashier/wallet-ledger';
import { ManualClock } from '../../fixtures/portal/harness';

type Fault = 'ok' | 'fail_before' | 'drop_after' | 'truncate' | 'rate_limited' | 'in_flight';
type Action = { type: 'enqueue'; member: number; kind: 'topup' | 'payment'; amount: number } | { type: 'drain'; fault: Fault };

const MAX_BALANCE = 3_000;
const START_BALANCE = 500;

let portalDb: PortalDatabase;
let service: PortalService;
let runNo = 0;

beforeAll(() => {
  portalDb = openPortalDatabase(':memory:');
  service = new PortalService(portalDb, Date.now, { maxBalance: MAX_BALANCE, maxTopupPerTransaction: 1_000 });
});

afterAll(() => portalDb.close());

/** The portal, in process, behind a fault schedule the property chooses. */
function faultyTransport(deviceId: string, faults: Fault[]): SyncTransport {
  return {
    async submitBatch(ops) {
      const fault = faults.shift() ?? 'ok';
      if (fault === 'fail_before') throw new PortalError({ message: '503', status: 503, code: 'temporarily_unavailable', reason: 'server_error' });
      if (fault === 'rate_limited') throw new PortalError({ message: '429', status: 429, code: 'rate_limited', reason: 'rate_limited', retryAfterMs: 1_000 });
      if (fault === 'in_flight') throw new PortalError({ message: '409', status: 409, code: 'request_in_progress', reason: 'in_flight' });
      const response = service.processOperations(deviceId, ops);
      if (fault === 'drop_after') throw new PortalError({ message: 'reset', status: null, code: 'ECONNRESET', reason: 'connection_reset' });
      if (fault === 'truncate') return { ...response, results: response.results.slice(0, Math.ceil(response.results.length / 2)) };
      return response;
    },
  };
}

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('enqueue' as const), member: fc.integer({ min: 0, max: 2 }), kind: fc.constantFrom('topup' as const, 'payment' as const), amount: fc.integer({ min: 1, max: 900 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('drain' as const), fault: fc.constantFrom<Fault>('ok', 'fail_before', 'drop_after', 'truncate', 'rate_limited', 'in_flight') }) },
);

describe('sync: ordering and exactly-once under random fault schedules (property)', () => {
  it('the portal applies every operation once, in order, with the outcome the rules give', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), async (actions, batchSize) => {
        runNo += 1;
        const deviceId = `prop-${runNo}`;
        await service.upsertDevice(deviceId, 'property-secret');
        const members = [0, 1, 2].map((i) => String(4_000_000_000 + runNo * 10 + i));
        service.upsertMembers(members.map((memberNo) => ({ memberNo, name: 'P', nameKana: 'ピー', birthDate: '2000-01-01', balance: START_BALANCE })));
        const db = openKioskDatabase(':memory:');
        const clock = new ManualClock();
        const faults: Fault[] = [];
        const store = new SqliteOutboxStore(db, walletOutboxHandlers(() => clock.now()), appendAudit);
        const engine = new SyncEngine({ store, transport: faultyTransport(deviceId, faults), clock, random: () => 0.5, batchSize });
        try {
          for (const action of actions) {
            if (action.type === 'enqueue') {
              recordWalletTransaction(db, { memberNo: members[action.member] as string, kind: action.kind, amount: action.amount, now: clock.now() });
            } else {
              faults.push(action.fault);
              await engine.drainOnce();
              faults.length = 0;
            }
          }
          // Faults over: drain to the end (bounded).
          for (let i = 0; i < 500 && engine.metrics().depth > 0; i++) await engine.drainOnce();
          expect(engine.metrics().depth).toBe(0);

          const kiosk = listWalletTransactions(db);
          const ledger = service.ledger({ deviceId });
          // Exactly once: each applied id once, and exactly the kiosk's synced ones.
          const applied = ledger.transactions.map((t) => t.clientRequestId);
          expect(new Set(applied).size).toBe(applied.length);
          expect([...applied].sort()).toEqual(kiosk.filter((k) => k.state === 'synced').map((k) => k.clientRequestId).sort());
          expect(ledger.declines.map((d) => d.clientRequestId).sort()).toEqual(kiosk.filter((k) => k.state === 'declined').map((k) => k.clientRequestId).sort());
          // In order: the portal applied them in the kiosk's sequence order (so per member too).
          const seqs = ledger.transactions.map((t) => t.seq as number);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
          // The outcome of each operation is what the rules give in sequence order.
          const balance = new Map(members.map((m) => [m, START_BALANCE]));
          for (const k of kiosk) {
            const b = balance.get(k.memberNo) as number;
            const ok = k.kind === 'topup' ? b + k.amount <= MAX_BALANCE : b >= k.amount;
            expect(k.state).toBe(ok ? 'synced' : 'declined');
            if (ok) balance.set(k.memberNo, k.kind === 'topup' ? b + k.amount : b - k.amount);
          }
          for (const m of members) expect(ledger.balances[m]).toBe(balance.get(m));
        } finally {
          await engine.shutdown();
          db.close();
        }
      }),
      { numRuns: 60 },
    );
    // 60 runs of a real SQLite drain: about 10 s on a quiet 2-core machine, several times that under load.
  }, 120_000);
});
