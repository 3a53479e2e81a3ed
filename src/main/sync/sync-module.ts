import type { DeadLetter, SyncMetricsView, SyncOverview } from '../../shared/api/sync';
import type { StaffMember, StaffRole, StaffSession } from '../../shared/kiosk-api';
import type { Approval } from '../../shared/api/staff';
import type { OutboxItem } from './outbox';
import type { SyncEngine, SyncMetrics } from './engine';
import type { CoreBasics, CoreModule } from '../kiosk-module';

/** The sync room's screen: the engine, and staff roles (handed in: sync knows no room). */
export type SyncModuleDeps = Pick<CoreBasics, 'emit'> & {
  engine(): SyncEngine;
  staff(): { require(role: StaffRole): StaffSession; approver(approval: Approval | undefined, role: 'supervisor', action: string): Promise<StaffMember> };
};

/** Sync metrics events at most this often: a draining backlog changes them constantly. */
const METRICS_EVENT_INTERVAL_MS = 250;

/**
 * The staff side of sync: queue metrics, dead letters, retry (any staff) and discard
 * (a supervisor approves, audited). The engine itself is created by the core with every domain's
 * outbox handlers.
 */
export function createSyncModule(context: SyncModuleDeps): CoreModule {
  let unsubscribe: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;

  function overview(): SyncOverview {
    const engine = context.engine();
    return { metrics: metricsView(engine.metrics()), deadLetters: engine.deadLetters(50).map(deadLetterView) };
  }

  return {
    start() {
      const engine = context.engine();
      unsubscribe = engine.onChange(() => {
        timer ??= setTimeout(() => {
          timer = null;
          context.emit('syncMetrics', metricsView(engine.metrics()));
        }, METRICS_EVENT_INTERVAL_MS);
      });
    },
    stop() {
      unsubscribe?.();
      if (timer) clearTimeout(timer);
    },
    handlers: {
      getSyncOverview: () => {
        context.staff().require('cashier');
        return overview();
      },
      retryDeadLetter: ({ id }) => {
        const { staff } = context.staff().require('cashier');
        // Audited by the outbox store, in the same transaction as the state change ('sync.dead_letter.retry').
        context.engine().retryDeadLetter(id, { staffId: staff.id, role: staff.role });
        return overview();
      },
      discardDeadLetter: async ({ id, note, approval }) => {
        const { staff } = context.staff().require('cashier');
        const approver = await context.staff().approver(approval, 'supervisor', 'sync.dead_letter.discard');
        // Audited by the outbox store, in the same transaction as the state change ('sync.dead_letter.discard').
        context.engine().discardDeadLetter(id, { staffId: staff.id, role: approver.role, approverId: approver.id }, note);
        return overview();
      },
    },
  };
}

export function metricsView(metrics: SyncMetrics): SyncMetricsView {
  const { state, depth, oldestAgeMs, lastSuccessAt, lastError, deadLetters, nextAttemptAt } = metrics;
  return { state, depth, oldestAgeMs, lastSuccessAt, lastError, deadLetters, nextAttemptAt };
}

function deadLetterView(item: OutboxItem): DeadLetter {
  const amount = typeof item.payload.amount === 'number' ? ` ¥${item.payload.amount.toLocaleString('ja-JP')}` : '';
  return {
    id: item.id,
    kind: item.kind,
    memberKey: item.memberKey,
    clientRequestId: item.clientRequestId,
    createdAt: item.createdAt,
    deadAt: item.deadAt,
    attempts: item.attempts,
    error: item.lastError,
    summary: `${item.kind}${amount}`,
  };
}
