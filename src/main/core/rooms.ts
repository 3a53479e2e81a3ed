import type { AtRestKeyStatus } from '../../shared/api/common';
import type { KioskErrorShape } from '../../shared/errors';
import type { Connectivity } from '../../shared/kiosk-api';
import { createAdminModule } from '../admin';
import { createCashierModule, type KioskStanding } from '../cashier';
import { createCounterModule } from '../counter';
import type { DraftCipher } from '../db/sealing';
import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';
import type { MemberSource } from '../members';
import { createScannerModule } from '../scanner';
import { createSettingsModule, type SettingsSource } from '../settings';
import { createKioskModeModule, createLogModule, createShellModule } from '../shell';
import { createSetupModule, createStaffModule, FirstAdminSetup, type StaffService } from '../staff';
import type { KioskHostControl } from '../host-control';
import { clearStartFailure, readStartFailure } from './start-failure';
import { createSyncModule } from '../sync';
import type { SyncServices } from './services';
import { cashierSettingsOf, guidesOf } from './settings-views';

/** What the kiosk core owns and hands to the rooms, each call throwing the database's error while it is down. */
export interface CoreServices extends DatabaseAccess {
  staff(): StaffService;
  sync(): SyncServices;
  /** The at-rest key of the moment (a fresh one after the admin wipe). */
  sealing(): DraftCipher;
  forgetSealingKey(): void;
}

/** Facts only the core knows, for the shell. */
export interface ShellFacts {
  connectivity(): Connectivity;
  databaseProblem(): KioskErrorShape | null;
  atRestKey(): AtRestKeyStatus;
  endSession(): Promise<void>;
}

/**
 * The composition root's wiring: every room gets the few small interfaces it needs (never the
 * concrete services), built here from the core's services. Rooms in start order; a new room
 * adds its factory here.
 */
export function createRooms(
  basics: CoreBasics,
  core: CoreServices,
  facts: ShellFacts,
  deviceId: string,
  host: { host: KioskHostControl | null; announce: (line: string) => void },
): { modules: CoreModule[]; settings: SettingsSource } {
  const members = (): MemberSource => {
    const sync = core.sync();
    return { roster: sync.roster.store, lookup: (memberNo) => sync.directory.byMemberNo(memberNo) };
  };
  // First: every other room reads the settings in force through it.
  const settings = createSettingsModule({ ...basics, db: core.db, staff: core.staff });
  const scanner = createScannerModule({
    ...basics,
    db: core.db,
    staff: core.staff,
    members,
    rules: () => settings.nomenclature.current(),
    // Read once, when the drivers are built: a change waits for a restart (RESTART_KEYS).
    scannerUris: () => settings.service.current().scanners.uris,
  });
  const standing: KioskStanding = { disabled: false };
  const cashier = createCashierModule({
    ...basics,
    db: core.db,
    deviceId,
    cashierSettings: () => cashierSettingsOf(settings.service.current()),
    onPrintersChanged: (listener) => settings.service.onChange((_next, changes) => changes.some((change) => change.key === 'printers.uris') && listener()),
    staff: core.staff,
    members,
    portal: () => {
      const sync = core.sync();
      return {
        online: () => sync.connectivity.state === 'online',
        resolveAppToken: (token) => sync.client.resolveAppToken(token),
        engine: sync.engine,
        onConnectivityChange: (listener) => sync.connectivity.onChange(listener),
      };
    },
    sealing: () => core.sealing(),
    findScan: (scanId) => scanner.hub.recentScans().find((scan) => scan.id === scanId) ?? null,
    standing,
  });
  const counter = createCounterModule({
    ...basics,
    db: core.db,
    staff: core.staff,
    members,
    portal: () => {
      const sync = core.sync();
      return { reachable: () => sync.connectivity.snapshot().state !== 'offline', client: sync.client, kick: () => sync.engine.kick() };
    },
    cipher: () => core.sealing(),
    catalog: () => settings.catalog.current(),
    receiptPrinters: cashier.printers,
    passwordGuideUrl: () => guidesOf(settings.service.current()).passwordGuideUrl,
  });
  // The first administrator outside demo mode (no KIOSK_INITIAL_ADMIN_PIN): a one-time code printed on stdout.
  const setup = new FirstAdminSetup({
    dataDir: basics.config.dataDir,
    db: core.db,
    staff: core.staff,
    now: basics.now,
    enabled: !basics.demo && !basics.config.initialAdminPin,
    announce: host.announce,
    log: basics.log,
  });
  const setupRequired = (): boolean => {
    try {
      return setup.required();
    } catch {
      return false;
    }
  };
  const shell = createShellModule(
    {
      ...basics,
      db: core.db,
      staff: core.staff,
      session: () => settings.service.current().session,
      guides: () => guidesOf(settings.service.current()),
      storeTimeZone: () => settings.service.current().store.timeZone,
      syncStatus: () => {
        const sync = core.sync();
        return { metrics: () => sync.engine.metrics(), connectivityReason: () => sync.connectivity.snapshot().reason, auditAnchor: () => sync.auditAnchor.status() };
      },
    },
    { ...facts, setupRequired, receiptPrinter: () => cashier.printers.configured() },
  );
  const sync = createSyncModule({ emit: basics.emit, engine: () => core.sync().engine, staff: core.staff });
  const staff = createStaffModule({ now: basics.now, db: core.db, staff: core.staff, deviceId });
  const admin = createAdminModule({ ...basics, db: core.db, staff: core.staff, forgetSealingKey: core.forgetSealingKey });
  const log = createLogModule({ ...basics, db: core.db, staff: core.staff });
  const dataDir = basics.config.dataDir;
  const kioskMode = createKioskModeModule({
    ...basics,
    db: core.db,
    staff: core.staff,
    host: host.host,
    startFailure: { read: () => readStartFailure(dataDir), clear: () => clearStartFailure(dataDir) },
  });
  return { modules: [settings, shell, staff, createSetupModule(setup), sync, scanner, cashier, counter, admin, log, kioskMode], settings: settings.service };
}
