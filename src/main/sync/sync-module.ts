import type { DeadLetter, SyncMetricsView, SyncOverview } from '../../shared/api/sync';
import type { OutboxItem } from './outbox';
import type { SyncMetrics } from './engine';
import type { CoreContext, CoreModule } from '../kiosk-module';

/** Sync metrics events at most this often: a draining backlog changes them constantly. */
const METRICS_EVENT_INTERVAL_MS = 250;

/**
 * The staff side of sync: queue metrics, dead letters, retry (any staff) and discard
 * (supervisor, audited). The engine itself is created by the core with every domain's
 * outbox handlers.
 */
export function createSyncModule(context: CoreContext): CoreModule {
  let unsubscribe: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;

  function overview(): SyncOverview {
    const engine = context.sync().engine;
    return { metrics: metricsView(engine.metrics()), deadLetters: engine.deadLetters(50).map(deadLetterView) };
  }

  return {
    start() {
      const engine = context.sync().engine;
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
        context.sync().engine.retryDeadLetter(id, { staffId: staff.id, role: staff.role });
        return overview();
      },
      discardDeadLetter: ({ id, note }) => {
        const { staff } = context.staff().require('supervisor');
        // Audited by the outbox store, in the same transaction as the state change ('sync.dead_letter.discard').
        context.sync().engine.discardDeadLetter(id, { staffId: staff.id, role: staff.role }, note);
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
