import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { schemaVersion } from '../db/database';
import type { KioskErrorShape } from '../../shared/errors';
import type { Connectivity, KioskState, Language } from '../../shared/kiosk-api';
import type { AuditAnchorStatus } from '../../shared/api/audit-anchor';
import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';
import type { StaffService } from '../staff';
import { metricsView, type ConnectivitySnapshot, type SyncMetrics } from '../sync';
import type { AtRestKeyStatus } from '../../shared/api/common';

/** What the status screen shows of sync: the engine's metrics, why the portal is not online, the audit anchor. */
export interface SyncStatus {
  metrics(): SyncMetrics;
  connectivityReason(): ConnectivitySnapshot['reason'];
  auditAnchor(): AuditAnchorStatus;
}

/** The shell room's dependencies: staff sign-in, the database's version and the sync status. */
export type ShellModuleDeps = CoreBasics &
  DatabaseAccess & {
    staff(): Pick<StaffService, 'signIn' | 'signOut' | 'current' | 'require'>;
    syncStatus(): SyncStatus;
    /** The language and idle times in force (admin settings): read at each call, so a change applies at once. */
    session(): { language: Language; idleSeconds: number; idleWarningSeconds: number };
    /** The hand-off links in force (admin settings): read at each call, so a change applies at once. */
    guides(): KioskState['guides'];
    /** The store's time zone in force (admin settings): staff screens show times in it. */
    storeTimeZone(): string;
  };

function syncSummary(context: ShellModuleDeps) {
  const { depth, oldestAgeMs, lastSuccessAt, lastError, deadLetters } = metricsView(context.syncStatus().metrics());
  return { depth, oldestAgeMs, lastSuccessAt, lastError, deadLetters };
}

/** The shell's and staff's handlers: kiosk state, staff sign-in and the status screen. */
export function createShellModule(
  context: ShellModuleDeps,
  facts: {
    connectivity: () => Connectivity;
    databaseProblem: () => KioskErrorShape | null;
    atRestKey: () => AtRestKeyStatus;
    endSession: () => Promise<void>;
    /** A receipt printer is configured (the done screen offers the hand-off slip). */
    receiptPrinter: () => boolean;
    /** No staff yet outside demo mode: the first-administrator set-up screen is due. */
    setupRequired: () => boolean;
  },
): CoreModule {
  const { config, hostMode, version, demo, portalLink } = context;
  return {
    handlers: {
      getKioskState: () => ({
        hostMode,
        demo,
        defaultLanguage: context.session().language,
        idleTimeoutSeconds: context.session().idleSeconds,
        idleWarningSeconds: context.session().idleWarningSeconds,
        guides: context.guides(),
        receiptPrinter: facts.receiptPrinter(),
        timeZone: context.storeTimeZone(),
        connectivity: facts.connectivity(),
        databaseProblem: facts.databaseProblem(),
        setupRequired: !facts.databaseProblem() && facts.setupRequired(),
        startedAt: context.startedAt,
      }),
      endSession: async () => {
        await facts.endSession();
        return { ok: true as const };
      },
      staffSignIn: ({ staffNo, pin }) => context.staff().signIn(staffNo, pin),
      staffSignOut: () => {
        if (!facts.databaseProblem()) context.staff().signOut('manual');
        return { ok: true as const };
      },
      getStaffSession: () => (facts.databaseProblem() ? null : context.staff().current()),
      getStaffStatus: () => {
        context.staff().require('cashier');
        return {
          hostMode,
          version,
          demo,
          database: {
            path: config.databaseFile,
            schemaVersion: schemaVersion(context.db()),
            latestSchemaVersion: LATEST_SCHEMA_VERSION,
            problem: facts.databaseProblem(),
          },
          portal: { ...portalLink, connectivity: facts.connectivity(), reason: context.syncStatus().connectivityReason() },
          sync: syncSummary(context),
          auditAnchor: context.syncStatus().auditAnchor(),
          atRestKey: facts.atRestKey(),
        };
      },
    },
  };
}
