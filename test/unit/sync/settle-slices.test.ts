/**
 * Issue 18: the answers of a drained batch are recorded in slices, each its own transaction,
 * with the event loop free between them, so a scan or a kiosk call never waits behind a whole
 * batch. A stop between slices leaves only whole slices recorded.
 */
import { describe, expect, it } from 'vitest';
import { recordWalletTransaction, walletOutboxHandlers } from '../../../src/main/cashier/wallet-ledger';
import { openKioskDatabase } from '../../../src/main/db/database';
import { SETTLE_SLICE, SyncEngine, type SyncTransport } from '../../../src/main/sync/engine';
import { SqliteOutboxStore } from '../../../src/main/sync/outbox';
import { appendAudit } from '../../../src/main/staff/audit';
import { ManualClock } from '../../fixtures/portal/harness';

const OPERATIONS = 100;

describe('settling a drained batch', () => {
  it('records the answers slice by slice and lets the loop run between slices', async () => {
    const db = openKioskDatabase(':memory:');
    const clock = new ManualClock();
    const store = new SqliteOutboxStore(db, walletOutboxHandlers(() => clock.now()), appendAudit);
    const events: string[] = [];
    const settle = store.settle.bind(store);
    store.settle = (results, now) => {
      events.push(`settle ${results.length}, ${db.inTransaction ? 'inside' : 'outside'} a transaction`);
      // Work that arrives while a slice is recorded (a scan, a kiosk call) runs before the next slice.
      setImmediate(() => events.push('loop'));
      return settle(results, now);
    };
    const transport: SyncTransport = {
      async submitBatch(ops) {
        return { lastSeq: ops.at(-1)?.seq ?? 0, results: ops.map((o) => ({ clientRequestId: o.clientRequestId, seq: o.seq, kind: o.kind, outcome: 'applied' as const, status: 201, replayed: false, result: {} })) };
      },
    };
    const engine = new SyncEngine({ store, transport, clock, batchSize: OPERATIONS });
    for (let i = 0; i < OPERATIONS; i++) recordWalletTransaction(db, { memberNo: '1234567890', kind: 'topup', amount: 100, now: clock.now() });

    const step = await engine.drainOnce();

    expect(step).toEqual({ kind: 'progress', applied: OPERATIONS, dead: 0 });
    const slices = OPERATIONS / SETTLE_SLICE;
    expect(SETTLE_SLICE).toBeLessThan(OPERATIONS);
    expect(events.slice(0, slices * 2 - 1)).toEqual(
      Array.from({ length: slices * 2 - 1 }, (_, i) => (i % 2 === 0 ? `settle ${SETTLE_SLICE}, outside a transaction` : 'loop')),
    );
    expect((db.prepare("SELECT count(*) AS n FROM wallet_transactions WHERE state = 'synced'").get() as { n: number }).n).toBe(OPERATIONS);
    expect(store.counts().depth).toBe(0);
    db.close();
  });
});
