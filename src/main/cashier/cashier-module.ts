import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';
import { systemClock } from '../sync';
import type { CashierDeps } from './cashier-deps';
import { walletOutboxHandlers } from './wallet-ledger';
import { truncateWal } from '../db/wal-checkpointer';
import { blankNamesBefore } from './ledger';
import { RegisterService } from './register-service';
import { openDrawer, printerDevices } from './printer-desk';

/** Queue events at most this often while the sync engine drains a backlog. */
const QUEUE_EVENT_INTERVAL_MS = 250;
/** How often names past the retention setting (privacy.nameRetentionDays) are looked for (and once at start). */
const NAME_SWEEP_INTERVAL_MS = 3_600_000;

/**
 * The cashier register domain of the kiosk core (DESIGN.md §3.3): its kiosk API handlers, and
 * the `registerQueue` event (count and sum of unsent transactions) for the offline bar.
 */
/** The cashier room's dependencies, built by the composition root. */
export type CashierModuleDeps = CoreBasics &
  DatabaseAccess & {
    /** The register's limits and store settings in force, from the settings room (read at each use). */
    cashierSettings: CashierDeps['config'];
  } & Pick<CashierDeps, 'onPrintersChanged' | 'deviceId' | 'staff' | 'members' | 'portal' | 'sealing' | 'findScan' | 'standing'>;

/** The receipt printers as the other rooms see them (the counter's hand-off slip). */
export interface ReceiptPrinters {
  /** A receipt printer is configured. */
  configured(): boolean;
  /** Queues a document of no sale on every running printer; how many took it. */
  print(document: string): Promise<number>;
  /** The store's name for a printed header. */
  storeName(): string;
}

export function createCashierModule(context: CashierModuleDeps): CoreModule & { printers: ReceiptPrinters } {
  let timer: NodeJS.Timeout | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  let unsubscribe: Array<() => void> = [];
  const service = new RegisterService({
    config: context.cashierSettings,
    deviceId: context.deviceId,
    now: context.now,
    db: context.db,
    staff: context.staff,
    members: context.members,
    portal: context.portal,
    standing: context.standing,
    sealing: context.sealing,
    findScan: context.findScan,
    onQueue: (queue) => context.emit('registerQueue', queue),
    onMemberRefreshed: (panel) => context.emit('registerMemberRefreshed', panel),
    onPrinters: (printers) => {
      context.emit('registerPrinters', printers);
      // The device page shows the same change with the driver's whole state (retrying, its reason).
      context.emit('printerDevices', printerDevices(service.receipts));
    },
    log: context.log,
  });

  const emitSoon = () => {
    timer ??= setTimeout(() => {
      timer = null;
      try {
        context.emit('registerQueue', service.queue());
      } catch (error) {
        context.log(`register: queue event failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, QUEUE_EVENT_INTERVAL_MS);
  };

  /**
   * Retention (SECURITY.md §6): names and flag notes on register rows older than the retention
   * setting are blanked; the money columns stay. Blanked cells are zeroed
   * (`secure_delete`) and the WAL, which still holds the old pages, is truncated.
   */
  const sweepNames = (truncate: boolean) => {
    try {
      const db = context.db();
      const blanked = blankNamesBefore(db, context.now() - context.cashierSettings().nameRetentionMs);
      if (blanked > 0) context.log(`register: names blanked on ${blanked} row(s) past the retention`);
      if (blanked > 0 || truncate) truncateWal(db);
    } catch (error) {
      context.log(`register: name retention sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return {
    printers: {
      configured: () => service.receipts.enabled,
      print: (document) => service.receipts.printDocument(document),
      storeName: () => service.receipts.storeName,
    },
    start() {
      const portal = context.portal();
      unsubscribe = [portal.engine.onChange(emitSoon), portal.onConnectivityChange(emitSoon)];
      // A printer added or removed on the settings screen is opened or closed at once (no restart).
      if (context.onPrintersChanged) unsubscribe.push(context.onPrintersChanged(() => void service.receipts.reopen()));
      // At start the WAL is checkpointed and truncated in any case, so pages a migration zeroed
      // (names an earlier version kept in clear) reach the database file at once.
      sweepNames(true);
      sweepTimer = setInterval(() => sweepNames(false), NAME_SWEEP_INTERVAL_MS);
      sweepTimer.unref();
      // Printers start in the background: a printer that is off never delays the kiosk's start.
      void service.receipts.start();
    },
    async stop() {
      await service.receipts.stop();
      for (const off of unsubscribe) off();
      unsubscribe = [];
      if (timer) clearTimeout(timer);
      timer = null;
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = null;
    },
    endSession() {
      service.forgetTokens();
    },
    // The portal's answer is stamped on the wallet row with the sync layer's clock (the roster's too).
    outboxHandlers: walletOutboxHandlers(() => systemClock.now()),
    handlers: {
      getRegisterState: () => service.state(),
      registerOpenScan: ({ scanId }) => service.openScan(scanId),
      registerOpenMember: ({ memberNo }) => service.openMember(memberNo),
      registerConfirm: (input) => service.confirm(input),
      registerVoidLast: (input) => service.voidLast(input),
      registerEndOfDay: ({ day }) => service.endOfDay(day),
      registerRecordCount: ({ day, counted }) => service.recordCount(day, counted),
      registerExportCsv: (input) => service.exportCsv(input),
      registerFlagged: () => service.flagged(),
      registerResolveFlag: (input) => service.resolveFlag(input),
      getPrinterOverview: () => {
        context.staff().require('cashier');
        return printerDevices(service.receipts);
      },
      registerOpenDrawer: ({ approval }) => openDrawer(context, service.receipts, approval),
      registerReceiptPreview: ({ clientRequestId }) => service.receiptDesk.previewOf(clientRequestId),
      registerReprintLast: () => service.receiptDesk.reprintLast(),
    },
  };
}
