/**
 * The scanner domain of the kiosk core: builds the hub from the scanner setting (settings room:
 * scanners.uris, KIOSK_SCANNERS as first-start default and lock, default `sim`), starts and stops it, and pushes classified scans and per-source status to the
 * renderer as `scan` / `scannerStatus` events.
 *
 * A bad entry never stops the kiosk: it becomes an `error` source carrying the message (shown on
 * the staff scanner screen). The keyboard wedge is a HostWedgeSource: its detector runs where the
 * keys are (page or Electron main) and finished scans arrive through `submitWedgeScan`.
 */
import { DEFAULT_TEST_BARCODES, displayScanData } from '../../shared/barcode';
import { classifyScan, DEFAULT_COMPILED_RULE_SET, type CompiledRuleSet } from '../../shared/barcode/scan-rules';
import { KioskError } from '../../shared/errors';
import { splitScannerUris } from '../../shared/config/device-uris';
import type { ScanView, TestBarcodeView, WedgeSettings } from '../../shared/api/scanner';
import { createDriver, parseScannerUri } from '../../../drivers/uri';
import type { DriverDeps, ScannerSourceConfig } from '../../../drivers/uri';
import type { ScannerDriver } from '../../../drivers/types';
import { SimulatorScannerDriver } from '../../../drivers/simulator/driver';
import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';
import type { MemberSource } from '../members';
import { appendAudit, type StaffGate } from '../staff';
import { ScannerHub } from './hub';
import type { ScanEvent, ScannerHubOptions } from './hub';
import { HostWedgeSource, InvalidScannerSource } from './sources';
import { toMeaning, toScanView, toSourceView } from './views';

/** Scans the overview carries for the live log's start (the hub keeps more). */
const OVERVIEW_SCANS = 50;

export interface ScannerModuleOptions {
  /** Driver dependencies (serial binding, usb host, clock, reconnect backoff); tests inject mocks. */
  driverDeps?: DriverDeps;
  hub?: ScannerHubOptions;
}

export interface ScannerModule extends CoreModule {
  readonly hub: ScannerHub;
}

interface SourceInfo {
  uri: string;
  invalid: boolean;
}

/** The scanner room's dependencies: staff roles for its screens, the members for a lookup. */
export type ScannerModuleDeps = CoreBasics &
  DatabaseAccess & {
    staff(): StaffGate;
    members(): MemberSource;
    /** The barcode rule set in force (the admin's nomenclature), read at each scan. */
    rules?(): CompiledRuleSet;
    /** The scanner URIs in force, read once when the drivers are built (a change waits for a restart). */
    scannerUris(): readonly string[];
  };

export function createScannerModule(context: ScannerModuleDeps, options: ScannerModuleOptions = {}): ScannerModule {
  const rules = context.rules ?? (() => DEFAULT_COMPILED_RULE_SET);
  const hub = new ScannerHub([], { rules, ...options.hub, ...(options.driverDeps?.now ? { now: options.driverDeps.now } : {}) });
  const sources = new Map<string, SourceInfo>();
  let wedge: { source: HostWedgeSource; settings: WedgeSettings } | null = null;
  let simulator: SimulatorScannerDriver | null = null;

  function addInvalid(id: string, uri: string, message: string): void {
    let sourceId = id;
    for (let n = 2; sources.has(sourceId) && n < 1000; n++) sourceId = `${id}#${n}`;
    context.log(`scanner: KIOSK_SCANNERS entry ${JSON.stringify(uri)} is not used: ${message}`);
    sources.set(sourceId, { uri, invalid: true });
    hub.addDriver(new InvalidScannerSource(sourceId, message));
  }

  function buildDriver(config: ScannerSourceConfig): ScannerDriver {
    if (config.kind === 'wedge') {
      const sourceId = config.options.id ?? 'wedge';
      if (wedge) throw new Error('only one keyboard-wedge source can be configured (the keyboard is one device)');
      const source = new HostWedgeSource(sourceId, context.hostMode === 'electron' ? 'Keyboard wedge (Electron main)' : 'Keyboard wedge (kiosk page)', options.driverDeps?.now);
      const { id: _id, ...detector } = config.options;
      wedge = { source, settings: { sourceId, runsIn: context.hostMode === 'electron' ? 'main' : 'renderer', ...detector } };
      return source;
    }
    const driver = createDriver(config, options.driverDeps);
    if (driver instanceof SimulatorScannerDriver) simulator ??= driver;
    return driver;
  }

  joinScannerEntries(context.scannerUris()).forEach((uri, index) => {
    const fallbackId = `source-${index + 1}`;
    let config: ScannerSourceConfig;
    try {
      config = parseScannerUri(uri);
    } catch (error) {
      addInvalid(fallbackId, uri, messageOf(error));
      return;
    }
    try {
      const driver = buildDriver(config);
      if (sources.has(driver.sourceId)) {
        throw new Error(`the source id ${JSON.stringify(driver.sourceId)} is used twice; give one of them ?id=<name>`);
      }
      sources.set(driver.sourceId, { uri: config.uri, invalid: false });
      hub.addDriver(driver);
    } catch (error) {
      addInvalid(fallbackId, uri, messageOf(error));
    }
  });

  const sourceInfo = (sourceId: string): SourceInfo => sources.get(sourceId) ?? { uri: '', invalid: false };
  const statusViews = () => hub.statuses().map((status) => toSourceView(status, sourceInfo(status.sourceId)));

  let lastScan: ScanEvent | null = null;
  hub.on('scan', (event) => {
    lastScan = event;
    context.emit('scan', toScanView(event));
  });
  hub.on('status', (status) => context.emit('scannerStatus', toSourceView(status, sourceInfo(status.sourceId))));

  /** Runs `feed` (which may make the hub emit synchronously) and returns the scan it produced, if any. */
  function scanFrom(feed: () => boolean): ScanView | null {
    const before = lastScan;
    if (!feed()) return null;
    return lastScan !== before && lastScan ? toScanView(lastScan) : null;
  }

  // What each test barcode means under the rules in force (the default rules' samples).
  const testBarcodes = (): TestBarcodeView[] =>
    DEFAULT_TEST_BARCODES.map((barcode) => ({
      format: barcode.format,
      data: barcode.data,
      label: barcode.label,
      ruleId: barcode.ruleId,
      expected: toMeaning(classifyScan(barcode.data, undefined, rules())),
    }));

  return {
    hub,
    handlers: {
      getScannerOverview: () => {
        context.staff().require('cashier');
        return {
          sources: statusViews(),
          recent: hub.recentScans().slice(-OVERVIEW_SCANS).map((event) => toScanView(event)),
          testBarcodes: testBarcodes(),
          simulator: simulator?.sourceId ?? null,
          wedge: wedge?.settings ?? null,
        };
      },
      getWedgeSettings: () => wedge?.settings ?? null,
      submitWedgeScan: (input) => {
        const target = wedge;
        if (!target) throw new KioskError('forbidden', 'No keyboard-wedge scanner is configured (add "wedge" to KIOSK_SCANNERS).');
        return {
          scan: scanFrom(() =>
            target.source.submit({
              data: input.data,
              ...(input.symbology ? { symbology: input.symbology } : {}),
              ...(input.truncatedLength !== undefined ? { truncatedLength: input.truncatedLength } : {}),
            }),
          ),
        };
      },
      injectSimulatedScan: (input) => {
        const session = context.staff().require('cashier');
        const sim = simulator;
        if (!sim) throw new KioskError('forbidden', 'No simulator scanner is configured (add "sim" to KIOSK_SCANNERS).');
        appendAudit(context.db(), {
          at: context.now(),
          staffId: session.staff.id,
          action: 'scanner.simulated_scan',
          detail: { sourceId: sim.sourceId, data: displayScanData(input.data, 32) },
        });
        return {
          scan: scanFrom(() => {
            if (sim.status.state !== 'connected') return false;
            sim.inject(input.data, input.symbology);
            return true;
          }),
        };
      },
      lookupMember: async ({ memberNo }) => {
        context.staff().require('cashier');
        // Live from the portal when it answers, else the local roster with its "as of" time.
        const found = await context.members().lookup(memberNo);
        if (!found) return null;
        const { member } = found;
        return {
          memberNo: member.memberNo,
          name: member.name,
          nameKana: member.nameKana,
          status: member.status,
          portalRegistered: member.portalRegistered,
          asOf: found.asOf,
        };
      },
    },
    start: () => hub.start(),
    stop: () => hub.stop(),
    endSession: () => {
      // The hub's log is staff data (the status screen); a student's last scan leaves the module's memory.
      lastScan = null;
    },
  };
}

/**
 * KIOSK_SCANNERS arrives split at every comma, but a query may hold commas of its own
 * (`wedge?terminators=Enter,Tab`). A piece starts a new source when it names a scheme (`word:`,
 * `wedge`, `sim`, a known or unknown one, so a typo still shows as its own error source) or when the
 * previous source has no query; otherwise it continues the previous source's query.
 */
export function joinScannerEntries(pieces: readonly string[]): string[] {
  // The one rule lives with the settings' check of the same list (src/shared/config/device-uris.ts).
  return splitScannerUris(pieces.join(','));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
