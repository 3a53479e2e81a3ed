import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';
import { auditCsv, queryAudit } from './audit-viewer';
import { appendAudit } from './audit';
import { StaffDirectory } from './staff-directory';
import type { StaffService } from './staff-service';

export type StaffModuleDeps = Pick<CoreBasics, 'now'> & DatabaseAccess & { staff(): StaffService; deviceId: string };

/**
 * The staff room's screens: one's own PIN, staff management (admin; unlock also a supervisor)
 * and the audit viewer (supervisor, admin). Roles are checked by the core from the one table
 * (`src/shared/method-roles.ts`); the handlers take the actor from the session.
 */
export function createStaffModule(context: StaffModuleDeps): CoreModule {
  const directory = new StaffDirectory(context.db, context.staff, context.now);
  const actor = () => context.staff().require('cashier').staff.id;
  return {
    handlers: {
      staffChangeOwnPin: ({ currentPin, newPin }) => context.staff().changeOwnPin(currentPin, newPin),
      staffList: () => directory.list(),
      staffAdd: (input) => directory.add(actor(), input),
      staffSetRole: ({ staffId, role }) => directory.setRole(actor(), staffId, role),
      staffDeactivate: ({ staffId }) => directory.deactivate(actor(), staffId),
      staffResetPin: ({ staffId, temporaryPin }) => directory.resetPin(actor(), staffId, temporaryPin),
      staffUnlock: ({ staffId }) => directory.unlock(actor(), staffId),
      auditQuery: (filter) => queryAudit(context.db(), filter),
      auditExportCsv: (filter) => {
        const db = context.db();
        const { csv, rows } = auditCsv(db, filter);
        appendAudit(db, { at: context.now(), staffId: actor(), action: 'audit.export_csv', detail: { ...filter, rows } });
        const device = context.deviceId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || 'kiosk';
        return { filename: `audit-${filter.day ?? 'all'}-${device}.csv`, csv, rows };
      },
    },
  };
}
