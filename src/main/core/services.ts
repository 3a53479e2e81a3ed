import type { SqliteDatabase } from '../db/database';
import { startWalCheckpointer, type WalCheckpointer } from '../db/wal-checkpointer';
import type { SealingSource } from '../db/sealing';
import { MemberDirectory, RosterSchedule, RosterSync } from '../members';
import { appendAudit, AuditAnchorService, type AuditAnchorTuning } from '../staff';
import { batchTransport, ConnectivityMonitor, healthProbe, PortalClient, SqliteOutboxStore, SyncEngine, systemClock, type Clock, type OutboxHandlers, type RandomSource } from '../sync';

export interface SyncServicesOptions {
  db: SqliteDatabase;
  portalUrl: string;
  deviceId: string;
  deviceSecret: string;
  clock?: Clock;
  random?: RandomSource;
  /** Every room's outbox handlers (wallet, sign-up, email change …): what their rows do when the portal answers. */
  handlers?: OutboxHandlers;
  batchSize?: number;
  /** Roster pull interval while online. Default 60 s. */
  rosterIntervalMs?: number;
  log?: (line: string) => void;
  /** Health probe interval while online (the kiosk's KIOSK_HEALTH_INTERVAL_SECONDS); offline probes stay at most 2 s apart. */
  healthIntervalMs?: number;
  /** The core's at-rest key: the roster's names are sealed with it. */
  sealing: SealingSource;
  /** Timing of the audit anchor at the portal (SECURITY.md §7). */
  auditAnchor?: AuditAnchorTuning;
}

export interface SyncServices {
  client: PortalClient;
  store: SqliteOutboxStore;
  engine: SyncEngine;
  roster: RosterSync;
  directory: MemberDirectory;
  connectivity: ConnectivityMonitor;
  /** Anchors the audit log's head at the portal and reports whether the log still matches it. */
  auditAnchor: AuditAnchorService;
  start(): void;
  /** Graceful: stops probing and pulling, lets the batch in flight settle. */
  shutdown(): Promise<void>;
}

/**
 * Part of the composition root: wires the portal client, the outbox store with every room's
 * handlers, the engine, the members' roster pull, the staff's audit anchor and the
 * connectivity state feeding each other.
 */
export function createSyncServices(options: SyncServicesOptions): SyncServices {
  const clock = options.clock ?? systemClock;
  const client = new PortalClient({ baseUrl: options.portalUrl, deviceId: options.deviceId, deviceSecret: options.deviceSecret, now: () => clock.now() });
  const store = new SqliteOutboxStore(options.db, options.handlers ?? {}, appendAudit);
  const probeMs = options.healthIntervalMs;
  const intervalsMs = probeMs === undefined ? undefined : { online: probeMs, degraded: Math.min(probeMs, 2_000), offline: Math.min(probeMs, 2_000) };
  const connectivity = new ConnectivityMonitor({ probe: healthProbe(client, clock), clock, intervalsMs });
  const engine = new SyncEngine({
    store,
    transport: batchTransport(client),
    clock,
    random: options.random,
    batchSize: options.batchSize,
    log: options.log,
    onRequestResult: (r) => (r.ok ? connectivity.reportSyncSuccess() : connectivity.reportSyncFailure(r.reason)),
  });
  const roster = new RosterSync({ db: options.db, client, clock, sealing: options.sealing });
  const directory = new MemberDirectory(roster.store, client, clock);
  const rosterSchedule = new RosterSchedule({ roster, connectivity: () => connectivity.state, clock, intervalMs: options.rosterIntervalMs, log: options.log });
  const auditAnchor = new AuditAnchorService({ ...options.auditAnchor, db: options.db, client, connectivity: () => connectivity.state, clock, log: options.log });
  const unsubscribe = connectivity.onChange((s) => {
    engine.notifyConnectivity(s.state);
    auditAnchor.connectivityChanged(s.state);
    rosterSchedule.connectivityChanged(s.state);
  });
  let checkpointer: WalCheckpointer | null = null;
  return {
    client,
    store,
    engine,
    roster,
    directory,
    connectivity,
    auditAnchor,
    start() {
      // Before the first drain: its settle commits must not checkpoint on the loop (issue 18).
      checkpointer ??= startWalCheckpointer(options.db);
      // The answers a scan and a drain read are checked by validators compiled here, not mid-drain.
      // A validator that fails to compile is reported by the call that needs it.
      client.prepareHotValidators().catch(() => undefined);
      connectivity.start();
      engine.start();
      auditAnchor.start();
      rosterSchedule.start();
    },
    async shutdown() {
      unsubscribe();
      auditAnchor.stop();
      connectivity.stop();
      rosterSchedule.stop();
      await engine.shutdown();
      await checkpointer?.stop();
      checkpointer = null;
    },
  };
}
