/**
 * The receipt printers as staff handle them (issue 15): their status for the device page (the
 * driver's tagged union, beside the scanners) and the cash drawer opened on demand. Opening the
 * drawer takes a supervisor's one-shot approval (never a sign-in) and is audited with both
 * people, whatever the printer answered.
 */
import { PrinterNotReadyError, type EscPosPrinterDriver, type PrinterCondition, type PrinterStatus } from '../../../drivers/printer';
import { notConnectedView } from '../../../drivers/status-view';
import type { DrawerResult, PrinterConditionView, PrinterDevice, PrinterStateView } from '../../shared/api/printer';
import type { Approval } from '../../shared/api/staff';
import { KioskError } from '../../shared/errors';
import type { SqliteDatabase } from '../db/database';
import { appendAudit, type StaffGate } from '../staff';
import type { ReceiptPrinting } from './print-jobs';
import { supervisorApproval } from './supervisor-approval';

function conditionView(condition: PrinterCondition): PrinterConditionView {
  if (condition.kind === 'ready') return condition.paperNearEnd ? 'paper-near-end' : 'ready';
  return condition.kind;
}

function stateView(status: PrinterStatus): PrinterStateView {
  if (status.state !== 'connected') return notConnectedView(status);
  return { state: 'connected', device: status.device.description, since: status.since, condition: conditionView(status.condition), checkedAt: status.checkedAt };
}

/** Every configured printer: started ones with their driver's status, ones that could not start with the reason. */
export function printerDevices(receipts: ReceiptPrinting): PrinterDevice[] {
  const { started, broken } = receipts.devices();
  return [
    ...started.map(({ uri, driver, pending }) => ({ uri, printerId: driver.printerId, link: driver.kind, status: stateView(driver.status), pending, drawer: receipts.hasDrawer(uri) })),
    ...broken.map(({ uri, message }) => ({ uri, printerId: uri, link: linkOf(uri), status: { state: 'error' as const, message }, pending: 0, drawer: receipts.hasDrawer(uri) })),
  ];
}

function linkOf(uri: string): PrinterDevice['link'] {
  return uri.startsWith('usb:') ? 'usb' : uri.startsWith('tcp:') ? 'tcp' : 'serial';
}

/** One printer's drawer: ESC p when it is ready, the real-time pulse (DLE DC4) otherwise (the driver decides after a fresh status query). */
async function kick(driver: EscPosPrinterDriver): Promise<DrawerResult['result']> {
  if (driver.status.state !== 'connected') return 'not-connected';
  try {
    await driver.openDrawer();
  } catch (error) {
    return error instanceof PrinterNotReadyError ? 'not-connected' : 'failed';
  }
  const status = driver.status;
  return status.state === 'connected' && status.condition.kind === 'ready' ? 'opened' : 'opened-realtime';
}

export interface DrawerDeps {
  staff(): StaffGate;
  db(): SqliteDatabase;
  now(): number;
  log(line: string): void;
}

/**
 * Opens the cash drawer on the drawer port of each printer that has the drawer (settings:
 * printers.drawers; a cash top-up kicks the same ones), never on the others. The approval comes
 * first, so a cashier alone learns that a supervisor is needed before anything else; then the
 * attempt is audited (who asked, who approved, what each drawer printer did).
 */
export async function openDrawer(deps: DrawerDeps, receipts: ReceiptPrinting, approval: Approval | undefined): Promise<DrawerResult[]> {
  const { staff } = deps.staff().require('cashier');
  const supervisor = await supervisorApproval(deps.staff(), approval, 'register.drawer_open');
  const { started, broken } = receipts.devices();
  const results: DrawerResult[] = [];
  for (const { uri, driver } of started) if (receipts.hasDrawer(uri)) results.push({ uri, result: await kick(driver) });
  for (const { uri } of broken) if (receipts.hasDrawer(uri)) results.push({ uri, result: 'not-connected' });
  const opened = results.some((r) => r.result === 'opened' || r.result === 'opened-realtime');
  appendAudit(deps.db(), { at: deps.now(), staffId: staff.id, action: 'register.drawer_open', detail: { supervisorId: supervisor.id, opened, printers: results } });
  if (receipts.configured === 0) {
    throw new KioskError('printer_missing', 'No receipt printer is configured, so there is no drawer port to open: an administrator adds the printer in the kiosk settings.');
  }
  if (results.length === 0) {
    throw new KioskError('drawer_missing', 'No receipt printer has the cash drawer connected: an administrator ticks the printer the drawer is plugged into in the kiosk settings (Printers).');
  }
  if (!opened) {
    deps.log(`drawer: not opened (${results.map((r) => `${r.uri}: ${r.result}`).join(', ')})`);
    throw new KioskError('printer_offline', 'The receipt printer cannot be reached, so the drawer did not open: check its power and cable (the device page shows its state), then try again.');
  }
  return results;
}
