import { DEMO_DEVICE_ID } from '../../portal/demo-seed';
import type { CoreContext, CoreModule } from '../core/context';
import { RegisterService } from './register-service';

/** Queue events at most this often while the sync engine drains a backlog. */
const QUEUE_EVENT_INTERVAL_MS = 250;

/**
 * The cashier register domain of the kiosk core (DESIGN.md §3.3): its kiosk API handlers, and
 * the `registerQueue` event (count and sum of unsent transactions) for the offline bar.
 */
export function createRegisterModule(context: CoreContext): CoreModule {
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: Array<() => void> = [];
  const service = new RegisterService({
    config: context.config.register,
    deviceId: context.config.deviceId ?? (context.demo ? DEMO_DEVICE_ID : 'kiosk'),
    now: context.now,
    db: context.db,
    staff: context.staff,
    sync: context.sync,
    findScan: (scanId) => context.findScan(scanId),
    onQueue: (queue) => context.emit('registerQueue', queue),
    onMemberRefreshed: (panel) => context.emit('registerMemberRefreshed', panel),
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

  return {
    start() {
      const sync = context.sync();
      unsubscribe = [sync.engine.onChange(emitSoon), sync.connectivity.onChange(emitSoon)];
    },
    stop() {
      for (const off of unsubscribe) off();
      unsubscribe = [];
      if (timer) clearTimeout(timer);
      timer = null;
    },
    endSession() {
      service.forgetTokens();
    },
    handlers: {
      getRegisterState: () => service.state(),
      registerOpenScan: ({ scanId }) => service.openScan(scanId),
      registerOpenMember: ({ memberNo }) => service.openMember(memberNo),
      registerConfirm: (input) => service.confirm(input),
      registerVoidLast: (input) => service.voidLast(input),
      registerEndOfDay: ({ day }) => service.endOfDay(day),
      registerRecordCount: ({ day, counted }) => service.recordCount(day, counted),
      registerExportCsv: ({ day }) => service.exportCsv(day),
      registerFlagged: () => service.flagged(),
      registerResolveFlag: ({ clientRequestId, note }) => service.resolveFlag(clientRequestId, note),
    },
  };
}
