import type { KioskMethod } from './kiosk-api';
import type { StaffRole } from './api/common';

/**
 * Who may call each kiosk API method: THE one table. The core checks it before any handler runs
 * (`kiosk-core.ts`), the role-check test walks it, and a new method does not compile until it
 * is classified here.
 *
 * - `session`: the staff session the call needs (`none`: the student's side, or sign-in itself).
 * - `approval`: the role of a second person who authorises this one action with their staff
 *   number + PIN (an `approval` in the input) unless the signed-in staff member has that role.
 *   The approval never changes the session.
 */
export interface MethodAccess {
  session: 'none' | StaffRole;
  approval?: Exclude<StaffRole, 'cashier'>;
}

const NONE: MethodAccess = { session: 'none' };
const CASHIER: MethodAccess = { session: 'cashier' };
const SUPERVISOR: MethodAccess = { session: 'supervisor' };
const ADMIN: MethodAccess = { session: 'admin' };
const SUPERVISOR_APPROVES: MethodAccess = { session: 'cashier', approval: 'supervisor' };
/** An admin's session AND an admin's one-shot approval (staff number + PIN typed again) for this one action. */
const ADMIN_APPROVES: MethodAccess = { session: 'admin', approval: 'admin' };

export const METHOD_ACCESS: Record<KioskMethod, MethodAccess> = {
  getKioskState: NONE,
  endSession: NONE,
  staffSignIn: NONE,
  staffSignOut: NONE,
  getStaffSession: NONE,
  getStaffStatus: CASHIER,
  // Any signed-in staff member, also one who must change their PIN first.
  staffChangeOwnPin: CASHIER,
  staffList: ADMIN,
  staffAdd: ADMIN,
  staffSetRole: ADMIN,
  staffDeactivate: ADMIN,
  staffResetPin: ADMIN,
  // A supervisor may unlock a locked colleague too (issue 12).
  staffUnlock: SUPERVISOR,
  auditQuery: SUPERVISOR,
  auditExportCsv: SUPERVISOR,
  getSyncOverview: CASHIER,
  retryDeadLetter: CASHIER,
  discardDeadLetter: SUPERVISOR_APPROVES,
  getScannerOverview: CASHIER,
  getWedgeSettings: NONE,
  submitWedgeScan: NONE,
  injectSimulatedScan: CASHIER,
  lookupMember: CASHIER,
  getRegisterState: CASHIER,
  registerOpenScan: CASHIER,
  registerOpenMember: CASHIER,
  registerConfirm: CASHIER,
  registerVoidLast: SUPERVISOR_APPROVES,
  registerEndOfDay: CASHIER,
  registerRecordCount: CASHIER,
  registerExportCsv: CASHIER,
  registerFlagged: CASHIER,
  registerResolveFlag: SUPERVISOR_APPROVES,
  registerReceiptPreview: CASHIER,
  registerReprintLast: CASHIER,
  counterCheckCard: NONE,
  counterStart: NONE,
  counterGetFlow: NONE,
  counterBack: NONE,
  counterCancel: NONE,
  counterSetEmail: NONE,
  counterContinue: NONE,
  counterSendCode: NONE,
  counterResendCode: NONE,
  counterConfirmCode: NONE,
  counterSaveProfile: NONE,
  counterSubmit: NONE,
  counterSetRepairProblems: NONE,
  // The student's own hand-off slip, on the sign-up's done step only (no personal data beyond the masked address).
  counterPrintHandoffSlip: NONE,
  lookupPostalCode: NONE,
  getRegistrationCatalog: NONE,
  listEmailChangeRequests: CASHIER,
  // The member's name, kana and birth date for the ID check: any signed-in staff member (issue 12).
  openEmailChangeRequest: CASHIER,
  // The co-op's repair requests (students whose app setup failed): staff track them.
  listRepairRequests: CASHIER,
  setRepairRequestStatus: CASHIER,
  decideEmailChangeRequest: SUPERVISOR_APPROVES,
  wipeKiosk: ADMIN,
  getRecentLog: CASHIER,
  // The whole (redacted) log leaves the kiosk; audited.
  exportLog: SUPERVISOR,
  // The store's configuration (settings, barcode rules, catalog, set-up file): admins only.
  getSettings: ADMIN,
  updateSettings: ADMIN,
  getNomenclature: ADMIN,
  saveNomenclature: ADMIN,
  resetNomenclature: ADMIN,
  importNomenclature: ADMIN,
  exportNomenclature: ADMIN,
  testScan: ADMIN,
  getCatalog: ADMIN,
  previewCatalogCsv: ADMIN,
  saveCatalog: ADMIN,
  exportSetupFile: ADMIN,
  previewSetupFile: ADMIN,
  applySetupFile: ADMIN,
  // Receipt printers on the device page; the cash drawer opens with a supervisor (one-shot approval, audited).
  getPrinterOverview: CASHIER,
  registerOpenDrawer: SUPERVISOR_APPROVES,
  // Leaving kiosk mode (issue 14 item 5): stop and restart need an admin's approval on top of the session.
  kioskStop: ADMIN_APPROVES,
  kioskRestart: ADMIN_APPROVES,
  getStartFailure: CASHIER,
  acknowledgeStartFailure: ADMIN,
  // First start outside demo mode: nobody can be signed in yet; the printed one-time code is the credential.
  setupCheckCode: NONE,
  setupCreateAdmin: NONE,
};
