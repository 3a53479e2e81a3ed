import { KioskError } from '../../shared/errors';
import type { StartFailure } from '../../shared/api/kiosk-mode';
import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';
import type { KioskHostControl } from '../host-control';
import { appendAudit, type StaffGate } from '../staff';

/** Where the last failed start is kept (the composition root reads the durable file in the data folder). */
export interface StartFailureRecord {
  read(): StartFailure | null;
  clear(): void;
}

/** The kiosk-mode room part's dependencies: staff approvals, the audit log, the host's stop / restart and the failure record. */
export type KioskModeDeps = CoreBasics &
  DatabaseAccess & {
    staff(): StaffGate;
    /** null: this core has no host that can stop it (tests, benches). */
    host: KioskHostControl | null;
    startFailure: StartFailureRecord;
  };

/**
 * Leaving kiosk mode (issue 14 item 5): an admin stops or restarts the kiosk with a one-shot admin
 * approval (staff number + PIN typed again, `authorise`), audited before the host acts; staff see
 * why the last start failed until an admin acknowledges it. The host acts on the next turn of the
 * event loop, after this call's answer is on its way to the page.
 */
export function createKioskModeModule(context: KioskModeDeps): CoreModule {
  const hostAction = async (action: 'stop' | 'restart', approval: { staffNo: string; pin: string }): Promise<void> => {
    const session = context.staff().require('admin');
    const approver = await context.staff().authorise(approval, 'admin', `kiosk.${action}`);
    const host = context.host;
    if (!host) throw new KioskError('request_conflict', 'This kiosk core runs without a host (a test or a bench): there is nothing to stop or restart.');
    appendAudit(context.db(), { at: context.now(), staffId: session.staff.id, action: `kiosk.${action}`, detail: { approverId: approver.id, hostMode: context.hostMode } });
    context.log(`kiosk: ${action} requested by an admin (approved by ${approver.id})`);
    setImmediate(() => (action === 'stop' ? host.stop() : host.restart()));
  };
  return {
    handlers: {
      kioskStop: async ({ approval }) => {
        await hostAction('stop', approval);
        return { stopping: true as const };
      },
      kioskRestart: async ({ approval }) => {
        await hostAction('restart', approval);
        return { restarting: true as const, startedAt: context.startedAt };
      },
      getStartFailure: () => context.startFailure.read(),
      acknowledgeStartFailure: () => {
        const { staff } = context.staff().require('admin');
        const failure = context.startFailure.read();
        if (failure) {
          context.startFailure.clear();
          appendAudit(context.db(), { at: context.now(), staffId: staff.id, action: 'kiosk.start_failure_acknowledged', detail: { failedAt: failure.at, hostMode: failure.hostMode } });
        }
        return { ok: true as const };
      },
    },
  };
}
