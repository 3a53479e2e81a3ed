/**
 * The kiosk API's method and event names, without their schemas: the sandboxed preload
 * imports only this, so it stays a small bundle. kiosk-api.ts checks at compile time that
 * these lists match its schemas exactly.
 */
export const KIOSK_METHOD_NAMES = [
  'getKioskState',
  'endSession',
  'staffSignIn',
  'staffSignOut',
  'getStaffSession',
  'getStaffStatus',
  'getSyncOverview',
  'retryDeadLetter',
  'discardDeadLetter',
  'getScannerOverview',
  'getWedgeSettings',
  'submitWedgeScan',
  'injectSimulatedScan',
  'lookupMember',
  'getRegisterState',
  'registerOpenScan',
  'registerOpenMember',
  'registerConfirm',
  'registerVoidLast',
  'registerEndOfDay',
  'registerRecordCount',
  'registerExportCsv',
  'registerFlagged',
  'registerResolveFlag',
  'counterCheckCard',
  'counterStart',
  'counterGetFlow',
  'counterBack',
  'counterCancel',
  'counterSetEmail',
  'counterContinue',
  'counterSendCode',
  'counterResendCode',
  'counterConfirmCode',
  'counterSaveProfile',
  'counterSubmit',
  'lookupPostalCode',
  'getRegistrationCatalog',
  'listEmailChangeRequests',
  'decideEmailChangeRequest',
  'counterSetRepairProblems',
  'listRepairRequests',
  'setRepairRequestStatus',
  'wipeKiosk',
  'getRecentLog',
  'exportLog',
] as const;

export const KIOSK_EVENT_NAME_LIST = [
  'connectivity',
  'staffSession',
  'syncMetrics',
  'scan',
  'scannerStatus',
  'registerQueue',
  'registerMemberRefreshed',
  'counterFlowChanged',
] as const;

export const CALL_CHANNEL = 'kiosk:call';
export const EVENT_CHANNEL = 'kiosk:event';
