import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { schemaVersion } from '../db/database';
import type { KioskErrorShape } from '../../shared/errors';
import type { Connectivity } from '../../shared/kiosk-api';
import type { CoreContext, CoreModule } from './context';
import { metricsView } from './sync-module';

function syncSummary(context: CoreContext) {
  const { depth, oldestAgeMs, lastSuccessAt, lastError, deadLetters } = metricsView(context.sync().engine.metrics());
  return { depth, oldestAgeMs, lastSuccessAt, lastError, deadLetters };
}

/** The shell's and staff's handlers: kiosk state, staff sign-in and the status screen. */
export function createShellModule(
  context: CoreContext,
  facts: { connectivity: () => Connectivity; databaseProblem: () => KioskErrorShape | null; endSession: () => Promise<void> },
): CoreModule {
  const { config, hostMode, version, demo, portal } = context;
  return {
    handlers: {
      getKioskState: () => ({
        hostMode,
        demo,
        defaultLanguage: config.defaultLanguage,
        idleTimeoutSeconds: config.idleTimeoutSeconds,
        idleWarningSeconds: config.idleWarningSeconds,
        guides: config.guides,
        connectivity: facts.connectivity(),
        databaseProblem: facts.databaseProblem(),
      }),
      endSession: async () => {
        await facts.endSession();
        return { ok: true as const };
      },
      staffSignIn: ({ pin }) => context.staff().signIn(pin),
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
          portal: { ...portal, connectivity: facts.connectivity(), reason: context.sync().connectivity.snapshot().reason },
          sync: syncSummary(context),
          auditAnchor: context.sync().auditAnchor.status(),
        };
      },
    },
  };
}
