export { systemClock, fullJitterBackoff, type Clock, type RandomSource } from './clock';
export {
  enqueueOperation,
  SqliteOutboxStore,
  toOperation,
  UUID_V4,
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
export { SyncEngine, batchTransport, singleRequestTransport, type DrainStep, type EngineState, type SyncEngineOptions, type SyncLastError, type SyncMetrics, type SyncTransport } from './engine';
export {
  recordWalletTransaction,
  recordWalletVoid,
  getWalletTransaction,
  listWalletTransactions,
  pendingWalletTotals,
  walletOutboxHandlers,
  type RecordVoidInput,
  type RecordWalletInput,
  type WalletKind,
  type WalletRecord,
  type WalletState,
} from '../cashier/wallet-ledger';
export { RosterStore, RosterSync, MemberDirectory, type LocalMember, type MemberLookup, type RosterSyncOptions } from '../members/roster';
export { ConnectivityMonitor, healthProbe, type ConnectivityOptions, type ConnectivitySnapshot, type ProbeResult } from './connectivity';
export { createSyncServices, type SyncServices, type SyncServicesOptions } from '../core/services';
export { AuditAnchorService, type AuditAnchorOptions, type AuditAnchorTuning } from '../staff/audit-anchor';
