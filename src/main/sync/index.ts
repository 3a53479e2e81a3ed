/**
 * The sync room's public entry: the outbox, the engine that drains it, connectivity, the clock
 * and the portal client. Nothing here knows a domain: rooms register their outbox handlers.
 */
import type { SyncEngine } from './engine';

export { systemClock, fullJitterBackoff, type Clock, type RandomSource } from './clock';
export {
  enqueueOperation,
  SqliteOutboxStore,
  toOperation,
  UUID_V4,
  type AuditWriter,
  type EnqueueInput,
  type Enqueued,
  type OutboxCounts,
  type OutboxError,
  type OutboxHandler,
  type OutboxHandlers,
  type OutboxItem,
  type OutboxState,
  type OutboxStore,
  type StaffActor,
} from './outbox';
export { SyncEngine, batchTransport, singleRequestTransport, type DrainStep, type EngineState, type SyncLastError, type SyncMetrics, type SyncEngineOptions, type SyncTransport } from './engine';
export { ConnectivityMonitor, healthProbe, type ConnectivityOptions, type ConnectivitySnapshot, type ProbeResult } from './connectivity';
export { PortalClient, PortalError } from './portal-client';
export { translatePortalError, kioskCodeOf, declineReasonOf, isUnreachable } from './portal-errors';
export { createSyncModule, metricsView, type SyncModuleDeps } from './sync-module';

/** What a room watches of the engine: its metrics, its changes, and a kick after a write it waits for. */
export type SyncProgress = Pick<SyncEngine, 'metrics' | 'onChange' | 'kick'>;
