/**
 * What the register does after a sale or void committed (RegisterService.settle): online, kick
 * the sync engine and wait, bounded, for the portal's answer to that one transaction, so the
 * cashier is told "done" or "declined" at the counter (when the portal stops answering or time
 * is up the sale simply stays queued). The receipt is then released by the receipt desk.
 */
import type { SqliteDatabase } from '../db/database';
import type { SyncProgress } from '../sync';
import { getWalletTransaction } from './wallet-ledger';

/** Resolves when the row left `pending`, the engine failed a step after `startedAt`, or `timeoutMs` passed. */
export function waitForPortal(engine: SyncProgress, db: SqliteDatabase, clientRequestId: string, startedAt: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      unsubscribe();
      clearTimeout(timer);
      resolve();
    };
    const check = () => {
      const row = getWalletTransaction(db, clientRequestId);
      if (!row || row.state !== 'pending') return finish();
      const m = engine.metrics();
      // The portal stopped answering after this transaction was written: it stays queued.
      if (!m.inFlight && m.lastError && m.lastError.at >= startedAt && m.consecutiveFailures > 0) finish();
    };
    const unsubscribe = engine.onChange(check);
    const timer = setTimeout(finish, timeoutMs);
    engine.kick();
    check();
  });
}
